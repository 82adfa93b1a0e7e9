import ReportScene

extension ColorMap {
    /// Hands out the colours of every category the report draws, block by block in report
    /// order, before anything is laid out. Without this a colour would depend on which block
    /// asked first, so a block drawn alone (`--only`, a PNG output) could get other colours
    /// than the same block in the PDF. The theme's fixed colours still come first.
    public func register(_ blocks: [PreparedBlock]) {
        for block in blocks {
            for category in Self.categories(of: block.content) { _ = color(for: category) }
        }
    }

    /// The categories a block colours, in the order it meets them.
    static func categories(of content: BlockContent) -> [String] {
        switch content {
        case .timeline(let m): return m.lanes + m.categories
        case .chart(let m): return m.series.map(\.name)
        case .troops(let m): return m.series.map(\.force)
        case .displacement(let m): return m.flows.flatMap { [$0.from, $0.to] }
        case .heading, .text, .figures, .table, .pageBreak: return []
        }
    }
}
