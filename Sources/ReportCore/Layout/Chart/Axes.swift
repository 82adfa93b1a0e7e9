import ReportScene

/// Axes shared by timelines and charts.
enum Axes {
    /// A date axis under `plot`: tick marks, concise labels, and the year/month context
    /// written once where it changes. Returns the items and the height used below `plot`.
    static func time(_ scale: TimeScale, plot: Rect, _ ctx: LayoutContext, grid: Bool = true) -> (items: [SceneItem], height: Double) {
        let style = ctx.styles.axis
        let span = scale.end - scale.start
        var maxTicks = max(2, Int(plot.width / 46))
        var ticks: [TimeTick] = []
        var interval = CalendarInterval.choose(spanDays: span, maxTicks: maxTicks)
        // Widen the interval until no two labels collide.
        while true {
            interval = CalendarInterval.choose(spanDays: span, maxTicks: maxTicks)
            ticks = ConciseDateLabels.label(interval.ticks(from: scale.start, to: scale.end), interval: interval)
            var lastRight = -Double.infinity
            var fits = true
            for t in ticks {
                let w = ctx.width(t.label, style)
                let x = scale(t.day)
                if x - w / 2 < lastRight + 6 { fits = false; break }
                lastRight = x + w / 2
            }
            if fits || maxTicks <= 2 { break }
            maxTicks -= 1
        }
        var items: [SceneItem] = [.path(.line(Point(plot.minX, plot.maxY), Point(plot.maxX, plot.maxY)), fill: nil,
                                        stroke: Stroke(ctx.styles.rule, width: 0.7))]
        var height = 0.0
        for t in ticks {
            let x = scale(t.day)
            if grid {
                items.append(.path(.line(Point(x, plot.minY), Point(x, plot.maxY)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.5)))
            }
            items.append(.path(.line(Point(x, plot.maxY), Point(x, plot.maxY + 3)), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.7)))
            var (label, box) = ctx.label(t.label, style, at: Point(x, plot.maxY + 4), anchor: .center)
            // Keep edge labels inside the plot's horizontal extent.
            if box.minX < plot.minX - 12 || box.maxX > plot.maxX + 12 {
                let anchor: TextAlignment = box.minX < plot.minX - 12 ? .left : .right
                (label, box) = ctx.label(t.label, style, at: Point(x, plot.maxY + 4), anchor: anchor)
            }
            items.append(label)
            height = max(height, box.maxY - plot.maxY)
            if let context = t.context {
                let (c, cbox) = ctx.label(context, style.bolded(), at: Point(box.minX, box.maxY), anchor: .left)
                items.append(c)
                height = max(height, cbox.maxY - plot.maxY)
            }
        }
        return (items, height + 2)
    }

    /// Width needed left of the plot for value labels.
    static func valueLabelWidth(_ ticks: [Double], _ ctx: LayoutContext, compact: Bool) -> Double {
        ticks.map { ctx.width(format($0, compact: compact), ctx.styles.axis) }.max() ?? 0
    }

    static func format(_ v: Double, compact: Bool) -> String {
        compact ? NumberFormat.compact(v) : NumberFormat.grouped(v)
    }

    /// Horizontal grid lines and value labels left of `plot`.
    static func values(_ scale: LinearScale, ticks: [Double], plot: Rect, compact: Bool, _ ctx: LayoutContext) -> [SceneItem] {
        var items: [SceneItem] = []
        for t in ticks {
            let y = scale(t)
            items.append(.path(.line(Point(plot.minX, y), Point(plot.maxX, y)), fill: nil,
                               stroke: Stroke(t == 0 ? ctx.styles.rule : ctx.styles.grid, width: t == 0 ? 0.7 : 0.5)))
            items.append(ctx.label(format(t, compact: compact), ctx.styles.axis, at: Point(plot.minX - 4, y), anchor: .right, vertical: 0.5).item)
        }
        return items
    }

    /// A row of colour swatches with names, wrapped to `width`. Returns items and height.
    static func legend(_ entries: [(String, Color)], at origin: Point, width: Double, _ ctx: LayoutContext) -> (items: [SceneItem], height: Double) {
        guard !entries.isEmpty else { return ([], 0) }
        var items: [SceneItem] = []
        var x = origin.x, y = origin.y
        let style = ctx.styles.label
        let lineHeight = ctx.measure(TextContent("Ag", style: style)).height + 3
        for (name, color) in entries {
            let w = ctx.width(name, style) + 16
            if x + w > origin.x + width, x > origin.x { x = origin.x; y += lineHeight }
            items.append(.path(.roundedRect(Rect(x: x, y: y + lineHeight / 2 - 4.5, width: 9, height: 9), radius: 1.5),
                               fill: .solid(color), stroke: nil))
            items.append(ctx.text(name, style, at: Point(x + 12, y)))
            x += w + 8
        }
        return (items, y + lineHeight - origin.y)
    }
}
