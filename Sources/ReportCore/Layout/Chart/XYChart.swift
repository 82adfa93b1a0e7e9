import Foundation
import ReportScene

/// A chart of series over a date (or number) x axis: lines, steps, areas or bars, with
/// optional bands (`low`…`high`), labels at series ends and annotations. Troop levels,
/// cumulative displacement and the `chart` block all draw through this one type.
struct XYChart {
    enum Mark { case line, step, area, bar }
    var series: [ChartSeries]
    var mark: Mark
    var xIsDate: Bool
    var stack = false
    var log = false
    var yTitle: String?
    /// Label each series at its last point with its latest value ("US troops in Syria 900").
    var endLabels = false
    /// Steps continue flat to this x (the report's as-of date), so the latest level shows.
    var extendTo: Double?
    var annotations: [AnnotationSpec] = []
    var categories: [String]?

    func draw(in plot: Rect, _ ctx: LayoutContext) -> [SceneItem] {
        let allPoints = series.flatMap(\.points)
        guard !allPoints.isEmpty else {
            return [ctx.label("No data in range", ctx.styles.body.italicized().colored(ctx.styles.muted),
                              at: Point(plot.midX, plot.midY), anchor: .center, vertical: 0.5).item]
        }
        // Domains.
        var xs = allPoints.map(\.x)
        if let e = extendTo { xs.append(e) }
        xs += annotations.compactMap { $0.date.map { $0.start + 0.5 } }
        var xMin = xs.min()!, xMax = xs.max()!
        if xIsDate { let pad = max(1, (xMax - xMin) * 0.03); xMin -= pad; xMax += pad }
        if categories != nil { xMin = -0.5; xMax = Double(categories!.count) - 0.5 }
        let stackedTotals = stack ? stackedTops() : nil
        var yValues = allPoints.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] } + annotations.compactMap(\.value)
        if let t = stackedTotals { yValues += t }
        let yMaxRaw = yValues.max() ?? 1
        let yMinRaw = min(0, yValues.min() ?? 0)
        let useLog = log && (yValues.min() ?? 0) > 0
        let (y0, y1) = useLog ? (floor(log10(yValues.min()!)), ceil(log10(yMaxRaw)))
                              : NiceTicks.niceDomain(yMinRaw, yMaxRaw, count: 5)
        let ticks = useLog ? stride(from: y0, through: y1, by: 1).map { pow(10, $0) } : NiceTicks.ticks(y0, y1, count: 5)
        let compact = (ticks.last ?? 0) >= 100_000
        let labelWidth = Axes.valueLabelWidth(ticks, ctx, compact: compact)
        let titleWidth = yTitle == nil ? 0.0 : ctx.measure(TextContent("Ag", style: ctx.styles.axis)).height + 4
        var endLabelWidth = 0.0
        if endLabels {
            endLabelWidth = series.map { s in ctx.width(endLabelText(s), ctx.styles.label.bolded()) }.max() ?? 0
            endLabelWidth = min(endLabelWidth + 8, plot.width * 0.3)
        }
        let axisHeight = 24.0
        let annotationRow = annotations.isEmpty ? 0.0 : 14
        let inner = Rect(x: plot.minX + labelWidth + 6 + titleWidth, y: plot.minY + annotationRow + 4,
                         width: plot.width - labelWidth - 6 - titleWidth - endLabelWidth,
                         height: plot.height - axisHeight - annotationRow - 4)
        let yScale = LinearScale(domain: useLog ? y0 : y0, y1, range: inner.maxY, inner.minY)
        let yPos: (Double) -> Double = { v in useLog ? yScale(log10(max(v, 1e-12))) : yScale(v) }
        let xScale = TimeScale(start: xMin, end: xMax, range: inner.minX, inner.maxX)
        var items: [SceneItem] = []
        // Grid and axes.
        for (i, t) in ticks.enumerated() {
            let y = yPos(t)
            items.append(.path(.line(Point(inner.minX, y), Point(inner.maxX, y)), fill: nil,
                               stroke: Stroke(i == 0 ? ctx.styles.rule : ctx.styles.grid, width: i == 0 ? 0.7 : 0.5)))
            items.append(ctx.label(Axes.format(t, compact: compact), ctx.styles.axis, at: Point(inner.minX - 4, y), anchor: .right, vertical: 0.5).item)
        }
        if let yTitle {
            let w = ctx.width(yTitle, ctx.styles.axis)
            items.append(.text(TextItem(TextContent(yTitle, style: ctx.styles.axis), at: Point(plot.minX, inner.midY + w / 2), quarterTurns: 1)))
        }
        if xIsDate {
            items.append(contentsOf: Axes.time(xScale, plot: inner, ctx, grid: false).items)
        } else if let categories {
            for (i, c) in categories.enumerated() {
                items.append(ctx.label(c, ctx.styles.axis, at: Point(xScale(Double(i)), inner.maxY + 4), anchor: .center).item)
            }
        } else {
            let xt = NiceTicks.ticks(xMin, xMax, count: max(2, Int(inner.width / 60)))
            for t in xt {
                items.append(ctx.label(NumberFormat.grouped(t), ctx.styles.axis, at: Point(xScale(t), inner.maxY + 4), anchor: .center).item)
            }
        }
        // Series.
        var baseline = [Double: Double]()
        var endBoxes: [Rect] = []
        for (index, s) in series.enumerated() {
            let color = ctx.colors.color(for: s.name)
            var pts = s.points.map { Point(xScale($0.x), yPos($0.y)) }
            if stack {
                pts = s.points.map { p in
                    let base = baseline[p.x] ?? 0
                    baseline[p.x] = base + p.y
                    return Point(xScale(p.x), yPos(base + p.y))
                }
            }
            // Bands for ranges.
            let banded = s.points.filter { $0.low != nil && $0.high != nil }
            if !banded.isEmpty {
                var band = Path()
                let upper = banded.map { Point(xScale($0.x), yPos($0.high!)) }
                let lower = banded.reversed().map { Point(xScale($0.x), yPos($0.low!)) }
                let seq = mark == .step ? stepPoints(upper, extend: extendTo.map { xScale($0) }) + stepPoints(lower.reversed(), extend: extendTo.map { xScale($0) }).reversed()
                                        : upper + lower
                band.move(to: seq[0]); seq.dropFirst().forEach { band.line(to: $0) }; band.close()
                items.append(.path(band, fill: .solid(color.withAlpha(0.18)), stroke: nil))
            }
            switch mark {
            case .bar:
                let count = Double(series.count)
                let slot = categories != nil ? inner.width / Double(categories!.count) : max(3, inner.width / Double(max(1, s.points.count)) * 0.8)
                let barWidth = stack ? slot * 0.6 : slot * 0.7 / count
                for (p, pt) in zip(s.points, pts) {
                    let x = xScale(p.x) - (stack ? barWidth / 2 : slot * 0.35 - Double(index) * barWidth)
                    let base = stack ? yPos((baseline[p.x] ?? p.y) - p.y) : yPos(max(y0, 0))
                    items.append(.path(.rect(Rect(x: x, y: min(pt.y, base), width: barWidth, height: abs(base - pt.y))),
                                       fill: .solid(color), stroke: nil))
                }
            case .line, .step, .area:
                let line = mark == .step ? stepPoints(pts, extend: extendTo.map { xScale($0) }) : pts
                if mark == .area, let first = line.first, let last = line.last {
                    var area = Path.polyline(line)
                    area.line(to: Point(last.x, yPos(max(y0, 0)))); area.line(to: Point(first.x, yPos(max(y0, 0)))); area.close()
                    items.append(.path(area, fill: .solid(color.withAlpha(0.35)), stroke: nil))
                }
                items.append(.path(.polyline(line), fill: nil, stroke: Stroke(color, width: 1.8)))
                for pt in pts where s.points.count <= 40 {
                    items.append(.path(.circle(center: pt, radius: 2.2), fill: .solid(color), stroke: Stroke(.white, width: 0.6)))
                }
                if endLabels, let last = line.last {
                    let (item, box) = ctx.label(endLabelText(s), ctx.styles.label.bolded().colored(color),
                                                at: Point(last.x + 5, last.y), anchor: .left, vertical: 0.5)
                    var b = box
                    while endBoxes.contains(where: { $0.intersects(b) }) { b = b.offsetBy(dx: 0, dy: b.height) }
                    endBoxes.append(b)
                    items.append(item.offsetBy(dx: 0, dy: b.minY - box.minY))
                }
            }
        }
        // Annotations: dated rules and value lines.
        var placer = LabelPlacer(bounds: Rect(x: plot.minX, y: plot.minY, width: plot.width, height: annotationRow + 2))
        for a in annotations {
            if let date = a.date {
                let x = xScale(date.start + (date.precision == .day ? 0.5 : 0))
                items.append(.path(.line(Point(x, inner.minY - 2), Point(x, inner.maxY)), fill: nil, stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
                let w = ctx.width(a.text, ctx.styles.label.italicized())
                if placer.place([(Rect(x: x + 2, y: plot.minY, width: w, height: 12), []), (Rect(x: x - w - 2, y: plot.minY, width: w, height: 12), [])]) != nil {
                    let b = placer.occupied.last!
                    items.append(ctx.text(a.text, ctx.styles.label.italicized().colored(ctx.styles.accent), at: Point(b.minX, b.minY)))
                }
            } else if let v = a.value {
                let y = yPos(v)
                items.append(.path(.line(Point(inner.minX, y), Point(inner.maxX, y)), fill: nil, stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
                items.append(ctx.label(a.text, ctx.styles.label.italicized().colored(ctx.styles.accent), at: Point(inner.maxX - 2, y - 1), anchor: .right, vertical: 1).item)
            }
        }
        return items
    }

    private func endLabelText(_ s: ChartSeries) -> String {
        "\(s.name) \(NumberFormat.grouped(s.points.last?.y ?? 0))"
    }

    private func stackedTops() -> [Double] {
        var totals: [Double: Double] = [:]
        for s in series { for p in s.points { totals[p.x, default: 0] += p.y } }
        return Array(totals.values)
    }

    /// Points of a step line: each level holds until the next date (and to `extend`).
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
