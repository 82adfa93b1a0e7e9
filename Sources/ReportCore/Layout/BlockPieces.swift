import ReportScene

/// Turns one prepared block into the pieces the page flow places.
enum BlockPieces {
    /// Default height of a chart-like block as a fraction of the page body.
    static let defaultChartFraction = 0.46

    static func make(_ block: PreparedBlock, width: Double, bodyHeight: Double, _ ctx: LayoutContext) -> [Piece] {
        let height: Double? = block.spec.height.map {
            switch $0 {
            case .points(let p): return min(p, bodyHeight)
            case .fraction(let f): return f * bodyHeight
            }
        }
        let chartHeight = height ?? bodyHeight * defaultChartFraction
        switch block.content {
        case .heading(let text): return TextBlocks.heading(text, width: width, ctx)
        case .text(let text): return withTitle(block, width, ctx, TextBlocks.paragraphs(text, width: width, ctx))
        case .figures(let items): return withTitle(block, width, ctx, TextBlocks.figures(items, width: width, ctx))
        case .pageBreak: return []
        case .table(let model): return TableLayout(block: block, model: model, ctx: ctx).pieces(width: width)
        case .timeline(let model):
            return TimelineLayout(block: block, model: model, ctx: ctx).pieces(width: width, height: height, available: bodyHeight)
        case .troops(let model):
            let series = model.series.map { s in
                ChartSeries(name: s.force, points: s.levels.map { ($0.day, $0.level, $0.low, $0.high) })
            }
            let lastDay = model.series.flatMap(\.levels).map(\.day).max()
            let chart = XYChart(series: series, mark: .step, xIsDate: true, yTitle: "Troops", endLabels: true,
                                extendTo: max(lastDay ?? 0, ctx.asOfDay ?? 0) + 0.5, annotations: model.annotations)
            let ranged = model.series.contains { $0.levels.contains { $0.low != nil } }
            let frame = BlockFrame(block: block, notes: ranged ? ["Shaded bands show the reported range where sources disagree or give an estimate."] : [])
            return [frame.piece(width: width, height: chartHeight, ctx) { chart.draw(in: $0, ctx) }]
        case .displacement(let model):
            return [DisplacementLayout(block: block, model: model, ctx: ctx).piece(width: width, height: chartHeight)]
        case .chart(let model):
            let mark: XYChart.Mark = switch model.spec.mark { case .line: .line; case .step: .step; case .area: .area; case .bar: .bar }
            let chart = XYChart(series: model.series, mark: mark, xIsDate: model.xIsDate, stack: model.spec.stack, log: model.spec.log,
                                yTitle: model.spec.yTitle, endLabels: false, annotations: model.spec.annotations, categories: model.categories)
            let legend = model.series.count > 1 ? model.series.map { ($0.name, ctx.colors.color(for: $0.name)) } : []
            return [BlockFrame(block: block, legend: legend).piece(width: width, height: chartHeight, ctx) { chart.draw(in: $0, ctx) }]
        }
    }

    /// Text-like blocks: a title piece kept with the first paragraph.
    private static func withTitle(_ block: PreparedBlock, _ width: Double, _ ctx: LayoutContext, _ pieces: [Piece]) -> [Piece] {
        guard let title = block.spec.title else { return pieces }
        let h = ctx.measure(TextContent(title, style: ctx.styles.blockTitle, width: width)).height + 4
        return [Piece(height: h, outline: [(title, 2)], keepWithNext: true) { p in [ctx.text(title, ctx.styles.blockTitle, at: p, width: width)] }] + pieces
    }
}
