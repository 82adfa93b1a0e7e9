import ReportTestSupport
import Foundation
import XCTest

/// `report watch` as a user runs it: edits re-render, broken specs print located errors and
/// leave the last good PDF in place, data files and files created later are watched, and
/// Ctrl-C ends it promptly with no temporary file left. Each wait allows a minute (CI is
/// slow); each step normally takes a fraction of a second.
final class WatchTests: XCTestCase {
    private var cleanup: [String] = []

    override func tearDown() {
        for path in cleanup { try? FileManager.default.removeItem(atPath: path) }
        cleanup = []
    }

    private func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "report-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        cleanup.append(dir)
        return dir
    }

    private func spec(title: String, extra: String = "") -> String {
        """
        {
          "report": 1,
          "title": "\(title)",
          "data": { "events": { "file": "data/events.csv" } },
          "sections": [
            { "type": "table", "data": "events"\(extra) }
          ],
          "outputs": [{ "file": "out/brief.pdf" }]
        }
        """
    }

    /// Saves as most editors do: a new file renamed over the old one.
    private func save(_ text: String, to path: String) throws {
        let temporary = (path as NSString).deletingLastPathComponent + "/.save-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        XCTAssertEqual(rename(temporary, path), 0)
    }

    /// Line and column (from 1) where `needle` first is in `text` (ASCII).
    private func position(of needle: String, in text: String) -> (line: Int, column: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let i = lines.firstIndex { $0.contains(needle) }!
        return (i + 1, lines[i].distance(from: lines[i].startIndex, to: lines[i].range(of: needle)!.lowerBound) + 1)
    }

    private func renders(_ lines: [String]) -> Int { lines.filter { $0.contains(": rendered in ") }.count }

    private func title(_ pdf: String) throws -> String? {
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out
        return info.split(separator: "\n").first { $0.hasPrefix("Title:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) }
    }

    private func assertValidPDF(_ pdf: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let check = try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf])
        XCTAssertEqual(check.code, 0, "qpdf --check: \(check.out)", file: file, line: line)
    }

    /// Files a write in progress would leave: `.NAME.tmp-PID` (OutputWriter).
    private func temporaryFiles(under dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.contains(".tmp-") }
    }

    func testRendersEachEditKeepsTheLastGoodPDFOnErrorsAndStopsOnCtrlC() throws {
        let dir = try temporaryFolder()
        let specPath = dir + "/brief.json", csv = dir + "/data/events.csv", pdf = dir + "/out/brief.pdf"
        try save(spec(title: "First title"), to: specPath)
        try save("date,actor,note\n2017-03-01,SDF,first row\n", to: csv)
        let watch = try CLI.start(CLI.binary, ["watch", specPath, "--fonts", CLI.root + "/Fonts"])

        XCTAssertTrue(watch.waitFor { self.renders($0) == 1 }, watch.err)
        XCTAssertEqual(try title(pdf), "First title")
        try assertValidPDF(pdf)

        // An edit saved by renaming: rendered again.
        try save(spec(title: "Second title"), to: specPath)
        XCTAssertTrue(watch.waitFor { self.renders($0) == 2 }, watch.err)
        XCTAssertEqual(try title(pdf), "Second title")
        try assertValidPDF(pdf)
        let summary = "^[0-9]{2}:[0-9]{2}:[0-9]{2} \(NSRegularExpression.escapedPattern(for: specPath)): rendered in [0-9]+ ms; wrote \(NSRegularExpression.escapedPattern(for: pdf))$"
        XCTAssertNotNil(watch.errLines.last!.range(of: summary, options: .regularExpression), watch.err)

        // Saved again unchanged (a new file all the same): rendered, not rewritten, so a
        // viewer does not reload. (Any change to the spec's bytes changes the PDF, whose
        // keywords hold the spec's sha256.)
        let before = try FileManager.default.attributesOfItem(atPath: pdf)
        try save(spec(title: "Second title"), to: specPath)
        XCTAssertTrue(watch.waitFor { self.renders($0) == 3 }, watch.err)
        XCTAssertTrue(watch.errLines.last!.hasSuffix("; the file is unchanged"), watch.err)
        let after = try FileManager.default.attributesOfItem(atPath: pdf)
        XCTAssertEqual(before[.systemFileNumber] as? Int, after[.systemFileNumber] as? Int)
        XCTAssertEqual(before[.modificationDate] as? Date, after[.modificationDate] as? Date)

        // A broken spec: located errors, and the last good PDF stays as it was.
        let good = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let broken = spec(title: "Broken title", extra: ", \"colour\": \"red\"")
        try save(broken, to: specPath)
        XCTAssertTrue(watch.waitFor { $0.contains { $0.hasSuffix(": 1 error; the outputs were left as they were") } }, watch.err)
        let (line, column) = position(of: "\"colour\"", in: broken)
        XCTAssertTrue(watch.errLines.contains { $0.hasPrefix("\(specPath):\(line):\(column): error: unknown key \"colour\" in a table block") }, watch.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), good, "the last good PDF is left in place")
        XCTAssertEqual(try title(pdf), "Second title")

        // Fixed: rendered again.
        try save(spec(title: "Third title"), to: specPath)
        XCTAssertTrue(watch.waitFor { self.renders($0) == 4 }, watch.err)
        XCTAssertEqual(try title(pdf), "Third title")
        try assertValidPDF(pdf)

        // A data file written in place: rendered again, with the new row.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: csv))
        handle.seekToEndOfFile()
        handle.write(Data("2017-03-02,YPG,a row added later\n".utf8))
        handle.closeFile()
        XCTAssertTrue(watch.waitFor { self.renders($0) == 5 }, watch.err)
        let text = try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), [pdf, "-"]).out
        XCTAssertTrue(text.contains("a row added later"), text)
        try assertValidPDF(pdf)

        // Ctrl-C: ends at once, by the signal (a shell says 130), leaving no temporary file.
        let took = try XCTUnwrap(watch.stop(with: SIGINT), "still running 30 s after SIGINT")
        XCTAssertLessThan(took, 5)
        XCTAssertEqual(watch.termination.reason, .uncaughtSignal)
        XCTAssertEqual(watch.termination.status, SIGINT)
        XCTAssertEqual(temporaryFiles(under: dir), [])
        XCTAssertEqual(renders(watch.errLines), 5, "one render per save: \(watch.err)")
    }

    func testADataFileMissingAtFirstIsWatchedAndSIGTERMEndsIt() throws {
        let dir = try temporaryFolder()
        let specPath = dir + "/brief.json", pdf = dir + "/out/brief.pdf"
        try save(spec(title: "Waiting for data"), to: specPath)
        let watch = try CLI.start(CLI.binary, ["watch", specPath, "--fonts", CLI.root + "/Fonts", "--jobs", "1"])
        XCTAssertTrue(watch.waitFor { $0.contains { $0.hasSuffix(": 1 error; the outputs were left as they were") } }, watch.err)
        XCTAssertTrue(watch.err.contains("error: data file \"data/events.csv\" does not exist"), watch.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))

        // Creating the file renders.
        try save("date,actor,note\n2017-03-01,SDF,the first row\n", to: dir + "/data/events.csv")
        XCTAssertTrue(watch.waitFor { self.renders($0) == 1 }, watch.err)
        XCTAssertEqual(try title(pdf), "Waiting for data")
        try assertValidPDF(pdf)

        XCTAssertNotNil(watch.stop(with: SIGTERM), "still running 30 s after SIGTERM")
        XCTAssertEqual(watch.termination.reason, .uncaughtSignal)
        XCTAssertEqual(watch.termination.status, SIGTERM)
        XCTAssertEqual(temporaryFiles(under: dir), [])
    }

    func testStandardInputCannotBeWatched() throws {
        let result = try CLI.run(CLI.binary, ["watch", "-"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("watch needs spec files: standard input cannot be watched"), result.err)
    }
}
