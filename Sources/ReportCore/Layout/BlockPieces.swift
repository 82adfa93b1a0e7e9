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
            .artifact([.path(.rect(Rect(x: p.x, y: p.y + 2, width: width, height: textHeight + 14)), fill: .solid(Color(hex: "#f4f4f4")!), stroke: nil)])
                + .structured(.paragraph, [ctx.text(note, style, at: Point(p.x + 8, p.y + 9), width: width - 16)])
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
        if let title = block.spec.title { result.append(titlePiece(title, width, ctx)) }
        if let caption = block.spec.caption { result.append(captionPiece(caption, width, ctx)) }
        result += pieces
        if let note = block.spec.note { result.append(smallLinePiece(note, width, ctx)) }
        return result
    }

    /// The outline level of a block's title, which is also its heading level (H2) in a
    /// tagged PDF: the report's title and `heading` blocks are level 1.
    static let titleLevel = 2

    /// A block's title: a level-2 heading kept with what follows.
    static func titlePiece(_ title: String, _ width: Double, _ ctx: LayoutContext) -> Piece {
        let h = ctx.measure(TextContent(title, style: ctx.styles.blockTitle, width: width)).height + 4
        return Piece(height: h, outline: [(title, titleLevel)], keepWithNext: true) { p in
            .structured(.heading(level: titleLevel), [ctx.text(title, ctx.styles.blockTitle, at: p, width: width)])
        }
    }

    /// A block's caption: small italic lines kept with what follows.
    static func captionPiece(_ caption: String, _ width: Double, _ ctx: LayoutContext) -> Piece {
        let style = ctx.styles.small.italicized()
        let h = ctx.measure(TextContent(caption, style: style, width: width)).height + 4
        return Piece(height: h, keepWithNext: true) { p in .structured(.paragraph, [ctx.text(caption, style, at: p, width: width)]) }
    }

    /// A line of small print under a block (its note, its "Sources:" line): a paragraph.
    static func smallLinePiece(_ text: String, _ width: Double, _ ctx: LayoutContext) -> Piece {
        let h = ctx.measure(TextContent(text, style: ctx.styles.small, width: width)).height + 3
        return Piece(height: h) { p in .structured(.paragraph, [ctx.text(text, ctx.styles.small, at: Point(p.x, p.y + 3), width: width)]) }
    }

    /// What the picture a block draws in `bounds` is in the structure: a figure described by
    /// the block's alt text (by its type, should a block that draws a picture have none).
    static func figure(_ block: PreparedBlock, bounds: Rect) -> StructureRole {
        .figure(alt: block.altText ?? block.content.typeName, bounds: bounds)
    }
}
