import ReportScene

/// The one date axis, for the timeline and every chart: calendar ticks (`CalendarInterval`),
/// concise labels (`ConciseDateLabels`), the month and year written once where they change,
/// and the tick interval chosen so that labels never collide.
enum DateAxis {
    /// One tick with its label boxes, as `ticks` placed them.
    struct PlacedTick {
        var tick: TimeTick
        var x: Double
        /// The label's box, relative to the axis line (y = 0 is the line).
        var labelBox: Rect
        /// The context label's box (year, month), under the label, where there is one.
        var contextBox: Rect?
    }

    /// Space between neighbouring tick labels (and context labels), in points.
    static let labelGap = 6.0

    /// Where the search for an interval starts; wider intervals are tried from there until
    /// labels fit. The timeline and charts start differently (see the cases), which sets how
    /// dense their ticks are when labels are short.
    enum Density: Sendable {
        /// The interval nearest (by ratio) to one tick per `spacing` points, in the manner of
        /// d3's time scale: the timeline, 60 points.
        case nearest(spacing: Double)
        /// The finest interval with at most one tick per `spacing` points: charts, 40 points.
        case atMost(spacing: Double)
    }

    /// Picks the tick interval across `plot`'s width: the first guess of `density`, never
    /// finer than `finest` (a timeline of days gets no hour ticks, daily chart figures get
    /// no "12:00" ticks between days that hold no data), then wider intervals until no two
    /// labels (and no two year/month context labels) come closer than `labelGap`. Labels at
    /// the ends are pulled inside rather than sticking out more than 12 points. Returns the
    /// interval and the placed ticks (the widest interval tried when none fits).
    ///
    /// `zone` (such as "UTC") is written after the first context label when the data hold
    /// times of day, so the reader knows in which zone instants are placed (hour labels
    /// always say it).
    static func ticks(_ scale: TimeScale, plot: Rect, _ ctx: LayoutContext, density: Density = .nearest(spacing: 60),
                      finest: CalendarInterval.Unit = .minute, zone: String? = nil) -> (interval: CalendarInterval, ticks: [PlacedTick]) {
        let style = ctx.styles.axis
        let span = scale.end - scale.start
        let candidates = CalendarInterval.candidates.filter { $0.unit >= finest }
        var first: Int
        switch density {
        case .nearest(let spacing):
            let target = span / Double(max(2, Int(plot.width / spacing)))
            first = candidates.firstIndex { $0.approximateDays >= target } ?? candidates.count - 1
            if first > 0, target / candidates[first - 1].approximateDays < candidates[first].approximateDays / target { first -= 1 }
        case .atMost(let spacing):
            let maxTicks = Double(max(2, Int(plot.width / spacing)))
            first = candidates.firstIndex { span / $0.approximateDays <= maxTicks } ?? candidates.count - 1
        }
        var best: (CalendarInterval, [PlacedTick])?
        for interval in candidates[first...] {
            var labelled = ConciseDateLabels.label(interval.ticks(from: scale.start, to: scale.end), interval: interval)
            if let zone, !labelled.isEmpty, !(labelled[0].context ?? "").contains(zone) {
                labelled[0].context = labelled[0].context.map { "\($0) \(zone)" } ?? zone
            }
            var placed: [PlacedTick] = []
            for t in labelled {
                let x = scale(t.day)
                let m = ctx.measure(TextContent(t.label, style: style))
                var box = Rect(x: x - m.width / 2, y: 4, width: m.width, height: m.height)
                if box.minX < plot.minX - 12 { box.x = x }
                if box.maxX > plot.maxX + 12 { box.x = x - m.width }
                var contextBox: Rect?
                if let context = t.context {
                    let cm = ctx.measure(TextContent(context, style: style.bolded()))
                    var c = Rect(x: box.minX, y: box.maxY, width: cm.width, height: cm.height)
                    if c.maxX > plot.maxX + 12 { c.x = box.maxX - cm.width }
                    contextBox = c
                }
                placed.append(PlacedTick(tick: t, x: x, labelBox: box, contextBox: contextBox))
            }
            best = (interval, placed)
            if keepApart(placed.map(\.labelBox)) && keepApart(placed.compactMap(\.contextBox)) {
                return (interval, placed)
            }
        }
        return best!
    }

    /// True when boxes, left to right, keep `labelGap` between neighbours.
    private static func keepApart(_ boxes: [Rect]) -> Bool {
        TickLabels.keepApart(boxes.sorted { $0.minX < $1.minX }.map { ($0.minX, $0.maxX) }, gap: labelGap)
    }

    /// A date axis under `plot`: the axis line, tick marks, concise labels and the context
    /// written once where it changes (see `ticks`), with vertical grid lines across `plot`
    /// when `grid` is set. Returns the items and the height used below `plot`.
    static func draw(_ scale: TimeScale, plot: Rect, _ ctx: LayoutContext, grid: Bool = true, density: Density = .nearest(spacing: 60),
                     finest: CalendarInterval.Unit = .minute, zone: String? = nil) -> (items: [SceneItem], height: Double) {
        let style = ctx.styles.axis
        let (_, ticks) = ticks(scale, plot: plot, ctx, density: density, finest: finest, zone: zone)
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
}
