import Foundation
import ReportScene
import ReportTestSupport
import XCTest
@testable import ReportCore

/// A date column's precision stated in another column (ACLED `time_precision`, UCDP
/// `date_prec`) becomes the date's own uncertainty, which every block already draws.
final class DatePrecisionTests: XCTestCase {
    private func day(_ y: Int, _ m: Int, _ d: Int) -> Double { Double(CivilDate(year: y, month: m, day: d)!.dayNumber) }

    /// Loads a spec and its files from memory, as the command line would from disk.
    private func load(_ spec: String, _ files: [String: String]) throws -> ReportLoader.Loaded {
        var world = MemoryWorld(workingDirectory: "/p", fontsDirectory: Fixtures.fonts)
        world.add("s.json", text: spec)
        for (name, text) in files { world.add(name, text: text) }
        do { return try ReportLoader(world: world).load("s.json") } catch { throw error }
    }

    func testCodesWidenTheDayWrittenAndNeverNarrowIt() throws {
        let d = EventDate(day: CivilDate(year: 2017, month: 3, day: 15)!)
        XCTAssertEqual(try d.widened(to: .exact).get(), d)
        XCTAssertEqual(try d.widened(to: .days).get().isoString, "~2017-03-15")
        let month = try d.widened(to: .month).get()
        XCTAssertEqual(month.isoString, "2017-03")
        XCTAssertEqual([month.start, month.end], [day(2017, 3, 1), day(2017, 4, 1)])
        let year = try d.widened(to: .year).get()
        XCTAssertEqual(year.isoString, "2017")
        XCTAssertEqual([year.start, year.end], [day(2017, 1, 1), day(2018, 1, 1)])
        // Written coarser than the code: kept as written.
        let written = try EventDate.parse("2017-03").get()
        XCTAssertEqual(try written.widened(to: .exact).get(), written)
        XCTAssertEqual(try written.widened(to: .days).get().isoString, "2017-03")
        XCTAssertEqual(try EventDate.parse("~2017-03-15").get().widened(to: .month).get().isoString, "~2017-03")
        XCTAssertEqual(try EventDate.parse("2017").get().widened(to: .month).get().isoString, "2017")
        guard case .failure = try EventDate.parse("2017-03-15T10:00Z").get().widened(to: .days) else {
            return XCTFail("a date-time was widened without a time zone for its day")
        }
    }

    func testCodeTablesAndColumnNames() {
        XCTAssertEqual(DatePrecisionCodes.recognised(fromColumn: "time_precision"), .acled)
        XCTAssertEqual(DatePrecisionCodes.recognised(fromColumn: "DATE_PREC"), .ucdp)
        XCTAssertNil(DatePrecisionCodes.recognised(fromColumn: "precision"))
        XCTAssertEqual(DatePrecisionCodes.acled.meanings.map(\.uncertainty), [.exact, .days, .month])
        XCTAssertEqual(DatePrecisionCodes.ucdp.meanings.map(\.uncertainty), [.exact, .days, .days, .month, .year])
        XCTAssertEqual(try DatePrecisionCodes.acled.uncertainty(" 2.0 ").get(), .days)
        for bad in ["0", "4", "1.5", "x", ""] {
            guard case .failure = DatePrecisionCodes.acled.uncertainty(bad) else { return XCTFail("\"\(bad)\" read as an ACLED code") }
        }
    }

    /// UCDP GED: `date_start` with `date_prec` 1…5, `best`/`low`/`high` as a timeline's size
    /// and its range; the model's dates carry each code's uncertainty.
    func testUCDPRowsBecomeTheMarksTheTimelineDraws() throws {
        let csv = """
        id,date_start,date_end,date_prec,best,low,high
        1,2017-03-01,2017-03-01,1,4,3,6
        2,2017-03-04,2017-03-08,2,40,10,90
        3,2017-03-10,2017-03-16,3,2,2,3
        4,2017-03-01,2017-03-31,4,30,20,45
        5,2017-02-01,2017-06-30,5,100,60,140

        """
        let loaded = try load("""
        {"report": 1, "data": {"ged": {"file": "ged.csv", "types": {"date_start": {"type": "date", "precision": "date_prec"}}}},
         "sections": [{"id": "tl", "type": "timeline", "data": "ged", "date": "date_start", "size": "best", "size_low": "low", "size_high": "high"}]}
        """, ["ged.csv": csv])
        let model = try XCTUnwrap(loaded.blocks[0].content.model(TimelineBlock.self))
        XCTAssertEqual(model.events.map { $0.date.isoString }, ["2017-03-01", "~2017-03-04", "~2017-03-10", "2017-03", "2017"])
        XCTAssertEqual(model.events.sizeRange(4).low, 60)
        XCTAssertEqual(model.events.sizeRange(4).high, 140)

        // Laid out: the legend explains each mark, and a range draws rings around its dot.
        let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"),
                                colors: ColorMap(theme: loaded.spec.theme), specFile: "s.json")
        let layout = ReportLayout(spec: loaded.spec, blocks: loaded.blocks, context: ctx, toolName: "test")
        let page = try XCTUnwrap(layout.layOutBlock("tl", width: 800, height: 400)).page
        let texts = TimelineSceneChecks.texts(page.items)
        for expected in ["approximate date (~)", "date known only to the month or year", "reported range: outer ring high, inner ring low"] {
            XCTAssertTrue(texts.contains(expected), "\(expected) not in \(texts)")
        }
        let scale = TimeScale(start: model.from, end: model.to, range: 100, 700)
        let lane = PointLane(model: model, ctx: ctx, scale: scale, sizes: SizeScale(maxValue: 140),
                             metrics: LaneMetrics(lineHeight: 10, maxLineWidth: 200, maxLabelWidth: 100, numberWidth: 10, style: ctx.styles.label))
        let rings = try XCTUnwrap(lane.rangeRadii(1))
        XCTAssertEqual(try XCTUnwrap(rings.high), SizeScale(maxValue: 140).radius(90), accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(rings.low), SizeScale(maxValue: 140).radius(10), accuracy: 1e-9)
        XCTAssertNil(lane.rangeRadii(2), "2 to 3 around 2 is not told apart from the dot: no rings")
    }

    /// The example report reads its ACLED-format export as it is: 42 days known, 9 weeks or
    /// weekends (approximate), 6 months.
    func testTheACLEDExampleCarriesEachRowsPrecision() throws {
        let path = Fixtures.root + "/Reports/acled-example/report.json"
        let loaded = try ReportLoader().load(path)
        let block = try XCTUnwrap(loaded.blocks.first { $0.spec.id == "timeline" })
        let model = try XCTUnwrap(block.content.model(TimelineBlock.self))
        let dates = model.events.map(\.date)
        XCTAssertEqual(dates.count, 57)
        XCTAssertEqual(dates.filter { $0.precision == .day && !$0.approximate }.count, 42)
        XCTAssertEqual(dates.filter { $0.precision == .day && $0.approximate }.count, 9)
        XCTAssertEqual(dates.filter { $0.precision == .month }.count, 6)
        // SYR90003 "15 January 2017", code 3; SYR90006 "25 January 2017", code 2.
        XCTAssertEqual(dates[2].isoString, "2017-01")
        XCTAssertEqual(dates[5].isoString, "~2017-01-25")
        XCTAssertEqual(model.events.label(2), "Raqqa")
    }
}
