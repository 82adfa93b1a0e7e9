import ReportTestSupport
import Foundation
import XCTest

/// Filters with `in`, `not` and `any` from the command line, end to end.
final class FilterCLITests: XCTestCase {
    /// A bar chart whose any-of filter keeps SDF's days and every day with more than 5 dead
    /// draws exactly what the same chart draws from the rows picked by hand.
    func testAChartWithAnAnyOfFilterDrawsTheRowsPickedByHand() throws {
        let dir = NSTemporaryDirectory() + "report-filters-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        date,actor,fatalities
        2017-03-01,SDF,3
        2017-03-02,IS,12
        2017-03-03,,7
        2017-03-04,IS,2
        2017-03-05,SDF,0
        2017-03-06,Syrian Army,5

        """.write(toFile: dir + "/data/events.csv", atomically: true, encoding: .utf8)
        // SDF: 1 and 5 March; more than 5 dead (not at most 5): 2 and 3 March (an empty actor
        // is not SDF, and is kept by the second alternative alone).
        try """
        date,actor,fatalities
        2017-03-01,SDF,3
        2017-03-02,IS,12
        2017-03-03,,7
        2017-03-05,SDF,0

        """.write(toFile: dir + "/data/picked.csv", atomically: true, encoding: .utf8)
        func spec(_ file: String, _ filter: String) -> String {
            """
            {"report": 1, "data": {"e": {"file": "data/\(file)"}},
             "sections": [{"id": "c", "type": "chart", "mark": "bar", "data": "e", "x": "date", "y": "fatalities"\(filter)}],
             "outputs": [{"file": "out/\(file).png", "block": "c", "width": 400, "height": 240}]}
            """
        }
        try spec("events.csv", #", "filter": {"any": [{"actor": "SDF"}, {"fatalities": {"not": {"max": 5}}}]}"#)
            .write(toFile: dir + "/filtered.json", atomically: true, encoding: .utf8)
        try spec("picked.csv", "").write(toFile: dir + "/picked.json", atomically: true, encoding: .utf8)

        for name in ["filtered", "picked"] {
            let result = try CLI.run(CLI.binary, ["render", "\(name).json", "--quiet", "--fonts", CLI.root + "/Fonts"], cwd: dir)
            XCTAssertEqual(result.code, 0, result.err)
            XCTAssertFalse(result.err.contains("warning"), "\(name): \(result.err)")
        }
        let filtered = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/out/events.csv.png"))
        let picked = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/out/picked.csv.png"))
        XCTAssertEqual(filtered, picked, "the any-of filter keeps 1, 2, 3 and 5 March, as picked by hand")

        // The same filter with alternatives that keep nothing: a warning in words, exit 0.
        try spec("events.csv", #", "filter": {"any": [{"actor": "YPG"}, {"fatalities": {"not": {"max": 20}}}]}"#)
            .write(toFile: dir + "/none.json", atomically: true, encoding: .utf8)
        let none = try CLI.run(CLI.binary, ["validate", "none.json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(none.code, 0, none.err)
        XCTAssertTrue(none.err.contains(
                       #"none.json:2:115: warning: the filter of this chart block (any of (actor is "YPG") or (fatalities above 20)) keeps none of the 6 rows of "e"; the page shows a note instead [at sections[0].filter]"#), none.err)
    }
}
