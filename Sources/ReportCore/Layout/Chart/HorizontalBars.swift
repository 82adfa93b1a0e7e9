import Foundation
import ReportScene

extension XYChart {
    /// True when bars by category should lie down: their names do not fit under upright
    /// bars (two lines at most), but one line of text fits each row of lying bars. Long
    /// place names then read normally instead of sideways.
    func prefersHorizontalBars(names: [String], plotWidth: Double, plotHeight: Double, _ ctx: LayoutContext) -> Bool {
        guard mark == .bar, !names.isEmpty else { return false }
        let style = ctx.styles.axis
        let lineHeight = ctx.measure(TextContent("Ag", style: style)).height
        let slot = plotWidth * 0.85 / Double(names.count)
        let fits = names.allSatisfy { n in
            let m = ctx.measure(TextContent(n, style: style, width: slot - 4))
            return m.lineCount <= 2 && m.width <= slot - 2
        }
        return !fits && Double(names.count) * (lineHeight + 2) <= plotHeight - 3 * lineHeight
    }

    /// Bars by category lying down: names on the left (wrapped to two lines where the row
    /// allows), values along the bottom with the axis title under them, value annotations as
    /// upright rules. Stacking, grouping, whiskers and log scales as for upright bars.
    func drawHorizontalBars(names: [String], in plot: Rect, _ ctx: LayoutContext) -> [SceneItem] {
        let stacks = placed()
        let style = ctx.styles.axis, nameStyle = ctx.styles.label
        let lineHeight = ctx.measure(TextContent("Ag", style: style)).height
        let valueLines = annotations.filter { $0.date == nil && $0.value != nil }
        let annotationStyle = ctx.styles.label.italicized().colored(ctx.styles.accent)

        // Rows: the names' column is at most 35% of the width.
        let top = plot.minY + (valueLines.isEmpty ? 4 : lineHeight + 4)
        let bottom = plot.maxY - (lineHeight + 6) - (yTitle == nil ? 0 : lineHeight + 2)
        let slot = (bottom - top) / Double(names.count)
        let lines = max(1, min(2, Int(slot / lineHeight)))
        let nameWidth = min(plot.width * 0.35, names.map { ctx.width($0, nameStyle) }.max() ?? 0)
        let inner = Rect(x: plot.minX + nameWidth + 8, y: top, width: max(40, plot.width - nameWidth - 8 - 14), height: bottom - top)

        // The value axis along the bottom: fewer ticks, then compact numbers, until labels part.
        var values = stacks.flatMap { $0.flatMap { p in [p.top, p.base] + [p.low, p.high].compactMap { $0 } } } + valueLines.compactMap(\.value)
        if log { values = values.filter { $0 > 0 } }
        if values.isEmpty { values = [1] }
        let (fitted, labels) = TickLabels.fit(count: NiceTicks.count(forLength: inner.width, spacing: 70), uniform: !log, style: style, ctx) { count in
            let axis = log ? NiceTicks.logAxis(values.min()!, values.max()!, maxTicks: count) : NiceTicks.valueAxis(values.min()!, values.max()!, count: count)
            let scale = LinearScale(domain: axis.domain.0, axis.domain.1, range: inner.minX, inner.maxX)
            return ((), axis.ticks, { [log] v in log ? scale(log10(max(v, 1e-300))) : scale(v) })
        }
        let ticks = fitted.ticks, position = fitted.position

        var items: [SceneItem] = []
        for (t, label) in zip(ticks, labels) {
            let x = position(t)
            let isBase = log ? t == ticks.first : t == 0
            items.append(.path(.line(Point(x, inner.minY), Point(x, inner.maxY)), fill: nil,
                               stroke: Stroke(isBase ? ctx.styles.rule : ctx.styles.grid, width: isBase ? 0.7 : 0.5)))
            items.append(ctx.label(label, style, at: Point(x, inner.maxY + 4), anchor: .center).item)
        }
        if let yTitle {
            items.append(ctx.label(yTitle, style, at: Point(inner.midX, inner.maxY + 6 + lineHeight), anchor: .center).item)
        }
        for (i, name) in names.enumerated() {
            let content = TextContent(name, style: nameStyle, width: nameWidth + 1, alignment: .right, maxLines: lines)
            let m = ctx.measure(content)
            items.append(.text(TextItem(content, at: Point(inner.minX - 7 - nameWidth, inner.minY + (Double(i) + 0.5) * slot - m.height / 2))))
        }

        // Bars: grouped series share a row, stacked ones pile along it.
        let group = slot * 0.75
        let n = stack ? 1 : max(1, series.count)
        let thickness = group / Double(n)
        let zeroX = log ? inner.minX : position(0)
        for (index, s) in series.enumerated() {
            let color = fixedColors[s.name] ?? ctx.colors.color(for: s.name)
            for p in stacks[index] {
                let rowTop = inner.minY + p.x * slot + (slot - group) / 2 + (stack ? 0 : Double(index) * thickness)
                let x0 = log ? zeroX : position(p.base), x1 = position(p.top)
                let rect = Rect(x: min(x0, x1), y: rowTop, width: max(0.5, abs(x1 - x0)), height: thickness)
                items.append(.path(.rect(rect), fill: .solid(color), stroke: stack ? Stroke(.white, width: 0.5) : nil))
                if p.low != nil || p.high != nil {
                    let a = position(p.low ?? p.top), b = position(p.high ?? p.top), y = rect.midY, cap = min(8, thickness * 0.5)
                    let ink = Stroke(ctx.styles.ink.withAlpha(0.85), width: 0.9)
                    items += [.path(.line(Point(a, y), Point(b, y)), fill: nil, stroke: ink),
                              .path(.line(Point(a, y - cap / 2), Point(a, y + cap / 2)), fill: nil, stroke: ink),
                              .path(.line(Point(b, y - cap / 2), Point(b, y + cap / 2)), fill: nil, stroke: ink)]
                }
            }
        }
        for a in valueLines {
            let x = position(a.value!)
            items.append(.path(.line(Point(x, inner.minY - 2), Point(x, inner.maxY)), fill: nil, stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
            let m = ctx.measure(TextContent(a.text, style: annotationStyle))
            let left = x + 3 + m.width > plot.maxX ? x - 3 - m.width : x + 3
            items.append(ctx.text(a.text, annotationStyle, at: Point(left, plot.minY)))
        }
        return items
    }
}
