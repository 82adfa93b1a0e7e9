import ReportScene

/// Lays out a `table` block: a header that repeats on every page the table spans, rows that
/// never split between pages, numbers right-aligned and right-to-left text aligned right.
struct TableLayout {
    let block: PreparedBlock
    let model: TableModel
    let ctx: LayoutContext

    func pieces(width: Double) -> [Piece] {
        let s = ctx.styles
        let cellStyle = s.body.sized(8.5)
        let headerStyle = cellStyle.bolded()
        let pad = 4.0
        let columns = model.header.count
        guard columns > 0 else { return [] }
        // Column widths: each column's natural width, shrunk proportionally when too wide.
        let natural: [Double] = (0..<columns).map { c in
            let cells = model.rows.prefix(200).map { ctx.width($0[c], cellStyle) }
            return max(ctx.width(model.header[c], headerStyle), min(cells.max() ?? 0, 260)) + 2 * pad
        }
        let total = natural.reduce(0, +)
        var widths = natural
        if total > width {
            // Narrow columns (dates, numbers, names) keep their width; the wide text columns
            // share what is left in proportion to their natural widths.
            let narrow = 90.0
            let fixed = natural.filter { $0 <= narrow }.reduce(0, +)
            let wide = natural.filter { $0 > narrow }.reduce(0, +)
            let room = max(width - fixed, 0)
            widths = natural.map { $0 <= narrow || wide == 0 ? $0 : $0 / wide * room }
            if fixed > width { widths = natural.map { $0 / total * width } }
        } else {
            // Spare width goes to the widest (usually the text) column.
            let widest = natural.indices.max { natural[$0] < natural[$1] }!
            widths[widest] += width - total
        }
        // The table element opens with the header row and closes after the last row; the
        // page flow draws the header again as furniture on each page the table continues on.
        func rowPiece(_ cells: [String], style: TextStyle, header: Bool, last: Bool, row: Int? = nil) -> Piece {
            let contents = cells.enumerated().map { c, text -> TextContent in
                let align: TextAlignment = model.numeric[c] || text.isRightToLeft ? .right : .left
                return TextContent(text, style: style, width: widths[c] - 2 * pad, alignment: align)
            }
            let heights = contents.map { ctx.measure($0).height }
            let height = (heights.max() ?? 10) + 2 * pad - 1
            var piece = Piece(height: height, repeatsOnNewPage: header) { p in
                var items: [SceneItem] = []
                if header {
                    items += .artifact([.path(.rect(Rect(x: p.x, y: p.y, width: width, height: height)), fill: .solid(Color(hex: "#efece6")!), stroke: nil)])
                    items.append(.beginStructure(.table(summary: block.altText)))
                }
                items.append(.beginStructure(.tableRow))
                var x = p.x
                for (c, content) in contents.enumerated() {
                    items += .structured(header ? .tableHeader : .tableCell, [.text(TextItem(content, at: Point(x + pad, p.y + pad - 0.5)))])
                    x += widths[c]
                }
                items.append(.endStructure)
                items += .artifact([.path(.line(Point(p.x, p.y + height), Point(p.x + width, p.y + height)), fill: nil,
                                          stroke: Stroke(header ? s.rule : s.grid, width: header ? 0.8 : 0.5))])
                if last { items.append(.endStructure) }
                return items
            }
            // A row never splits between pages: one taller than a page is refused, at the row.
            piece.tooTall = { bodyHeight in
                let c = heights.indices.max { heights[$0] < heights[$1] } ?? 0
                let table = block.spec.id.map { "table \"\($0)\"" } ?? "the table at \(block.spec.path)"
                let which = header ? "the header of \(table)" : "row \(row.map { $0 + 1 } ?? 0) of \(table)"
                let message = "\(which) is \(Int(height.rounded())) points tall, taller than a page's body (\(Int(bodyHeight.rounded())) points): its cell in column \"\(model.header[c])\" holds \(cells[c].count) characters, and a table row never continues on the next page; shorten that cell, or leave the column out of the table's \"columns\""
                if !header, let row, let file = model.rowFile, row < model.rowPositions.count {
                    return .error(message, file: file, at: model.rowPositions[row])
                }
                return .error(message, file: ctx.specFile, at: block.spec.position, path: block.spec.path)
            }
            return piece
        }
        var pieces: [Piece] = []
        if let title = block.spec.title { pieces.append(BlockPieces.titlePiece(title, width, ctx)) }
        if let caption = block.spec.caption { pieces.append(BlockPieces.captionPiece(caption, width, ctx)) }
        var header = rowPiece(model.header, style: headerStyle, header: true, last: model.rows.isEmpty)
        header.keepWithNext = true
        pieces.append(header)
        pieces.append(contentsOf: model.rows.enumerated().map { i, row in
            rowPiece(row, style: cellStyle, header: false, last: i == model.rows.count - 1, row: i)
        })
        var footer: [String] = []
        if let note = block.spec.note { footer.append(note) }
        if !block.sources.isEmpty, !model.header.contains("source") { footer.append("Sources: " + block.sources.joined(separator: "; ") + ".") }
        if model.rows.isEmpty { footer.insert("No rows.", at: 0) }
        pieces += footer.map { BlockPieces.smallLinePiece($0, width, ctx) }
        return pieces
    }
}
