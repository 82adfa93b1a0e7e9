import ReportTestSupport
import Foundation
import XCTest

/// Troop and displacement data problems as a user sees them on the command line.
final class ChartCLITests: XCTestCase {
    func testAChangeBeforeAnyLevelNamesTheRowAndWritesNothing() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        date,force,count,change,low,high,source
        2016-12-10,US troops in Syria,,+200,450,550,x
        2016-10-01,UK,300,,,,y
        2017-03-09,US troops in Syria,,+400,850,950,z
        2017-03-10,UK,900,+400,,,y

        """.write(toFile: dir + "/data/troops.csv", atomically: true, encoding: .utf8)
        let result = try CLI.run(CLI.binary, ["render", "report.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 1, result.err)
        let lines = result.err.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "data/troops.csv:2: error: US troops in Syria: a change of +200 comes before any level; give a \"count\" on an earlier row")
        XCTAssertTrue(lines.contains("data/troops.csv:5: warning: UK: +400 from the previous level 300 makes 700, but the row gives a level of 900; the level is drawn"),
                      result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "a failed render writes nothing")
    }

    func testTheExampleStatesItsUnitsAndSources() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render", "report.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(result.code, 0, result.err)
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"), "poppler-utils is needed")
        let text = try CLI.run(pdftotext, ["-layout", dir + "/out/raqqa-brief.pdf", "-"]).out
        for needle in ["US troops in Syria 900", "300 families ≈ 1,500 persons (5 persons per family).",
                       "Sources: SOHR via The New Arab (12 Mar 2017)", "+400 announced"] {
            XCTAssertTrue(text.contains(needle), "the PDF does not say \"\(needle)\"")
        }
        XCTAssertNotNil(text.range(of: #"Raqqa\s+300 families"#, options: .regularExpression), "the Sankey's origin says what is counted")
    }
}
