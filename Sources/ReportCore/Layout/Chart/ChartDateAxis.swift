import ReportScene

/// The date axis of charts: like `Axes.time` (calendar ticks, concise labels, the month and
/// year written once where they change), but never finer than the data. Daily figures over
/// five days get one tick a day, not "12:00" ticks between days that hold no data.
enum ChartDateAxis {
    /// Tick marks and labels under `inner`, with ticks no finer than `finest`.
    static func draw(_ scale: TimeScale, inner: Rect, finest: CalendarInterval.Unit, _ ctx: LayoutContext) -> [SceneItem] {
        let style = ctx.styles.axis, contextStyle = style.bolded()
        let span = scale.end - scale.start
        let maxTicks = max(2, Int(inner.width / 40))
        let candidates = CalendarInterval.candidates.filter { $0.unit >= finest }
        let first = candidates.firstIndex { span / $0.approximateDays <= Double(maxTicks) } ?? candidates.count - 1
        var chosen: [(tick: TimeTick, x: Double, box: Rect, context: Rect?)] = []
        for interval in candidates[first...] {
            let ticks = ConciseDateLabels.label(interval.ticks(from: scale.start, to: scale.end), interval: interval)
            var placed: [(tick: TimeTick, x: Double, box: Rect, context: Rect?)] = []
            for t in ticks {
                let x = scale(t.day)
                let m = ctx.measure(TextContent(t.label, style: style))
                var box = Rect(x: x - m.width / 2, y: inner.maxY + 4, width: m.width, height: m.height)
                // Labels at the ends are pulled in rather than sticking out of the chart.
                if box.minX < inner.minX - 12 { box.x = x }
                if box.maxX > inner.maxX + 12 { box.x = x - m.width }
                var context: Rect?
                if let c = t.context {
                    let cm = ctx.measure(TextContent(c, style: contextStyle))
                    var r = Rect(x: box.minX, y: box.maxY, width: cm.width, height: cm.height)
                    if r.maxX > inner.maxX + 12 { r.x = box.maxX - cm.width }
                    context = r
                }
                placed.append((t, x, box, context))
            }
            chosen = placed
            if fits(placed.map(\.box)), fits(placed.compactMap(\.context)) { break }
        }
        var items: [SceneItem] = [.path(.line(Point(inner.minX, inner.maxY), Point(inner.maxX, inner.maxY)), fill: nil,
                                        stroke: Stroke(ctx.styles.rule, width: 0.7))]
        for t in chosen {
            items.append(.path(.line(Point(t.x, inner.maxY), Point(t.x, inner.maxY + 3)), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.7)))
            items.append(.text(TextItem(TextContent(t.tick.label, style: style), at: Point(t.box.minX, t.box.minY))))
            if let c = t.tick.context, let r = t.context {
                items.append(.text(TextItem(TextContent(c, style: contextStyle), at: Point(r.minX, r.minY))))
            }
        }
        return items
    }

    /// True when the boxes, left to right, keep 6 points between neighbours.
    private static func fits(_ boxes: [Rect]) -> Bool {
        var lastRight = -Double.infinity
        for b in boxes.sorted(by: { $0.minX < $1.minX }) {
            if b.minX < lastRight + 6 { return false }
            lastRight = b.maxX
        }
        return true
    }
}
