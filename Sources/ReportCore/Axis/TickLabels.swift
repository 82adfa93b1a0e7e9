import ReportScene

/// Fitting number tick labels to the room an axis has: the one "drop ticks, then shorten
/// labels" loop (axes along the width: numeric x axes, lying bars, displacement bars), the
/// grouped-or-compact choice for labels stacked up a value axis, and the one test of
/// whether labels along an axis keep apart (also used by `DateAxis`).
enum TickLabels {
    /// Space between neighbouring number labels along an axis, in points.
    static let gap = 8.0

    /// An axis laid out for a tick count: what the caller keeps (a domain, a scale), the
    /// tick values, and where each value sits along the axis.
    typealias Layout<Axis> = (axis: Axis, ticks: [Double], position: (Double) -> Double)

    /// Labels centred under ticks along an axis: starting at `count` ticks, grouped numbers
    /// ("12,000"), else compact ones ("12k"), else one tick fewer and both again, until no
    /// two labels come closer than `gap`, or compact labels at two ticks (the last resort).
    /// `layout` makes the axis for a tick count; the fitted layout comes back with labels.
    static func fit<Axis>(count: Int, uniform: Bool = true, style: TextStyle, _ ctx: LayoutContext,
                          layout: (Int) -> Layout<Axis>) -> (layout: Layout<Axis>, labels: [String]) {
        var count = count
        while true {
            let axis = layout(count)
            let grouped = NumberFormat.grouped(axis.ticks, uniform: uniform)
            if keepApart(centred: grouped, at: axis.ticks.map(axis.position), style, ctx) { return (axis, grouped) }
            let compact = NumberFormat.compact(axis.ticks, uniform: uniform)
            if keepApart(centred: compact, at: axis.ticks.map(axis.position), style, ctx) || count <= 2 { return (axis, compact) }
            count -= 1
        }
    }

    /// Grouped labels for ticks stacked up an axis, or compact ones when some grouped label
    /// is wider than `maxWidth` (the ticks there never collide; only the gutter is narrow).
    static func shortened(_ values: [Double], maxWidth: Double, style: TextStyle, uniform: Bool = true,
                          _ ctx: LayoutContext) -> (labels: [String], compact: Bool) {
        let g = NumberFormat.grouped(values, uniform: uniform)
        if g.allSatisfy({ ctx.width($0, style) <= maxWidth }) { return (g, false) }
        return (NumberFormat.compact(values, uniform: uniform), true)
    }

    /// True when labels centred at `positions` keep `gap` between neighbours.
    private static func keepApart(centred labels: [String], at positions: [Double], _ style: TextStyle, _ ctx: LayoutContext) -> Bool {
        keepApart(zip(labels, positions).map { label, x in
            let w = ctx.width(label, style)
            return (x - w / 2, x + w / 2)
        }, gap: gap)
    }

    /// True when label extents, in the order given (left to right), keep `gap` between
    /// each and the one before it.
    static func keepApart(_ extents: [(min: Double, max: Double)], gap: Double) -> Bool {
        var lastRight = -Double.infinity
        for e in extents {
            if e.min < lastRight + gap { return false }
            lastRight = e.max
        }
        return true
    }
}
