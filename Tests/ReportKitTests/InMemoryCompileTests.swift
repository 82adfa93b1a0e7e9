import Foundation
import ReportKit
import ReportTestSupport
import XCTest

/// The library compiles from memory what the command line compiles from disk, to the byte.
final class InMemoryCompileTests: XCTestCase {
    /// The example report's spec and data, held in a world under a folder that does not
    /// exist on disk: any read that went to the file system would fail.
    private func exampleInMemory() throws -> MemoryWorld {
        var world = MemoryWorld(workingDirectory: "/in-memory/raqqa-2017", fontsDirectory: Fixtures.fonts)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/in-memory"))
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: Fixtures.example))
        for file in files where !file.hasPrefix("out") {
            let path = "\(Fixtures.example)/\(file)"
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            world.add(file, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        return world
    }

    func testTheExampleCompiledFromMemoryIsTheCommandLinesBytes() throws {
        let report = try ReportCompiler(world: exampleInMemory()).compile("report.json", options: CompileOptions(jobs: 2))
        XCTAssertEqual(report.files.map(\.output.file), ["out/raqqa-brief.pdf", "out/timeline.png", "out/troops.png", "out/displacement.png", "out/map.png", "out/troops.svg"])
        XCTAssertTrue(report.files.allSatisfy { $0.path.hasPrefix("/in-memory/raqqa-2017/out/") })
        XCTAssertEqual(report.files.first?.pages, 7)
        XCTAssertTrue(report.files.first?.provenance?.contains("; rows timeline 11 sha256:") == true, report.files.first?.provenance ?? "no provenance")

        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render", "report.json", "--fonts", Fixtures.fonts], cwd: dir,
                                 environment: ["SOURCE_DATE_EPOCH": ""])
        XCTAssertEqual(result.code, 0, result.err)
        for file in report.files {
            let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(file.output.file)")))
            XCTAssertEqual(onDisk.count, file.bytes.count, file.output.file)
            XCTAssertTrue(onDisk == file.bytes, "\(file.output.file) differs between memory and the command line")
        }
    }

    func testValidatingFromMemoryLaysOutButEncodesNothing() throws {
        let report = try ReportCompiler(world: exampleInMemory()).compile("report.json", options: CompileOptions(encode: false))
        XCTAssertEqual(report.files.count, 6)
        XCTAssertTrue(report.files.allSatisfy(\.bytes.isEmpty))
        XCTAssertEqual(report.files.first { $0.output.format == "png" }.flatMap(\.pixelSize).map { [$0.width, $0.height] }, [1600, 900])
    }

    func testProblemsInAMemorySpecAreLocated() throws {
        var world = MemoryWorld(fontsDirectory: Fixtures.fonts)
        world.add("brief.json", text: """
        {"report": 1, "theme": {"font": "Comic Sans"},
         "data": {"e": {"file": "missing.csv"}},
         "sections": [{"type": "text", "text": "hello"}]}
        """)
        XCTAssertThrowsError(try ReportCompiler(world: world).compile("brief.json")) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.description), [#"brief.json:2:25: error: data file "missing.csv" does not exist [at data.e.file]"#])
        }
        world.add("missing.csv", text: "date\n2017-03-10\n")
        XCTAssertThrowsError(try ReportCompiler(world: world).compile("brief.json")) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.first?.position?.line, 1)
            XCTAssertTrue(list.first?.message.hasPrefix("theme font \"Comic Sans\" is not in the fonts folder") == true, "\(list)")
        }
    }

    func testAWorldWithoutFontsIsAnIOFailure() {
        var world = MemoryWorld()
        world.add("brief.json", text: #"{"report": 1, "sections": []}"#)
        XCTAssertThrowsError(try ReportCompiler(world: world).compile("brief.json")) { error in
            guard case CompileFailure.io(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.hasPrefix("no fonts folder"), message)
        }
    }
}

/// The README's "Using it from Swift" example, as written there (only the paths and the
/// prints differ), so that it keeps compiling and working.
final class ReadmeExampleTests: XCTestCase {
    func testTheReadmeExampleCompilesAndRenders() throws {
        let spec = #"{"report": 1, "title": "Weekly", "data": {"e": {"file": "data/events.csv"}}, "sections": [{"type": "table", "data": "e"}]}"#
        let csv = "date,event\n2017-03-10,families leave Raqqa\n"
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        var world = MemoryWorld(workingDirectory: "/briefs", fontsDirectory: Fixtures.fonts)
        world.add("weekly.json", text: spec)                 // any path the spec names
        world.add("data/events.csv", text: csv)
        do throws(CompileFailure) {
            let report = try ReportCompiler(world: world).compile("weekly.json")
            for file in report.files { print(file.displayPath, file.bytes.count) }   // PDF/PNG/SVG bytes
        } catch {
            switch error {
            case .diagnostics(let problems): problems.forEach { print($0) }   // weekly.json:12:9: error: …
            case .io(let message): print(message)            // no fonts, or an encoder failed
            }
        }
        XCTAssertEqual(printed.count, 1)
        XCTAssertTrue(printed.first?.hasPrefix("weekly.pdf ") == true, "\(printed)")
    }
}
