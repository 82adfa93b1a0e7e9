import Foundation
import ReportTestSupport
import XCTest

/// What a hostile or unlucky environment does to a run: a full standard output, a bad
/// `SOURCE_DATE_EPOCH`, two specs writing one file, temporary files a killed run left.
final class HardeningTests: XCTestCase {
    private func shell(_ command: String, environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        try CLI.run("/bin/sh", ["-c", command], environment: ["REPORT": CLI.binary, "FONTS": CLI.root + "/Fonts"].merging(environment) { $1 })
    }

    func testAFullStandardOutputIsExit4WithTheReason() throws {
        for command in ["\"$REPORT\" schema > /dev/full", "\"$REPORT\" completions zsh > /dev/full"] {
            let result = try shell(command)
            XCTAssertEqual(result.code, 4, command)
            XCTAssertEqual(result.err, "report: error: cannot write to standard output: No space left on device\n", command)
        }
        let dir = NSTemporaryDirectory() + "report-full-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let render = try shell("\"$REPORT\" render \"\(CLI.root)/Reports/raqqa-2017/weekly.json\" --fonts \"$FONTS\" --set place=Raqqa --out-dir \"\(dir)\" --json > /dev/full")
        XCTAssertEqual(render.code, 4)
        XCTAssertTrue(render.err.contains("cannot write to standard output: No space left on device"), render.err)
    }

    func testSourceDateEpochMustBeSecondsAPDFCanHold() throws {
        let spec = CLI.root + "/Reports/raqqa-2017/report.json"
        for (value, message) in [("abc", "SOURCE_DATE_EPOCH=abc: expected a whole number of seconds since 1970-01-01 UTC"),
                                 ("-5", "SOURCE_DATE_EPOCH=-5: expected a whole number of seconds"),
                                 ("253402300800", "SOURCE_DATE_EPOCH=253402300800: after 9999-12-31T23:59:59Z")] {
            let result = try CLI.run(CLI.binary, ["validate", spec], environment: ["SOURCE_DATE_EPOCH": value])
            XCTAssertEqual(result.code, 2, value)
            XCTAssertTrue(result.err.contains(message), result.err)
        }
        let dir = NSTemporaryDirectory() + "report-epoch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let last = try CLI.run(CLI.binary, ["render", spec, "--only", "out/raqqa-brief.pdf", "--out-dir", dir, "--fonts", CLI.root + "/Fonts"],
                               environment: ["SOURCE_DATE_EPOCH": "253402300799"])
        XCTAssertEqual(last.code, 0, last.err)
        let pdf = dir + "/out/raqqa-brief.pdf"
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf]).code, 0)
        XCTAssertTrue(try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), ["-isodates", pdf]).out.contains("9999-12-31T23:59:59"))
    }

    func testTwoSpecsWritingOneFileWriteNothing() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render", "report.json", "report.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 1, result.err)
        XCTAssertTrue(result.err.contains("report.json:"), result.err)
        XCTAssertTrue(result.err.contains("out/raqqa-brief.pdf would be written 2 times, by report.json, report.json"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "an error writes nothing")
    }

    func testTemporaryFilesOfAKilledRunAreRemovedAndOthersKept() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        // A process id no process has (above the kernel's pid_max), and one that runs (1).
        let stale = dir + "/out/.raqqa-brief.pdf.tmp-999999999", live = dir + "/out/.troops.png.tmp-1"
        for file in [stale, live] { XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("half".utf8))) }
        let result = try CLI.run(CLI.binary, ["render", "report.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a dead run's temporary file is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a running process's is not touched")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.contains(".tmp-") }
        XCTAssertEqual(left, [".troops.png.tmp-1"])
    }

    /// Links whose URLs once broke the PDF: parentheses, a trailing backslash, a NUL, a
    /// quote, spaces and Arabic. Every PDF passes `qpdf --check` and keeps its links.
    func testLinksWithAnyURLMakeValidPDFs() throws {
        let dir = NSTemporaryDirectory() + "report-links-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = #"[balanced](https://en.wikipedia.org/wiki/Raqqa_(city)) [backslash](https://example.org/a\\) [nul](https://example.org/a\u0000b) [quote](https://example.org/it's) [space and arabic](https://example.org/a b/الرقة) [unbalanced](https://example.org/(x)"#
        let spec = #"{"report": 1, "sections": [{"type": "text", "text": "\#(text)"}], "outputs": [{"file": "links.pdf"}]}"#
        try spec.write(toFile: dir + "/links.json", atomically: true, encoding: .utf8)
        let result = try CLI.run(CLI.binary, ["render", "links.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 0, result.err)
        let check = try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", dir + "/links.pdf"])
        XCTAssertEqual(check.code, 0, check.out + check.err)
        let qdf = dir + "/links-qdf.pdf"
        _ = try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--qdf", "--object-streams=disable", dir + "/links.pdf", qdf])
        let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: qdf)), as: UTF8.self)
        for uri in ["https://en.wikipedia.org/wiki/Raqqa_%28city%29", "https://example.org/a%5C", "https://example.org/a%00b",
                    "https://example.org/it%27s", "https://example.org/a%20b/%D8%A7%D9%84%D8%B1%D9%82%D8%A9"] {
            XCTAssertTrue(raw.contains("(\(uri))"), "\(uri) not among the link annotations")
        }
        XCTAssertFalse(raw.contains("example.org/(x"), "an unclosed ( makes no link")
    }

    /// A data cell holding terminal escape codes is quoted in messages with them shown, not
    /// sent raw to the terminal; and a block drawn alone taller than 200 inches is refused.
    func testEscapeCodesFromDataNeverReachTheTerminalRaw() throws {
        let dir = NSTemporaryDirectory() + "report-escape-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "date,x\n2017-13-01\u{1B}[31mRED\u{1B}]0;title\u{07},1\n".write(toFile: dir + "/esc.csv", atomically: true, encoding: .utf8)
        try #"{"report": 1, "data": {"d": {"file": "esc.csv", "types": {"date": "date"}}}, "sections": [{"type": "table", "data": "d"}]}"#
            .write(toFile: dir + "/esc.json", atomically: true, encoding: .utf8)
        let result = try CLI.run(CLI.binary, ["validate", "esc.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 1)
        XCTAssertFalse(result.err.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "raw control characters on stderr")
        XCTAssertTrue(result.err.contains(#""2017-13-01\u{1B}[31mRED\u{1B}]0;title\u{7}" is not a date"#), result.err)
    }

    /// A table of more rows than any PDF should hold (a million took 3.5 GB and 53 s) is an
    /// error at the block, found before its cells are read as text; a limit makes it fine.
    func testATableOfMoreThanAHundredThousandRowsIsRefused() throws {
        let dir = NSTemporaryDirectory() + "report-rows-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ("n\n" + (0...100_000).map(String.init).joined(separator: "\n") + "\n").write(toFile: dir + "/rows.csv", atomically: true, encoding: .utf8)
        try #"{"report": 1, "data": {"d": {"file": "rows.csv"}}, "sections": [{"type": "table", "data": "d", "limit": 5}, {"type": "table", "data": "d"}]}"#
            .write(toFile: dir + "/rows.json", atomically: true, encoding: .utf8)
        let started = Date()
        let result = try CLI.run(CLI.binary, ["render", "rows.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 1, result.err)
        XCTAssertTrue(result.err.hasPrefix("rows.json:1:109: error: this table would draw 100,001 rows, more than the 100,000 a table draws"), result.err)
        XCTAssertEqual(result.err.components(separatedBy: "error:").count, 2, "the table with a limit is fine")
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/rows.pdf"))
    }
}
