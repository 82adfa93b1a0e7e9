import XCTest
import ReportScene
@testable import ReportCore

// Force levels and Sankey layout: see ChartTests.swift.

final class SpecDecoderTests: XCTestCase {
    private func decode(_ json: String) -> [Diagnostic] {
        let tree = try! JSONTreeParser.parse(Array(json.utf8))
        return SpecDecoder(file: "spec.json", specName: "spec").decode(tree).diagnostics
    }

    func testUnknownKeysAreLocatedWithASuggestion() {
        let diagnostics = decode("""
        {"report": 1,
         "titel": "x",
         "sections": [{"type": "timeline", "data": "events", "date": "date", "colour": "actor"}],
         "data": {"events": {"values": []}}}
        """)
        XCTAssertEqual(diagnostics.map(\.description), [
            "spec.json:2:2: error: unknown key \"titel\" in the report (did you mean \"title\"?) [at titel]",
            "spec.json:3:70: error: unknown key \"colour\" in a timeline block (did you mean \"color\"?) [at sections[0].colour]",
        ])
    }

    func testEveryProblemIsReportedNotJustTheFirst() {
        let diagnostics = decode("""
        {"report": 2, "sections": [{"type": "tmeline"}, {"type": "table", "data": "evnts"}],
         "data": {"events": {"values": []}}, "outputs": [{"file": "a.gif"}]}
        """)
        XCTAssertEqual(diagnostics.count, 4, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(diagnostics[1].description.contains("did you mean \"timeline\"?"))
        XCTAssertTrue(diagnostics[2].description.contains("no data source named \"evnts\" (did you mean \"events\"?)"))
        XCTAssertTrue(diagnostics[3].description.contains("must end in .pdf, .png or .svg"))
    }

    func testRangesMustRunForwards() {
        let diagnostics = decode("""
        {"report": 1, "data": {"e": {"values": []}}, "sections": [{"type": "timeline", "data": "e", "date": "d",
          "range": {"from": "2017-03-31", "to": "2017-03-01"}}]}
        """)
        XCTAssertEqual(diagnostics.map(\.message), ["range runs backwards: \"to\" (2017-03-01) is before \"from\" (2017-03-31)"])
    }
}
