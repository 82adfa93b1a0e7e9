import ReportScene

/// `page_break`: the next block starts a new page.
enum PageBreakBlock: BlockType {
    /// A page break has nothing to say.
    struct Nothing: Sendable {}

    static let name = "page_break"
    /// A page break draws nothing and reads nothing.
    static var unusedCommonKeys: [String] { ["title", "caption", "note", "alt", "filter", "height"] }
    static var keys: [BlockKey] { [] }
    static var schemaRules: [[String: Any]] { [] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> Nothing? { Nothing() }
    static func prepare(_ spec: Nothing, _ input: BlockInput, _ d: inout [Diagnostic]) -> Nothing? { spec }
    static func columnsRead(_ spec: Nothing) -> ColumnsRead { .none }
    static func colorCategories(_ model: Nothing) -> [String] { [] }
    static func altText(_ model: Nothing, _ spec: Nothing, title: String?) -> String? { nil }
    static func layout(_ model: Nothing, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] { [.pageBreak] }
}
