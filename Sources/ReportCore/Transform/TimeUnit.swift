import Foundation

/// `time_unit`: the calendar period a date x is grouped by.
public enum TimeUnit: String, Sendable, CaseIterable {
    case day
    /// The ISO 8601 week: Monday to Sunday.
    case week
    case month, quarter, year
    /// The month whatever the year: January of every year together (seasonal charts).
    case monthOfYear = "month_of_year"

    /// True when the groups are categories (January…December), not periods along time.
    var isCyclic: Bool { self == .monthOfYear }

    /// The first day (a day number) of the period holding `day`.
    func start(ofDay day: Int) -> Int {
        switch self {
        case .day: return day
        case .week: return day - (CivilDate(dayNumber: day).weekday - 1)
        case .month, .monthOfYear:
            let d = CivilDate(dayNumber: day)
            return CivilDate(year: d.year, month: d.month, day: 1)?.dayNumber ?? day
        case .quarter:
            let d = CivilDate(dayNumber: day)
            return CivilDate(year: d.year, month: (d.month - 1) / 3 * 3 + 1, day: 1)?.dayNumber ?? day
        case .year:
            let d = CivilDate(dayNumber: day)
            return CivilDate(year: d.year, month: 1, day: 1)?.dayNumber ?? day
        }
    }

    /// The first day of the period after the one starting on `start`.
    func next(after start: Int) -> Int {
        switch self {
        case .day: return start + 1
        case .week: return start + 7
        case .month, .monthOfYear: return start + CivilDate.daysIn(month: CivilDate(dayNumber: start).month, year: CivilDate(dayNumber: start).year)
        case .quarter:
            var day = start
            for _ in 0..<3 { day = TimeUnit.month.next(after: day) }
            return day
        case .year: return start + (CivilDate.isLeapYear(CivilDate(dayNumber: start).year) ? 366 : 365)
        }
    }

    /// The group of a date: for periods, the day its period starts; for months of the year,
    /// the month's index (0 = January). A date that spans more than one period (a month in
    /// a weekly chart) is placed by its middle, and `spansPeriods` says so.
    func group(of date: EventDate) -> (key: Int, spansPeriods: Bool) {
        let first = Int(date.start.rounded(.down))
        let last = Int((date.end > date.start ? date.end - 1e-9 : date.start).rounded(.down))
        let spans = start(ofDay: first) != start(ofDay: last)
        let day = spans ? Int(((date.start + date.end) / 2).rounded(.down)) : first
        return (isCyclic ? CivilDate(dayNumber: day).month - 1 : start(ofDay: day), spans)
    }

    /// Month names for `month_of_year`.
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// How the axis names a period: the unit said where a reader could misread it.
    var axisTitle: String? {
        switch self {
        case .week: "ISO weeks, Monday to Sunday"
        case .quarter: "Quarters"
        case .monthOfYear: "Month of the year (all years together)"
        case .day, .month, .year: nil
        }
    }

    /// The finest step the date axis ticks at: no tick inside one period.
    var finestAxisUnit: CalendarInterval.Unit {
        switch self {
        case .day: .day
        case .week: .week
        case .month, .quarter, .monthOfYear: .month
        case .year: .year
        }
    }

    /// `per week`, for value-axis titles.
    var perWord: String {
        switch self {
        case .monthOfYear: "per month of the year"
        default: "per \(rawValue)"
        }
    }
}

/// `bin`: equal-width intervals of a number x, drawn as a histogram.
public struct BinSpec: Sendable, Equatable {
    /// The interval width given (`{"step": 5}`), or nil to choose one.
    public var step: Double?
    /// At most this many bins when the width is chosen (`{"maxbins": 20}`; default 20).
    public var maxBins: Int

    /// The bins for values from `low` to `high`: a nice width (1, 2 or 5 × a power of ten)
    /// giving at most `maxBins`, starting at a multiple of it.
    func layout(low: Double, high: Double) -> Bins {
        let width: Double
        if let step { width = step } else {
            let span = high - low
            if span <= 0 { width = 1 } else {
                let raw = span / Double(maxBins)
                let power = pow10(floor(log10(raw)))
                width = [1.0, 2, 5, 10].map { $0 * power }.first { span / $0 <= Double(maxBins) } ?? 10 * power
            }
        }
        let first = (low / width).rounded(.down) * width
        var count = max(1, Int(((high - first) / width).rounded(.down)) + 1)
        // The last bin includes its upper edge: 0…100 in tens is ten bins, not eleven.
        if count > 1, first + Double(count - 1) * width == high { count -= 1 }
        return Bins(first: first, width: width, count: count)
    }

    private func pow10(_ e: Double) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<Int(e) { r *= 10 } } else { for _ in 0..<Int(-e) { r /= 10 } }
        return r
    }
}

/// Equal bins from `first`, each `width` wide; the last includes its upper edge.
struct Bins: Equatable {
    var first: Double
    var width: Double
    var count: Int

    /// The bin holding `value`.
    func index(of value: Double) -> Int {
        min(count - 1, max(0, Int(((value - first) / width).rounded(.down))))
    }

    /// The lower edge of bin `i`.
    func start(_ i: Int) -> Double { first + Double(i) * width }
}
