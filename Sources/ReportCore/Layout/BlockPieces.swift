import ReportScene

/// Turns one prepared block into the pieces the page flow places, through its type, and
/// the parts several block types share.
enum BlockPieces {
    /// The block's pieces at `width`; `height` (when given) overrides the block's own.
    static func make(_ block: PreparedBlock, width: Double, bodyHeight: Double, height: Double? = nil, _ ctx: LayoutContext) -> [Piece] {
        let set: Double? = height ?? block.spec.height.map {
            switch $0 {
            case .points(let p): return min(p, bodyHeight)
            case .fraction(let f): return f * bodyHeight
            }
        }
        if let note = block.emptyNote { return withTitle(block, width, ctx, [emptyNote(note, width: width, ctx)]) }
        return block.content.value.layout(block, BlockArea(width: width, height: set, bodyHeight: bodyHeight), ctx)
    }

    /// What a block whose filters kept no row shows: the reason, in a light box.
    private static func emptyNote(_ note: String, width: Double, _ ctx: LayoutContext) -> Piece {
        let style = ctx.styles.body.colored(ctx.styles.muted).italicized()
        let textHeight = ctx.measure(TextContent(note, style: style, width: width - 16)).height
        return Piece(height: textHeight + 20) { p in
            [.path(.rect(Rect(x: p.x, y: p.y + 2, width: width, height: textHeight + 14)), fill: .solid(Color(hex: "#f4f4f4")!), stroke: nil),
             ctx.text(note, style, at: Point(p.x + 8, p.y + 9), width: width - 16)]
        }
    }

    /// A column name as an axis title: "civilian_deaths" → "Civilian deaths".
    static func columnTitle(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// Text-like blocks: a title piece kept with the first paragraph.
    /// The caption under the title and the note at the end, as charts show them.
    static func withTitle(_ block: PreparedBlock, _ width: Double, _ ctx: LayoutContext, _ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        if let title = block.spec.title {
            let h = ctx.measure(TextContent(title, style: ctx.styles.blockTitle, width: width)).height + 4
            result.append(Piece(height: h, outline: [(title, 2)], keepWithNext: true) { p in [ctx.text(title, ctx.styles.blockTitle, at: p, width: width)] })
        }
        if let caption = block.spec.caption { result.append(captionPiece(caption, width, ctx)) }
        result += pieces
        if let note = block.spec.note {
            let h = ctx.measure(TextContent(note, style: ctx.styles.small, width: width)).height + 3
            result.append(Piece(height: h) { p in [ctx.text(note, ctx.styles.small, at: Point(p.x, p.y + 3), width: width)] })
        }
        return result
    }

    /// A block's caption: small italic lines kept with what follows.
    static func captionPiece(_ caption: String, _ width: Double, _ ctx: LayoutContext) -> Piece {
        let style = ctx.styles.small.italicized()
        let h = ctx.measure(TextContent(caption, style: style, width: width)).height + 4
        return Piece(height: h, keepWithNext: true) { p in [ctx.text(caption, style, at: p, width: width)] }
    }
}
