import XCTest
@testable import ReportCore

final class ScaleTests: XCTestCase {
    func testNiceTicksUseStepsOfOneTwoFive() {
        XCTAssertEqual(NiceTicks.ticks(0, 10, count: 5), [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(NiceTicks.ticks(0, 1000, count: 5), [0, 200, 400, 600, 800, 1000])
        XCTAssertEqual(NiceTicks.ticks(0, 1, count: 10), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
        XCTAssertEqual(NiceTicks.ticks(-35, 120, count: 4), [0, 50, 100])
        // No float drift: 0.1 steps come out as exact decimal literals.
        XCTAssertEqual(NiceTicks.ticks(0.1, 0.35, count: 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    }

    func testNiceDomainWidensToWholeSteps() {
        let (lo, hi) = NiceTicks.niceDomain(3, 947, count: 5)
        XCTAssertEqual(lo, 0)
        XCTAssertEqual(hi, 1000)
    }

    func testLinearScaleMapsEnds() {
        let s = LinearScale(domain: 0, 100, range: 500, 100)
        XCTAssertEqual(s(0), 500)
        XCTAssertEqual(s(100), 100)
        XCTAssertEqual(s(50), 300)
    }

    func testNumberFormats() {
        XCTAssertEqual(NumberFormat.grouped(1500), "1,500")
        XCTAssertEqual(NumberFormat.grouped(1234567.5), "1,234,567.5")
        XCTAssertEqual(NumberFormat.grouped(-400), "−400")
        XCTAssertEqual(NumberFormat.grouped(0.1 + 0.2), "0.3")
        XCTAssertEqual(NumberFormat.compact([1200]), ["1.2k"])
        XCTAssertEqual(NumberFormat.compact([3_400_000]), ["3.4M"])
        XCTAssertEqual(NumberFormat.compact([950]), ["950"])
        XCTAssertEqual(NumberFormat.grouped(633_836.83), "633,836.83", "digits of large numbers do not drift")
        XCTAssertEqual(NumberFormat.grouped(0.125), "0.13", "rounded half away from zero")
        XCTAssertEqual(NumberFormat.grouped(100, maxDecimals: 0), "100")
        XCTAssertEqual(NumberFormat.exact(-1_234.125), "−1,234.125")
        XCTAssertEqual(NumberFormat.spec(72), "72")
        XCTAssertEqual(NumberFormat.spec(0.5), "0.5")
    }

    /// Ticks inside a fixed range take the step nearest span ÷ count; value axes, which
    /// widen to whole steps, take the step whose domain hugs the data.
    func testTheTwoStepFits() {
        XCTAssertEqual(NiceTicks.step(0, 12, count: 2).value, 5)
        XCTAssertEqual(NiceTicks.step(0, 12, count: 2, fit: .hugging).value, 10)
        XCTAssertEqual(NiceTicks.step(0, 1, count: 10), NiceStep(mantissa: 1, exponent: -1))
        XCTAssertEqual(NiceStep(mantissa: 10, exponent: -2), NiceStep(mantissa: 1, exponent: -1))
        XCTAssertEqual(NiceStep(mantissa: 5, exponent: -2).multiple(3), 0.15)
    }

    private func day(_ s: String) -> Double { try! EventDate.parse(s).get().start }

    func testDayTicksWriteMonthAndYearOnce() {
        let start = day("2017-03-01"), end = day("2017-03-31")
        let interval = CalendarInterval(unit: .week, step: 1)
        let ticks = ConciseDateLabels.label(interval.ticks(from: start, to: end), interval: interval)
        XCTAssertEqual(ticks.map(\.label), ["6 Mar", "13", "20", "27"])
        XCTAssertEqual(ticks.map(\.context), ["2017", nil, nil, nil])
    }

    /// Ticks and concise labels of intervals from 3 hours to 25 years (which interval an
    /// axis picks for a range and a width is tested in TimeAxisTests).
    func testConciseLabelsAcrossRanges() {
        // 1 day, 1 month, 1 year, 10 years, 200 years.
        let cases: [(String, String, CalendarInterval.Unit, Int, [String])] = [
            ("2017-03-10", "2017-03-11", .hour, 3, ["10 Mar", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "11 Mar"]),
            ("2017-03-01", "2017-04-01", .week, 1, ["6 Mar", "13", "20", "27"]),
            ("2017-01-01", "2018-01-01", .month, 3, ["Jan", "Apr", "Jul", "Oct", "Jan"]),
            ("2010-01-01", "2020-01-01", .year, 2, ["2010", "2012", "2014", "2016", "2018", "2020"]),
            ("1817-01-01", "2017-01-01", .year, 25, ["1825", "1850", "1875", "1900", "1925", "1950", "1975", "2000"]),
        ]
        for (from, to, unit, step, labels) in cases {
            let interval = CalendarInterval(unit: unit, step: step)
            let ticks = ConciseDateLabels.label(interval.ticks(from: day(from), to: day(to)), interval: interval)
            XCTAssertEqual(ticks.map(\.label), labels, "\(from)…\(to)")
        }
    }

    func testMonthTicksLandOnFirstOfMonth() {
        let interval = CalendarInterval(unit: .month, step: 1)
        let ticks = interval.ticks(from: day("2016-11-15"), to: day("2017-02-10"))
        XCTAssertEqual(ticks.map { CivilDate(dayNumber: Int($0)).isoString }, ["2016-12-01", "2017-01-01", "2017-02-01"])
    }

    /// `"zero": false`: the axis hugs the data (300…900 stays 300…900, not 0…900); one value
    /// alone gets a tenth either side.
    func testAFittedValueAxisLeavesZeroOut() {
        let fitted = NiceTicks.valueAxis(300, 900, count: 5, fromZero: false)
        XCTAssertEqual(fitted.domain.0, 300)
        XCTAssertEqual(fitted.domain.1, 900)
        XCTAssertFalse(fitted.ticks.contains(0))
        XCTAssertEqual(NiceTicks.valueAxis(300, 900, count: 5).domain.0, 0, "by default the axis starts at zero")
        let single = NiceTicks.valueAxis(50, 50, count: 4, fromZero: false)
        XCTAssertLessThan(single.domain.0, 50)
        XCTAssertGreaterThan(single.domain.1, 50)
    }
}
