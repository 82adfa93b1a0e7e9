import ReportScene

/// A `text` block's Markdown as pieces the page flow places.
enum Paragraphs {
    /// One piece per paragraph so that a long text can continue on the next page.
    ///
    /// A run of bullets is one list: its first piece opens the list element and its last
    /// closes it, each bullet an item whose text is the item's body and whose dot is
    /// furniture (the list says it is a list).
    static func paragraphs(_ text: String, width: Double, _ ctx: LayoutContext) -> [Piece] {
        let style = ctx.styles.body
        let paragraphs = Markdown.parse(text)
        return paragraphs.enumerated().map { i, paragraph in
            let indent = paragraph.isBullet ? 12.0 : 0
            let rtl = paragraph.spans.map(\.text).joined().isRightToLeft
            let content = TextContent(spans: paragraph.spans, style: style, width: width - indent, alignment: rtl ? .right : .left)
            let m = ctx.measure(content)
            let opensList = paragraph.isBullet && (i == 0 || !paragraphs[i - 1].isBullet)
            let closesList = paragraph.isBullet && (i == paragraphs.count - 1 || !paragraphs[i + 1].isBullet)
            return Piece(height: m.height + 5) { p in
                let text = SceneItem.text(TextItem(content, at: Point(p.x + indent, p.y)))
                guard paragraph.isBullet else { return .structured(.paragraph, [text]) }
                let dot = SceneItem.dot(Dot(center: Point(p.x + 4, p.y + m.baseline - style.size * 0.32), radius: 1.6, fill: style.color))
                return (opensList ? [.beginStructure(.list)] : [])
                    + .structured(.listItem, .structured(.listBody, [text]) + .artifact([dot]))
                    + (closesList ? [.endStructure] : [])
            }
        }
    }
}
