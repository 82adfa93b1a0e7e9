import ReportScene

/// A block with its spec and content.
public struct PreparedBlock: Sendable {
    public var spec: BlockSpec
    public var content: BlockContent
    /// Distinct `source` values of the rows drawn, in order of first appearance.
    public var sources: [String]
}
