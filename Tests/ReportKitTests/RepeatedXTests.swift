import ReportKit
import ReportTestSupport
import XCTest

/// A bar chart over raw rows (several per x) says so once a series, with the count and the
/// first rows, not once a row.
final class RepeatedXTests: XCTestCase {
    func testRawRowsUnderABarChartGiveOneDiagnosticASeries() throws {
        let types = ["Battles", "Explosions", "Protests", "Riots"]
        let csv = "event_type,fatalities\n" + (0..<201).map { "\(types[$0 % 4]),\($0 % 3)" }.joined(separator: "\n") + "\n"
        XCTAssertThrowsError(try InMemory.compile("""
        {"report": 1, "data": {"e": {"file": "events.csv"}},
         "sections": [{"type": "chart", "mark": "bar", "data": "e", "x": "event_type", "y": "fatalities"}]}
        """, files: ["events.csv": csv])) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.description), [
                #"events.csv:6: error: column "event_type": "Battles" comes again in series "fatalities" (first at events.csv:2); 197 rows in all repeat an x of this series, the next "Explosions" at events.csv:7; a bar chart draws one bar per x: sum such rows in the data, or set "series" to a column that tells them apart"#,
            ])
        }
    }
}
