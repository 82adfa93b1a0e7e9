import ReportScene

/// Axes shared by timelines and charts.
enum Axes {
    /// One tick of a time axis with its label boxes, as `timeTicks` placed them.
    struct PlacedTimeTick {
        var tick: TimeTick
        var x: Double
        /// The label's box and alignment, relative to the axis line (y = 0 is the line).
        var labelBox: Rect
        var labelAnchor: TextAlignment
        var contextBox: Rect?
        var contextAnchor: TextAlignment
    }

    /// Space between neighbouring tick labels, in points.
    static let tickLabelGap = 6.0

    /// Picks the tick interval for a time axis across `plot`, in the manner of d3's time
    /// scale: the calendar interval nearest (by ratio) to the span divided by one tick per
    /// 60 points, never finer than `finest` (a timeline of days gets no hour ticks), then
    /// wider ones until no two labels (and no two year/month context labels) come closer
    /// than `tickLabelGap`. Labels at the ends are pulled inside rather than sticking out
    /// more than 12 points. Returns the interval and the placed ticks.
    ///
    /// `zone` (such as "UTC") is written after the first context label when the data hold
    /// times of day, so the reader knows in which zone instants are placed (hour labels
    /// always say it).
    static func timeTicks(_ scale: TimeScale, plot: Rect, _ ctx: LayoutContext, finest: CalendarInterval.Unit = .minute,
                          zone: String? = nil) -> (interval: CalendarInterval, ticks: [PlacedTimeTick]) {
        let style = ctx.styles.axis
        let span = scale.end - scale.start
        let target = span / Double(max(2, Int(plot.width / 60)))
        let candidates = CalendarInterval.candidates.filter { $0.unit >= finest }
        var first = candidates.firstIndex { $0.approximateDays >= target } ?? candidates.count - 1
        if first > 0, target / candidates[first - 1].approximateDays < candidates[first].approximateDays / target { first -= 1 }
        var best: (CalendarInterval, [PlacedTimeTick])?
        for interval in candidates[first...] {
            var labelled = ConciseDateLabels.label(interval.ticks(from: scale.start, to: scale.end), interval: interval)
            if let zone, !labelled.isEmpty, !(labelled[0].context ?? "").contains(zone) {
                labelled[0].context = labelled[0].context.map { "\($0) \(zone)" } ?? zone
            }
            var placed: [PlacedTimeTick] = []
            for t in labelled {
                let x = scale(t.day)
                let m = ctx.measure(TextContent(t.label, style: style))
                var anchor = TextAlignment.center
                var box = Rect(x: x - m.width / 2, y: 4, width: m.width, height: m.height)
                if box.minX < plot.minX - 12 { anchor = .left; box.x = x }
                if box.maxX > plot.maxX + 12 { anchor = .right; box.x = x - m.width }
                var contextBox: Rect?
                var contextAnchor = TextAlignment.left
                if let context = t.context {
                    let cm = ctx.measure(TextContent(context, style: style.bolded()))
                    var c = Rect(x: box.minX, y: box.maxY, width: cm.width, height: cm.height)
                    if c.maxX > plot.maxX + 12 { contextAnchor = .right; c.x = box.maxX - cm.width }
                    contextBox = c
                }
                placed.append(PlacedTimeTick(tick: t, x: x, labelBox: box, labelAnchor: anchor, contextBox: contextBox, contextAnchor: contextAnchor))
            }
            best = (interval, placed)
            if fits(placed.map(\.labelBox)) && fits(placed.compactMap(\.contextBox)) {
                return (interval, placed)
            }
        }
        return best!
    }

    /// True when boxes, left to right, keep `tickLabelGap` between neighbours.
    private static func fits(_ boxes: [Rect]) -> Bool {
        var lastRight = -Double.infinity
        for b in boxes.sorted(by: { $0.minX < $1.minX }) {
            if b.minX < lastRight + tickLabelGap { return false }
            lastRight = b.maxX
        }
        return true
    }

    /// A date axis under `plot`: tick marks, concise labels, and the year/month context
    /// written once where it changes (see `timeTicks`). Returns the items and the height
    /// used below `plot`.
    static func time(_ scale: TimeScale, plot: Rect, _ ctx: LayoutContext, grid: Bool = true,
                     finest: CalendarInterval.Unit = .minute, zone: String? = nil) -> (items: [SceneItem], height: Double) {
        let style = ctx.styles.axis
        let (_, ticks) = timeTicks(scale, plot: plot, ctx, finest: finest, zone: zone)
        var items: [SceneItem] = [.path(.line(Point(plot.minX, plot.maxY), Point(plot.maxX, plot.maxY)), fill: nil,
                                        stroke: Stroke(ctx.styles.rule, width: 0.7))]
        var height = 0.0
        for t in ticks {
            if grid {
                items.append(.path(.line(Point(t.x, plot.minY), Point(t.x, plot.maxY)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.5)))
            }
            items.append(.path(.line(Point(t.x, plot.maxY), Point(t.x, plot.maxY + 3)), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.7)))
            let box = t.labelBox.offsetBy(dx: 0, dy: plot.maxY)
            items.append(.text(TextItem(TextContent(t.tick.label, style: style), at: Point(box.minX, box.minY))))
            height = max(height, box.maxY - plot.maxY)
            if let context = t.tick.context, let c = t.contextBox?.offsetBy(dx: 0, dy: plot.maxY) {
                items.append(.text(TextItem(TextContent(context, style: style.bolded()), at: Point(c.minX, c.minY))))
                height = max(height, c.maxY - plot.maxY)
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
