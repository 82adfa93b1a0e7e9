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
            return [troops(block, model, width: width, height: chartHeight, ctx)]
        case .displacement(let model):
            return [DisplacementLayout(block: block, model: model, ctx: ctx).piece(width: width, height: chartHeight)]
        case .chart(let model):
            return [chart(block, model, width: width, height: chartHeight, ctx)]
        }
    }

    /// Force levels as steps in date order, one series per force, each labelled at its end
    /// with its latest level; reported ranges as bands. Levels sit at the start of their
    /// day, as chart data and annotations do, and hold until the report's as-of date.
    private static func troops(_ block: PreparedBlock, _ model: TroopsModel, width: Double, height: Double, _ ctx: LayoutContext) -> Piece {
        let series = model.series.map { s in
            ChartSeries(name: s.force, points: s.levels.map { ($0.day, $0.level, $0.low, $0.high) },
                        approximateX: Set(s.levels.filter(\.approximate).map(\.day)))
        }
        let lastDay = model.series.flatMap(\.levels).map(\.day).max() ?? 0
        let chart = XYChart(series: series, mark: .step, x: .date, yTitle: "Troops", endLabels: true,
                            extendTo: max(lastDay, ctx.asOfDay ?? lastDay), annotations: model.annotations)
        let ranged = model.series.contains { $0.levels.contains { $0.low != nil || $0.high != nil } }
        var notes = ranged ? ["Shaded bands show the reported range where sources disagree or give an estimate."] : []
        if series.contains(where: { !$0.approximateX.isEmpty }) { notes.append(approximateNote) }
        let frame = BlockFrame(block: block, notes: notes)
        return frame.piece(width: width, height: height, ctx) { chart.draw(in: $0, ctx) }
    }

    /// A `chart` block: its marks over dates, numbers or categories, with a legend when
    /// there is more than one series, and axis titles named after the columns by default.
    private static func chart(_ block: PreparedBlock, _ model: ChartModel, width: Double, height: Double, _ ctx: LayoutContext) -> Piece {
        let spec = model.spec
        let mark: XYChart.Mark = switch spec.mark { case .line: .line; case .step: .step; case .area: .area; case .bar: .bar }
        let x: XYChart.XKind = model.categories.map { .categories($0) } ?? (model.xIsDate ? .date : .number)
        var yTitle = spec.yTitle
        if yTitle == nil, spec.y.count == 1 { yTitle = columnTitle(spec.y[0].name) + (spec.cumulative ? " (cumulative)" : "") }
        var xTitle: String?
        if case .number = x { xTitle = columnTitle(spec.x.name) }
        let chart = XYChart(series: model.series, mark: mark, x: x, stack: spec.stack, log: spec.log,
                            yTitle: yTitle, xTitle: xTitle, annotations: spec.annotations)
        let legend = model.series.count > 1 ? model.series.map { ($0.name, ctx.colors.color(for: $0.name)) } : []
        var notes: [String] = []
        if spec.log { notes.append("Logarithmic scale: equal distances up the value axis are equal ratios, not equal differences.") }
        if model.series.contains(where: { $0.points.contains { $0.low != nil || $0.high != nil } }) {
            notes.append(mark == .bar ? "Whiskers show the reported range (low to high)." : "Shaded bands and whiskers show the reported range (low to high).")
        }
        if mark != .bar, mark != .area, model.series.contains(where: { !$0.approximateX.isEmpty }) { notes.append(approximateNote) }
        return BlockFrame(block: block, legend: legend, notes: notes).piece(width: width, height: height, ctx) { chart.draw(in: $0, ctx) }
    }

    static let approximateNote = "Hollow points mark approximate dates (~)."

    /// A column name as an axis title: "civilian_deaths" → "Civilian deaths".
    static func columnTitle(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// Text-like blocks: a title piece kept with the first paragraph.
    private static func withTitle(_ block: PreparedBlock, _ width: Double, _ ctx: LayoutContext, _ pieces: [Piece]) -> [Piece] {
        guard let title = block.spec.title else { return pieces }
        let h = ctx.measure(TextContent(title, style: ctx.styles.blockTitle, width: width)).height + 4
        return [Piece(height: h, outline: [(title, 2)], keepWithNext: true) { p in [ctx.text(title, ctx.styles.blockTitle, at: p, width: width)] }] + pieces
    }
}
