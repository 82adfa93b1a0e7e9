import ReportTestSupport
import Foundation
import XCTest

/// The progress line of a long render: on a terminal only, one line redrawn in place, gone
/// at the end; never when piped, with `--quiet` or with `--json`.
final class ProgressLineTests: XCTestCase {
    private var dir = ""

    /// A folder with a 12 MB event file (a second or more to read in a debug build) and a
    /// spec drawing it in a PDF and a PNG.
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "progress-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // 336 days by actor, repeated to 12 MB (a debug build reads it in a second or two).
        let actors = ["SDF", "Islamic State", "US-led coalition", "Syrian army"]
        let rows = (0..<336).map { (i: Int) -> String in
            let date = String(format: "2017-%02d-%02d", 1 + i % 12, 1 + i / 12 % 28)
            return "\(date),\(actors[i % 4]),Battles,Raqqa,\(i % 7),monitor\n"
        }.joined()
        let csv = "date,actor,event_type,location,fatalities,source\n" + String(repeating: rows, count: (12 << 20) / rows.utf8.count)
        try csv.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
        let spec = """
        { "report": 1, "title": "Progress", "as_of": "2017-12-31", "data": { "events": { "file": "events.csv" } },
          "sections": [ { "id": "timeline", "type": "timeline", "data": "events", "date": "date", "lane": "actor", "color": "event_type" } ],
          "outputs": [ { "file": "out/brief.pdf" }, { "file": "out/timeline.png", "block": "timeline" } ] }
        """
        try spec.write(toFile: dir + "/spec.json", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs `report render` with its output on a pseudo-terminal (`script` from util-linux),
    /// the line shown from the start; returns what the terminal received.
    private func onTerminal(_ extra: [String]) throws -> (code: Int32, screen: String) {
        let script = try XCTUnwrap(CLI.tool("script"), "script (util-linux) is needed to run report on a pseudo-terminal")
        // Run in the folder, so that the line names "events.csv" and fits in script's 80 columns.
        let command = ([CLI.binary, "render", "spec.json", "--fonts", CLI.root + "/Fonts"] + extra)
            .map { "'\($0)'" }.joined(separator: " ")
        let result = try CLI.runTool(script, ["-q", "-e", "-c", command, "/dev/null"], cwd: dir,
                                     environment: ["REPORT_PROGRESS_AFTER": "0"])
        return (result.code, result.out)
    }

    func testATerminalSeesOneLineRedrawnInPlaceThenCleared() throws {
        let (code, screen) = try onTerminal(["--jobs", "2"])
        XCTAssertEqual(code, 0, screen)
        let redraws = screen.components(separatedBy: "\r\u{1B}[K").dropFirst()
        XCTAssertGreaterThanOrEqual(redraws.count, 2, screen)
        // Every redraw is one line: no line feed until the line is cleared.
        let shown = redraws.dropLast()
        XCTAssertTrue(shown.allSatisfy { !$0.contains("\n") }, screen)
        // (Which moments a redraw catches depends on the machine's load: only what every run
        // shows is asserted.)
        XCTAssertTrue(shown.contains { $0.hasPrefix("reading events.csv: ") && $0.contains(" MB (") && $0.hasSuffix(" rows") }, screen)
        // The rows read grow, and never pass the file's size.
        let percents = shown.compactMap { line -> Int? in
            guard let open = line.range(of: " MB ("), let close = line.range(of: "%)") else { return nil }
            return Int(line[open.upperBound..<close.lowerBound])
        }
        XCTAssertFalse(percents.isEmpty, screen)
        XCTAssertEqual(percents, percents.sorted(), screen)
        XCTAssertTrue(percents.allSatisfy { $0 <= 100 }, screen)
        // The last redraw is the clearing: what follows is the summary, starting a clean line.
        XCTAssertTrue(redraws.last?.contains("wrote") ?? false, screen)
        XCTAssertFalse(redraws.last?.hasPrefix("reading") ?? true, screen)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/brief.pdf"))
    }

    func testNoLineWhenPipedQuietOrJSON() throws {
        let piped = try CLI.run(CLI.binary, ["render", dir + "/spec.json", "--fonts", CLI.root + "/Fonts"],
                                environment: ["REPORT_PROGRESS_AFTER": "0"])
        XCTAssertEqual(piped.code, 0, piped.err)
        XCTAssertFalse(piped.err.contains("\u{1B}"), piped.err)
        for flag in ["--quiet", "--json"] {
            let (code, screen) = try onTerminal([flag])
            XCTAssertEqual(code, 0, screen)
            XCTAssertFalse(screen.contains("\u{1B}[K"), "\(flag): \(screen)")
        }
    }
}
