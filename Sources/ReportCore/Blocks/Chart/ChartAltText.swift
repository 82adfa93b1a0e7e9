/// A chart's alternative text, from the series it draws: the kind of chart and what its
/// values are, the span of x, then for one series its course from the first x to the last
/// (or, over categories and bins, its highest and lowest), and for several their names, the
/// largest, and the total's course (stacked) or the extremes and latest values (not stacked).
extension ChartBlock {
    static func altText(_ model: ChartModel, _ spec: ChartSpec, title: String?) -> String? {
        ChartWords(model: model, title: title).text
    }
}

/// The words of one chart.
private struct ChartWords {
    let model: ChartModel
    let title: String?
    /// The year every date on x falls in, once a sentence has said it: the dates after it
    /// leave it out ("in the week of 16 January").
    var yearSaid: Int?
    var spec: ChartSpec { model.spec }

    init(model: ChartModel, title: String?) { self.model = model; self.title = title }

    var text: String {
        let head = "\(kind): \(model.valueAxisTitle ?? title ?? "Values")"
        let drawn = model.series.filter { !$0.points.isEmpty }
        guard let first = drawn.first else { return head + ": no values to show." }
        guard drawn.count == 1 else {
            var words = self
            words.yearSaid = commonYear
            return words.several(drawn, head: "\(head) \(span)")
        }
        // A series named after a column of series ("SDF") is said; one named after `y` is the subject.
        let named = spec.series != nil || spec.y.count > 1 ? " (\(first.name))" : ""
        let points = first.points.map { AltText.Point(value: $0.y, at: at($0.x)) }
        return ordered ? "\(head)\(named) \(AltText.course(points, format: format))."
            : "\(head)\(named) \(span): \(extremes(points))."
    }

    /// Several series: their names, the largest, then the total's course (stacked), the
    /// latest shares (normalised) or the extremes and latest values (side by side).
    private func several(_ drawn: [ChartSeries], head: String) -> String {
        var sentences = ["\(head), in \(drawn.count) series: \(AltText.list(drawn.map(\.name), limit: 4))"]
        if adds {
            // A running total's last value is its total already.
            let totals = drawn.map { spec.cumulative ? $0.points.last!.y : $0.points.reduce(0) { $0 + $1.y } }
            let largest = totals.indices.max { totals[$0] < totals[$1] }!
            sentences.append("Largest: \(drawn[largest].name), \(format(totals[largest])) in all")
        }
        if spec.normalize {
            sentences.append(latest(drawn, prefix: "Latest shares"))
        } else if spec.stack {
            var byX: [Double: Double] = [:]
            for s in drawn { for p in s.points { byX[p.x, default: 0] += p.y } }
            let totals = byX.keys.sorted().map { AltText.Point(value: byX[$0]!, at: at($0)) }
            sentences.append(ordered ? "Total \(AltText.course(totals, format: format))" : "Total: \(extremes(totals))")
        } else {
            let all = drawn.flatMap { s in s.points.map { AltText.Point(value: $0.y, at: "(\(s.name)) \(at($0.x))") } }
            let both = extremes(all)
            sentences.append(both.prefix(1).uppercased() + both.dropFirst())
            if ordered { sentences.append(latest(drawn, prefix: "Latest")) }
        }
        return sentences.joined(separator: ". ") + "."
    }

    /// The year of every date on x when they share one (and the span says it).
    private var commonYear: Int? {
        let xs = model.series.flatMap { $0.points.map(\.x) }
        guard model.xIsDate, let low = xs.min().flatMap(date), let high = xs.max().flatMap(date),
              low.startDay.year == high.startDay.year else { return nil }
        return low.startDay.year
    }

    /// "Line chart", "Stacked bar chart", "100% stacked area chart", "Histogram".
    private var kind: String {
        let several = model.series.count > 1
        if spec.bin != nil, spec.mark == .bar { return several && spec.stack ? "Stacked histogram" : "Histogram" }
        let mark = spec.mark.rawValue
        if spec.normalize { return "100% stacked \(mark) chart" }
        if spec.stack, several { return "Stacked \(mark) chart" }
        return mark.prefix(1).uppercased() + mark.dropFirst() + " chart"
    }

    /// True when x runs in order (dates or numbers, not bins): a series is then said as a course.
    private var ordered: Bool {
        model.categories == nil && spec.bin == nil
    }

    /// True when the values add up to something (counts, sums, stacked parts, running totals;
    /// not shares): a series' total then says how large it is.
    private var adds: Bool {
        !spec.normalize && (spec.stack || spec.cumulative || spec.aggregate?.op.isAdditive == true)
    }

    /// x's column, as the axis would name it, in the middle of a sentence.
    private var xName: String { spec.x.name.replacingOccurrences(of: "_", with: " ") }

    /// What x spans: "from 2 January to 6 March 2017", "in the weeks of 2 January to 6 March
    /// 2017", "for 5 categories of actor", "against fatalities from 0 to 50".
    private var span: String {
        let xs = Set(model.series.flatMap { $0.points.map(\.x) }).sorted()
        guard let low = xs.first, let high = xs.last else { return "" }
        if spec.timeUnit == .monthOfYear { return "by month of the year" }
        if let categories = model.categories { return "for \(AltText.count(categories.count, "category", "categories")) of \(xName)" }
        if model.xIsDate {
            guard let from = date(low), let to = date(high) else { return "from \(period(low).words) to \(period(high).words)" }
            return spec.timeUnit == .week ? "in the weeks of \(AltText.range(from, to))" : "from \(AltText.range(from, to))"
        }
        let from = model.intervals[low]?.from ?? low, to = model.intervals[high]?.to ?? high
        return "against \(xName) from \(AltText.number(from)) to \(AltText.number(to))"
    }

    /// Where a point stands, with its preposition: "on 9 March 2017", "in the week of 6 March
    /// 2017", "for SDF", "at fatalities 5", "for fatalities 5–10".
    private func at(_ x: Double) -> String {
        if spec.timeUnit == .monthOfYear { return "in " + EventDate.monthNames[Int(x)] }
        if let categories = model.categories { return "for " + categories[Int(x)] }
        if model.xIsDate { let p = period(x); return "\(p.preposition) \(p.words)" }
        if let bin = model.intervals[x] { return "for \(xName) \(AltText.number(bin.from))–\(AltText.number(bin.to))" }
        return "at \(xName) \(AltText.number(x))"
    }

    /// The date or period a date x stands for, in words, and the preposition it takes.
    private func period(_ x: Double) -> (preposition: String, words: String) {
        if spec.timeUnit == .quarter {
            let date = CivilDate(dayNumber: Int(x.rounded(.down)))
            return ("in", "the \(["first", "second", "third", "fourth"][(date.month - 1) / 3]) quarter of \(date.year)")
        }
        let date = date(x)!
        var words = AltText.date(date)
        if let yearSaid, date.precision >= .month, date.startDay.year == yearSaid { words.removeLast(" \(yearSaid)".count) }
        return spec.timeUnit == .week ? ("in", "the week of " + words) : (date.precision >= .day ? "on" : "in", words)
    }

    /// The date a date x stands for, as precise as the chart groups or reads it: the first
    /// day of its week, its month or year; nil for a quarter, which has no such date.
    private func date(_ x: Double) -> EventDate? {
        let day = Int(x.rounded(.down))
        let precision: EventDate.Precision
        switch spec.timeUnit {
        case .quarter?: return nil
        case .day?, .week?: precision = .day
        case .month?, .monthOfYear?: precision = .month
        case .year?: precision = .year
        case nil: precision = model.coarseDates[x] ?? .day
        }
        let start = Double(spec.timeUnit?.start(ofDay: day) ?? day)
        return EventDate(precision: precision, start: start, end: start)
    }

    /// "highest 40 for SDF, lowest 3 for IS"; "5 throughout" when every value is the same.
    private func extremes(_ points: [AltText.Point]) -> String {
        let high = points.indices.max { points[$0].value < points[$1].value }!
        let low = points.indices.min { points[$0].value < points[$1].value }!
        if points[high].value == points[low].value { return "\(format(points[high].value)) throughout" }
        return "highest \(format(points[high].value)) \(points[high].at), lowest \(format(points[low].value)) \(points[low].at)"
    }

    /// Each series' value at the last x (those that have one there), largest first:
    /// "Latest in the week of 6 March: SDF 5 and IS 3".
    private func latest(_ series: [ChartSeries], prefix: String) -> String {
        let last = series.compactMap { $0.points.last?.x }.max()!
        let values = AltText.largestFirst(series.compactMap { s in s.points.last.flatMap { $0.x == last ? (s.name, $0.y) : nil } }) { $0.1 }
        return "\(prefix) \(at(last)): " + AltText.list(values.map { "\($0.0) \(format($0.1))" }, limit: 4)
    }

    /// A value as the chart's axis reads it: a share in percent for a normalised stack.
    private func format(_ value: Double) -> String {
        spec.normalize ? NumberFormat.grouped(value, maxDecimals: 1) + "%" : AltText.number(value)
    }
}
