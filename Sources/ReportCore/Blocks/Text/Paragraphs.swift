import ReportScene

/// A `text` block's Markdown as pieces the page flow places.
enum Paragraphs {
    /// A paragraph longer than this many bytes is not laid out whole (Pango turns a paragraph
    /// of a few hundred thousand characters into one line): it goes line by line at once.
    static let longParagraph = 20_000

    /// One piece per paragraph so that a long text can continue on the next page; a paragraph
    /// taller than `bodyHeight` continues line by line (`LongParagraph`).
    ///
    /// A run of bullets is one list: its first piece opens the list element and its last
    /// closes it, each bullet an item whose text is the item's body and whose dot is
    /// furniture (the list says it is a list).
    static func paragraphs(_ text: String, width: Double, bodyHeight: Double = .infinity, _ ctx: LayoutContext) -> [Piece] {
        let style = ctx.styles.body
        let paragraphs = Markdown.parse(text)
        return paragraphs.enumerated().map { i, paragraph in
            let indent = paragraph.isBullet ? 12.0 : 0
            let rtl = paragraph.spans.map(\.text).joined().isRightToLeft
            let content = TextContent(spans: paragraph.spans, style: style, width: width - indent, alignment: rtl ? .right : .left)
            let opensList = paragraph.isBullet && (i == 0 || !paragraphs[i - 1].isBullet)
            let closesList = paragraph.isBullet && (i == paragraphs.count - 1 || !paragraphs[i + 1].isBullet)
            let long = LongParagraph(content: content, indent: indent, isBullet: paragraph.isBullet, opensList: opensList, closesList: closesList, ctx: ctx)
            if content.spans.reduce(0, { $0 + $1.text.utf8.count }) <= longParagraph {
                let m = ctx.measure(content)
                if m.height + 5 <= bodyHeight { return long.whole(m) }
            }
            return long.byLines() ?? long.whole(ctx.measure(content))
        }
    }
}

/// One paragraph or bullet of a `text` block: drawn whole, or line by line when it is taller
/// than a page, so that no line of it is ever drawn off the page.
private struct LongParagraph {
    let content: TextContent
    let indent: Double
    let isBullet: Bool
    let opensList: Bool
    let closesList: Bool
    let ctx: LayoutContext

    /// Lines drawn as one text item at most: far below what Pango can lay out at once.
    static let group = 100

    /// The paragraph as one piece, `m` its measure.
    func whole(_ m: TextMetrics) -> Piece {
        Piece(height: m.height + 5) { p in
            draw([.text(TextItem(content, at: Point(p.x + indent, p.y)))], baseline: m.baseline, at: p, first: true, last: true)
        }
    }

    /// The paragraph as a piece that splits between any two of its lines; nil when the
    /// measurer cannot say where its lines start.
    func byLines() -> Piece? {
        var starts = ctx.measurer.lineStarts(content)
        guard starts.count > 1 else { return nil }
        starts.append(content.spans.reduce(0) { $0 + $1.text.utf8.count })
        let first = ctx.measure(content.slice(utf8: starts[0]..<starts[1]))
        return Lines(paragraph: self, starts: starts, lineHeight: first.height, baseline: first.baseline).piece(from: 0)
    }

    /// The paragraph's text items, in its structure: a paragraph, or a list item with its dot
    /// (on its first part) opening and closing the list as its place in the list says.
    func draw(_ texts: [SceneItem], baseline: Double, at p: Point, first: Bool, last: Bool) -> [SceneItem] {
        guard isBullet else { return .structured(.paragraph, texts) }
        let style = content.style
        let dot = SceneItem.dot(Dot(center: Point(p.x + 4, p.y + baseline - style.size * 0.32), radius: 1.6, fill: style.color))
        return (opensList && first ? [.beginStructure(.list)] : [])
            + .structured(.listItem, .structured(.listBody, texts) + (first ? .artifact([dot]) : []))
            + (closesList && last ? [.endStructure] : [])
    }

    /// A paragraph's lines from one on, as a piece that splits.
    private struct Lines {
        let paragraph: LongParagraph
        /// Where each line starts, and the end of the text.
        let starts: [Int]
        let lineHeight: Double
        let baseline: Double

        func piece(from first: Int) -> Piece {
            let count = starts.count - 1 - first
            var rest = Piece(height: Double(count) * lineHeight + 5) { p in draw(first..<(starts.count - 1), at: p) }
            rest.split = { room, atLeastOneLine in
                let fit = min(count - 1, max(atLeastOneLine ? 1 : 0, Int((room / lineHeight).rounded(.down))))
                guard fit >= 1 else { return nil }
                let head = Piece(height: Double(fit) * lineHeight) { p in draw(first..<(first + fit), at: p) }
                return (head, piece(from: first + fit))
            }
            return rest
        }

        private func draw(_ lines: Range<Int>, at p: Point) -> [SceneItem] {
            var texts: [SceneItem] = []
            var y = p.y
            for start in stride(from: lines.lowerBound, to: lines.upperBound, by: LongParagraph.group) {
                let end = min(start + LongParagraph.group, lines.upperBound)
                let part = paragraph.content.slice(utf8: starts[start]..<starts[end])
                _ = paragraph.ctx.measure(part)  // notes text no font covers, as a whole paragraph's measure does
                texts.append(.text(TextItem(part, at: Point(p.x + paragraph.indent, y))))
                y += Double(end - start) * lineHeight
            }
            return paragraph.draw(texts, baseline: baseline, at: p, first: lines.lowerBound == 0, last: lines.upperBound == starts.count - 1)
        }
    }
}
