import ReportScene

/// `text`: paragraphs and bullet lists in a little Markdown.
enum TextBlock: TextKeyBlock {
    /// Text reads no rows, and is read as it is written (it needs no `alt`).
    static var unusedCommonKeys: [String] { ["alt", "filter"] }
    static let name = "text"
    static let textDescription = "paragraphs in a little Markdown: **bold**, *italic*, [links](https://…), lines starting \"- \" are bullets"
    /// The text, or `{"file": "notes.md"}` to take it from a file (`SpecComposer` reads it).
    static var keys: [BlockKey] {
        [BlockKey("text", ["anyOf": [["type": "string"],
                                     ["type": "object", "properties": ["file": ["type": "string", "description": "a UTF-8 Markdown file, relative to the spec's folder"]],
                                      "required": ["file"], "additionalProperties": false]],
                           "description": textDescription + "; or {\"file\": \"notes.md\"} to take it from a file"], required: true)]
    }

    /// A text of any length: its paragraphs continue from page to page.
    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> String? { r.string("text", required: true, longest: nil) }

    static func layout(_ text: String, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        BlockPieces.withTitle(block, area.width, ctx, Paragraphs.paragraphs(text, width: area.width, bodyHeight: area.bodyHeight, ctx))
    }
}

/// A block type whose one key is its `text` (`text`, `heading`): the spec and the model are
/// that text.
protocol TextKeyBlock: BlockType where Spec == String, Model == String {
    /// What `text` holds, for `report schema`.
    static var textDescription: String { get }
}

extension TextKeyBlock {
    static var keys: [BlockKey] { [.text("text", required: true, textDescription)] }
    static var schemaRules: [[String: Any]] { [] }
    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> String? { r.string("text", required: true) }
    static func prepare(_ text: String, _ input: BlockInput, _ d: inout [Diagnostic]) -> String? { text }
    static func columnsRead(_ text: String) -> ColumnsRead { .none }
    static func colorCategories(_ model: String) -> [String] { [] }
    /// Text is read as it is written: no figure to describe.
    static func altText(_ model: String, _ spec: String, title: String?) -> String? { nil }
}
