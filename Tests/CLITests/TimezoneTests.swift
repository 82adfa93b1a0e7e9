import ReportTestSupport
import Foundation
import XCTest
import ReportKit

/// `"timezone"`: date-times are shown at their local time in a fixed offset; civil dates
/// never move; the axis names the zone it shows.
final class TimezoneTests: XCTestCase {
    /// The text of the timeline PDF of `spec`, compiled in memory.
    private func text(_ spec: String) throws -> String {
        let report = try InMemory.compile(spec)
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"))
        return try InMemory.withTemporaryFile(XCTUnwrap(InMemory.bytes(report, "t.pdf")), ext: "pdf") { try CLI.run(pdftotext, [$0, "-"]).out }
    }

    private func spec(zone: String) -> String {
        """
        {"report": 1, "timezone": "\(zone)",
         "data": {"e": {"values": [{"t": "2017-03-10T22:30:00Z", "what": "Boats leave at night"},
                                   {"t": "2017-03-11T06:00:00Z", "what": "Convoy reaches Deir ez-Zor"}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "t", "label": "what"}],
         "outputs": [{"file": "t.pdf", "block": "t", "width": 600, "height": 200}]}
        """
    }

    func testTheAxisNamesTheZoneAndInstantsMoveToLocalTime() throws {
        let utcText = try text(spec(zone: "UTC"))
        let localText = try text(spec(zone: "+03:00"))
        XCTAssertTrue(utcText.contains("UTC"), utcText)
        XCTAssertTrue(localText.contains("UTC+03:00"), localText)
        // 22:30 UTC on 10 March is 01:30 on 11 March at +03:00: the first day tick changes.
        XCTAssertTrue(utcText.contains("10 Mar"), utcText)
        XCTAssertFalse(localText.contains("10 Mar"), localText)
    }

    func testNamedZonesAreRefusedWithAReason() throws {
        XCTAssertThrowsError(try InMemory.compile(spec(zone: "Europe/Paris"))) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.first?.description.hasPrefix("report.json:1:27: error: \"timezone\" must be \"UTC\" or a fixed offset such as \"+03:00\", found \"Europe/Paris\""), true, "\(list)")
        }
    }
}
