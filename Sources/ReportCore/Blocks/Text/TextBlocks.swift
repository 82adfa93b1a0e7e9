import ReportScene

/// Pieces for `heading`, `text` and `figures` blocks.
enum TextBlocks {
    static func heading(_ text: String, width: Double, _ ctx: LayoutContext) -> [Piece] {
        let style = ctx.styles.heading
        let m = ctx.measure(TextContent(text, style: style, width: width))
        let h = m.height + 8
        return [Piece(height: h, outline: [(text, 1)], keepWithNext: true) { p in
            [ctx.text(text, style, at: Point(p.x, p.y + 2), width: width),
             .path(.line(Point(p.x, p.y + h - 2), Point(p.x + width, p.y + h - 2)), fill: nil,
                   stroke: Stroke(ctx.styles.rule, width: 0.6))]
        }]
    }

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

    /// Key-figure boxes in a row (wrapping to more rows when there are many).
    static func figures(_ items: [FigureModel], width: Double, _ ctx: LayoutContext) -> [Piece] {
        let s = ctx.styles
        let perRow = min(items.count, max(1, Int(width / 150)))
        let gap = 10.0
        let boxWidth = (width - gap * Double(perRow - 1)) / Double(perRow)
        let valueStyle = TextStyle(family: s.family, size: 22, bold: true, color: s.accent)
        let unitStyle = TextStyle(family: s.family, size: 10, color: s.ink)
        let inner = boxWidth - 16
        func boxHeight(_ f: FigureModel) -> Double {
            let label = ctx.measure(TextContent(f.label, style: s.body, width: inner)).height
            let source = f.source.map { ctx.measure(TextContent("Source: \($0)", style: s.small, width: inner)).height + 3 } ?? 0
            return 10 + ctx.measure(TextContent(f.value, style: valueStyle)).height + 2 + label + source + 10
        }
        var pieces: [Piece] = []
        for rowStart in stride(from: 0, to: items.count, by: perRow) {
            let row = Array(items[rowStart..<min(items.count, rowStart + perRow)])
            let height = row.map(boxHeight).max() ?? 0
            pieces.append(Piece(height: height) { p in
                var out: [SceneItem] = []
                for (i, f) in row.enumerated() {
                    let x = p.x + Double(i) * (boxWidth + gap)
                    let box = Rect(x: x, y: p.y, width: boxWidth, height: height)
                    out.append(.path(.roundedRect(box, radius: 3), fill: .solid(Color(hex: "#f5f3ef")!), stroke: nil))
                    out.append(.path(.rect(Rect(x: x, y: p.y, width: 3, height: height)), fill: .solid(s.accent), stroke: nil))
                    var y = p.y + 10
                    let value = ctx.measure(TextContent(f.value, style: valueStyle))
                    out.append(ctx.text(f.value, valueStyle, at: Point(x + 10, y)))
                    if let unit = f.unit {
                        out.append(ctx.text(unit, unitStyle, at: Point(x + 10 + value.width + 4, y + value.baseline - unitStyle.size * 0.95)))
                    }
                    y += value.height + 2
                    out.append(ctx.text(f.label, s.body, at: Point(x + 10, y), width: inner))
                    y += ctx.measure(TextContent(f.label, style: s.body, width: inner)).height + 3
                    if let source = f.source {
                        out.append(ctx.text("Source: \(source)", s.small, at: Point(x + 10, y), width: inner))
                    }
                }
                return out
            })
        }
        return pieces
    }
}
