import ReportTestSupport
import Foundation
import XCTest

/// `"timezone"`: date-times are shown at their local time in a fixed offset; civil dates
/// never move; the axis names the zone it shows.
final class TimezoneTests: XCTestCase {
    private func render(_ spec: String) throws -> (dir: String, result: (code: Int32, out: String, err: String)) {
        let dir = NSTemporaryDirectory() + "report-tz-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(spec.utf8).write(to: URL(fileURLWithPath: dir + "/r.json"))
        return (dir, try CLI.run(CLI.binary, ["render", dir + "/r.json", "--fonts", CLI.root + "/Fonts"]))
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
        let (utcDir, utc) = try render(spec(zone: "UTC"))
        let (localDir, local) = try render(spec(zone: "+03:00"))
        defer { try? FileManager.default.removeItem(atPath: utcDir); try? FileManager.default.removeItem(atPath: localDir) }
        XCTAssertEqual(utc.code, 0, utc.err)
        XCTAssertEqual(local.code, 0, local.err)
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"))
        let utcText = try CLI.run(pdftotext, [utcDir + "/t.pdf", "-"]).out
        let localText = try CLI.run(pdftotext, [localDir + "/t.pdf", "-"]).out
        XCTAssertTrue(utcText.contains("UTC"), utcText)
        XCTAssertTrue(localText.contains("UTC+03:00"), localText)
        // 22:30 UTC on 10 March is 01:30 on 11 March at +03:00: the first day tick changes.
        XCTAssertTrue(utcText.contains("10 Mar"), utcText)
        XCTAssertFalse(localText.contains("10 Mar"), localText)
    }

    func testNamedZonesAreRefusedWithAReason() throws {
        let (dir, result) = try render(spec(zone: "Europe/Paris"))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("r.json:1:27: error: \"timezone\" must be \"UTC\" or a fixed offset such as \"+03:00\", found \"Europe/Paris\""), result.err)
    }
}
