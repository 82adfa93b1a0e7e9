import Foundation
import ReportScene

/// A chart of series over a date, number or category x axis: lines, steps, areas or bars,
/// optionally stacked, on a linear or log value axis; ranges (`low`…`high`) as bands along
/// lines and as whiskers on bars and lone points; labels at series ends; annotations as
/// dated rules or value lines. Troop levels, cumulative displacement and the `chart` block
/// all draw through this one type.
///
/// Layout order: value ticks (they set the left gutter) → x scale → annotation label rows
/// (they set the top) → value scale → marks, then labels that must not overlap (end labels
/// are spread along the right gutter, annotation labels stack in rows).
struct XYChart {
    enum Mark { case line, step, area, bar }
    /// What the x axis holds.
    enum XKind { case date, number, categories([String]) }

    var series: [ChartSeries]
    var mark: Mark
    var x: XKind
    var stack = false
    var log = false
    var yTitle: String?
    var xTitle: String?
    /// Label each series at its end with its latest value ("US troops in Syria 900").
    var endLabels = false
    /// Steps continue flat to this x (the report's as-of date), so the latest level shows.
    var extendTo: Double?
    var annotations: [AnnotationSpec] = []
    /// Colours for series that are not categories of the report (a total, say).
    var fixedColors: [String: Color] = [:]
    /// Where the value axis runs: from zero (the default), around the data, or fixed.
    var valueScale: ChartSpec.ValueScale = .fromZero
    /// Values are percentages (a normalised stack): the axis labels say `%`.
    var percent = false
    /// Bars that span a period or a bin, by their x: drawn across the span, not around x.
    var intervals: [Double: ChartModel.Interval] = [:]
    /// The finest calendar step the date axis may tick at: a chart of months ticks at
    /// months or more, not at weeks inside one bar.
    var finestDateUnit: CalendarInterval.Unit?

    /// A point after stacking: drawn from `base` to `top`; `value` is the series' own value.
    struct Placed {
        var x: Double
        var value: Double
        var base: Double
        var top: Double
        var low: Double?
        var high: Double?
        /// True where the series has a row at this x (not a point filled in for stacking).
        var isData: Bool
    }

    private var isBar: Bool { mark == .bar }

    private func color(of s: ChartSeries, _ ctx: LayoutContext) -> Color {
        fixedColors[s.name] ?? ctx.colors.color(for: s.name)
    }

    // MARK: Stacking

    /// Every series' points with bases and tops: stacked bars pile positives up and negatives
    /// down at each x; stacked lines and areas pile on the union of all x values (a series is
    /// interpolated, or held for steps, between its own points, and is zero outside them).
    func placed() -> [[Placed]] {
        guard stack, series.count > 1 else {
            return series.map { s in s.points.map { Placed(x: $0.x, value: $0.y, base: 0, top: $0.y, low: $0.low, high: $0.high, isData: true) } }
        }
        if isBar {
            var up: [Double: Double] = [:], down: [Double: Double] = [:]
            return series.map { s in
                s.points.map { p in
                    let base = p.y >= 0 ? up[p.x, default: 0] : down[p.x, default: 0]
                    if p.y >= 0 { up[p.x] = base + p.y } else { down[p.x] = base + p.y }
                    return Placed(x: p.x, value: p.y, base: base, top: base + p.y, low: p.low.map { $0 + base },
                                  high: p.high.map { $0 + base }, isData: true)
                }
            }
        }
        let xs = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        var running = [Double](repeating: 0, count: xs.count)
        var result: [[Placed]] = []
        for s in series {
            var out: [Placed] = []
            guard let first = s.points.first?.x, let last = s.points.last?.x else { result.append([]); continue }
            // One walk along the series' points (sorted by x) for all the x values.
            var next = 0
            for (i, x) in xs.enumerated() where x >= first && x <= last {
                while next < s.points.count, s.points[next].x < x { next += 1 }
                var exact: (x: Double, y: Double, low: Double?, high: Double?)?
                var j = next
                while j < s.points.count, s.points[j].x == x { exact = s.points[j]; j += 1 }
                let v: Double
                if let exact { v = exact.y } else {
                    let a = s.points[next - 1], b = s.points[next]
                    v = mark == .step ? a.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
                }
                let base = running[i]
                out.append(Placed(x: x, value: v, base: base, top: base + v, low: exact?.low.map { $0 + base },
                                  high: exact?.high.map { $0 + base }, isData: exact != nil))
                running[i] += v
            }
            result.append(out)
        }
        return result
    }

    // MARK: Drawing

    func draw(in plot: Rect, _ ctx: LayoutContext) -> [SceneItem] {
        let stacks = placed()
        let all = stacks.flatMap { $0 }
        guard !all.isEmpty else {
            return [ctx.label("No data in range", ctx.styles.body.italicized().colored(ctx.styles.muted),
                              at: Point(plot.midX, plot.midY), anchor: .center, vertical: 0.5).item]
        }
        if case .categories(let names) = x, prefersHorizontalBars(names: names, plotWidth: plot.width, plotHeight: plot.height, ctx) {
            return drawHorizontalBars(names: names, in: plot, ctx)
        }
        let axisStyle = ctx.styles.axis
        let lineHeight = ctx.measure(TextContent("Ag", style: axisStyle)).height
        var dated: [AnnotationSpec] = []
        if case .date = x { dated = annotations.filter { $0.date != nil } }
        let valueLines = annotations.filter { $0.date == nil && $0.value != nil }

        // Value domain and ticks, from a first guess at the plot's height.
        // A fitted axis (lines and steps only) follows the values; the others also hold the
        // bases marks stand on.
        let fitted = valueScale == .fitted
        var values = all.flatMap { p in (fitted ? [p.top] : [p.top, p.base]) + [p.low, p.high].compactMap { $0 } } + valueLines.compactMap(\.value)
        if log { values = values.filter { $0 > 0 } }
        if values.isEmpty { values = [1] }
        let guessHeight = plot.height - 2 * lineHeight - 8 - (dated.isEmpty ? 0 : lineHeight + 4)
        let count = NiceTicks.count(forLength: guessHeight)
        let axis: (domain: (Double, Double), ticks: [Double])
        switch valueScale {
        case .fixed(let lo, let hi) where log:
            // Exponents for the domain, as `logAxis` gives; its ticks that fall inside.
            let wide = NiceTicks.logAxis(lo, hi, maxTicks: count)
            axis = ((log10(lo), log10(hi)), wide.ticks.filter { $0 >= lo * (1 - 1e-9) && $0 <= hi * (1 + 1e-9) })
        case .fixed(let lo, let hi):
            axis = ((lo, hi), NiceTicks.ticks(lo, hi, count: count))
        case .fitted where !log:
            axis = NiceTicks.valueAxis(values.min()!, values.max()!, count: count, fromZero: false)
        default:
            axis = log ? NiceTicks.logAxis(values.min()!, values.max()!, maxTicks: count)
                       : NiceTicks.valueAxis(values.min()!, values.max()!, count: count)
        }
        // Grouped numbers unless they would take more than 8% of the width (compact in narrow charts).
        var (tickLabels, _) = TickLabels.shortened(axis.ticks, maxWidth: min(60, max(24, plot.width * 0.08)), style: axisStyle, uniform: !log, ctx)
        if percent { tickLabels = tickLabels.map { $0 + "%" } }
        let labelWidth = tickLabels.map { ctx.width($0, axisStyle) }.max() ?? 0
        let titleWidth = yTitle == nil ? 0.0 : lineHeight + 4

        // Horizontal layout: left gutter for values, right gutter for end labels.
        let labelStyle = ctx.styles.label.bolded()
        let endTexts = endLabels ? series.map(endLabelText) : []
        var gutter = 0.0
        if endLabels {
            gutter = min((endTexts.map { ctx.width($0, labelStyle) }.max() ?? 0) + 10, plot.width * 0.3)
        } else if case .date = x {
            gutter = 14
        } else {
            gutter = 8
        }
        let left = plot.minX + titleWidth + labelWidth + 6
        let innerX = (left, max(left + 40, plot.maxX - gutter))

        // The x scale.
        let (xLower, xUpper) = xDomain()
        let xScale = TimeScale(start: xLower, end: xUpper, range: innerX.0, innerX.1)

        // Dated annotation labels in rows above the plot, no two overlapping.
        var rows: [[Rect]] = []
        var annotationBoxes: [(AnnotationSpec, Double, Rect, Int)] = []
        let annotationStyle = ctx.styles.label.italicized().colored(ctx.styles.accent)
        for a in dated {
            let ax = xScale(annotationX(a.date!))
            let m = ctx.measure(TextContent(a.text, style: annotationStyle))
            let candidates = [Rect(x: ax + 3, y: 0, width: m.width, height: m.height), Rect(x: ax - 3 - m.width, y: 0, width: m.width, height: m.height)]
                .filter { $0.minX >= plot.minX && $0.maxX <= plot.maxX }
            let options = candidates.isEmpty ? [Rect(x: max(plot.minX, min(ax - m.width / 2, plot.maxX - m.width)), y: 0, width: m.width, height: m.height)] : candidates
            var row = 0
            var chosen: Rect?
            while chosen == nil {
                if row == rows.count { rows.append([]) }
                chosen = options.first { c in !rows[row].contains { $0.insetBy(dx: -3, dy: 0).intersects(c) } }
                if chosen == nil { row += 1 }
            }
            rows[row].append(chosen!)
            annotationBoxes.append((a, ax, chosen!, row))
        }
        let rowHeight = lineHeight + 1
        let top = plot.minY + Double(rows.count) * rowHeight + (rows.isEmpty ? 8 : 4)

        // Vertical layout: the x axis below.
        var axisHeight = 2 * lineHeight + 6
        var rotated: (length: Double, lines: Int)?
        if case .categories(let names) = x {
            let slot = (innerX.1 - innerX.0) / Double(max(1, names.count))
            let fits = names.allSatisfy { n in
                let m = ctx.measure(TextContent(n, style: axisStyle, width: slot - 4))
                return m.lineCount <= 2 && m.width <= slot - 2
            }
            if !fits {
                // Names read upwards, wrapped into as many lines as the slot is wide, each
                // as short as that allows; cut with "…" only past 40% of the height.
                let lines = max(1, min(3, Int((slot - 2) / lineHeight)))
                let length = names.map { n -> Double in
                    let natural = ctx.width(n, axisStyle)
                    var w = natural
                    for k in stride(from: lines, through: 2, by: -1) {
                        let tryWidth = natural / Double(k) * 1.25
                        if ctx.measure(TextContent(n, style: axisStyle, width: tryWidth)).lineCount <= lines { w = tryWidth; break }
                    }
                    return w
                }.max() ?? 0
                rotated = (min(length + 2, plot.height * 0.4), lines)
                axisHeight = rotated!.length + 8
            }
        } else if case .number = x {
            axisHeight = lineHeight + 6 + (xTitle == nil ? 0 : lineHeight + 2)
        } else if xTitle != nil {
            axisHeight += lineHeight + 2
        }
        let inner = Rect(x: innerX.0, y: top, width: innerX.1 - innerX.0, height: max(20, plot.maxY - axisHeight - top))
        let yScale = LinearScale(domain: axis.domain.0, axis.domain.1, range: inner.maxY, inner.minY)
        let yPos: (Double) -> Double = { v in log ? yScale(log10(max(v, 1e-300))) : yScale(v) }
        let zeroY = log ? inner.maxY : yPos(0)

        var items: [SceneItem] = []
        // Grid and value labels.
        for (t, label) in zip(axis.ticks, tickLabels) {
            let y = yPos(t)
            let isBase = log ? t == axis.ticks.first : t == 0
            items.append(.path(.line(Point(inner.minX, y), Point(inner.maxX, y)), fill: nil,
                               stroke: Stroke(isBase ? ctx.styles.rule : ctx.styles.grid, width: isBase ? 0.7 : 0.5)))
            items.append(ctx.label(label, axisStyle, at: Point(inner.minX - 4, y), anchor: .right, vertical: 0.5).item)
        }
        if let yTitle {
            let w = min(ctx.width(yTitle, axisStyle), inner.height)
            items.append(.text(TextItem(TextContent(yTitle, style: axisStyle, width: inner.height, maxLines: 1),
                                        at: Point(plot.minX, inner.midY + w / 2), quarterTurns: 1)))
        }
        items += xAxis(xScale, inner: inner, rotated: rotated, ctx)

        // Dated rules under the marks: a level that changed that day stays visible on top.
        for (_, ax, _, row) in annotationBoxes {
            let labelY = plot.minY + Double(row) * rowHeight
            items.append(.path(.line(Point(ax, labelY + rowHeight - 1), Point(ax, inner.maxY)), fill: nil,
                               stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
        }

        // Marks, clipped to the plot so nothing strays into the gutters.
        var marks: [SceneItem] = []
        var obstacles: [[Point]] = [], barRects: [Rect] = []
        let bar = barGeometry(xScale, inner)
        for (index, s) in series.enumerated() {
            let color = color(of: s, ctx)
            let pts = stacks[index]
            guard !pts.isEmpty else { continue }
            if isBar {
                for p in pts {
                    // A zero in a stack or an empty period is no bar (not a sliver on the axis).
                    if p.value == 0, p.low == nil, p.high == nil, stack || intervals[p.x] != nil { continue }
                    let (cx, width) = intervals[p.x].map { spanned($0, index, xScale) } ?? (xScale(p.x) + (stack ? 0 : bar.offset(index)), bar.width)
                    let y0 = log ? zeroY : yPos(p.base), y1 = yPos(p.top)
                    let rect = Rect(x: cx - width / 2, y: min(y0, y1), width: width, height: max(0.5, abs(y0 - y1)))
                    let touching = intervals[p.x]?.touching == true
                    marks.append(.path(.rect(rect), fill: .solid(color), stroke: stack || touching ? Stroke(.white, width: 0.5) : nil))
                    barRects.append(rect)
                    if p.low != nil || p.high != nil {
                        // A range with one side missing runs from the value to the side given.
                        marks += whisker(x: cx, from: yPos(p.low ?? p.top), to: yPos(p.high ?? p.top), cap: min(8, bar.width * 0.5), color: ctx.styles.ink)
                    }
                }
                continue
            }
            let points = pts.map { Point(xScale($0.x), yPos($0.top)) }
            let end = extendTo.map { xScale($0) }
            marks += ranges(pts, xScale, yPos, end: mark == .step ? end : nil, color: color)
            let line = mark == .step ? stepPoints(points, extend: end) : points
            if mark == .area {
                let bases = pts.map { Point(xScale($0.x), stack ? yPos($0.base) : zeroY) }
                var area = Path.polyline(line)
                for p in bases.reversed() { area.line(to: p) }
                area.close()
                marks.append(.path(area, fill: .solid(color.withAlpha(stack ? 0.75 : 0.3)), stroke: nil))
            }
            marks.append(.path(.polyline(line), fill: nil, stroke: Stroke(color, width: mark == .area ? 1.2 : 1.8)))
            obstacles.append(line)
            if mark != .area, s.points.count <= 60 {
                for (p, pt) in zip(pts, points) where p.isData {
                    if s.approximateX.contains(p.x) {
                        // An approximate date: a hollow point, as on the timeline.
                        marks.append(.dot(Dot(center: pt, radius: 2.4, fill: .white, ring: Stroke(color, width: 1.2))))
                    } else {
                        marks.append(.dot(Dot(center: pt, radius: 2.2, fill: color, ring: Stroke(.white, width: 0.6))))
                    }
                }
            }
        }
        items.append(.clipped(inner.insetBy(dx: -3, dy: -3), marks))

        // Annotations: dated rules (drawn before) with their labels above, value lines with
        // labels at the right.
        for (a, _, box, row) in annotationBoxes {
            items.append(ctx.text(a.text, annotationStyle, at: Point(box.minX, plot.minY + Double(row) * rowHeight)))
        }
        var valueLabels: [Rect] = []
        for a in valueLines {
            let y = yPos(a.value!)
            items.append(.path(.line(Point(inner.minX, y), Point(inner.maxX, y)), fill: nil,
                               stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
            // Above the line at the right end, else at the left, else below: wherever no
            // data line or bar runs through the label.
            let m = ctx.measure(TextContent(a.text, style: annotationStyle))
            let candidates = [(inner.maxX - m.width - 4, y - m.height - 1), (inner.minX + 2, y - m.height - 1),
                              (inner.maxX - m.width - 4, y + 1), (inner.minX + 2, y + 1)]
                .map { Rect(x: $0.0, y: $0.1, width: m.width + 2, height: m.height) }
                .filter { $0.minY >= inner.minY - 1 && $0.maxY <= inner.maxY }
            let clear = candidates.filter { c in !valueLabels.contains { $0.intersects(c) } }
            let box = clear.first { c in !obstacles.contains { Self.polyline($0, crosses: c) } && !barRects.contains { $0.intersects(c) } }
                ?? clear.first ?? candidates.first ?? Rect(x: inner.maxX - m.width - 4, y: y - m.height - 1, width: m.width + 2, height: m.height)
            valueLabels.append(box)
            items.append(.path(.rect(box), fill: .solid(Color.white.withAlpha(0.8)), stroke: nil))
            items.append(ctx.text(a.text, annotationStyle, at: Point(box.minX + 1, box.minY)))
        }

        if endLabels { items += endLabelItems(stacks, xScale, yPos, inner: inner, plot: plot, ctx) }
        return items
    }

    // MARK: Pieces

    /// The x domain: data, the as-of extension and annotations, padded so that marks at the
    /// ends are not cut in half (bars get half a slot each side).
    func xDomain() -> (Double, Double) {
        if case .categories(let names) = x { return (-0.5, Double(names.count) - 0.5) }
        var xs = series.flatMap { $0.points.map(\.x) }
        if let e = extendTo { xs.append(e) }
        if case .date = x { xs += annotations.compactMap { $0.date.map(annotationX) } }
        guard var lo = xs.min(), var hi = xs.max() else { return (0, 1) }
        if isBar, !intervals.isEmpty {
            // Bars across their periods or bins: the axis runs from the first to the last edge.
            lo = xs.map { intervals[$0]?.from ?? $0 }.min()!
            hi = xs.map { intervals[$0]?.to ?? $0 }.max()!
        } else if isBar {
            let half = barSlot() / 2
            lo -= half; hi += half
        } else if case .date = x {
            let pad = max(0.5, (hi - lo) * 0.03)
            // Steps held to the as-of date end at the edge, next to their end labels.
            lo -= pad; hi += endLabels && extendTo != nil ? pad / 4 : pad
        } else if hi == lo {
            lo -= 0.5; hi += 0.5
        }
        return (lo, hi)
    }

    /// Where a dated annotation sits: where data of the same date sit.
    private func annotationX(_ d: EventDate) -> Double { d.chartX }

    /// The smallest gap between distinct x values: the room one bar (or group) has.
    private func barSlot() -> Double {
        if case .categories = x { return 1 }
        let xs = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }.filter { $0 > 0 }
        return gaps.min() ?? 1
    }

    /// Bar width and, for grouped bars, each series' offset from the slot's centre.
    private func barGeometry(_ scale: TimeScale, _ inner: Rect) -> (width: Double, offset: (Int) -> Double) {
        let slot = barSlot() * scale.pointsPerDay
        let group = slot * 0.8
        let n = stack ? 1 : max(1, series.count)
        let width = max(1, group / Double(n))
        return (width, { i in stack ? 0 : -group / 2 + width * (Double(i) + 0.5) })
    }

    /// The centre and width of series `index`'s bar across `span`: the whole span for touching
    /// bins, 80% of it for periods (so that weeks read as separate bars), shared by the
    /// series side by side unless they are stacked.
    private func spanned(_ span: ChartModel.Interval, _ index: Int, _ scale: TimeScale) -> (Double, Double) {
        let from = scale(span.from), to = scale(span.to)
        let group = (to - from) * (span.touching ? 1 : 0.8)
        let n = stack ? 1 : max(1, series.count)
        let width = max(0.5, group / Double(n))
        let centre = (from + to) / 2 + (stack ? 0 : -group / 2 + width * (Double(index) + 0.5))
        return (centre, width)
    }

    /// A whisker: a vertical rule with short caps.
    private func whisker(x: Double, from y0: Double, to y1: Double, cap: Double, color: Color) -> [SceneItem] {
        let stroke = Stroke(color.withAlpha(0.85), width: 0.9)
        return [.path(.line(Point(x, y0), Point(x, y1)), fill: nil, stroke: stroke),
                .path(.line(Point(x - cap / 2, y0), Point(x + cap / 2, y0)), fill: nil, stroke: stroke),
                .path(.line(Point(x - cap / 2, y1), Point(x + cap / 2, y1)), fill: nil, stroke: stroke)]
    }

    /// Ranges along a line: runs of two or more consecutive points with a range become a
    /// band (stepped for steps, where each range holds until the next point); a lone point
    /// with a range gets a whisker. A range with one side missing runs to the value.
    private func ranges(_ pts: [Placed], _ xScale: TimeScale, _ yPos: (Double) -> Double, end: Double?, color: Color) -> [SceneItem] {
        var items: [SceneItem] = []
        let has = pts.map { $0.low != nil || $0.high != nil }
        var i = 0
        while i < pts.count {
            guard has[i] else { i += 1; continue }
            var j = i
            while j + 1 < pts.count, has[j + 1] { j += 1 }
            let run = Array(pts[i...j])
            let lows = run.map { yPos($0.low ?? $0.top) }, highs = run.map { yPos($0.high ?? $0.top) }
            if mark == .step {
                // Each level's range holds from its point to the next point (or the extension).
                let nextX: Double? = j + 1 < pts.count ? xScale(pts[j + 1].x) : end
                var upper: [Point] = [], lower: [Point] = []
                for (k, p) in run.enumerated() {
                    let x0 = xScale(p.x)
                    let x1 = k + 1 < run.count ? xScale(run[k + 1].x) : (nextX ?? x0)
                    upper += [Point(x0, highs[k]), Point(x1, highs[k])]
                    lower += [Point(x0, lows[k]), Point(x1, lows[k])]
                }
                if upper.first!.x == upper.last!.x {
                    items += whisker(x: upper[0].x, from: lows[0], to: highs[0], cap: 6, color: color)
                } else {
                    var band = Path.polyline(upper)
                    for p in lower.reversed() { band.line(to: p) }
                    band.close()
                    items.append(.path(band, fill: .solid(color.withAlpha(0.18)), stroke: nil))
                }
            } else if run.count == 1 {
                items += whisker(x: xScale(run[0].x), from: lows[0], to: highs[0], cap: 6, color: color)
            } else {
                var band = Path.polyline(zip(run, highs).map { Point(xScale($0.x), $1) })
                for (p, y) in zip(run, lows).reversed() { band.line(to: Point(xScale(p.x), y)) }
                band.close()
                items.append(.path(band, fill: .solid(color.withAlpha(0.18)), stroke: nil))
            }
            i = j + 1
        }
        return items
    }

    /// The x axis: calendar ticks for dates, nice numbers for numbers, names for categories.
    private func xAxis(_ scale: TimeScale, inner: Rect, rotated: (length: Double, lines: Int)?, _ ctx: LayoutContext) -> [SceneItem] {
        let style = ctx.styles.axis
        switch x {
        case .date:
            // Whole-day data get ticks of a day or more.
            let xs = series.flatMap { $0.points.map(\.x) } + [extendTo].compactMap { $0 }
            let finest: CalendarInterval.Unit = finestDateUnit ?? (xs.allSatisfy { $0 == $0.rounded() } ? .day : .hour)
            var items = isBar && (finest == .month || finest == .year) && !intervals.isEmpty
                ? periodAxis(scale, inner: inner, byYear: finest == .year, ctx)
                : DateAxis.draw(scale, plot: inner, ctx, grid: false, density: .atMost(spacing: 40), finest: finest).items
            if let xTitle {
                let lh = ctx.measure(TextContent("Ag", style: style)).height
                items.append(ctx.label(xTitle, style.italicized(), at: Point(inner.midX, inner.maxY + 6 + 2 * lh), anchor: .center).item)
            }
            return items
        case .categories(let names):
            var items: [SceneItem] = []
            let slot = inner.width / Double(max(1, names.count))
            for (i, name) in names.enumerated() {
                let cx = scale(Double(i))
                if let rotated {
                    let content = TextContent(name, style: style, width: rotated.length, alignment: .right, maxLines: rotated.lines)
                    let m = ctx.measure(content)
                    items.append(.text(TextItem(content, at: Point(cx - m.height / 2, inner.maxY + 4 + rotated.length), quarterTurns: 1)))
                } else {
                    items.append(ctx.text(name, style, at: Point(cx - (slot - 4) / 2, inner.maxY + 4), width: slot - 4, alignment: .center, maxLines: 2))
                }
            }
            return items
        case .number:
            var items: [SceneItem] = []
            // Ticks inside the data's own range (the x domain is not widened to a tick).
            let (fitted, labels) = TickLabels.fit(count: NiceTicks.count(forLength: inner.width, spacing: 70), style: style, ctx) { count in
                ((), NiceTicks.ticks(scale.start, scale.end, count: count), { scale($0) })
            }
            for (t, label) in zip(fitted.ticks, labels) {
                let px = scale(t)
                items.append(.path(.line(Point(px, inner.maxY), Point(px, inner.maxY + 3)), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.7)))
                items.append(ctx.label(label, style, at: Point(px, inner.maxY + 4), anchor: .center).item)
            }
            if let xTitle {
                let lh = ctx.measure(TextContent("Ag", style: style)).height
                items.append(ctx.label(xTitle, style, at: Point(inner.midX, inner.maxY + 6 + lh), anchor: .center).item)
            }
            return items
        }
    }

    /// The axis under bars that each span a month, quarter or year: the period's name
    /// centred under its bar (a label at the month's start would sit between two bars),
    /// rules at the boundaries, and the year under the first bar and each January. When the
    /// names do not fit, every second (third, …) bar is named.
    private func periodAxis(_ scale: TimeScale, inner: Rect, byYear: Bool, _ ctx: LayoutContext) -> [SceneItem] {
        let style = ctx.styles.axis
        var items: [SceneItem] = [.path(.line(Point(inner.minX, inner.maxY), Point(inner.maxX, inner.maxY)), fill: nil,
                                        stroke: Stroke(ctx.styles.rule, width: 0.7))]
        let spans = Set(intervals.values.map { [$0.from, $0.to] }).sorted { $0[0] < $1[0] }
        guard !spans.isEmpty else { return items }
        // Quarters are the spans longer than any month.
        let quarters = spans.contains { $0[1] - $0[0] > 31.5 }
        func name(_ from: Double) -> String {
            let d = CivilDate(dayNumber: Int(from))
            if byYear { return String(d.year) }
            return quarters ? "Q\((d.month - 1) / 3 + 1)" : TimeUnit.monthNames[d.month - 1]
        }
        let widest = spans.map { ctx.width(name($0[0]), style) }.max() ?? 0
        let slot = spans.map { scale($0[1]) - scale($0[0]) }.min() ?? 0
        let every = max(1, Int((widest + 6) / max(1, slot)) + 1)
        let lineHeight = ctx.measure(TextContent("Ag", style: style)).height
        for (i, span) in spans.enumerated() {
            let x0 = scale(span[0]), x1 = scale(span[1])
            for x in [x0, x1] {
                items.append(.path(.line(Point(x, inner.maxY), Point(x, inner.maxY + 3)), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.7)))
            }
            guard i % every == 0 else { continue }
            items.append(ctx.label(name(span[0]), style, at: Point((x0 + x1) / 2, inner.maxY + 4), anchor: .center).item)
            let d = CivilDate(dayNumber: Int(span[0]))
            // The year under the first named period and the first named one of each year.
            if !byYear, i == 0 || d.month <= every * (quarters ? 3 : 1) {
                items.append(ctx.label(String(d.year), style.bolded(), at: Point((x0 + x1) / 2, inner.maxY + 4 + lineHeight), anchor: .center).item)
            }
        }
        return items
    }

    private func endLabelText(_ s: ChartSeries) -> String {
        "\(s.name) \(NumberFormat.exact(s.points.last?.y ?? 0))"
    }

    /// End labels in the right gutter, spread so that none overlap, each tied to its
    /// series' last point by a thin leader when it had to move.
    private func endLabelItems(_ stacks: [[Placed]], _ xScale: TimeScale, _ yPos: (Double) -> Double,
                               inner: Rect, plot: Rect, _ ctx: LayoutContext) -> [SceneItem] {
        let style = ctx.styles.label.bolded()
        let labelX = inner.maxX + 8
        let width = max(20, plot.maxX - labelX)
        var entries: [(index: Int, anchor: Point, size: Double)] = []
        for (i, s) in series.enumerated() {
            guard let last = stacks[i].last else { continue }
            var ax = xScale(last.x)
            if mark == .step, let e = extendTo { ax = max(ax, xScale(e)) }
            let m = ctx.measure(TextContent(endLabelText(s), style: style, width: width))
            entries.append((i, Point(ax, yPos(last.top)), m.height))
        }
        // Not below the axis line: the gutter there belongs to the last date label.
        let centres = LabelDodge.spread(centres: entries.map(\.anchor.y), sizes: entries.map(\.size),
                                        within: plot.minY, inner.maxY + 4, gap: 1)
        var items: [SceneItem] = []
        for (entry, cy) in zip(entries, centres) {
            let s = series[entry.index]
            let color = color(of: s, ctx)
            let top = cy - entry.size / 2
            let lineY = min(max(cy, top + 5), top + entry.size - 5)
            if abs(lineY - entry.anchor.y) > 1.5 || labelX - entry.anchor.x > 24 {
                items.append(.path(.line(Point(entry.anchor.x + 3, entry.anchor.y), Point(labelX - 2, lineY)),
                                   fill: nil, stroke: Stroke(color.withAlpha(0.7), width: 0.6)))
            }
            items.append(ctx.text(endLabelText(s), style.colored(color), at: Point(labelX, top), width: width))
        }
        return items
    }

    /// True when the polyline runs through `box`.
    static func polyline(_ points: [Point], crosses box: Rect) -> Bool {
        guard points.count > 1 else { return points.first.map { box.contains(Rect(x: $0.x, y: $0.y, width: 0, height: 0)) } ?? false }
        for (a, b) in zip(points, points.dropFirst()) {
            let n = max(1, Int(max(abs(b.x - a.x), abs(b.y - a.y)) / 1.5))
            for i in 0...n {
                let t = Double(i) / Double(n)
                let x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t
                if x > box.minX, x < box.maxX, y > box.minY, y < box.maxY { return true }
            }
        }
        return false
    }

    /// Points of a step line: each level holds until the next point (and to `extend`).
    private func stepPoints(_ pts: [Point], extend: Double?) -> [Point] {
        guard let first = pts.first else { return [] }
        var out = [first]
        for p in pts.dropFirst() {
            out.append(Point(p.x, out.last!.y))
            out.append(p)
        }
        if let extend, extend > out.last!.x { out.append(Point(extend, out.last!.y)) }
        return out
    }
}
