import ReportScene

/// The frame every chart-like block shares: title, caption and legend above the plot;
/// note and the "Sources:" line below. Charts never split, so the frame is one piece.
struct BlockFrame {
    var block: PreparedBlock
    var legend: [(String, Color)] = []
    /// Extra notes under the plot (unit conversions, what marks mean).
    var notes: [String] = []

    /// Lines of the footer, in order.
    var footerLines: [String] {
        var lines: [String] = []
        if let note = block.spec.note { lines.append(note) }
        lines.append(contentsOf: notes)
        if !block.sources.isEmpty {
            let list = block.sources.joined(separator: "; ")
            lines.append("Sources: " + list + (".!?".contains(list.last!) ? "" : "."))
        }
        return lines
    }

    private func headerHeight(width: Double, _ ctx: LayoutContext) -> Double {
        var h = 0.0
        if let t = block.spec.title { h += ctx.measure(TextContent(t, style: ctx.styles.blockTitle, width: width)).height + 2 }
        if let c = block.spec.caption { h += ctx.measure(TextContent(c, style: ctx.styles.small.italicized(), width: width)).height + 2 }
        if !legend.isEmpty { h += Legend.legend(legend, at: .zero, width: width, ctx).height + 2 }
        return h + (h > 0 ? 4 : 0)
    }

    private func footerHeight(width: Double, _ ctx: LayoutContext) -> Double {
        let lines = footerLines
        guard !lines.isEmpty else { return 0 }
        return 4 + lines.map { ctx.measure(TextContent($0, style: ctx.styles.small, width: width)).height + 1 }.reduce(0, +)
    }

    /// Vertical space the frame takes around the plot.
    func chromeHeight(width: Double, _ ctx: LayoutContext) -> Double {
        headerHeight(width: width, ctx) + footerHeight(width: width, ctx)
    }

    /// One piece of `height` whose plot area is drawn by `plot`.
    func piece(width: Double, height: Double, _ ctx: LayoutContext, plot: @escaping (Rect) -> [SceneItem]) -> Piece {
        let header = headerHeight(width: width, ctx)
        let footer = footerHeight(width: width, ctx)
        let outline = block.spec.title.map { [($0, BlockPieces.titleLevel)] } ?? []
        return Piece(height: height, outline: outline) { p in
            // Title, caption, the picture (legend and plot: one figure), then the footer lines.
            var items: [SceneItem] = []
            var y = p.y
            if let t = block.spec.title {
                items += .structured(.heading(level: BlockPieces.titleLevel), [ctx.text(t, ctx.styles.blockTitle, at: Point(p.x, y), width: width)])
                y += ctx.measure(TextContent(t, style: ctx.styles.blockTitle, width: width)).height + 2
            }
            if let c = block.spec.caption {
                items += .structured(.paragraph, [ctx.text(c, ctx.styles.small.italicized(), at: Point(p.x, y), width: width)])
                y += ctx.measure(TextContent(c, style: ctx.styles.small.italicized(), width: width)).height + 2
            }
            var picture: [SceneItem] = []
            if !legend.isEmpty {
                picture.append(contentsOf: Legend.legend(legend, at: Point(p.x, y), width: width, ctx).items)
            }
            let plotRect = Rect(x: p.x, y: p.y + header, width: width, height: max(20, height - header - footer))
            picture.append(contentsOf: plot(plotRect))
            let bounds = Rect(x: p.x, y: y, width: width, height: plotRect.maxY - y)
            items += .structured(BlockPieces.figure(block, bounds: bounds), picture)
            var fy = plotRect.maxY + 4
            for line in footerLines {
                items += .structured(.paragraph, [ctx.text(line, ctx.styles.small, at: Point(p.x, fy), width: width)])
                fy += ctx.measure(TextContent(line, style: ctx.styles.small, width: width)).height + 1
            }
            return items
        }
    }
}
