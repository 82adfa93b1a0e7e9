import Foundation

/// Time axes: days since 1970-01-01 (UTC civil days, fractional for instants) mapped to
/// positions, with ticks on calendar boundaries chosen from a table of intervals by span,
/// in the manner of d3-time and d3-scale's time scale.
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
    public func callAsFunction(_ day: Double) -> Double {
        rangeStart + (day - start) / (end - start) * (rangeEnd - rangeStart)
    }

    /// Points per day.
    public var pointsPerDay: Double { (rangeEnd - rangeStart) / (end - start) }
}

/// A calendar interval used for ticks: every `step` units.
public struct CalendarInterval: Sendable, Hashable, CustomStringConvertible {
    /// Units of calendar time.
    public enum Unit: Int, Sendable, Comparable {
        case hour, day, week, month, year
        public static func < (a: Unit, b: Unit) -> Bool { a.rawValue < b.rawValue }
    }
    public var unit: Unit
    public var step: Int

    /// Approximate length in days, for choosing an interval by span.
    public var approximateDays: Double {
        switch unit {
        case .hour: return Double(step) / 24
        case .day: return Double(step)
        case .week: return Double(7 * step)
        case .month: return 30.44 * Double(step)
        case .year: return 365.25 * Double(step)
        }
    }

    public var description: String { "\(step) \(unit)" }

    /// Candidate intervals from an hour to a millennium.
    public static let candidates: [CalendarInterval] = [
        .init(unit: .hour, step: 1), .init(unit: .hour, step: 3), .init(unit: .hour, step: 6), .init(unit: .hour, step: 12),
        .init(unit: .day, step: 1), .init(unit: .day, step: 2), .init(unit: .week, step: 1), .init(unit: .week, step: 2),
        .init(unit: .month, step: 1), .init(unit: .month, step: 3), .init(unit: .month, step: 6),
        .init(unit: .year, step: 1), .init(unit: .year, step: 2), .init(unit: .year, step: 5), .init(unit: .year, step: 10),
        .init(unit: .year, step: 20), .init(unit: .year, step: 25), .init(unit: .year, step: 50), .init(unit: .year, step: 100),
        .init(unit: .year, step: 200), .init(unit: .year, step: 500), .init(unit: .year, step: 1000),
    ]

    /// The smallest interval giving at most `maxTicks` ticks over `days`.
    public static func choose(spanDays days: Double, maxTicks: Int) -> CalendarInterval {
        for interval in candidates where days / interval.approximateDays <= Double(max(1, maxTicks)) {
            return interval
        }
        return candidates.last!
    }

    /// Tick positions (day numbers) on this interval's boundaries within `start…end`.
    public func ticks(from start: Double, to end: Double) -> [Double] {
        var result: [Double] = []
        switch unit {
        case .hour:
            let stepDays = Double(step) / 24
            var t = (start / stepDays).rounded(.up) * stepDays
            while t <= end + 1e-9 { result.append(t); t += stepDays }
        case .day:
            var d = Int(start.rounded(.up))
            // Align multi-day steps to the month so ticks fall on 1, 3, 5 … each month.
            while d <= Int(end.rounded(.down)) {
                let civil = CivilDate(dayNumber: d)
                if step == 1 || (civil.day - 1) % step == 0 && civil.day + step - 1 <= 31 { result.append(Double(d)) }
                d += 1
            }
        case .week:
            // Weeks start on Monday (ISO 8601), the usual convention for briefings.
            var d = Int(start.rounded(.up))
            while CivilDate(dayNumber: d).weekday != 1 { d += 1 }
            var index = 0
            while Double(d) <= end {
                if index % step == 0 { result.append(Double(d)) }
                d += 7; index += 1
            }
        case .month:
            var civil = CivilDate(dayNumber: Int(start.rounded(.up)))
            var month = civil.year * 12 + (civil.month - 1)
            if civil.day != 1 { month += 1 }
            month = Int((Double(month) / Double(step)).rounded(.up)) * step
            while true {
                civil = CivilDate(year: month / 12, month: month % 12 + 1, day: 1)!
                let d = Double(civil.dayNumber)
                if d > end { break }
                if d >= start { result.append(d) }
                month += step
            }
        case .year:
            var year = CivilDate(dayNumber: Int(start.rounded(.up))).year
            if Double(CivilDate(year: year, month: 1, day: 1)!.dayNumber) < start { year += 1 }
            year = Int((Double(year) / Double(step)).rounded(.up)) * step
            while year <= 9999, let civil = CivilDate(year: year, month: 1, day: 1), Double(civil.dayNumber) <= end {
                result.append(Double(civil.dayNumber))
                year += step
            }
        }
        return result
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

/// Concise tick labels in the manner of matplotlib's ConciseDateFormatter.
public enum ConciseDateLabels {
    /// Labels for `ticks` of `interval`.
    public static func label(_ ticks: [Double], interval: CalendarInterval) -> [TimeTick] {
        var result: [TimeTick] = []
        var previous: CivilDate?
        for day in ticks {
            let civil = CivilDate(dayNumber: Int(day.rounded(.down)))
            var label: String
            var context: String?
            switch interval.unit {
            case .hour:
                let hours = Int(((day - day.rounded(.down)) * 24).rounded())
                label = String(format: "%02d:00", hours)
                if previous == nil || previous! != civil { context = "\(civil.day) \(EventDate.shortMonthNames[civil.month - 1]) \(civil.year)" }
            case .day, .week:
                label = "\(civil.day)"
                if previous == nil || previous!.month != civil.month || previous!.year != civil.year {
                    label = "\(civil.day) \(EventDate.shortMonthNames[civil.month - 1])"
                }
                if previous == nil || previous!.year != civil.year { context = "\(civil.year)" }
            case .month:
                label = EventDate.shortMonthNames[civil.month - 1]
                if previous == nil || previous!.year != civil.year { context = "\(civil.year)" }
            case .year:
                label = "\(civil.year)"
            }
            result.append(TimeTick(day: day, label: label, context: context))
            previous = civil
        }
        return result
    }
}
