import ReportTestSupport
import Foundation
import XCTest

/// A report may exit while another thread still hashes for the PDF's provenance: the rows
/// are hashed beside layout, and an error layout finds (here a theme font the fonts folder
/// lacks) ends the run. libcrypto's exit handler once freed its locks under such a thread:
/// when data files were hashed as they were read, about one run in twenty crashed (17 of 300
/// here), so a hundred runs found it with a chance above 99%. Every run must end with exit 1.
final class ExitWhileHashingTests: XCTestCase {
    func testAReportStoppedByLayoutExitsCleanlyEveryTime() throws {
        let dir = NSTemporaryDirectory() + "report-exit-race-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Enough rows that hashing them outlasts the font check (the debug build takes about
        // 40 ms to hash them; with --jobs 2 the run ends before that).
        var csv = "date,actor,source\n"
        for i in 0..<20_000 { csv += "2017-03-\(10 + i % 19),actor \(i % 97),source \(i)\n" }
        try csv.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
        try """
        {"report": 1, "theme": {"font": "Comic Sans"}, "data": {"e": {"file": "events.csv"}},
         "sections": [{"type": "table", "data": "e"}], "outputs": [{"file": "out/brief.pdf"}]}
        """.write(toFile: dir + "/spec.json", atomically: true, encoding: .utf8)
        for run in 1...100 {
            let result = try CLI.run(CLI.binary, ["render", "spec.json", "--jobs", "2", "--fonts", CLI.root + "/Fonts"], cwd: dir)
            XCTAssertEqual(result.code, 1, "run \(run): \(result.err.suffix(400))")
            XCTAssertTrue(result.err.contains("theme font \"Comic Sans\""), result.err)
            if result.code != 1 { break }
        }
    }
}
