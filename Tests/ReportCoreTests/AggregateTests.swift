import ReportTestSupport
import XCTest
@testable import ReportCore

/// Chart transforms checked against values worked out by hand from a small event log.
///
/// The log (weeks are ISO weeks, Monday to Sunday):
///
/// | date       | weekday | type     | fatalities | actor |
/// |------------|---------|----------|------------|-------|
/// | 2017-03-06 | Mon     | Battles  | 2          | SDF   |
/// | 2017-03-08 | Wed     | Battles  | 4          | IS    |
/// | 2017-03-12 | Sun     | Shelling | (empty)    | IS    |
/// | 2017-03-13 | Mon     | Battles  | 10         | SDF   |
/// | 2017-03-15 | Wed     | Shelling | 1          | SDF   |
/// | 2017-03-28 | Tue     | Battles  | 3          | IS    |
///
/// Week of 6 March: Battles 2 rows, Shelling 1; fatalities 2, 4 (and one empty cell).
/// Week of 13 March: Battles 1, Shelling 1; fatalities 10, 1. Week of 20 March: nothing.
/// Week of 27 March: Battles 1; fatalities 3.
final class AggregateTests: XCTestCase {
    private let csv = """
    date,type,fatalities,actor
    2017-03-06,Battles,2,SDF
    2017-03-08,Battles,4,IS
    2017-03-12,Shelling,,IS
    2017-03-13,Battles,10,SDF
    2017-03-15,Shelling,1,SDF
    2017-03-28,Battles,3,IS

    """

    private func day(_ d: Int) -> Double { Double(CivilDate(year: 2017, month: 3, day: d)!.dayNumber) }

    /// The chart model of one chart block with `keys`, and the warnings loading gave.
    private func chart(_ keys: String, file: StaticString = #filePath, line: UInt = #line) throws -> ChartModel {
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("events.csv", text: csv)
        world.add("report.json", text: """
        {"report": 1, "data": {"events": {"file": "events.csv"}},
         "sections": [{"type": "chart", "data": "events", \(keys)}]}
        """)
        let loaded: ReportLoader.Loaded
        do { loaded = try ReportLoader(world: world).load("report.json") } catch {
            XCTFail("did not load:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))", file: file, line: line)
            throw error
        }
        return try XCTUnwrap(loaded.blocks.first?.content.model(ChartBlock.self), file: file, line: line)
    }

    /// `series name → [(x, y)]`, for comparing with hand-worked values.
    private func values(_ model: ChartModel) -> [String: [[Double]]] {
        Dictionary(uniqueKeysWithValues: model.series.map { s in (s.name, s.points.map { [$0.x, $0.y] }) })
    }

    private func assertClose(_ a: [[Double]]?, _ b: [[Double]], file: StaticString = #filePath, line: UInt = #line) {
        guard let a, a.count == b.count, zip(a, b).allSatisfy({ zip($0, $1).allSatisfy { abs($0 - $1) < 1e-9 } && $0.count == $1.count }) else {
            return XCTFail("\(String(describing: a)) is not \(b)", file: file, line: line)
        }
    }

    func testCountPerWeekBySeriesFillsEmptyWeeksWithZero() throws {
        let m = try chart(#""mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "type", "stack": true"#)
        XCTAssertEqual(m.series.map(\.name), ["Battles", "Shelling"])
        assertClose(values(m)["Battles"], [[day(6), 2], [day(13), 1], [day(20), 0], [day(27), 1]])
        assertClose(values(m)["Shelling"], [[day(6), 1], [day(13), 1], [day(20), 0], [day(27), 0]])
        // Each bar spans its week, Monday to the next Monday, and the axis says so.
        XCTAssertEqual(m.intervals[day(13)], ChartModel.Interval(from: day(13), to: day(20), touching: false))
        XCTAssertEqual(m.xTitle, "ISO weeks, Monday to Sunday")
        XCTAssertEqual(m.valueTitle, "Rows per week")
    }

    func testALineOfWeeksStandsAtTheMiddleOfEachWeek() throws {
        let m = try chart(#""x": "date", "time_unit": "week", "aggregate": "count""#)
        assertClose(values(m)["rows"], [[day(6) + 3.5, 3], [day(13) + 3.5, 2], [day(20) + 3.5, 0], [day(27) + 3.5, 1]])
        XCTAssertEqual(m.intervals, [:])
    }

    func testSumMeanMedianMinMaxPerWeek() throws {
        func weekly(_ op: String) throws -> [[Double]]? {
            values(try chart(#""mark": "bar", "x": "date", "time_unit": "week", "aggregate": {"\#(op)": "fatalities"}"#))["fatalities"]
        }
        // An empty cell adds nothing; a week without rows sums to zero.
        assertClose(try weekly("sum"), [[day(6), 6], [day(13), 11], [day(20), 0], [day(27), 3]])
        // A week without values has no mean, median, minimum or maximum: no point, not zero.
        assertClose(try weekly("mean"), [[day(6), 3], [day(13), 5.5], [day(27), 3]])
        assertClose(try weekly("median"), [[day(6), 3], [day(13), 5.5], [day(27), 3]])
        assertClose(try weekly("min"), [[day(6), 2], [day(13), 1], [day(27), 3]])
        assertClose(try weekly("max"), [[day(6), 4], [day(13), 10], [day(27), 3]])
    }

    func testStandardDeviationNeedsTwoValuesAndSaysSo() throws {
        let m = try chart(#""mark": "bar", "x": "date", "time_unit": "week", "aggregate": {"stdev": "fatalities"}"#)
        // Sample deviations: (2, 4) → √2; (10, 1) → √40.5. The last week has one value.
        assertClose(values(m)["fatalities"], [[day(6), 2.0.squareRoot()], [day(13), 40.5.squareRoot()]])
        XCTAssertTrue(m.notes.contains("A standard deviation needs two values: 1 group with one value is left out."), "\(m.notes)")
    }

    func testMeanWithAStandardDeviationBand() throws {
        let m = try chart(#""x": "date", "time_unit": "week", "aggregate": {"mean": "fatalities"}, "band": "stdev""#)
        let points = m.series[0].points
        XCTAssertEqual(points.count, 3)
        XCTAssertEqual(points[0].low!, 3 - 2.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(points[0].high!, 3 + 2.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(points[1].low!, 5.5 - 40.5.squareRoot(), accuracy: 1e-9)
        XCTAssertNil(points[2].low, "one value has no deviation")
        XCTAssertTrue(m.notes.contains("The band shows the mean ± one standard deviation of each group's values."))
    }

    func testDistinctActorsPerWeek() throws {
        let m = try chart(#""mark": "bar", "x": "date", "time_unit": "week", "aggregate": {"distinct": "actor"}"#)
        assertClose(values(m)["actor"], [[day(6), 2], [day(13), 1], [day(20), 0], [day(27), 1]])
    }

    func testCountOfAColumnCountsFilledCells() throws {
        let m = try chart(#""mark": "bar", "x": "type", "aggregate": {"count": "fatalities"}"#)
        XCTAssertEqual(m.categories, ["Battles", "Shelling"])
        assertClose(values(m)["fatalities"], [[0, 4], [1, 1]])
    }

    func testSumOfYByCategory() throws {
        let m = try chart(#""mark": "bar", "x": "actor", "y": "fatalities", "aggregate": "sum""#)
        XCTAssertEqual(m.categories, ["SDF", "IS"])
        assertClose(values(m)["fatalities"], [[0, 13], [1, 7]])
        XCTAssertEqual(m.valueTitle, "Fatalities, sum")
    }

    func testMonthQuarterYearAndMonthOfYear() throws {
        assertClose(values(try chart(#""mark": "bar", "x": "date", "time_unit": "month", "aggregate": "count""#))["rows"], [[day(1), 6]])
        let quarter = try chart(#""mark": "bar", "x": "date", "time_unit": "quarter", "aggregate": "count""#)
        assertClose(values(quarter)["rows"], [[Double(CivilDate(year: 2017, month: 1, day: 1)!.dayNumber), 6]])
        XCTAssertEqual(quarter.intervals.first?.value.to, Double(CivilDate(year: 2017, month: 4, day: 1)!.dayNumber))
        let seasonal = try chart(#""mark": "bar", "x": "date", "time_unit": "month_of_year", "aggregate": "count""#)
        XCTAssertEqual(seasonal.categories?.count, 12)
        XCTAssertEqual(seasonal.series[0].points.map(\.y), [0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    func testHistogramBinsTouchAndTheLastIncludesItsUpperEdge() throws {
        // Fatalities 2, 4, 10, 1, 3 (one empty) in bins of 5: [0, 5) holds four, [5, 10] one.
        let m = try chart(#""mark": "bar", "x": "fatalities", "bin": {"step": 5}, "aggregate": "count""#)
        assertClose(values(m)["rows"], [[0, 4], [5, 1]])
        XCTAssertEqual(m.intervals[0], ChartModel.Interval(from: 0, to: 5, touching: true))
        XCTAssertEqual(m.intervals[5], ChartModel.Interval(from: 5, to: 10, touching: true))
        XCTAssertTrue(m.notes.contains("1 row without a value in \"fatalities\" is left out."), "\(m.notes)")
    }

    func testBinWidthIsChosenNicely() {
        XCTAssertEqual(BinSpec(step: nil, maxBins: 20).layout(low: 0, high: 500), Bins(first: 0, width: 50, count: 10))
        XCTAssertEqual(BinSpec(step: nil, maxBins: 10).layout(low: 3, high: 47), Bins(first: 0, width: 5, count: 10))
        XCTAssertEqual(BinSpec(step: nil, maxBins: 20).layout(low: 7, high: 7), Bins(first: 7, width: 1, count: 1))
        XCTAssertEqual(BinSpec(step: 10, maxBins: 20).layout(low: 0, high: 100), Bins(first: 0, width: 10, count: 10))
    }

    func testTopSeriesWithTheRestAsOther() throws {
        // Fatalities by actor: SDF 13, IS 7. Top 1 keeps SDF; IS becomes "Other".
        let m = try chart(#""mark": "bar", "x": "date", "time_unit": "week", "aggregate": {"sum": "fatalities"}, "series": "actor", "top": 1, "stack": true"#)
        XCTAssertEqual(m.series.map(\.name), ["SDF", "Other"])
        assertClose(values(m)["SDF"], [[day(6), 2], [day(13), 11], [day(20), 0], [day(27), 0]])
        assertClose(values(m)["Other"], [[day(6), 4], [day(13), 0], [day(20), 0], [day(27), 3]])
    }

    func testNormalizedStackIsPercentOfEachX() throws {
        let m = try chart(#""mark": "area", "x": "date", "time_unit": "week", "aggregate": "count", "series": "type", "stack": "normalize""#)
        // Week of 6 March: 2 of 3 are battles. Week of 20 March has no rows: no share.
        assertClose(values(m)["Battles"], [[day(6) + 3.5, 200.0 / 3], [day(13) + 3.5, 50], [day(27) + 3.5, 100]])
        assertClose(values(m)["Shelling"], [[day(6) + 3.5, 100.0 / 3], [day(13) + 3.5, 50], [day(27) + 3.5, 0]])
        XCTAssertEqual(m.valueTitle, "Share of rows (%)")
    }

    func testCumulativeCountRunsOverEmptyWeeks() throws {
        let m = try chart(#""mark": "step", "x": "date", "time_unit": "week", "aggregate": "count", "cumulative": true"#)
        XCTAssertEqual(m.series[0].points.map(\.y), [3, 5, 5, 6])
        XCTAssertEqual(m.valueTitle, "Rows (cumulative)")
    }

    func testAMonthInAWeeklyChartIsPlacedByItsMiddleAndSaid() throws {
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("events.csv", text: "date\n2017-03-06\n2017-03\n")
        world.add("report.json", text: #"{"report": 1, "data": {"e": {"file": "events.csv"}}, "sections": [{"type": "chart", "data": "e", "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count"}]}"#)
        let loaded = try ReportLoader(world: world).load("report.json")
        let m = try XCTUnwrap(loaded.blocks.first?.content.model(ChartBlock.self))
        // March 2017 runs 1–31; its middle, 16 March, lies in the week of 13 March.
        XCTAssertEqual(m.series[0].points.map(\.y), [1, 1])
        XCTAssertEqual(m.series[0].points.map(\.x), [day(6), day(13)])
        XCTAssertTrue(m.notes.contains("1 row is dated less precisely than a week and counted in the week of its middle."), "\(m.notes)")
        XCTAssertEqual(loaded.warnings.map(\.description),
                       [#"events.csv:3: warning: column "date": "2017-03" spans more than one week, so it is counted in the week of its middle (the chart says so under it)"#])
    }
}

/// Figures compute the same aggregates as charts, over all their rows.
final class FigureAggregateTests: XCTestCase {
    func testEveryOperationOverTheLog() throws {
        // Fatalities 2, 4, (empty), 10, 1, 3: n = 5, sum 20, mean 4, median 3, sample
        // variance ((−2)² + 0² + 6² + (−3)² + (−1)²) / 4 = 50 / 4, so sd = √12.5 ≈ 3.54.
        let csv = "date,fatalities,actor\n2017-03-06,2,SDF\n2017-03-08,4,IS\n2017-03-12,,IS\n2017-03-13,10,SDF\n2017-03-15,1,SDF\n2017-03-28,3,IS\n"
        let ops = ["sum", "mean", "median", "min", "max", "stdev"]
        let items = ops.map { #"{"label": "\#($0)", "value": {"data": "e", "\#($0)": "fatalities"}}"# }
            + [#"{"label": "distinct", "value": {"data": "e", "distinct": "actor"}}"#, #"{"label": "count", "value": {"data": "e", "count": true}}"#]
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("e.csv", text: csv)
        world.add("report.json", text: #"{"report": 1, "data": {"e": {"file": "e.csv"}}, "sections": [{"type": "figures", "items": [\#(items.joined(separator: ","))]}]}"#)
        let loaded = try ReportLoader(world: world).load("report.json")
        let figures = try XCTUnwrap(loaded.blocks.first?.content.model(FiguresBlock.self))
        XCTAssertEqual(figures.map(\.value), ["20", "4", "3", "1", "10", "3.54", "2", "6"])
    }
}

/// A table groups and counts: one row per combination of its columns.
final class TableAggregateTests: XCTestCase {
    private func table(_ keys: String) throws -> TableModel {
        let csv = "date,type,fatalities,actor\n2017-03-06,Battles,2,SDF\n2017-03-08,Battles,4,IS\n2017-03-12,Shelling,,IS\n2017-03-13,Battles,10,SDF\n2017-03-15,Shelling,1,SDF\n2017-03-28,Battles,3,IS\n"
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("e.csv", text: csv)
        world.add("report.json", text: #"{"report": 1, "data": {"e": {"file": "e.csv"}}, "sections": [{"type": "table", "data": "e", \#(keys)}]}"#)
        return try XCTUnwrap(try ReportLoader(world: world).load("report.json").blocks.first?.content.model(TableBlock.self))
    }

    func testEventsByActorAndTypeCountedAndSorted() throws {
        let m = try table(#""columns": ["actor", "type"], "aggregate": "count", "sort": ["-count", "actor"]"#)
        XCTAssertEqual(m.header, ["actor", "type", "count"])
        XCTAssertEqual(m.rows, [["IS", "Battles", "2"], ["SDF", "Battles", "2"], ["IS", "Shelling", "1"], ["SDF", "Shelling", "1"]])
        XCTAssertEqual(m.numeric, [false, false, true])
    }

    func testSumAndMeanPerGroupWithALimit() throws {
        // SDF: 2 + 10 + 1 = 13 over three values (mean 4.33); IS: 4 + 3 = 7 over two (mean 3.5).
        let sum = try table(#""columns": ["actor"], "aggregate": {"sum": "fatalities"}, "sort": "-fatalities", "limit": 1"#)
        XCTAssertEqual(sum.header, ["actor", "fatalities (sum)"])
        XCTAssertEqual(sum.rows, [["SDF", "13"]])
        let mean = try table(#""columns": ["actor"], "aggregate": {"mean": "fatalities"}"#)
        XCTAssertEqual(mean.rows, [["SDF", "4.33"], ["IS", "3.5"]])
        let distinct = try table(#""columns": ["actor"], "aggregate": {"distinct": "type"}"#)
        XCTAssertEqual(distinct.rows, [["SDF", "2"], ["IS", "2"]])
    }
}
