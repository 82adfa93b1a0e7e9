import ReportScene

/// A block with its spec and content.
public struct PreparedBlock: Sendable {
    public var spec: BlockSpec
    public var content: BlockContent
    /// Distinct `source` values of the rows drawn, in order of first appearance.
    public var sources: [String]
    /// Set when filters kept none of the block's rows: what the page says instead of an
    /// empty chart (never an axis dated 1 January 1970).
    public var emptyNote: String? = nil
    /// What the block shows, in words, for readers who cannot see it (a tagged PDF's `/Alt`,
    /// an SVG's description): the block's `alt` key, else the page's note when filters kept no
    /// row, else the sentence its type works out from the model (`BlockType.altText`). Nil
    /// for blocks that are not figures: headings, text and page breaks are read as they are.
    public var altText: String? = nil
}
