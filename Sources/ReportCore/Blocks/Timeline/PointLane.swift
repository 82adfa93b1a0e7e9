import ReportScene

/// Timeline stage 2a: a lane of events drawn one by one. Takes the lane's event indices
/// and gives their marks (dots, brackets, spans) and their labels, placed so that no two
/// labels intersect and no label covers a mark, leader line or annotation rule.
///
/// Coordinates: x as in the block (0 at its left edge), y from the lane's line (the mark
/// line at y = 0, negative above it).

/// The drawn shape of one event.
struct EventMark {
    enum Kind { case dot, approximateDot, bracket, span }
    var event: Int
    var kind: Kind
    /// Dots: the centre. Brackets and spans: the visible left end.
    var x: Double
    /// Brackets and spans: the visible right end (== x for dots).
    var x1: Double
    /// Half the mark's height (a dot's radius).
    var radius: Double
    /// Offset of the mark's centre line from the lane's line: spans and brackets that
    /// overlap in time go on tracks below one another.
    var y = 0.0
    /// Everything the mark draws, halo and arrows included: labels keep out of it.
    var bounds: Rect
    var color: Color
    /// A span or bracket cut by the edge of the range.
    var continuesLeft = false
    var continuesRight = false
    /// Soft ends of a span whose start or end is approximate.
    var softStart = false
    var softEnd = false
    /// Parts of a span known only to the month or year, drawn lighter: x ranges.
    var vagueStart: (Double, Double)?
    var vagueEnd: (Double, Double)?
}

/// A label (or the number standing in for one) with the box reserved for it.
struct PlacedLabel {
    enum Text {
        /// The whole label.
        case full(TextContent)
        /// The label shortened behind its key number (the key has the full text).
        case shortened(String)
        /// Only the key number.
        case number
    }
    /// Index into the model's events, or -1 - k for annotation k.
    var event: Int
    var text: Text
    var box: Rect
    /// A line from the mark to the label: x, from y, to y.
    var leader: (x: Double, y0: Double, y1: Double)?

    var needsKey: Bool { if case .full = text { return false } else { return true } }
}

/// The measures every lane shares.
struct LaneMetrics {
    /// Height of one line of label text.
    var lineHeight: Double
    /// Vertical pitch of label rows: a line plus the 2 points that keep rows apart.
    var pitch: Double { lineHeight + 2 }
    /// Horizontal padding inside a label box, each side.
    static let padX = 1.5
    /// Widest label on one line.
    var maxLineWidth: Double
    /// Width of a label wrapped on two lines, or shortened on one.
    var maxLabelWidth: Double
    /// Width of the widest key number.
    var numberWidth: Double
    var style: TextStyle
}

/// Sizes of dots: area proportional to the value (a sqrt scale from 0), never smaller than
/// `minRadius` so that a zero is still seen.
struct SizeScale {
    static let maxRadius = 8.0
    static let minRadius = 2.0
    static let defaultRadius = 3.5
    var maxValue: Double?

    func radius(_ value: Double?) -> Double {
        guard let maxValue, maxValue > 0 else { return Self.defaultRadius }
        guard let value, value > 0 else { return Self.minRadius }
        return max(Self.minRadius, Self.maxRadius * (min(value, maxValue) / maxValue).squareRoot())
    }
}

struct PointLane {
    let model: TimelineModel
    let ctx: LayoutContext
    let scale: TimeScale
    let sizes: SizeScale
    let metrics: LaneMetrics

    // MARK: Marks

    /// The marks of `indices` (sorted by start). Day events that share a day in one lane are
    /// spread across that day when it is wide enough: the data says only "that day", so
    /// any place within it is as true as its middle, and each event can be told apart.
    func marks(_ indices: [Int]) -> [EventMark] {
        let ev = model.events
        let left = scale.rangeStart, right = scale.rangeEnd
        func clamp(_ x: Double) -> Double { min(right, max(left, x)) }
        var result: [EventMark] = []
        result.reserveCapacity(indices.count)
        var k = 0
        while k < indices.count {
            let i = indices[k]
            let date = ev.date(i)
            let color = ctx.colors.color(for: ev.categoryNames[Int(ev.category[i])])
            if let end = ev.spanDate(i) {
                let x0 = scale(date.start), x1 = scale(end.end)
                var m = EventMark(event: i, kind: .span, x: clamp(x0), x1: max(clamp(x1), clamp(x0) + 2), radius: 3.5,
                                  bounds: Rect(x: 0, y: 0, width: 0, height: 0), color: color)
                m.continuesLeft = x0 < left - 0.01
                m.continuesRight = x1 > right + 0.01
                m.softStart = date.approximate
                m.softEnd = end.approximate
                if date.precision < .day { m.vagueStart = (clamp(x0), clamp(scale(date.end))) }
                if end.precision < .day { m.vagueEnd = (clamp(scale(end.start)), clamp(x1)) }
                let top = m.vagueStart != nil || m.vagueEnd != nil ? -6.5 : -4.5
                m.bounds = Rect(x: m.x - (m.continuesLeft ? 6 : 0), y: top, width: m.x1 - m.x + (m.continuesLeft ? 6 : 0) + (m.continuesRight ? 6 : 0), height: 9 + (-4.5 - top))
                result.append(m); k += 1; continue
            }
            // A day drawn many points wide is a period, not a point: it gets a bracket.
            let dayAsPeriod = date.precision == .day && scale.pointsPerDay >= Self.dayBracketWidth
            switch dayAsPeriod ? .month : date.precision {
            case .month, .year:
                let x0 = clamp(scale(date.start)), x1 = max(clamp(scale(date.end)), x0 + 2)
                var m = EventMark(event: i, kind: .bracket, x: x0, x1: x1, radius: 4.5,
                                  bounds: Rect(x: x0 - 1, y: -5, width: x1 - x0 + 2, height: 6.5), color: color)
                // A month cut by the range is left open at that end (no tick), not arrowed:
                // the date is somewhere in the month, the event does not go on.
                m.continuesLeft = scale(date.start) < left - 0.01
                m.continuesRight = scale(date.end) > right + 0.01
                result.append(m); k += 1
            case .day, .instant:
                // Gather the run of day events on this same day (none of them spans).
                var run = [i]
                if date.precision == .day {
                    var j = k + 1
                    while j < indices.count, ev.start(indices[j]) == date.start, ev.spanDate(indices[j]) == nil,
                          ev.flags(indices[j]) & TimelineEvents.Flags.precisionMask == UInt8(EventDate.Precision.day.rawValue) {
                        run.append(indices[j]); j += 1
                    }
                }
                let center = scale(date.precision == .day ? date.start + 0.5 : date.start)
                let radii = run.map { sizes.radius(ev.sizeValue($0)) }
                let widest = radii.max() ?? SizeScale.defaultRadius
                let dayWidth = scale.pointsPerDay
                let spacing = run.count > 1 ? min((dayWidth - 2) / Double(run.count), 2 * widest + 1.5) : 0
                for (r, idx) in run.enumerated() {
                    let offset = spacing >= TimelineLanes.distinctSpacing ? (Double(r) - Double(run.count - 1) / 2) * spacing : 0
                    let x = clamp(center + offset)
                    let approximate = ev.flags(idx) & TimelineEvents.Flags.approximate != 0
                    // A reported range draws a ring at its high end: labels keep out of it too.
                    let radius = radii[r], outer = max(radius, rangeRadii(idx)?.high ?? 0)
                    var bounds = Rect(x: x - outer - 0.5, y: -outer - 0.5, width: 2 * outer + 1, height: 2 * outer + 1)
                    if approximate {
                        let spread = haloSpread
                        let a = max(left, min(bounds.minX, x - spread)), b = min(right, max(bounds.maxX, x + spread))
                        bounds = Rect(x: min(a, bounds.minX), y: bounds.minY, width: max(b, bounds.maxX) - min(a, bounds.minX), height: bounds.height)
                    }
                    result.append(EventMark(event: idx, kind: approximate ? .approximateDot : .dot, x: x, x1: x, radius: radius,
                                            bounds: bounds, color: ctx.colors.color(for: ev.categoryNames[Int(ev.category[idx])])))
                }
                k += run.count
            }
        }
        // Spans and brackets that overlap in time go on tracks below one another.
        var trackEnds: [Double] = []
        for i in result.indices where result[i].kind == .span || result[i].kind == .bracket {
            let b = result[i].bounds
            let t = trackEnds.firstIndex { $0 + 2 <= b.minX } ?? trackEnds.count
            if t == trackEnds.count { trackEnds.append(b.maxX) } else { trackEnds[t] = b.maxX }
            result[i].y = Double(t) * Self.trackPitch
            result[i].bounds = b.offsetBy(dx: 0, dy: result[i].y)
        }
        return result
    }

    /// Distance between the tracks of overlapping spans.
    static let trackPitch = 11.0
    /// A day at least this wide (points) is drawn as a bracket over the day, not a dot.
    static let dayBracketWidth = 150.0

    /// The radii of the rings of event `i`'s reported size range (`size_low`, `size_high`),
    /// each nil when that end is missing or would not be told apart from the dot; nil when
    /// neither is drawn.
    func rangeRadii(_ i: Int) -> (low: Double?, high: Double?)? {
        let ev = model.events
        guard !ev.sizeLow.isEmpty || !ev.sizeHigh.isEmpty else { return nil }
        let (low, high) = ev.sizeRange(i)
        let r = sizes.radius(ev.sizeValue(i))
        let lowRadius = low.map { sizes.radius($0) }.flatMap { $0 < r - 0.6 ? $0 : nil }
        let highRadius = high.map { sizes.radius($0) }.flatMap { $0 > r + 0.6 ? $0 : nil }
        return lowRadius == nil && highRadius == nil ? nil : (lowRadius, highRadius)
    }

    /// Half-width of the soft edge of an approximate date: two days, at least 8 points.
    var haloSpread: Double { max(8, scale.pointsPerDay * 2) }

    /// Where the marks of `indices` are centred (for the test of whether they can be told apart).
    func centers(_ indices: [Int]) -> [Double] {
        marks(indices).map(\.x)
    }

    // MARK: Labels

    /// The lane after placement.
    struct Placed {
        var marks: [EventMark]
        var labels: [PlacedLabel]
        /// Extent above and below the line that labels and marks use.
        var above: Double
        var below: Double
        /// Events whose label and number found no place at all.
        var unplaced: [Int]
        /// Labels shown whole.
        var fullCount: Int { labels.filter { if case .full = $0.text { return true } else { return false } }.count }
    }

    /// Places the labels of a lane.
    ///
    /// Each label tries, nearest first: the row just above or below its mark (starting at
    /// the mark or ending at it), beside the mark, then rows further out joined to the mark
    /// by a leader line. A label wider than `maxLineWidth` (or with no room as one line)
    /// tries two lines `maxLabelWidth` wide, then one line shortened behind its key number. A label with no room at all leaves only its key
    /// number by the mark, and its text goes to the key under the chart. Labels of bigger
    /// events (by `size`) are placed first.
    ///
    /// A number needs room right by its mark, which the labels of neighbours may already
    /// have taken. So placement runs again with the events that found no room place their
    /// numbers first, until every event has a label or a number (or nothing changes); the
    /// attempt with the fewest events left out, then the most whole labels, is kept.
    func place(_ indices: [Int], rowsAbove: Int, rowsBelow: Int, rules: [Double], rightLimit: Double) -> Placed {
        let marks = self.marks(indices)
        var numbersFirst = Set<Int>()
        var best: Placed?
        for _ in 0..<4 {
            let attempt = placeOnce(marks, numbersFirst: numbersFirst, rowsAbove: rowsAbove, rowsBelow: rowsBelow, rules: rules, rightLimit: rightLimit)
            if best == nil || (attempt.unplaced.count, -attempt.fullCount) < (best!.unplaced.count, -best!.fullCount) { best = attempt }
            if attempt.unplaced.isEmpty { break }
            let failed = Set(attempt.unplaced)
            let next = numbersFirst.union(marks.indices.filter { failed.contains(marks[$0].event) })
            if next == numbersFirst { break }
            numbersFirst = next
        }
        return best!
    }

    private func placeOnce(_ marks: [EventMark], numbersFirst: Set<Int>, rowsAbove: Int, rowsBelow: Int, rules: [Double], rightLimit: Double) -> Placed {
        let ev = model.events
        let pitch = metrics.pitch
        let markTop = marks.map { -$0.bounds.minY }.max() ?? SizeScale.defaultRadius
        let markBottom = marks.map(\.bounds.maxY).max() ?? SizeScale.defaultRadius
        let aboveBase = -(max(markTop, SizeScale.defaultRadius) + 2), belowBase = max(markBottom, SizeScale.defaultRadius) + 2
        let extraNumberRows = 4
        let left = scale.rangeStart - 2
        var placer = LabelPlacer(bounds: Rect(x: left, y: aboveBase - Double(rowsAbove + extraNumberRows) * pitch,
                                              width: max(10, rightLimit - left),
                                              height: Double(rowsAbove + extraNumberRows + rowsBelow) * pitch + belowBase - aboveBase))
        for m in marks { placer.reserve(m.bounds) }
        for x in rules { placer.reserve(Rect(x: x - 1, y: placer.bounds.minY, width: 2, height: placer.bounds.height)) }

        // Slots: above row k is [top, top + pitch] with k = 0 nearest the line.
        func aboveTop(_ k: Int, lines: Int) -> Double { aboveBase - Double(k + lines) * pitch }
        func belowTop(_ k: Int) -> Double { belowBase + Double(k) * pitch }

        struct Candidate { var box: Rect; var leader: (x: Double, y0: Double, y1: Double)? }
        /// Candidates in `row` (0 nearest the line) for a box `w` wide (padding included) and
        /// `lines` rows high, for mark `m`: above, below, and beside the mark in row 0.
        func candidates(_ m: EventMark, w: Double, lines: Int, row: Int, beside: Bool) -> [Candidate] {
            var result: [Candidate] = []
            let h = Double(lines) * pitch
            // Horizontal placements: starting at the anchor, ending at it (centred on a long bar).
            let xs: [(x: Double, anchor: Double)]
            switch m.kind {
            case .dot, .approximateDot:
                // Starting at the mark, ending at it; and starting just right of its centre,
                // which clears an annotation rule drawn through the mark.
                xs = [(m.x - 2 - LaneMetrics.padX, m.x), (m.x + 2 + LaneMetrics.padX - w, m.x), (m.x + 1.2, m.x + 1.2 + LaneMetrics.padX)]
            case .span, .bracket:
                var list = [(m.x - LaneMetrics.padX, min(m.x + 2, m.x1))]
                if m.x1 - m.x > 8 { list.append((m.x1 + LaneMetrics.padX - w, max(m.x1 - 2, m.x))) }
                if w < m.x1 - m.x - 8 { list.append(((m.x + m.x1 - w) / 2, (m.x + m.x1) / 2)) }
                xs = list
            }
            func leader(_ box: Rect, anchor: Double, above: Bool) -> (Double, Double, Double)? {
                let markEdge = above ? m.y - m.radius - 0.5 : m.y + m.radius + 0.5
                let gap = above ? markEdge - box.maxY : box.minY - markEdge
                return gap > 2.5 ? (anchor, above ? box.maxY : box.minY, markEdge) : nil
            }
            if row + lines <= rowsAbove {
                for (x, anchor) in xs {
                    let box = Rect(x: x, y: aboveTop(row, lines: lines), width: w, height: h)
                    result.append(Candidate(box: box, leader: leader(box, anchor: anchor, above: true)))
                }
            }
            if row + lines <= rowsBelow {
                for (x, anchor) in xs {
                    let box = Rect(x: x, y: belowTop(row), width: w, height: h)
                    result.append(Candidate(box: box, leader: leader(box, anchor: anchor, above: false)))
                }
            }
            if row == 0 && beside && lines == 1 {
                let isDot = m.kind == .dot || m.kind == .approximateDot
                let halo = m.kind == .approximateDot ? haloSpread - m.radius : 0
                let right = (isDot ? m.x + m.radius + 1 : m.x1 + (m.continuesRight ? 7 : 2)) + halo
                let left = (isDot ? m.x - m.radius - 1 : m.x - (m.continuesLeft ? 7 : 2)) - halo
                result.append(Candidate(box: Rect(x: right, y: m.y - pitch / 2, width: w, height: pitch), leader: nil))
                result.append(Candidate(box: Rect(x: left - w, y: m.y - pitch / 2, width: w, height: pitch), leader: nil))
            }
            return result
        }
        /// A number's places: right above or below the mark, beside it, then further out.
        func numberCandidates(_ m: EventMark) -> [Candidate] {
            let w = metrics.numberWidth + 2 * LaneMetrics.padX
            var list: [Candidate] = []
            for row in 0..<(rowsAbove + extraNumberRows) {
                let above = Rect(x: m.x - w / 2, y: aboveTop(row, lines: 1), width: w, height: pitch)
                list.append(Candidate(box: above, leader: above.maxY >= m.y - m.radius - 3 ? nil : (m.x, above.maxY, m.y - m.radius - 0.5)))
                if row < rowsBelow {
                    let below = Rect(x: m.x - w / 2, y: belowTop(row), width: w, height: pitch)
                    list.append(Candidate(box: below, leader: below.minY <= m.y + m.radius + 3 ? nil : (m.x, below.minY, m.y + m.radius + 0.5)))
                }
                if row == 0 {
                    list.append(Candidate(box: Rect(x: m.x + m.radius + 1, y: m.y - pitch / 2, width: w, height: pitch), leader: nil))
                    list.append(Candidate(box: Rect(x: m.x - m.radius - 1 - w, y: m.y - pitch / 2, width: w, height: pitch), leader: nil))
                    // Just off centre, above and below: clear of a rule through the mark.
                    for y in [aboveTop(0, lines: 1)] + (rowsBelow > 0 ? [belowTop(0)] : []) {
                        list.append(Candidate(box: Rect(x: m.x + 1.2, y: y, width: w, height: pitch), leader: nil))
                        list.append(Candidate(box: Rect(x: m.x - 1.2 - w, y: y, width: w, height: pitch), leader: nil))
                    }
                }
            }
            return list
        }
        func leaderBox(_ l: (x: Double, y0: Double, y1: Double)?) -> [Rect] {
            guard let l else { return [] }
            return [Rect(x: l.x - 0.5, y: min(l.y0, l.y1), width: 1, height: abs(l.y1 - l.y0))]
        }
        func take(_ list: [Candidate]) -> Candidate? {
            placer.place(list.map { ($0.box, leaderBox($0.leader)) }).map { list[$0] }
        }

        var labels: [PlacedLabel] = []
        var unplaced: [Int] = []
        func placeNumber(_ m: EventMark) {
            if let c = take(numberCandidates(m)) {
                labels.append(PlacedLabel(event: m.event, text: .number, box: c.box, leader: c.leader))
            } else {
                unplaced.append(m.event)
            }
        }
        // Numbers that need to be near their marks first, then labels, bigger events first.
        var order = Array(marks.indices).filter { !numbersFirst.contains($0) && !ev.label(marks[$0].event).isEmpty }
        if !ev.size.isEmpty {
            order.sort { a, b in
                let sa = ev.sizeValue(marks[a].event) ?? -.infinity, sb = ev.sizeValue(marks[b].event) ?? -.infinity
                return sa != sb ? sa > sb : a < b
            }
        }
        for k in numbersFirst.sorted() { placeNumber(marks[k]) }
        let style = metrics.style
        for k in order {
            let m = marks[k]
            let text = ev.label(m.event)
            // Whole on one line anywhere, else on two wrapped lines, else shortened behind
            // its key number: information first, nearness second.
            let full = TextContent(text, style: style)
            let fm = ctx.measure(full)
            var done = false
            if fm.width <= metrics.maxLineWidth {
                for row in 0..<rowsAbove {
                    if let c = take(candidates(m, w: fm.width + 2 * LaneMetrics.padX, lines: 1, row: row, beside: true)) {
                        labels.append(PlacedLabel(event: m.event, text: .full(full), box: c.box, leader: c.leader)); done = true; break
                    }
                }
            }
            if !done && fm.width > metrics.maxLabelWidth {
                let wrapped = TextContent(text, style: style, width: metrics.maxLabelWidth)
                let wm = ctx.measure(wrapped)
                if wm.lineCount == 2 {
                    for row in 0..<rowsAbove where !done {
                        if let c = take(candidates(m, w: wm.width + 2 * LaneMetrics.padX, lines: 2, row: row, beside: false)) {
                            labels.append(PlacedLabel(event: m.event, text: .full(wrapped), box: c.box, leader: c.leader)); done = true
                        }
                    }
                }
                for row in 0..<rowsAbove where !done {
                    if let c = take(candidates(m, w: metrics.maxLabelWidth + 2 * LaneMetrics.padX, lines: 1, row: row, beside: true)) {
                        labels.append(PlacedLabel(event: m.event, text: .shortened(text), box: c.box, leader: c.leader)); done = true
                    }
                }
            }
            if !done { placeNumber(m) }
        }
        var above = -aboveBase, below = belowBase
        for l in labels {
            above = max(above, -l.box.minY)
            below = max(below, l.box.maxY)
        }
        for m in marks {
            above = max(above, -m.bounds.minY)
            below = max(below, m.bounds.maxY)
        }
        return Placed(marks: marks, labels: labels, above: above, below: below, unplaced: unplaced)
    }

    // MARK: Drawing

    /// The items of a placed lane with its line at `lineY`; `number` gives each keyed event its number.
    func draw(_ placed: Placed, lineY: Double, number: (Int) -> Int?) -> [SceneItem] {
        var items: [SceneItem] = []
        // Spans under brackets under dots, so that no point hides under a bar.
        for kind in [EventMark.Kind.span, .bracket, .approximateDot, .dot] {
            for m in placed.marks where m.kind == kind { items.append(contentsOf: drawMark(m, y: lineY + m.y)) }
        }
        let style = metrics.style
        for l in placed.labels {
            let box = l.box.offsetBy(dx: 0, dy: lineY)
            if let leader = l.leader {
                items.append(.path(.line(Point(leader.x, leader.y0 + lineY), Point(leader.x, leader.y1 + lineY)), fill: nil,
                                   stroke: Stroke(ctx.styles.rule, width: 0.5)))
            }
            let origin = Point(box.minX + LaneMetrics.padX, box.minY + 1)
            switch l.text {
            case .full(let content):
                items.append(PlacedLabels.item(content, at: origin, box: box))
            case .shortened(let text):
                let n = number(l.event).map { "\($0) " } ?? ""
                let content = TextContent(spans: [TextSpan(n, bold: true), TextSpan(text)], style: style,
                                          width: metrics.maxLabelWidth, maxLines: 1)
                items.append(PlacedLabels.item(content, at: origin, box: box))
            case .number:
                let content = TextContent(number(l.event).map(String.init) ?? "", style: style.bolded())
                let w = ctx.measure(content).width
                items.append(PlacedLabels.item(content, at: Point(box.midX - w / 2, box.minY + 1), box: box))
            }
        }
        return items
    }

    /// One event's mark: a dot; a hollow dot on a soft edge for an approximate date; a
    /// bracket over the month or year a date is known to; a bar for a span, lighter where
    /// an end is known only to its month or year, fading at an approximate end, with an
    /// arrow where it runs past the edge of the range.
    func drawMark(_ m: EventMark, y: Double) -> [SceneItem] {
        var items: [SceneItem] = []
        let color = m.color
        switch m.kind {
        case .dot:
            let rings = rangeRadii(m.event)
            if let high = rings?.high {
                items.append(.path(.circle(center: Point(m.x, y), radius: high), fill: nil, stroke: Stroke(color, width: 0.8)))
            }
            items.append(.dot(Dot(center: Point(m.x, y), radius: m.radius, fill: color, ring: Stroke(.white, width: 0.6))))
            if let low = rings?.low {
                items.append(.path(.circle(center: Point(m.x, y), radius: low), fill: nil, stroke: Stroke(.white, width: 0.8)))
            }
        case .approximateDot:
            let spread = haloSpread
            // The soft edge stays inside the range; its gradient stays centred on the date.
            let a = max(scale.rangeStart, m.x - spread), b = min(scale.rangeEnd, m.x + spread)
            let halo = Rect(x: a, y: y - 2.5, width: b - a, height: 5)
            items.append(.path(.rect(halo), fill: .linearGradient(from: Point(m.x - spread, y), to: Point(m.x + spread, y), stops: [
                GradientStop(0, color.withAlpha(0)), GradientStop(0.5, color.withAlpha(0.55)), GradientStop(1, color.withAlpha(0)),
            ]), stroke: nil))
            let rings = rangeRadii(m.event)
            if let high = rings?.high {
                items.append(.path(.circle(center: Point(m.x, y), radius: high), fill: nil, stroke: Stroke(color, width: 0.8)))
            }
            items.append(.dot(Dot(center: Point(m.x, y), radius: m.radius, fill: .white, ring: Stroke(color, width: 1.4))))
            if let low = rings?.low {
                items.append(.path(.circle(center: Point(m.x, y), radius: low), fill: nil, stroke: Stroke(color.withAlpha(0.6), width: 0.8)))
            }
        case .bracket:
            let approximate = model.events.flags(m.event) & TimelineEvents.Flags.approximate != 0
            var bracket = Path()
            bracket.move(to: Point(m.x, y - (m.continuesLeft ? 0 : 4)))
            bracket.line(to: Point(m.x, y)); bracket.line(to: Point(m.x1, y))
            bracket.line(to: Point(m.x1, y - (m.continuesRight ? 0 : 4)))
            items.append(.path(bracket, fill: nil, stroke: Stroke(color, width: 1.2, dash: approximate ? [3, 2] : [])))
        case .span:
            let bar = Rect(x: m.x, y: y - 3, width: m.x1 - m.x, height: 6)
            let fill: Fill
            if m.softStart || m.softEnd {
                let fade = min(bar.width / 3, max(8, scale.pointsPerDay * 2)) / max(bar.width, 1)
                var stops: [GradientStop] = []
                stops.append(GradientStop(0, color.withAlpha(m.softStart ? 0 : 0.35)))
                if m.softStart { stops.append(GradientStop(fade, color.withAlpha(0.35))) }
                if m.softEnd { stops.append(GradientStop(1 - fade, color.withAlpha(0.35))) }
                stops.append(GradientStop(1, color.withAlpha(m.softEnd ? 0 : 0.35)))
                fill = .linearGradient(from: Point(bar.minX, y), to: Point(bar.maxX, y), stops: stops)
            } else {
                fill = .solid(color.withAlpha(0.35))
            }
            items.append(.path(.roundedRect(bar, radius: 2), fill: fill, stroke: m.softStart || m.softEnd ? nil : Stroke(color, width: 0.8)))
            for vague in [m.vagueStart, m.vagueEnd].compactMap({ $0 }) where vague.1 - vague.0 > 1 {
                // The part an end is known only to the month or year: a bracket over it.
                var p = Path()
                p.move(to: Point(vague.0, y - 5.5)); p.line(to: Point(vague.0, y - 4)); p.line(to: Point(vague.1, y - 4)); p.line(to: Point(vague.1, y - 5.5))
                items.append(.path(p, fill: nil, stroke: Stroke(color, width: 1)))
            }
            if m.softStart || m.softEnd {
                items.append(.path(.line(Point(bar.minX, y), Point(bar.maxX, y)), fill: nil, stroke: Stroke(color, width: 0.8)))
            }
            if m.continuesLeft { items.append(arrow(at: m.x, y: y, left: true, color)) }
            if m.continuesRight { items.append(arrow(at: m.x1, y: y, left: false, color)) }
        }
        return items
    }

    /// A small triangle pointing past the edge of the range: the event continues there.
    func arrow(at x: Double, y: Double, left: Bool, _ color: Color) -> SceneItem {
        let d = left ? -5.0 : 5.0
        return .path(Path([.move(Point(x + d, y)), .line(Point(x, y - 4)), .line(Point(x, y + 4)), .close]), fill: .solid(color), stroke: nil)
    }
}
