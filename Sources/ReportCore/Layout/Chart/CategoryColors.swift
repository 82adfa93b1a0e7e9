import ReportScene

extension ColorMap {
    /// Hands out the colours of every category the report draws, block by block in report
    /// order, before anything is laid out. Without this a colour would depend on which block
    /// asked first, so a block drawn alone (`--only`, a PNG output) could get other colours
    /// than the same block in the PDF. The theme's fixed colours still come first.
    public func register(_ blocks: [PreparedBlock]) {
        for block in blocks {
            for category in block.content.colorCategories { _ = color(for: category) }
        }
    }
}
