import ReportScene

/// Legends shared by charts and the displacement views (the axes themselves are drawn by
/// the toolkit in Axis/: `DateAxis`, `NiceTicks`, `TickLabels`, `NumberFormat`).
enum Legend {
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
