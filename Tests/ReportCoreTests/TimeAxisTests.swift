import ReportTestSupport
import Foundation
import XCTest
import ReportScene
@testable import ReportCore

/// Time axes: calendar intervals, concise labels, and the ticks a plot of a given width
/// gets for ranges from a day to two centuries (scene snapshots).
final class TimeAxisTests: XCTestCase {
    private func day(_ s: String) -> Double { try! EventDate.parse(s).get().start }
    private func iso(_ d: Double) -> String {
        let civil = CivilDate(dayNumber: Int(d.rounded(.down)))
        let minutes = Int(((d - d.rounded(.down)) * 1440).rounded())
        return minutes == 0 ? civil.isoString : civil.isoString + String(format: "T%02d:%02d", minutes / 60, minutes % 60)
    }

    private func context(range: (String, String), width: Double = 600) -> (TimeScale, Rect, LayoutContext) {
        let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"),
                                colors: ColorMap(theme: try! TimelineFixture.load("{\"report\": 1, \"sections\": []}").0.theme), specFile: "t")
        let scale = TimeScale(start: day(range.0), end: day(range.1), range: 40, 40 + width)
        return (scale, Rect(x: 40, y: 0, width: width, height: 100), ctx)
    }

    /// Scene snapshots of the axis (ticks, labels, context) for five ranges, 600 points wide.
    func testTickChoiceSnapshots() throws {
        let cases: [(String, String, String)] = [
            ("1-day", "2017-03-10", "2017-03-11"),
            ("1-month", "2017-03-01", "2017-04-01"),
            ("1-year", "2017-01-01", "2018-01-01"),
            ("10-years", "2010-01-01", "2020-01-01"),
            ("200-years", "1817-01-01", "2017-01-01"),
        ]
        for (name, from, to) in cases {
            let (scale, plot, ctx) = context(range: (from, to))
            let (interval, ticks) = DateAxis.ticks(scale, plot: plot, ctx)
            let axis = DateAxis.draw(scale, plot: plot, ctx)
            var text = "range \(from) … \(to), plot \(SceneSnapshot.number(plot.width)) pt\n"
            text += "interval \(interval)\n"
            text += "ticks " + ticks.map { "\(iso($0.tick.day))=\"\($0.tick.label)\"" + ($0.tick.context.map { "/\"\($0)\"" } ?? "") }.joined(separator: " ") + "\n"
            text += "height \(SceneSnapshot.number(axis.height))\n"
            text += SceneSnapshot.lines(axis.items).joined(separator: "\n") + "\n"
            try SceneSnapshot.assertMatches(text, named: "time-axis-\(name)")
        }
    }

    /// The intervals the snapshots show, spelled out, so a failure says what changed.
    func testTickIntervalsByRange() {
        let cases: [(String, String, Double, CalendarInterval, [String])] = [
            ("2017-03-10", "2017-03-11", 600, .init(unit: .hour, step: 3), ["10 Mar", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "11 Mar"]),
            ("2017-03-01", "2017-04-01", 600, .init(unit: .day, step: 2), ["1 Mar", "3", "5", "7", "9", "11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "1 Apr"]),
            ("2017-03-01", "2017-04-01", 250, .init(unit: .week, step: 1), ["6 Mar", "13", "20", "27"]),
            ("2017-01-01", "2018-01-01", 600, .init(unit: .month, step: 1), ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan"]),
            ("2010-01-01", "2020-01-01", 600, .init(unit: .year, step: 1), (2010...2020).map(String.init)),
            ("1817-01-01", "2017-01-01", 600, .init(unit: .year, step: 20), stride(from: 1820, through: 2000, by: 20).map(String.init)),
        ]
        for (from, to, width, expected, labels) in cases {
            let (scale, plot, ctx) = context(range: (from, to), width: width)
            let (interval, ticks) = DateAxis.ticks(scale, plot: plot, ctx)
            XCTAssertEqual(interval, expected, "\(from)…\(to) at \(width) pt")
            XCTAssertEqual(ticks.map(\.tick.label), labels, "\(from)…\(to) at \(width) pt")
        }
    }

    /// Whatever the range and width, no two tick labels (nor two context labels) come closer
    /// than the gap, and the year is written where it changes.
    func testTickLabelsNeverCollide() {
        let ranges = [("2017-03-10", "2017-03-10"), ("2017-03-10", "2017-03-12"), ("2017-02-20", "2017-03-20"), ("2016-11-15", "2017-04-02"),
                      ("2015-06-01", "2018-02-01"), ("1990-01-01", "2020-12-31"), ("1800-01-01", "2017-01-01"), ("0001-01-01", "2017-01-01")]
        for (from, to) in ranges {
            for width in [120.0, 200, 320, 480, 700, 1100] {
                let start = day(from), end = day(to) + 1
                let ctx = context(range: (from, from)).2
                let scale = TimeScale(start: start, end: end, range: 0, width)
                let (_, ticks) = DateAxis.ticks(scale, plot: Rect(x: 0, y: 0, width: width, height: 10), ctx)
                XCTAssertGreaterThanOrEqual(ticks.count, 1, "\(from)…\(to) at \(width)")
                for (a, b) in zip(ticks, ticks.dropFirst()) {
                    XCTAssertGreaterThanOrEqual(b.labelBox.minX - a.labelBox.maxX, DateAxis.labelGap - 1e-9, "\(from)…\(to) at \(width): \(a.tick.label) / \(b.tick.label)")
                }
                let contexts = ticks.compactMap(\.contextBox)
                for (a, b) in zip(contexts, contexts.dropFirst()) { XCTAssertGreaterThanOrEqual(b.minX - a.maxX, DateAxis.labelGap - 1e-9) }
                if let first = ticks.first, [.day, .week, .month].contains(DateAxis.ticks(scale, plot: Rect(x: 0, y: 0, width: width, height: 10), ctx).interval.unit) {
                    XCTAssertNotNil(first.tick.context, "the year is written under the first tick")
                }
            }
        }
    }

    func testIntervalsAlignToTheCalendar() {
        func ticks(_ unit: CalendarInterval.Unit, _ step: Int, _ from: String, _ to: String) -> [String] {
            CalendarInterval(unit: unit, step: step).ticks(from: day(from), to: day(to)).map(iso)
        }
        XCTAssertEqual(ticks(.hour, 6, "2017-03-10", "2017-03-11"), ["2017-03-10", "2017-03-10T06:00", "2017-03-10T12:00", "2017-03-10T18:00", "2017-03-11"])
        XCTAssertEqual(ticks(.week, 1, "2017-03-01", "2017-03-31"), ["2017-03-06", "2017-03-13", "2017-03-20", "2017-03-27"], "ISO weeks start on Monday")
        XCTAssertEqual(ticks(.week, 2, "2017-03-01", "2017-03-31"), ticks(.week, 2, "2017-02-20", "2017-03-31").filter { $0 >= "2017-03-01" },
                       "two-week steps do not move with the start of the range")
        XCTAssertEqual(ticks(.day, 2, "2017-02-24", "2017-03-04"), ["2017-02-25", "2017-02-27", "2017-03-01", "2017-03-03"],
                       "2-day steps restart on the 1st without a 1-day gap")
        XCTAssertEqual(ticks(.month, 3, "2016-11-15", "2017-08-01"), ["2017-01-01", "2017-04-01", "2017-07-01"])
        XCTAssertEqual(ticks(.year, 25, "1817-01-01", "1900-01-01"), ["1825-01-01", "1850-01-01", "1875-01-01", "1900-01-01"])
        XCTAssertEqual(ticks(.year, 1, "1969-06-01", "1971-06-01"), ["1970-01-01", "1971-01-01"], "across day 0")
        XCTAssertEqual(ticks(.month, 1, "1969-11-15", "1970-02-10"), ["1969-12-01", "1970-01-01", "1970-02-01"], "before 1970")
    }

    func testFloorAndNextAgree() {
        for interval in CalendarInterval.candidates + CalendarInterval.binCandidates {
            var t = interval.floor(day("1999-12-30"))
            for _ in 0..<30 {
                let n = interval.next(t)
                XCTAssertGreaterThan(n, t, "\(interval)")
                XCTAssertEqual(interval.floor(n), n, "\(interval): next(\(iso(t))) = \(iso(n)) is a boundary")
                XCTAssertEqual(interval.floor((t + n) / 2), t, "\(interval): the middle of a step floors to its start")
                t = n
            }
        }
    }

    func testMidnightHourTicksAreExactDays() {
        let ticks = CalendarInterval(unit: .hour, step: 1).ticks(from: day("2017-03-10"), to: day("2017-03-12"))
        XCTAssertEqual(ticks.count, 49)
        XCTAssertEqual(ticks[24], day("2017-03-11"), "exactly, not 17236.999…")
        let labels = ConciseDateLabels.label(ticks, interval: CalendarInterval(unit: .hour, step: 1))
        XCTAssertEqual(labels[0].context, "2017 UTC", "the axis says which zone it shows")
        XCTAssertEqual(labels[24].label, "11 Mar")
    }

    func testBinsCoverTheRange() {
        let interval = CalendarInterval.bin(minDays: 3.6)
        XCTAssertEqual(interval, CalendarInterval(unit: .week, step: 1))
        XCTAssertEqual(interval.name, "week")
        XCTAssertEqual(CalendarInterval(unit: .month, step: 3).name, "3 months")
        let edges = CalendarInterval(unit: .month, step: 1).boundaries(from: day("2017-03-10"), to: day("2017-05-01"))
        XCTAssertEqual(edges.map(iso), ["2017-03-01", "2017-04-01", "2017-05-01"])
    }
}
