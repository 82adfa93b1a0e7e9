import Foundation
import XCTest

/// Runs the built `report` binary as a user would.
final class CLITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary beside the test bundle (the same build folder), else the default one.
    static var binary: String {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("report").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in ["/.build/debug/report", "/.build/release/report"] where FileManager.default.isExecutableFile(atPath: root + dir) {
            return root + dir
        }
        return beside
    }

    @discardableResult
    func run(_ executable: String, _ args: [String], cwd: String? = nil) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    private func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Copies the example report into a temporary folder and renders it there.
    private func renderExample() throws -> String {
        let dir = NSTemporaryDirectory() + "report-cli-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.root + "/Reports/raqqa-2017", toPath: dir)
        try? FileManager.default.removeItem(atPath: dir + "/out")
        let result = try run(Self.binary, ["render", dir + "/report.json", "--fonts", Self.root + "/Fonts"])
        XCTAssertEqual(result.code, 0, result.err)
        return dir
    }

    func testExampleRendersAFullBriefing() throws {
        let dir = try renderExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pdf = dir + "/out/raqqa-brief.pdf"
        for file in ["raqqa-brief.pdf", "timeline.png", "troops.png", "displacement.png", "troops.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/\(file)"), file)
        }
        let pdftotext = try XCTUnwrap(tool("pdftotext"), "poppler-utils is needed")
        let text = try run(pdftotext, [pdf, "-"]).out
            .unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }
            .map(String.init).joined()
        for needle in ["Raqqa", "300", "Hama", "الرقة", "Deir ez-Zor", "UNCLASSIFIED", "Page 1 of", "Sources:"] {
            XCTAssertTrue(text.contains(needle), "pdftotext does not find \(needle)")
        }
        let info = try run(XCTUnwrap(tool("pdfinfo")), [pdf]).out
        XCTAssertTrue(info.contains("Page size:       841.89 x 595.28 pts (A4)"), info)
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        XCTAssertGreaterThanOrEqual(pages, 2)
        // Every font is embedded and comes from Fonts/.
        let fonts = try run(XCTUnwrap(tool("pdffonts")), [pdf]).out.split(separator: "\n").dropFirst(2)
        XCTAssertFalse(fonts.isEmpty)
        for line in fonts {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            let name = String(columns[0].split(separator: "+").last!)
            XCTAssertTrue(["NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic", "NotoSansArabic-Regular",
                           "NotoSansArabic-Bold", "NotoSansMath-Regular"].contains(name), "unexpected font \(name)")
            XCTAssertTrue(line.contains(" yes yes "), "font not embedded as a subset: \(line)")
        }
    }

    func testBrokenSpecExitsOneWithLocatedMessageAndWritesNothing() throws {
        let dir = NSTemporaryDirectory() + "report-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = dir + "/broken.json"
        try Data("""
        {
          "report": 1,
          "sections": [
            { "type": "text", "text": "hello", "colour": "red" }
          ],
          "outputs": [{ "file": "out/a.pdf" }]
        }
        """.utf8).write(to: URL(fileURLWithPath: spec))
        let result = try run(Self.binary, ["render", spec, "--fonts", Self.root + "/Fonts"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("\(spec):4:40: error: unknown key \"colour\" in a text block"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    func testBadCommandLineExitsTwo() throws {
        XCTAssertEqual(try run(Self.binary, ["render"]).code, 2)
        XCTAssertEqual(try run(Self.binary, ["render", "x.json", "--jobs", "0"]).code, 2)
    }

    func testSchemaIsJSON() throws {
        let result = try run(Self.binary, ["schema"])
        XCTAssertEqual(result.code, 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        XCTAssertEqual(object?["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }

    func testInitWritesAReportThatRenders() throws {
        let dir = NSTemporaryDirectory() + "report-init-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try run(Self.binary, ["init", dir]).code, 0)
        let result = try run(Self.binary, ["render", dir + "/report.json", "--fonts", Self.root + "/Fonts"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/brief.pdf"))
    }
}
