import Foundation
import ReportKit
import ReportTestSupport
import XCTest

/// An ACLED-style export (`event_date` written `10 March 2017`) renders as it is, and draws
/// exactly what the same rows with ISO dates draw.
final class ExportDateTests: XCTestCase {
    private let header = "event_id_cnty,event_date,year,event_type,actor1,location,fatalities,notes"
    private let rows: [(day: Int, type: String, actor: String, place: String, dead: Int)] = [
        (1, "Battles", "SDF", "Tabqa", 4), (3, "Explosions/Remote violence", "IS", "Raqqa", 12),
        (7, "Strategic developments", "SDF", "Mansoura", 0), (10, "Battles", "IS", "Tabqa", 3),
        (10, "Violence against civilians", "IS", "Raqqa", 7), (21, "Battles", "SDF", "Raqqa", 1),
    ]

    private func csv(_ date: (Int) -> String) -> String {
        ([header] + rows.enumerated().map { i, r in
            "SYR\(1000 + i),\"\(date(r.day))\",2017,\(r.type),\(r.actor),\(r.place),\(r.dead),\"\(r.place): \(r.type.lowercased())\""
        }).joined(separator: "\n") + "\n"
    }

    private func spec(types: String) -> String {
        """
        {"report": 1, "title": "ACLED export",
         "data": {"e": {"file": "data/acled.csv"\(types)}},
         "sections": [{"id": "tl", "type": "timeline", "data": "e", "date": "event_date", "lane": "actor1",
                       "color": "event_type", "size": "fatalities", "label": "location",
                       "filter": {"event_date": {"from": "2017-03-01", "to": "2017-03-31"}}},
                      {"id": "tb", "type": "table", "data": "e", "columns": ["event_date", "location", "fatalities"], "sort": "event_date"}],
         "outputs": [{"file": "out/tl.png", "block": "tl", "width": 640, "height": 360},
                     {"file": "out/tb.svg", "block": "tb"}]}
        """
    }

    private func png(_ spec: String, _ data: String) throws -> [UInt8] {
        let report = try InMemory.compile(spec, files: ["data/acled.csv": data])
        return try XCTUnwrap(InMemory.bytes(report, "out/tl.png"))
    }

    func testAnACLEDExportRendersAsTheSameRowsWithISODates() throws {
        let iso = try png(spec(types: ""), csv { "2017-03-\($0 < 10 ? "0" : "")\($0)" })
        let acled = csv { "\($0) March 2017" }
        // With the format ACLED documents, and without any: both read the same days.
        let formatted = try png(spec(types: #", "types": {"event_date": {"type": "date", "format": "%d %B %Y"}}"#), acled)
        let recognised = try png(spec(types: ""), acled)
        XCTAssertTrue(formatted == iso, "the formatted export draws other pixels than ISO dates")
        XCTAssertTrue(recognised == iso, "the export read without a format draws other pixels than ISO dates")
        XCTAssertTrue(try png(spec(types: ""), csv { "March \($0), 2017" }) == iso)
        XCTAssertTrue(try png(spec(types: #", "types": {"event_date": {"type": "date", "format": "%m/%d/%Y"}}"#),
                              csv { "03/\($0 < 10 ? "0" : "")\($0)/2017" }) == iso)
    }

    func testAnAmbiguousExportAsksForAFormat() throws {
        XCTAssertThrowsError(try InMemory.compile(spec(types: ""), files: ["data/acled.csv": csv { "03/\($0 < 10 ? "0" : "")\($0)/2017" }])) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.first?.description,
                           #"data/acled.csv:2: error: column "event_date": "03/01/2017" is not a date: it could be 3 January 2017 (day first) or 1 March 2017 (month first): declare the column's format, "%d/%m/%Y" or "%m/%d/%Y" (the filter at sections[0].filter.event_date compares dates)"#)
        }
    }
}
