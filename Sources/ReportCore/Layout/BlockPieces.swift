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
        return block.content.value.layout(block, BlockArea(width: width, height: set, bodyHeight: bodyHeight), ctx)
    }

    /// A column name as an axis title: "civilian_deaths" → "Civilian deaths".
    static func columnTitle(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// Text-like blocks: a title piece kept with the first paragraph.
    static func withTitle(_ block: PreparedBlock, _ width: Double, _ ctx: LayoutContext, _ pieces: [Piece]) -> [Piece] {
        guard let title = block.spec.title else { return pieces }
        let h = ctx.measure(TextContent(title, style: ctx.styles.blockTitle, width: width)).height + 4
        return [Piece(height: h, outline: [(title, 2)], keepWithNext: true) { p in [ctx.text(title, ctx.styles.blockTitle, at: p, width: width)] }] + pieces
    }
}
