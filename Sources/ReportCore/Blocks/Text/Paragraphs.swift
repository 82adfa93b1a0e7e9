import ReportScene

/// A `text` block's Markdown as pieces the page flow places.
enum Paragraphs {
    /// One piece per paragraph so that a long text can continue on the next page.
    static func paragraphs(_ text: String, width: Double, _ ctx: LayoutContext) -> [Piece] {
        let style = ctx.styles.body
        return Markdown.parse(text).map { paragraph in
            let indent = paragraph.isBullet ? 12.0 : 0
            let rtl = paragraph.spans.map(\.text).joined().isRightToLeft
            let content = TextContent(spans: paragraph.spans, style: style, width: width - indent, alignment: rtl ? .right : .left)
            let m = ctx.measure(content)
            return Piece(height: m.height + 5) { p in
                var items: [SceneItem] = [.text(TextItem(content, at: Point(p.x + indent, p.y)))]
                if paragraph.isBullet {
                    items.append(.dot(Dot(center: Point(p.x + 4, p.y + m.baseline - style.size * 0.32), radius: 1.6, fill: style.color)))
                }
                return items
            }
        }
    }
}
