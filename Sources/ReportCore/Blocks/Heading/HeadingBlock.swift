import ReportScene

/// `heading`: a section heading, kept with what follows it.
enum HeadingBlock: TextKeyBlock {
    static let name = "heading"
    static let textDescription = "the heading, kept on the page of what follows it"
    /// A heading is its text: no block title, caption, note, alternative text or rows.
    static var unusedCommonKeys: [String] { ["title", "caption", "note", "alt", "filter"] }

    static func layout(_ text: String, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        let width = area.width
        let style = ctx.styles.heading
        let m = ctx.measure(TextContent(text, style: style, width: width))
        let h = m.height + 8
        return [Piece(height: h, outline: [(text, 1)], keepWithNext: true) { p in
            .structured(.heading(level: 1), [ctx.text(text, style, at: Point(p.x, p.y + 2), width: width)])
                + .artifact([.path(.line(Point(p.x, p.y + h - 2), Point(p.x + width, p.y + h - 2)), fill: nil,
                                   stroke: Stroke(ctx.styles.rule, width: 0.6))])
        }]
    }
}
