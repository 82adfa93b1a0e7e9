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
}
