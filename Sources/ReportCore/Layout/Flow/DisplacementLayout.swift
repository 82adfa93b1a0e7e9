import ReportScene

/// Lays out a `displacement` block in its three views, stating the unit conversion.
struct DisplacementLayout {
    let block: PreparedBlock
    let model: DisplacementModel
    let ctx: LayoutContext

    private var unitWord: String { model.unit.rawValue }

    /// "300 families ≈ 1,500 persons (5 persons per family)."
    var conversionNote: String? {
        guard model.unit == .families else { return nil }
        let total = originTotal
        let families = "\(NumberFormat.grouped(total)) \(total == 1 ? "family" : "families")"
        guard let ppf = model.personsPerFamily else {
            return "Counted in families; no persons-per-family figure given, so no person count is implied."
        }
        return "\(families) ≈ \(NumberFormat.grouped((total * ppf).rounded())) persons (\(NumberFormat.grouped(ppf)) persons per family)."
    }

    /// Total leaving the first-column places (people are not counted twice through middle places).
    private var originTotal: Double {
        let destinations = Set(model.flows.map(\.to))
        return model.flows.filter { !destinations.contains($0.from) }.map(\.value).reduce(0, +)
    }

    func piece(width: Double, height: Double) -> Piece {
        var notes: [String] = []
        if let note = conversionNote { notes.append(note) }
        switch model.view {
        case .flow:
            return BlockFrame(block: block, notes: notes).piece(width: width, height: height, ctx) { self.flow(in: $0) }
        case .bars:
            let origins = unique(model.flows.map(\.from))
            let legend = origins.count > 1 ? origins.map { ($0, ctx.colors.color(for: $0)) } : []
            return BlockFrame(block: block, legend: legend, notes: notes).piece(width: width, height: height, ctx) { self.bars(in: $0) }
        case .timeline:
            let destinations = unique(model.flows.map(\.to))
            let series = destinations.map { d -> ChartSeries in
                var total = 0.0
                let points = model.flows.filter { $0.to == d && $0.day != nil }.sorted { $0.day! < $1.day! }.map { f -> (x: Double, y: Double, low: Double?, high: Double?) in
                    total += f.value
                    return (f.day! + 0.5, total, nil, nil)
                }
                return ChartSeries(name: d, points: points)
            }
            let chart = XYChart(series: series, mark: .step, xIsDate: true, yTitle: "\(unitWord.capitalized) (cumulative)", endLabels: true)
            return BlockFrame(block: block, notes: notes).piece(width: width, height: height, ctx) { chart.draw(in: $0, self.ctx) }
        }
    }

    private func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for n in names where !seen.contains(n) { seen.append(n) }
        return seen
    }

    private func flow(in plot: Rect) -> [SceneItem] {
        let nameStyle = ctx.styles.label.bolded()
        let valueStyle = ctx.styles.label
        func nodeLabel(_ n: SankeyLayout.Node) -> String { "\(n.name)  \(NumberFormat.grouped(n.value))" }
        let probe = SankeyLayout(flows: model.flows, in: plot)
        let leftWidth = probe.nodes.filter { $0.column == 0 }.map { ctx.width(nodeLabel($0), nameStyle) }.max() ?? 0
        let lastColumn = probe.nodes.map(\.column).max() ?? 0
        let rightWidth = probe.nodes.filter { $0.column == lastColumn && lastColumn > 0 }.map { ctx.width(nodeLabel($0), nameStyle) }.max() ?? 0
        let inner = Rect(x: plot.minX + leftWidth + 8, y: plot.minY + 4, width: max(60, plot.width - leftWidth - rightWidth - 16), height: plot.height - 8)
        let sankey = SankeyLayout(flows: model.flows, in: inner)
        var items: [SceneItem] = []
        var placer = LabelPlacer(bounds: plot)
        for n in sankey.nodes {
            let (item, box): (SceneItem, Rect)
            if n.column == 0 {
                (item, box) = ctx.label(nodeLabel(n), nameStyle, at: Point(n.rect.minX - 5, n.rect.midY), anchor: .right, vertical: 0.5)
            } else {
                (item, box) = ctx.label(nodeLabel(n), nameStyle, at: Point(n.rect.maxX + 5, n.rect.midY), anchor: .left, vertical: 0.5)
            }
            placer.reserve(box)
            items.append(item)
        }
        for l in sankey.links {
            items.insert(.path(SankeyLayout.bandPath(l), fill: .solid(ctx.colors.color(for: l.source).withAlpha(0.45)), stroke: nil), at: 0)
        }
        for n in sankey.nodes {
            items.append(.path(.rect(n.rect), fill: .solid(ctx.colors.color(for: n.name)), stroke: nil))
        }
        // Link values, each placed where it overlaps no other label.
        for l in sankey.links {
            let text = NumberFormat.grouped(l.value)
            let m = ctx.measure(TextContent(text, style: valueStyle))
            let midX = (l.x0 + l.x1) / 2, midY = (l.sourceY + l.targetY) / 2
            let candidates = [Point(midX, midY), Point(l.x0 + 0.25 * (l.x1 - l.x0), l.sourceY + 0.16 * (l.targetY - l.sourceY)),
                              Point(l.x0 + 0.75 * (l.x1 - l.x0), l.sourceY + 0.84 * (l.targetY - l.sourceY))]
                .map { (box: Rect(x: $0.x - m.width / 2 - 2, y: $0.y - m.height / 2, width: m.width + 4, height: m.height), extra: [Rect]()) }
            if let i = placer.place(candidates) {
                let b = candidates[i].box
                items.append(.path(.roundedRect(b, radius: 2), fill: .solid(Color.white.withAlpha(0.85)), stroke: nil))
                items.append(ctx.text(text, valueStyle, at: Point(b.minX + 2, b.minY)))
            }
        }
        return items
    }

    private func bars(in plot: Rect) -> [SceneItem] {
        let destinations = unique(model.flows.map(\.to))
        let origins = unique(model.flows.map(\.from))
        let totals = destinations.map { d in model.flows.filter { $0.to == d }.map(\.value).reduce(0, +) }
        let labelWidth = destinations.map { ctx.width($0, ctx.styles.label.bolded()) }.max() ?? 0
        let maxTotal = totals.max() ?? 1
        let (_, top) = NiceTicks.niceDomain(0, maxTotal, count: 4)
        let valueWidth = ctx.width(NumberFormat.grouped(maxTotal), ctx.styles.label) + 8
        let inner = Rect(x: plot.minX + labelWidth + 8, y: plot.minY, width: plot.width - labelWidth - 8 - valueWidth, height: plot.height - 16)
        let scale = LinearScale(domain: 0, top, range: inner.minX, inner.maxX)
        let slot = inner.height / Double(max(1, destinations.count))
        let barHeight = min(26, slot * 0.7)
        var items: [SceneItem] = []
        for t in NiceTicks.ticks(0, top, count: 4) {
            items.append(.path(.line(Point(scale(t), inner.minY), Point(scale(t), inner.maxY)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.5)))
            items.append(ctx.label(NumberFormat.grouped(t), ctx.styles.axis, at: Point(scale(t), inner.maxY + 3), anchor: .center).item)
        }
        for (i, d) in destinations.enumerated() {
            let y = inner.minY + Double(i) * slot + (slot - barHeight) / 2
            items.append(ctx.label(d, ctx.styles.label.bolded(), at: Point(inner.minX - 6, y + barHeight / 2), anchor: .right, vertical: 0.5).item)
            var x = 0.0
            for o in origins {
                let v = model.flows.filter { $0.to == d && $0.from == o }.map(\.value).reduce(0, +)
                guard v > 0 else { continue }
                items.append(.path(.rect(Rect(x: scale(x), y: y, width: scale(x + v) - scale(x), height: barHeight)), fill: .solid(ctx.colors.color(for: o)), stroke: Stroke(.white, width: 0.5)))
                x += v
            }
            items.append(ctx.label(NumberFormat.grouped(totals[i]), ctx.styles.label, at: Point(scale(x) + 4, y + barHeight / 2), vertical: 0.5).item)
        }
        return items
    }
}
