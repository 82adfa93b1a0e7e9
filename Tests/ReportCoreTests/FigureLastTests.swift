import XCTest
@testable import ReportCore

/// A figure's `last` over troop rows: the latest level with counts and changes accumulated
/// as the troops chart draws them, date order, one force, and the plain `last` that would
/// contradict its chart. Expected values are worked out by hand from the rows written here.
final class FigureLastTests: XCTestCase {
    /// The example's rows: a level of 300, then +200, then +400 (out of file order here, so
    /// that date order matters): 300 → 500 → 900.
    private let raqqa = """
        {"date": "2016-10-01", "force": "US", "count": 300, "change": ""},
        {"date": "2017-03-09", "force": "US", "count": "", "change": "+400"},
        {"date": "2016-12-10", "force": "US", "count": "", "change": "+200"}
        """

    private let levelValue = #"{"data": "t", "last": "count", "change": "change", "date": "date", "force": "force"}"#

    func testChangesAddUpToTheLatestLevel() throws {
        let (values, problems) = try figures(rows: raqqa, items: [levelValue])
        XCTAssertEqual(values, ["900"], "300 + 200 + 400")
        XCTAssertEqual(problems, [])
    }

    func testWithoutAForceColumnTheRowsAreOneForce() throws {
        let value = #"{"data": "t", "last": "count", "change": "change", "date": "date"}"#
        XCTAssertEqual(try figures(rows: raqqa, items: [value]).values, ["900"])
    }

    func testAReportedLevelResetsTheRunningTotal() throws {
        // 100, +50 = 150, then a reported 40 replaces it, then -10: 30 (not 140).
        let rows = """
            {"date": "2017-01-01", "force": "US", "count": 100, "change": ""},
            {"date": "2017-01-05", "force": "US", "count": "", "change": "+50"},
            {"date": "2017-01-09", "force": "US", "count": 40, "change": ""},
            {"date": "2017-01-12", "force": "US", "count": "", "change": "-10"}
            """
        XCTAssertEqual(try figures(rows: rows, items: [levelValue]).values, ["30"])
    }

    func testTwoForcesAreAnErrorListingThemAndAFilterKeepsOne() throws {
        let rows = raqqa + """
            ,
            {"date": "2017-01-01", "force": "FR", "count": 150, "change": ""},
            {"date": "2017-02-01", "force": "FR", "count": "", "change": "+25"}
            """
        let (values, problems) = try figures(rows: rows, items: [levelValue])
        XCTAssertEqual(values, [])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix(#"t.json:6:146: "#), "at the \"force\" key: \(problems[0])")
        XCTAssertTrue(problems[0].contains(#"error: a figure gives one level, but its rows hold 2 forces in column "force": "US", "FR""#), problems[0])
        XCTAssertTrue(problems[0].contains(#"keep one with a "filter" such as {"force": "US"}"#), problems[0])
        XCTAssertTrue(problems[0].contains("[at sections[0].items[0].value.force]"), problems[0])
        XCTAssertEqual(try figures(rows: rows, items: [levelValue], filter: #"{"force": "FR"}"#).values, ["175"], "150 + 25")
        XCTAssertEqual(try figures(rows: rows, items: [levelValue], filter: #"{"force": "US"}"#).values, ["900"])
    }

    func testAChangeBeforeAnyLevelIsLocatedAtItsRowFromTheFigureAlone() throws {
        let rows = """
            {"date": "2016-10-01", "force": "US", "count": "", "change": "+200"},
            {"date": "2016-12-10", "force": "US", "count": 300, "change": ""}
            """
        let (values, problems) = try figures(rows: rows, items: [levelValue])
        XCTAssertEqual(values, [])
        // Inline rows are located in the spec: the first row starts at line 1, column 41.
        XCTAssertEqual(problems, [#"t.json:1:41: error: US: a change of +200 comes before any level; give a "count" on an earlier row"#])
        // Beside the troops block that draws these rows, the same problem is said once.
        let troops = #"{"type": "troops", "data": "t", "date": "date", "force": "force", "count": "count", "change": "change"}"#
        XCTAssertEqual(try figures(rows: rows, items: [levelValue], blocks: [troops]).problems, problems)
    }

    func testLastWithADateIsTheLatestByDateAndFileOrderOnOneDate() throws {
        let rows = """
            {"date": "2017-03-09", "force": "US", "count": 900, "change": ""},
            {"date": "2016-10-01", "force": "US", "count": 300, "change": ""},
            {"date": "2017-03-09", "force": "US", "count": 950, "change": ""},
            {"date": "2017-01-01", "force": "US", "count": 500, "change": ""},
            {"date": "2017-04-01", "force": "US", "count": "", "change": ""}
            """
        let dated = #"{"data": "t", "last": "count", "date": "date"}"#
        let plain = #"{"data": "t", "last": "count"}"#
        // By date: 9 March is the latest date with a count; of its two rows the later in the file wins.
        // Without a date, file order as documented: the last filled cell, 500.
        XCTAssertEqual(try figures(rows: rows, items: [dated, plain]).values, ["950", "500"])
    }

    func testAValueWithoutADateIsAnErrorInDateOrder() throws {
        let rows = """
            {"date": "2017-03-09", "force": "US", "count": 900, "change": ""},
            {"date": "", "force": "US", "count": 300, "change": ""}
            """
        let (_, problems) = try figures(rows: rows, items: [#"{"data": "t", "last": "count", "date": "date"}"#])
        XCTAssertEqual(problems, [#"t.json:2:1: error: column "date": "" is empty; "last" in date order needs a date on every row with a value"#])
    }

    func testAPlainLastThatATroopsBlockAccumulatesIsAnErrorThatSaysWhatToWrite() throws {
        let troops = #"{"type": "troops", "id": "lvl", "data": "t", "date": "date", "force": "force", "count": "count", "change": "change"}"#
        let (values, problems) = try figures(rows: raqqa, items: [#"{"data": "t", "last": "count"}"#], blocks: [troops])
        XCTAssertEqual(values, [])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].contains(#"error: "last" takes the last "count" as written, but these rows also hold changes in "change" ("+400" at t.json:2) that the troops block "lvl" (sections[1]) adds to the counts"#), problems[0])
        XCTAssertTrue(problems[0].contains(#"for the latest level write {"data": "t", "last": "count", "change": "change", "date": "date", "force": "force"}; for the last count as written add "change": false"#), problems[0])
        XCTAssertTrue(problems[0].hasSuffix("[at sections[0].items[0].value.last]"), problems[0])
        // Naming the date (or the force) but not the change leaves the changes out just the same.
        let dated = try figures(rows: raqqa, items: [#"{"data": "t", "last": "count", "date": "date", "force": "force"}"#], blocks: [troops])
        XCTAssertEqual(dated.values, [])
        XCTAssertEqual(dated.problems, problems)
        // What the message says to write gives the chart's level; "change": false the count as written.
        XCTAssertEqual(try figures(rows: raqqa, items: [levelValue, #"{"data": "t", "last": "count", "change": false}"#], blocks: [troops]).values,
                       ["900", "300"])
        // Rows with no change (after the figure's filter) give the same number either way: no error.
        let noChanges = try figures(rows: raqqa, items: [#"{"data": "t", "last": "count"}"#], blocks: [troops], filter: #"{"change": ""}"#)
        XCTAssertEqual(noChanges.values, ["300"])
        XCTAssertEqual(noChanges.problems, [])
    }

    func testAPlainLastWithNoTroopsBlockStaysTheLastValueInTheFile() throws {
        XCTAssertEqual(try figures(rows: raqqa, items: [#"{"data": "t", "last": "count"}"#]).values, ["300"])
    }

    // MARK: Support

    /// The figures of a figures block (first in the report) over inline rows `t`, after
    /// `blocks`; nothing when the block could not be prepared. Problems as printed.
    private func figures(rows: String, items: [String], blocks: [String] = [], filter: String? = nil) throws
        -> (values: [String], problems: [String]) {
        let figureItems = items.enumerated().map { #"{"label": "f\#($0.offset)", "value": \#($0.element)}"# }.joined(separator: ", ")
        let json = """
            {"report": 1, "data": {"t": {"values": [\(rows)]}},
             "sections": [{"type": "figures", \(filter.map { "\"filter\": \($0), " } ?? "")"items": [\(figureItems)]}\(blocks.map { ", " + $0 }.joined())]}
            """
        let (_, prepared, problems) = try InlineSpec.prepare(json)
        let figures = prepared.first { $0.content.typeName == "figures" }?.content.model(FiguresBlock.self) ?? []
        let unique = ReportLoader.sorted(problems, specFile: "t.json")
        return (figures.map(\.value), unique.map(\.description))
    }
}
