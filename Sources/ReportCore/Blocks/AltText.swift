/// The words every block type's alternative text is made of (`BlockType.altText`): lists,
/// counts, numbers, dates and the course of a series, said the same way by every type.
/// English only, and deterministic: the same model always gives the same sentence.
enum AltText {
    // MARK: Lists and counts

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The first `limit` items, then how many more: "A, B and 3 more".
    static func list(_ items: [String], limit: Int) -> String {
        guard items.count > limit else { return list(items) }
        return list(Array(items.prefix(limit)) + ["\(items.count - limit) more"])
    }

    /// `items` from the largest `value` down, equal values in their order: what is said first
    /// when not everything can be.
    static func largestFirst<T>(_ items: [T], by value: (T) -> Double) -> [T] {
        items.enumerated().map { (value($1), $0, $1) }.sorted { ($1.0, $0.1) < ($0.0, $1.1) }.map(\.2)
    }

    /// "1 event", "3 events"; `plural` when adding an s is wrong ("1 family", "2 families").
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        amount(Double(n), singular, plural ?? singular + "s")
    }

    /// "1 family", "300 families", "2.5 persons".
    static func amount(_ value: Double, _ singular: String, _ plural: String) -> String {
        "\(number(value)) \(value == 1 ? singular : plural)"
    }

    /// A number as prose writes it, as the blocks' labels do: "12,500", "3.25", "−4".
    static func number(_ value: Double) -> String { NumberFormat.grouped(value) }

    /// `text` cut to at most `limit` characters, ending in "…" when cut: a long cell or label
    /// must not make the sentence about it unreadable.
    static func short(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingSuffixSpaces + "…"
    }

    // MARK: Dates

    /// A date in words, as precise as it was written: "9 March 2017", "March 2017", "2017";
    /// "about 8 March 2017" for an approximate one. An instant is said by its day (UTC).
    static func date(_ date: EventDate) -> String {
        var exact = date
        exact.approximate = false
        return (date.approximate ? "about " : "") + exact.formatted(style: .long)
    }

    /// The day starting at day number `day`, or the month or year holding it, in words.
    static func date(day: Double, _ precision: EventDate.Precision = .day) -> String {
        date(EventDate(precision: precision, start: day.rounded(.down), end: day.rounded(.down)))
    }

    /// Two dates as a span, the year said once where both ends share it: "2 January to 6
    /// March 2017", "10 to 11 March 2017", "17 October 2016 to 9 July 2017"; one date when
    /// both ends read alike.
    static func range(_ from: EventDate, _ to: EventDate) -> String {
        let first = date(from), last = date(to)
        guard first != last else { return first }
        let (a, b) = (from.startDay, to.startDay)
        guard !from.approximate, from.precision >= .month, to.precision >= .month, a.year == b.year else { return "\(first) to \(last)" }
        let sameMonth = from.precision >= .day && to.precision >= .day && a.month == b.month
        return (sameMonth ? "\(a.day)" : String(first.dropLast(" \(a.year)".count))) + " to \(last)"
    }

    /// A date with its preposition: "on 9 March 2017", "in March 2017", "in 2017", "around 8
    /// March 2017".
    static func on(_ date: EventDate) -> String {
        if date.approximate { return "around " + Self.date(date).dropFirst("about ".count) }
        return (date.precision >= .day ? "on " : "in ") + Self.date(date)
    }

    // MARK: A series

    /// One value of a series and where it is: `at` is a phrase with its preposition ("on 9
    /// March 2017", "in the week of 6 March 2017", "for SDF").
    struct Point {
        var value: Double
        var at: String
    }

    /// The course of values in order, from the first to the last, with the peak and the low
    /// where they are not at the ends: "rose from 300 in October 2016 to a peak of 900 on 9
    /// March 2017", "fell from 12 on 1 March 2017 to 3 on 9 March 2017; peak 15 on 4 March
    /// 2017". `format` writes a value ("42%").
    static func course(_ points: [Point], format: (Double) -> String = number) -> String {
        guard let first = points.first, let last = points.last else { return "no values" }
        guard points.count > 1 else { return "\(format(first.value)) \(first.at)" }
        // `max` and `min` keep the first of equal values: where a level was first reached.
        let peak = points.indices.max { points[$0].value < points[$1].value }!
        let low = points.indices.min { points[$0].value < points[$1].value }!
        let top = points[peak].value, bottom = points[low].value
        var text: String
        if last.value > first.value {
            text = "rose from \(format(first.value)) \(first.at) to \(last.value == top ? "a peak of " : "")\(format(last.value)) \(last.at)"
        } else if last.value < first.value {
            text = "fell from \(first.value == top ? "a peak of " : "")\(format(first.value)) \(first.at) to \(format(last.value)) \(last.at)"
        } else {
            text = "was \(format(first.value)) \(first.at) and again \(last.at)"
        }
        if top > max(first.value, last.value) { text += "; peak \(format(top)) \(points[peak].at)" }
        if bottom < min(first.value, last.value) { text += "; lowest \(format(bottom)) \(points[low].at)" }
        return text
    }
}

private extension String {
    /// The text without the spaces it ends in.
    var trimmingSuffixSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
