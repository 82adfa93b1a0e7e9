import ReportKit
import ReportTestSupport
import XCTest

/// A filter that keeps no row is said, located, and the page says so: never an empty axis
/// dated 1 January 1970.
final class EmptyFilterTests: XCTestCase {
    func testABlockWhoseFilterKeepsNoRowShowsANoteAndWarns() throws {
        let report = try InMemory.compile("""
        {"report": 1, "title": "Weekly",
         "data": {"e": {"values": [{"date": "2017-03-09", "actor": "SDF", "what": "Clashes"}]}},
         "sections": [{"id": "t", "type": "timeline", "title": "Islamic State", "data": "e", "date": "date", "label": "what",
                       "filter": {"actor": "Islamic State"}}],
         "outputs": [{"file": "w.pdf"}, {"file": "t.png", "block": "t"}]}
        """)
        XCTAssertEqual(report.warnings.map(\.description), [
            #"report.json:4:27: warning: the filter of this timeline block (actor is "Islamic State") keeps none of the 1 row of "e"; the page shows a note instead [at sections[0].filter]"#,
        ])
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"))
        let text = try InMemory.withTemporaryFile(XCTUnwrap(InMemory.bytes(report, "w.pdf")), ext: "pdf") { try CLI.run(pdftotext, [$0, "-"]).out }
        XCTAssertTrue(text.contains("No rows to show: the filter (actor is \"Islamic State\") keeps none of the 1 row of \"e\"."), text)
        XCTAssertTrue(text.contains("Islamic State"), "the block's title stays")
        XCTAssertFalse(text.contains("1970"), "no empty axis at the epoch")
        XCTAssertFalse(text.contains("Jan"), text)
        XCTAssertFalse(try XCTUnwrap(InMemory.bytes(report, "t.png")).isEmpty, "the block alone is drawn as the note too")
    }

    func testFiltersInWords() throws {
        let report = try InMemory.compile("""
        {"report": 1, "data": {"e": {"values": [{"d": "2017-03-09", "n": 3, "a": "x"}],
                                     "filter": {"d": {"from": "2017-04", "to": "2017-05"}, "n": {"max": 2}, "a": ["y", "z"]}}},
         "sections": [{"type": "table", "data": "e"}]}
        """)
        XCTAssertEqual(report.warnings.first?.message,
                       #"the filter of data source "e" (d from 2017-04 to 2017-05 and n at most 2 and a is one of "y", "z") keeps none of its 1 row; every block that reads it shows a note instead"#)
    }
}
