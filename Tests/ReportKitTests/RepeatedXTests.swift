import ReportKit
import ReportTestSupport
import XCTest

/// A chart over raw rows (several per x) says so once a series, with the count and the
/// first rows, not once a row, and suggests the aggregate that fits.
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
                #"events.csv:6: error: column "event_type": "Battles" comes again in series "fatalities" (first at events.csv:2); 197 rows in all repeat an x of this series, the next "Explosions" at events.csv:7; a bar chart draws one bar per x (add "aggregate": "sum" to add up such rows ("mean", "max"… also work), "aggregate": "count" in place of "y" to count them, or set "series" to a column that tells them apart)"#,
            ])
        }
    }

    func testRawRowsUnderALineSayTheSameInsteadOfAZigZag() throws {
        let csv = "date,fatalities\n2017-03-01,1\n2017-03-01,5\n2017-03-02,2\n"
        XCTAssertThrowsError(try InMemory.compile("""
        {"report": 1, "data": {"e": {"file": "events.csv"}},
         "sections": [{"type": "chart", "data": "e", "x": "date", "y": "fatalities"}]}
        """, files: ["events.csv": csv])) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.description), [
                #"events.csv:3: error: column "date": "2017-03-01" comes again in series "fatalities" (first at events.csv:2); a line passes through one value per x (add "aggregate": "sum" to add up such rows ("mean", "max"… also work), "aggregate": "count" in place of "y" to count them, or set "series" to a column that tells them apart)"#,
            ])
        }
    }
}
