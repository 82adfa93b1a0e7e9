import XCTest
@testable import ReportCore

/// Filters on a small table whose expected rows are worked out by hand (the comments beside
/// each case say why), so that the filter code is checked against reasoning, not itself.
final class FilterTests: XCTestCase {
    /// Row 0 is line 2 of the file.
    ///
    ///     row  date        actor         fatalities
    ///     0    2017-03-01  SDF           3
    ///     1    2017-03-05  (empty)       7
    ///     2    2017-04-02  IS            12
    ///     3    2017-03     IS            (empty)      month precision: all of March
    ///     4    (empty)     Syrian Army   0
    ///     5    2017-02-28  SDF           5
    static let events = table(["date", "actor", "fatalities"], [
        ["2017-03-01", "SDF", "3"],
        ["2017-03-05", "", "7"],
        ["2017-04-02", "IS", "12"],
        ["2017-03", "IS", ""],
        ["", "Syrian Army", "0"],
        ["2017-02-28", "SDF", "5"],
    ])

    static func table(_ names: [String], _ rows: [[String]], file: String = "events.csv") -> DataTable {
        DataTable(name: "events", columnNames: names, columns: names.indices.map { c in Column(rows.map { $0[c] }) }, file: file,
                  rowPositions: rows.indices.map { SourcePosition(line: $0 + 2, column: 0) })
    }

    /// The filter written as JSON, decoded as a block's `filter`; fails on decoder errors.
    func filter(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> FilterSpec {
        let text = #"{"report": 1, "data": {"events": {"values": []}}, "sections": [{"type": "table", "data": "events", "filter": \#(json)}]}"#
        let (spec, diagnostics) = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(try JSONTreeParser.parse(Array(text.utf8)))
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.description), [], json, file: file, line: line)
        return try XCTUnwrap(spec.sections.first?.filter, file: file, line: line)
    }

    /// The rows `json` keeps of `table`, and the diagnostics it gives.
    func rows(_ json: String, of table: DataTable = events, file: StaticString = #filePath, line: UInt = #line) throws -> (rows: [Int], diagnostics: [String]) {
        var diagnostics: [Diagnostic] = []
        let view = DataView(table: table).filtered(by: try filter(json, file: file, line: line), specFile: "spec.json", diagnostics: &diagnostics)
        return (Array(view.rows), diagnostics.map(\.description))
    }

    func assertRows(_ json: String, _ expected: [Int], of table: DataTable = events, file: StaticString = #filePath, line: UInt = #line) throws {
        let (kept, diagnostics) = try rows(json, of: table, file: file, line: line)
        XCTAssertEqual(kept, expected, json, file: file, line: line)
        XCTAssertEqual(diagnostics, [], json, file: file, line: line)
    }

    func testInIsTheListFormSpelledOut() throws {
        try assertRows(#"{"actor": "SDF"}"#, [0, 5])
        try assertRows(#"{"actor": ["SDF", "IS"]}"#, [0, 2, 3, 5])
        try assertRows(#"{"actor": {"in": ["SDF", "IS"]}}"#, [0, 2, 3, 5])
        try assertRows(#"{"actor": {"in": ["SDF"]}}"#, [0, 5])
        // Numbers are compared as written, as in the list form.
        try assertRows(#"{"fatalities": {"in": [3, "12"]}}"#, [0, 2])
        // Only "" matches an empty cell.
        try assertRows(#"{"actor": {"in": ["", "IS"]}}"#, [1, 2, 3])
    }

    func testNotOfValuesKeepsEmptyCells() throws {
        // Row 1's actor is empty: it is not "SDF", so it stays.
        try assertRows(#"{"actor": {"not": "SDF"}}"#, [1, 2, 3, 4])
        try assertRows(#"{"actor": {"not": ["SDF", "IS"]}}"#, [1, 4])
        try assertRows(#"{"actor": {"not": {"in": ["SDF", "IS"]}}}"#, [1, 4])
        // Naming "" drops the empty cells too.
        try assertRows(#"{"actor": {"not": {"in": ["SDF", ""]}}}"#, [2, 3, 4])
        try assertRows(#"{"fatalities": {"not": 0}}"#, [0, 1, 2, 3, 5])
    }

    func testNotOfARangeKeepsOnlyValuesOutsideIt() throws {
        // 5…10 holds rows 1 (7) and 5 (5); row 3 is empty and is kept by neither.
        try assertRows(#"{"fatalities": {"min": 5, "max": 10}}"#, [1, 5])
        try assertRows(#"{"fatalities": {"not": {"min": 5, "max": 10}}}"#, [0, 2, 4])
        // Below 5: 3 and 0.
        try assertRows(#"{"fatalities": {"not": {"min": 5}}}"#, [0, 4])
        // Above 3: 7, 12, 5.
        try assertRows(#"{"fatalities": {"not": {"max": 3}}}"#, [1, 2, 5])
        // March overlaps rows 0, 1 and 3 (the month "2017-03"); row 4 has no date.
        try assertRows(#"{"date": {"from": "2017-03-01", "to": "2017-03-31"}}"#, [0, 1, 3])
        try assertRows(#"{"date": {"not": {"from": "2017-03-01", "to": "2017-03-31"}}}"#, [2, 5])
        // Before 2 March: 1 March and 28 February. The month "2017-03" reaches past 2 March,
        // so it is inside the range, not before it.
        try assertRows(#"{"date": {"not": {"from": "2017-03-02"}}}"#, [0, 5])
        // After March (the "to" month): only 2 April.
        try assertRows(#"{"date": {"not": {"to": "2017-03"}}}"#, [2])
    }

    func testAnyOfKeepsRowsPassingOneAlternative() throws {
        // SDF: rows 0 and 5; at least 10 dead: row 2.
        try assertRows(#"{"any": [{"actor": "SDF"}, {"fatalities": {"min": 10}}]}"#, [0, 2, 5])
        // Both conditions of an alternative must hold: SDF with at least 5 dead is row 5.
        try assertRows(#"{"any": [{"actor": "SDF", "fatalities": {"min": 5}}, {"actor": ""}]}"#, [1, 5])
        // Beside "any", a column condition must hold too: from 1 March keeps 0…3.
        try assertRows(#"{"date": {"from": "2017-03-01"}, "any": [{"actor": "SDF"}, {"fatalities": {"min": 10}}]}"#, [0, 2])
        try assertRows(#"{"any": [{"actor": "SDF"}, {"fatalities": {"min": 10}}], "date": {"from": "2017-03-01"}}"#, [0, 2])
        // Nested: IS (rows 2, 3) with no deaths or a month date (row 3), or an empty actor (row 1).
        try assertRows(#"{"any": [{"actor": "IS", "any": [{"fatalities": {"max": 0}}, {"date": "2017-03"}]}, {"actor": ""}]}"#, [1, 3])
        // One alternative is allowed; an alternative matching nothing leaves the others.
        try assertRows(#"{"any": [{"actor": "Nobody"}, {"actor": {"not": ["SDF", "IS", ""]}}]}"#, [4])
        try assertRows(#"{"any": [{"actor": "Nobody"}]}"#, [])
    }

    func testAColumnNamedAnyStaysFilterable() throws {
        let t = Self.table(["any", "n"], [["x", "1"], ["y", "2"], ["", "3"]])
        try assertRows(#"{"any": "x"}"#, [0], of: t)
        try assertRows(#"{"any": ["x", "y"]}"#, [0, 1], of: t)
        try assertRows(#"{"any": {"in": ["y"]}}"#, [1], of: t)
        try assertRows(#"{"any": {"not": "x"}}"#, [1, 2], of: t)
        // A list of objects is any-of, even with such a column.
        try assertRows(#"{"any": [{"any": "x"}, {"n": {"min": 3}}]}"#, [0, 2], of: t)
    }

    func testUnreadableCellsStayErrorsUnderNot() throws {
        let t = Self.table(["date", "n"], [["2017-03-01", "1"], ["sometime", "several"], ["", ""], ["2017-05-01", "9"]])
        var result = try rows(#"{"date": {"not": {"from": "2017-04-01"}}}"#, of: t)
        XCTAssertEqual(result.rows, [0], "before April: row 0 only; row 1 does not read, row 2 is empty")
        XCTAssertEqual(result.diagnostics, [
            #"events.csv:3: error: column "date": "sometime" is not a date: expected a date like 2017-03-10, 2017-03, 2017 or 2017-03-10T14:30:00Z (the filter at sections[0].filter.date compares dates)"#,
        ])
        result = try rows(#"{"n": {"not": {"max": 5}}}"#, of: t)
        XCTAssertEqual(result.rows, [3])
        XCTAssertEqual(result.diagnostics, [
            #"events.csv:3: error: column "n": "several" is not a number; expected digits such as 1200, -3.5 or +400 (the filter at sections[0].filter.n compares numbers)"#,
        ])
        // A row an earlier alternative keeps is not judged by later ones: row 1's bad date
        // cannot change its fate, as with all-of conditions today.
        result = try rows(#"{"any": [{"n": "several"}, {"date": {"from": "2017-04-01"}}]}"#, of: t)
        XCTAssertEqual(result.rows, [1, 3])
        XCTAssertEqual(result.diagnostics, [])
        result = try rows(#"{"any": [{"n": "9"}, {"date": {"from": "2017-04-01"}}]}"#, of: t)
        XCTAssertEqual(result.rows, [3])
        XCTAssertEqual(result.diagnostics.count, 1, "row 1 is judged by the second alternative: \(result.diagnostics)")
        XCTAssertTrue(result.diagnostics[0].contains("filter at sections[0].filter.any[1].date compares dates"), result.diagnostics[0])
    }

    func testUnknownColumnsInAlternativesAreReported() throws {
        let (kept, diagnostics) = try rows(#"{"any": [{"actor": {"not": "x"}}, {"place": "Raqqa"}]}"#)
        XCTAssertEqual(kept, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(diagnostics, [
            #"spec.json:1:145: error: data source "events" has no column "place" (columns: date, actor, fatalities) [at sections[0].filter.any[1].place]"#,
        ])
    }

    func testSummariesSayTheConditionsInWords() throws {
        let cases: [(String, String)] = [
            (#"{"actor": {"not": "SDF"}}"#, #"actor is not "SDF""#),
            (#"{"actor": {"not": ["SDF", "IS"]}}"#, #"actor is not one of "SDF", "IS""#),
            (#"{"actor": {"in": ["SDF", "IS"]}}"#, #"actor is one of "SDF", "IS""#),
            (#"{"actor": {"not": {"in": ["SDF"]}}}"#, #"actor is not "SDF""#),
            (#"{"date": {"not": {"from": "2017-03-01", "to": "2017-03-31"}}}"#, "date before 2017-03-01 or after 2017-03-31"),
            (#"{"date": {"not": {"to": "2017-03"}}}"#, "date after 2017-03"),
            (#"{"n": {"not": {"min": 5, "max": 10}}}"#, "n below 5 or above 10"),
            (#"{"n": {"not": {"min": 5}}}"#, "n below 5"),
            (#"{"n": {"not": {"max": 10}}}"#, "n above 10"),
            (#"{"any": [{"actor": "SDF"}, {"event_type": "Battles"}]}"#, #"any of (actor is "SDF") or (event_type is "Battles")"#),
            (#"{"n": {"min": 1}, "any": [{"actor": "SDF", "n": {"max": 3}}, {"actor": {"not": "IS"}}]}"#,
             #"n at least 1 and any of (actor is "SDF" and n at most 3) or (actor is not "IS")"#),
        ]
        for (json, words) in cases { XCTAssertEqual(try filter(json).summary, words, json) }
    }

    func testCanMatch() throws {
        XCTAssertTrue(try filter(#"{"actor": {"not": "SDF"}, "any": [{"actor": "x"}]}"#).canMatch)
        // Built by hand: the decoder refuses a range that runs backwards (with an error), so
        // an empty result is no news; its `not`, though, keeps every value.
        let field = FieldRef("n", at: SourcePosition(line: 1, column: 1), path: "filter.n")
        let backwards = FilterSpec.Condition.numberRange(min: 10, max: 5)
        XCTAssertFalse(FilterSpec(conditions: [(field, backwards)]).canMatch)
        XCTAssertTrue(FilterSpec(conditions: [(field, .not(backwards))]).canMatch)
        let dead = FilterSpec(conditions: [(field, backwards)])
        let live = FilterSpec(conditions: [(field, .oneOf(["1"]))])
        let at = SourcePosition(line: 1, column: 1)
        XCTAssertFalse(FilterSpec(conditions: [], anyOf: .init(alternatives: [dead, dead], position: at, path: "any")).canMatch)
        XCTAssertTrue(FilterSpec(conditions: [], anyOf: .init(alternatives: [dead, live], position: at, path: "any")).canMatch)
        XCTAssertFalse(FilterSpec(conditions: [(field, backwards)], anyOf: .init(alternatives: [live], position: at, path: "any")).canMatch)
    }
}
