import Foundation
import ReportScene

/// Lays out a `displacement` block in its three views, stating the unit conversion:
/// `flow` (a Sankey diagram with every node and link labelled with its value), `bars`
/// (totals by destination, stacked by origin) and `timeline` (cumulative arrivals by date).
struct DisplacementLayout {
    let block: PreparedBlock
    let model: DisplacementModel
    let ctx: LayoutContext

    private var unitWord: String { model.unit.rawValue }

    /// "family" or "families", "person" or "persons".
    private func unitName(_ value: Double) -> String {
        guard value == 1 else { return unitWord }
        return model.unit == .families ? "family" : "person"
    }

    func piece(width: Double, height: Double) -> Piece {
        let notes = model.notes
        switch model.view {
        case .flow:
            return BlockFrame(block: block, notes: notes).piece(width: width, height: height, ctx) { self.flow(in: $0) }
        case .bars:
            // Colour tells the origin, so the legend is always there (also for one origin).
            let legend = unique(model.flows.map(\.from)).map { ("from \($0)", ctx.colors.color(for: $0)) }
            return BlockFrame(block: block, legend: legend, notes: notes).piece(width: width, height: height, ctx) { self.bars(in: $0) }
        case .timeline:
            let chart = timelineChart()
            return BlockFrame(block: block, notes: notes).piece(width: width, height: height, ctx) { chart.draw(in: $0, self.ctx) }
        case .map:
            return MapLayout(block: block, model: model.map!, ctx: ctx).piece(width: width, height: height)
        }
    }

    private func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for n in names where !seen.contains(n) { seen.append(n) }
        return seen
    }

    // MARK: Flow

    /// A positioned label of the flow view.
    struct PlacedLabel {
        var text: String
        var style: TextStyle
        var box: Rect
        /// Where a leader line from the label goes, when the label had to move off its mark.
        var leader: (from: Point, to: Point)?
        /// Drawn on a white ground: it may sit over a band passing by.
        var grounded = false
    }

    /// The flow view's geometry and labels, apart from drawing so tests can check that no
    /// labels overlap and every node and link has one.
    func flowLayout(in plot: Rect) -> (sankey: SankeyLayout, nodeLabels: [PlacedLabel], linkLabels: [PlacedLabel]) {
        let nameStyle = ctx.styles.label.bolded()
        let valueStyle = ctx.styles.label
        let lineHeight = ctx.measure(TextContent("Ag", style: nameStyle)).height
        let graph = FlowGraph(flows: model.flows)
        let probe = SankeyLayout(graph: graph, in: plot)
        let lastColumn = probe.columnCount - 1
        func text(_ n: SankeyLayout.Node) -> String {
            // Origins carry the unit, so the diagram says what its numbers count; a middle
            // place says how many moved on, so that the rest is not taken for lost.
            if n.column == 0 { return "\(n.name)  \(NumberFormat.grouped(n.value)) \(unitName(n.value))" }
            if n.column < lastColumn, n.outgoing < n.incoming {
                return "\(n.name)  \(NumberFormat.grouped(n.incoming)), \(NumberFormat.grouped(n.outgoing)) moved on"
            }
            return "\(n.name)  \(NumberFormat.grouped(n.value))"
        }
        let maxSide = plot.width * 0.3
        let leftWidth = min(maxSide, probe.nodes.filter { $0.column == 0 }.map { ctx.width(text($0), nameStyle) }.max() ?? 0)
        let rightWidth = lastColumn > 0 ? min(maxSide, probe.nodes.filter { $0.column == lastColumn }.map { ctx.width(text($0), nameStyle) }.max() ?? 0) : 0
        let hasMiddle = probe.columnCount > 2
        let top = plot.minY + (hasMiddle ? lineHeight + 3 : 2)
        let inner = Rect(x: plot.minX + leftWidth + 6, y: top, width: max(60, plot.width - leftWidth - rightWidth - 12),
                         height: max(20, plot.maxY - 2 - top))
        let sankey = SankeyLayout(graph: graph, in: inner, nodeWidth: 10, padding: max(14, lineHeight + (hasMiddle ? 8 : 4)))

        // Node labels: origins to the left, destinations to the right (spread so that none
        // overlap, with a leader when one had to move), middle places above their node.
        var nodeLabels: [PlacedLabel] = []
        for side in lastColumn > 0 ? [0, lastColumn] : [0] {
            let column = sankey.nodes.filter { $0.column == side }
            let width = side == 0 ? leftWidth : rightWidth
            let metrics = column.map { ctx.measure(TextContent(text($0), style: nameStyle, width: max(width, 20))) }
            let centres = LabelDodge.spread(centres: column.map(\.rect.midY), sizes: metrics.map(\.height), within: plot.minY, plot.maxY, gap: 1)
            for (n, (m, cy)) in zip(column, zip(metrics, centres)) {
                let x = side == 0 ? n.rect.minX - 5 - m.width : n.rect.maxX + 5
                let box = Rect(x: x, y: cy - m.height / 2, width: m.width, height: m.height)
                let moved = abs(cy - n.rect.midY) > 1.5 && (cy < n.rect.minY || cy > n.rect.maxY)
                let leader = moved ? (side == 0 ? (Point(box.maxX + 1, cy), Point(n.rect.minX, min(max(cy, n.rect.minY), n.rect.maxY)))
                                                : (Point(box.minX - 1, cy), Point(n.rect.maxX, min(max(cy, n.rect.minY), n.rect.maxY)))) : nil
                nodeLabels.append(PlacedLabel(text: text(n), style: nameStyle, box: box, leader: leader))
            }
        }
        for n in sankey.nodes where n.column > 0 && n.column < lastColumn {
            let m = ctx.measure(TextContent(text(n), style: nameStyle))
            let x = min(max(n.rect.midX - m.width / 2, plot.minX), plot.maxX - m.width)
            nodeLabels.append(PlacedLabel(text: text(n), style: nameStyle, box: Rect(x: x, y: n.rect.minY - 2 - m.height, width: m.width, height: m.height),
                                          grounded: true))
        }

        // Link values: every link gets one, on its band where it overlaps no other label
        // and no node; the biggest links choose first.
        var placer = LabelPlacer(bounds: plot)
        for l in nodeLabels { placer.reserve(l.grounded ? l.box.insetBy(dx: -2, dy: 0) : l.box) }
        for n in sankey.nodes { placer.reserve(n.rect.insetBy(dx: -1, dy: 0)) }
        var linkLabels: [PlacedLabel] = []
        let order = sankey.links.indices.sorted { (-sankey.links[$0].value, $0) < (-sankey.links[$1].value, $1) }
        var byIndex: [Int: PlacedLabel] = [:]
        for i in order {
            let l = sankey.links[i]
            let value = NumberFormat.grouped(l.value)
            let m = ctx.measure(TextContent(value, style: valueStyle))
            func box(_ p: Point) -> Rect { Rect(x: p.x - m.width / 2 - 2, y: p.y - m.height / 2, width: m.width + 4, height: m.height) }
            let near: [Double] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
            var candidates = near.map { box(l.centre(at: $0)) }
            candidates += stride(from: 0.1, through: 0.9, by: 0.05).flatMap { t -> [Rect] in
                let c = l.centre(at: t)
                let shift = max(0, l.breadth / 2 - m.height / 2)
                return [box(Point(c.x, c.y - shift)), box(Point(c.x, c.y + shift))]
            }
            let chosen = placer.place(candidates.map { ($0, []) }).map { candidates[$0] } ?? {
                // Nowhere free: the middle of the band still names this link's value.
                let b = candidates[0]; placer.reserve(b); return b
            }()
            byIndex[i] = PlacedLabel(text: value, style: valueStyle, box: chosen)
        }
        linkLabels = sankey.links.indices.compactMap { byIndex[$0] }
        return (sankey, nodeLabels, linkLabels)
    }

    private func flow(in plot: Rect) -> [SceneItem] {
        let (sankey, nodeLabels, linkLabels) = flowLayout(in: plot)
        var items: [SceneItem] = []
        for l in sankey.links {
            let source = sankey.nodes.first { $0.name == l.source }?.place ?? l.source
            items.append(.path(SankeyLayout.bandPath(l), fill: .solid(ctx.colors.color(for: source).withAlpha(0.42)), stroke: nil))
        }
        for n in sankey.nodes {
            items.append(.path(.rect(n.rect), fill: .solid(ctx.colors.color(for: n.place)), stroke: nil))
        }
        for label in nodeLabels {
            if let leader = label.leader {
                items.append(.path(.line(leader.from, leader.to), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.6)))
            }
            if label.grounded {
                items.append(.path(.roundedRect(label.box.insetBy(dx: -2, dy: 0), radius: 2), fill: .solid(Color.white.withAlpha(0.88)), stroke: nil))
            }
            items.append(ctx.text(label.text, label.style, at: Point(label.box.minX, label.box.minY), width: label.box.width + 1))
        }
        for label in linkLabels {
            items.append(.path(.roundedRect(label.box, radius: 2), fill: .solid(Color.white.withAlpha(0.88)), stroke: nil))
            items.append(ctx.text(label.text, label.style, at: Point(label.box.minX + 2, label.box.minY)))
        }
        return items
    }

    // MARK: Bars

    private func bars(in plot: Rect) -> [SceneItem] {
        let origins = unique(model.flows.map(\.from))
        let firstSeen = unique(model.flows.map(\.to))
        func total(_ d: String) -> Double { model.flows.filter { $0.to == d }.map(\.value).reduce(0, +) }
        let destinations = firstSeen.enumerated().sorted { (-total($0.element), $0.offset) < (-total($1.element), $1.offset) }.map(\.element)
        let nameStyle = ctx.styles.label.bolded(), valueStyle = ctx.styles.label, axisStyle = ctx.styles.axis
        let lineHeight = ctx.measure(TextContent("Ag", style: axisStyle)).height
        let labelWidth = min(plot.width * 0.3, destinations.map { ctx.width($0, nameStyle) }.max() ?? 0)
        let totals = destinations.map(total)
        let totalWidth = (totals.map { ctx.width(NumberFormat.grouped($0), valueStyle) }.max() ?? 0) + 8
        let inner = Rect(x: plot.minX + labelWidth + 8, y: plot.minY + 2,
                         width: max(40, plot.width - labelWidth - 8 - totalWidth), height: max(20, plot.height - 2 * lineHeight - 10))
        // Fewer ticks, then compact numbers, until no two tick labels touch.
        let (fitted, labels) = TickLabels.fit(count: NiceTicks.count(forLength: inner.width, spacing: 70), style: axisStyle, ctx) { count in
            let axis = NiceTicks.valueAxis(0, totals.max() ?? 1, count: count)
            let scale = LinearScale(domain: axis.domain.0, axis.domain.1, range: inner.minX, inner.maxX)
            return (scale, axis.ticks, { scale($0) })
        }
        let scale = fitted.axis
        let slot = inner.height / Double(max(1, destinations.count))
        let barHeight = min(26, slot * 0.7)
        var items: [SceneItem] = []
        for (t, label) in zip(fitted.ticks, labels) {
            items.append(.path(.line(Point(scale(t), inner.minY), Point(scale(t), inner.maxY)), fill: nil,
                               stroke: Stroke(t == 0 ? ctx.styles.rule : ctx.styles.grid, width: t == 0 ? 0.7 : 0.5)))
            items.append(ctx.label(label, axisStyle, at: Point(scale(t), inner.maxY + 3), anchor: .center).item)
        }
        items.append(ctx.label(unitWord.prefix(1).uppercased() + unitWord.dropFirst(), axisStyle,
                               at: Point(inner.midX, inner.maxY + 5 + lineHeight), anchor: .center).item)
        for (i, d) in destinations.enumerated() {
            let y = inner.minY + Double(i) * slot + (slot - barHeight) / 2
            let m = ctx.measure(TextContent(d, style: nameStyle, width: labelWidth + 1))
            items.append(ctx.text(d, nameStyle, at: Point(inner.minX - 7 - labelWidth, y + barHeight / 2 - m.height / 2), width: labelWidth + 1, alignment: .right))
            let segments = origins.filter { o in model.flows.contains { $0.to == d && $0.from == o && $0.value > 0 } }.count
            var x = 0.0
            for o in origins {
                let v = model.flows.filter { $0.to == d && $0.from == o }.map(\.value).reduce(0, +)
                guard v > 0 else { continue }
                let color = ctx.colors.color(for: o)
                let rect = Rect(x: scale(x), y: y, width: scale(x + v) - scale(x), height: barHeight)
                items.append(.path(.rect(rect), fill: .solid(color), stroke: Stroke(.white, width: 0.5)))
                // The segment's own value inside it, where it fits, in ink that reads on its colour.
                let text = NumberFormat.grouped(v)
                let tm = ctx.measure(TextContent(text, style: valueStyle))
                if segments > 1, tm.width + 6 <= rect.width, tm.height <= barHeight {
                    // Whichever of white and ink contrasts more with the fill (WCAG ratios).
                    let ink = 1.05 / (color.luminance + 0.05) > (color.luminance + 0.05) / (ctx.styles.ink.luminance + 0.05) ? Color.white : ctx.styles.ink
                    items.append(ctx.label(text, valueStyle.colored(ink), at: Point(rect.midX, rect.midY), anchor: .center, vertical: 0.5).item)
                }
                x += v
            }
            items.append(ctx.label(NumberFormat.grouped(totals[i]), valueStyle.bolded(), at: Point(scale(x) + 4, y + barHeight / 2), vertical: 0.5).item)
        }
        return items
    }

    // MARK: Timeline

    /// Cumulative arrivals by destination as steps over dates (with the total when there is
    /// more than one destination), each labelled at its end, held until the as-of date.
    func timelineChart() -> XYChart {
        let unit = unitWord.prefix(1).uppercased() + unitWord.dropFirst()
        return XYChart(series: model.arrivals, mark: .step, x: .date, yTitle: "\(unit) (cumulative)", endLabels: true,
                       extendTo: max(model.lastDay, ctx.asOfDay ?? model.lastDay), fixedColors: [DisplacementModel.totalSeriesName: ctx.styles.ink])
    }
}
