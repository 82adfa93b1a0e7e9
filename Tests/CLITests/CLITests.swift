import ReportTestSupport
import Foundation
import XCTest

/// Runs the built `report` binary as a user would.
final class CLITests: XCTestCase {
    /// Copies the example report into a temporary folder and renders it there.
    private func renderExample() throws -> String {
        let dir = try CLI.copyExample()
        let result = try CLI.run(CLI.binary, ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts"])
        XCTAssertEqual(result.code, 0, result.err)
        return dir
    }

    func testExampleRendersAFullBriefing() throws {
        let dir = try renderExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pdf = dir + "/out/raqqa-brief.pdf"
        for file in ["raqqa-brief.pdf", "timeline.png", "troops.png", "displacement.png", "map.png", "troops.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/\(file)"), file)
        }
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"), "poppler-utils is needed")
        let text = try CLI.run(pdftotext, [pdf, "-"]).out
            .unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }
            .map(String.init).joined()
        for needle in ["Raqqa", "300", "Hama", "الرقة", "Deir ez-Zor", "UNCLASSIFIED", "Page 1 of", "Sources:"] {
            XCTAssertTrue(text.contains(needle), "pdftotext does not find \(needle)")
        }
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out
        XCTAssertTrue(info.contains("Page size:       841.89 x 595.28 pts (A4)"), info)
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        XCTAssertGreaterThanOrEqual(pages, 2)
        // Every font is embedded and comes from Fonts/.
        let fonts = try CLI.run(XCTUnwrap(CLI.tool("pdffonts")), [pdf]).out.split(separator: "\n").dropFirst(2)
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
        let result = try CLI.run(CLI.binary, ["render", spec, "--fonts", CLI.root + "/Fonts"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("\(spec):4:40: error: unknown key \"colour\" in a text block"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    func testBadCommandLineExitsTwo() throws {
        XCTAssertEqual(try CLI.run(CLI.binary, ["render"]).code, 2)
        XCTAssertEqual(try CLI.run(CLI.binary, ["render", "x.json", "--jobs", "0"]).code, 2)
    }

    func testSchemaIsJSON() throws {
        let result = try CLI.run(CLI.binary, ["schema"])
        XCTAssertEqual(result.code, 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        XCTAssertEqual(object?["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }

    func testInitWritesAReportThatRenders() throws {
        let dir = NSTemporaryDirectory() + "report-init-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try CLI.run(CLI.binary, ["init", dir]).code, 0)
        let result = try CLI.run(CLI.binary, ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/brief.pdf"))
    }

    func testOnlyAndOutDirWriteJustTheNamedOutputsElsewhere() throws {
        let dir = try CLI.copyExample()
        let outDir = NSTemporaryDirectory() + "report-outdir-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outDir) }
        let result = try CLI.run(CLI.binary, ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts", "--quiet",
                                              "--out-dir", outDir, "--only", "timeline-png,troops.svg"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.err, "", "--quiet prints nothing on success")
        let written = try FileManager.default.contentsOfDirectory(atPath: outDir + "/out").sorted()
        XCTAssertEqual(written, ["timeline.png", "troops.svg"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "nothing beside the spec")
        let unknown = try CLI.run(CLI.binary, ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts", "--only", "timelin-png"])
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("--only: no output has id or file \"timelin-png\" (did you mean \"timeline-png\"?)"), unknown.err)
    }
}
