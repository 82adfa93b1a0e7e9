import Foundation

/// Time axes: days since 1970-01-01 (UTC civil days, fractional for instants) mapped to
/// positions, with ticks on calendar boundaries from a table of intervals, in the manner of
/// d3-time and d3-scale's time scale (`DateAxis` in Axis/ chooses the interval).
public struct TimeScale: Sendable {
    /// First and last day shown (fractional days since 1970-01-01).
    public let start: Double
    public let end: Double
    public let rangeStart: Double
    public let rangeEnd: Double

    /// Creates a time scale; an empty span is widened to one day.
    public init(start: Double, end: Double, range rangeStart: Double, _ rangeEnd: Double) {
        if end > start { self.start = start; self.end = end } else { self.start = start - 0.5; self.end = start + 0.5 }
        self.rangeStart = rangeStart; self.rangeEnd = rangeEnd
    }

    /// The position of a day number.
    @inline(__always) public func callAsFunction(_ day: Double) -> Double {
        rangeStart + (day - start) / (end - start) * (rangeEnd - rangeStart)
    }

    /// The day number at a position (the inverse of `callAsFunction`).
    public func day(at x: Double) -> Double {
        start + (x - rangeStart) / (rangeEnd - rangeStart) * (end - start)
    }

    /// Points per day.
    public var pointsPerDay: Double { (rangeEnd - rangeStart) / (end - start) }

    /// The same days over another range of positions.
    public func withRange(_ a: Double, _ b: Double) -> TimeScale { TimeScale(start: start, end: end, range: a, b) }
}

/// A calendar interval (d3-time's `interval.every(step)`): `floor` finds the boundary at or
/// before a day, `offset` steps from one boundary to the next. Boundaries are aligned to
/// the calendar, not to the range shown: 3-hour steps fall on 00, 03, 06 … UTC; 2-week steps
/// on every other ISO week counted from 1970; 3-month steps on Jan, Apr, Jul, Oct; 25-year
/// steps on 1900, 1925 …, so the same dates get the same ticks whatever the range.
public struct CalendarInterval: Sendable, Hashable, CustomStringConvertible {
    /// Units of calendar time.
    public enum Unit: Int, Sendable, Comparable {
        case minute, hour, day, week, month, year
        public static func < (a: Unit, b: Unit) -> Bool { a.rawValue < b.rawValue }
    }
    public var unit: Unit
    public var step: Int

    /// Creates an interval of `step` units.
    public init(unit: Unit, step: Int) { self.unit = unit; self.step = max(1, step) }

    /// Approximate length in days, for choosing an interval by span.
    public var approximateDays: Double {
        switch unit {
        case .minute: return Double(step) / 1440
        case .hour: return Double(step) / 24
        case .day: return Double(step)
        case .week: return Double(7 * step)
        case .month: return 30.44 * Double(step)
        case .year: return 365.25 * Double(step)
        }
    }

    public var description: String { "\(step) \(unit)" }

    /// Tick intervals from a minute to a millennium.
    public static let candidates: [CalendarInterval] = [
        .init(unit: .minute, step: 1), .init(unit: .minute, step: 5), .init(unit: .minute, step: 15), .init(unit: .minute, step: 30),
        .init(unit: .hour, step: 1), .init(unit: .hour, step: 3), .init(unit: .hour, step: 6), .init(unit: .hour, step: 12),
        .init(unit: .day, step: 1), .init(unit: .day, step: 2), .init(unit: .week, step: 1), .init(unit: .week, step: 2),
        .init(unit: .month, step: 1), .init(unit: .month, step: 3), .init(unit: .month, step: 6),
        .init(unit: .year, step: 1), .init(unit: .year, step: 2), .init(unit: .year, step: 5), .init(unit: .year, step: 10),
        .init(unit: .year, step: 20), .init(unit: .year, step: 25), .init(unit: .year, step: 50), .init(unit: .year, step: 100),
        .init(unit: .year, step: 200), .init(unit: .year, step: 500), .init(unit: .year, step: 1000),
    ]

    /// Bins for counting events: lengths a reader can name ("per week", "per month").
    public static let binCandidates: [CalendarInterval] = [
        .init(unit: .hour, step: 1), .init(unit: .hour, step: 3), .init(unit: .hour, step: 6), .init(unit: .hour, step: 12),
        .init(unit: .day, step: 1), .init(unit: .week, step: 1), .init(unit: .month, step: 1), .init(unit: .month, step: 3),
        .init(unit: .year, step: 1), .init(unit: .year, step: 5), .init(unit: .year, step: 10), .init(unit: .year, step: 50),
        .init(unit: .year, step: 100),
    ]

    /// The smallest bin at least `minDays` long (at least one hour).
    public static func bin(minDays: Double) -> CalendarInterval {
        binCandidates.first { $0.approximateDays >= minDays } ?? binCandidates.last!
    }

    // Day 4 (1970-01-05) was a Monday: ISO weeks are counted from it.
    private static let firstMonday = 4.0

    /// The boundary at or before `day`.
    public func floor(_ day: Double) -> Double {
        switch unit {
        case .minute:
            let minutes = Int((day * 1440 + 1e-6).rounded(.down))
            return Double(Self.floorDiv(minutes, step) * step) / 1440
        case .hour:
            // Whole hours as integers, divided last: midnight comes out as an exact day number.
            let hours = Int((day * 24 + 1e-7).rounded(.down))
            return Double(Self.floorDiv(hours, step) * step) / 24
        case .day:
            let d = Int(day.rounded(.down))
            guard step > 1 else { return Double(d) }
            // Aligned to the month: 1, 3, 5 … (the 31st folds into the 29th's step).
            let civil = CivilDate(dayNumber: d)
            let k = min((civil.day - 1) / step * step, lastStartInMonth(civil))
            return Double(d - (civil.day - 1) + k)
        case .week:
            let weeks = ((day - Self.firstMonday) / 7).rounded(.down)
            let aligned = (weeks / Double(step)).rounded(.down) * Double(step)
            return Self.firstMonday + aligned * 7
        case .month:
            let civil = CivilDate(dayNumber: Int(day.rounded(.down)))
            let months = civil.year * 12 + civil.month - 1
            return Self.monthStart(Self.floorDiv(months, step) * step)
        case .year:
            let civil = CivilDate(dayNumber: Int(day.rounded(.down)))
            return Self.yearStart(Self.floorDiv(civil.year, step) * step)
        }
    }

    /// The boundary after `boundary` (which must be one).
    public func next(_ boundary: Double) -> Double {
        switch unit {
        case .minute: return Double(Int((boundary * 1440).rounded()) + step) / 1440
        case .hour: return Double(Int((boundary * 24).rounded()) + step) / 24
        case .day:
            guard step > 1 else { return boundary + 1 }
            let civil = CivilDate(dayNumber: Int(boundary.rounded()))
            let following = civil.day - 1 + step
            if following > lastStartInMonth(civil) {
                return Double(Int(boundary.rounded()) - (civil.day - 1) + CivilDate.daysIn(month: civil.month, year: civil.year))
            }
            return boundary + Double(step)
        case .week: return boundary + Double(7 * step)
        case .month:
            let civil = CivilDate(dayNumber: Int(boundary.rounded()))
            return Self.monthStart(civil.year * 12 + civil.month - 1 + step)
        case .year:
            return Self.yearStart(CivilDate(dayNumber: Int(boundary.rounded())).year + step)
        }
    }

    /// Tick positions (day numbers) on this interval's boundaries within `start…end`.
    public func ticks(from start: Double, to end: Double) -> [Double] {
        var result: [Double] = []
        var t = floor(start)
        if t < start - 1e-9 { t = next(t) }
        while t <= end + 1e-9 {
            result.append(t)
            let n = next(t)
            guard n > t else { break }
            t = n
        }
        return result
    }

    /// Boundaries of the bins covering `start…end`: the first at or before `start`, the last
    /// at or after `end` (so `count - 1` bins).
    public func boundaries(from start: Double, to end: Double) -> [Double] {
        var result = [floor(start)]
        while result[result.count - 1] < end {
            let n = next(result[result.count - 1])
            guard n > result[result.count - 1] else { break }
            result.append(n)
        }
        if result.count == 1 { result.append(next(result[0])) }
        return result
    }

    /// "hour", "3 hours", "day", "week", "month", "3 months", "year", "10 years".
    public var name: String {
        let single: String
        switch unit {
        case .minute: single = "minute"
        case .hour: single = "hour"
        case .day: single = "day"
        case .week: single = "week"
        case .month: single = "month"
        case .year: single = "year"
        }
        return step == 1 ? single : "\(step) \(single)s"
    }

    private func lastStartInMonth(_ civil: CivilDate) -> Int {
        // The last step start that leaves a whole step in the month (no 31st-then-1st ticks).
        let days = CivilDate.daysIn(month: civil.month, year: civil.year)
        return (days - step) / step * step
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func monthStart(_ months: Int) -> Double {
        let year = floorDiv(months, 12), month = months - year * 12 + 1
        return yearMonthStart(year, month)
    }

    private static func yearStart(_ year: Int) -> Double { yearMonthStart(year, 1) }

    private static func yearMonthStart(_ year: Int, _ month: Int) -> Double {
        if let civil = CivilDate(year: year, month: month, day: 1) { return Double(civil.dayNumber) }
        // Outside 1…9999: the same arithmetic, unchecked (only reached by ranges at the edges).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5
        return Double(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
    }
}

/// One labelled tick of a time axis: a short label, and a context label (month, year) that
/// is written once where it changes rather than on every tick ("6 … 13 … 20", "Mar 2017").
public struct TimeTick: Sendable, Hashable {
    public var day: Double
    public var label: String
    /// Second line under the label where the larger unit changes (or on the first tick).
    public var context: String?
}

/// Concise tick labels in the manner of matplotlib's ConciseDateFormatter: each tick says
/// only what changed ("6 Mar", "13", "20"), the month where it changes, and the year (and,
/// for hours, the time zone) once on a second line under the first tick and where it changes.
public enum ConciseDateLabels {
    /// Labels for `ticks` of `interval`.
    public static func label(_ ticks: [Double], interval: CalendarInterval) -> [TimeTick] {
        var result: [TimeTick] = []
        var previous: CivilDate?
        for day in ticks {
            let civil = CivilDate(dayNumber: Int((day + 1e-9).rounded(.down)))
            let month = EventDate.shortMonthNames[civil.month - 1]
            let yearChanged = previous == nil || previous!.year != civil.year
            let monthChanged = previous == nil || previous!.month != civil.month || previous!.year != civil.year
            var label: String
            var context: String?
            switch interval.unit {
            case .minute, .hour:
                let minutes = Int(((day - day.rounded(.down)) * 24 * 60).rounded())
                if minutes == 0 || minutes == 24 * 60 {
                    // Midnight is the day itself, as on a clock-face calendar.
                    label = "\(civil.day) \(month)"
                } else {
                    label = "\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60))"
                }
                if previous == nil {
                    context = label.contains(":") ? "\(civil.day) \(month) \(civil.year) UTC" : "\(civil.year) UTC"
                } else if yearChanged {
                    context = "\(civil.year)"
                }
            case .day, .week:
                label = monthChanged ? "\(civil.day) \(month)" : "\(civil.day)"
                if yearChanged { context = "\(civil.year)" }
            case .month:
                label = month
                if yearChanged { context = "\(civil.year)" }
            case .year:
                label = "\(civil.year)"
            }
            result.append(TimeTick(day: day, label: label, context: context))
            previous = civil
        }
        return result
    }

    private static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
