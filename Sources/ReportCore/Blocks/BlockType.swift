import ReportScene

/// One block type, complete: its keys and their schema, how its keys are decoded, how its
/// rows become its model, which categories it colours, and how it is laid out. Every type
/// has a folder of its own under `Blocks/` and one line in `BlockTypes.all`; nothing else
/// names it. The key lists `SpecKeys` gives, `report schema`'s block tables, the data-source
/// check and the test generator's required keys are all read from here.
protocol BlockType: SendableMetatype {
    /// What the decoder makes of the block's own keys.
    associatedtype Spec: Sendable
    /// What the model stage makes of the spec and the block's rows: everything layout draws,
    /// totals, notes and derived series included.
    associatedtype Model: Sendable

    /// The `type` word.
    static var name: String { get }
    /// The keys this type adds to `SpecKeys.commonBlock`, in the order messages list them,
    /// each with its schema and whether it is required. A type with a `data` key reads a
    /// data source: the block's rows are filtered and handed to `prepare`.
    static var keys: [BlockKey] { get }
    /// Schema rules between the type's keys (`allOf`) that the decoder checks too.
    static var schemaRules: [[String: Any]] { get }
    /// Keys of `SpecKeys.commonBlock` the type has no use for (a heading draws no caption):
    /// refused with a located error rather than silently ignored.
    static var unusedCommonKeys: [String] { get }

    /// Reads the type's keys from `r` (the common keys are read by the caller); nil when
    /// they are wrong, every problem reported through `r`.
    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> Spec?
    /// The model: rows read, typed and checked, totals and notes worked out; nil when the
    /// rows are wrong (every problem in `d`).
    static func prepare(_ spec: Spec, _ input: BlockInput, _ d: inout [Diagnostic]) -> Model?
    /// Every column `prepare` may read, named by the block's own keys (the loader keeps the
    /// per-row codes of these columns only, see `ColumnUse`). Each `FieldRef` of the spec
    /// must be here (`ColumnUseTests` checks every type by reflection); naming one too many
    /// costs memory, one too few stops the process when `prepare` reads it.
    static func columnsRead(_ spec: Spec) -> ColumnsRead
    /// The categories the model colours, in the order it meets them: the report's colour map
    /// is built from these, block by block, before anything is laid out.
    static func colorCategories(_ model: Model) -> [String]
    /// Alternative text for readers who cannot see the block: a sentence or two of English
    /// worked out from the model (the numbers drawn, never the pixels) that says what is shown,
    /// over what range, its extremes and its latest value. Nil for a type that is not a figure
    /// (a heading or text is read as it is written). `title` is the block's title, for a type
    /// whose model cannot name what it shows. The block's `alt` key, when written, is used
    /// instead (`PreparedBlock.altText`).
    static func altText(_ model: Model, _ spec: Spec, title: String?) -> String?
    /// The pieces the page flow places. Reads the model and the context, changes nothing.
    static func layout(_ model: Model, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece]
}

extension BlockType {
    /// True for types that read a data source (those with a `data` key).
    static var readsData: Bool { keys.contains { $0.name == BlockKey.data.name } }
    /// Every key a block of this type accepts, the common ones first.
    static var allKeys: [String] { SpecKeys.commonBlock + keys.map(\.name) }
    /// The keys a block of this type must have.
    static var requiredKeys: [String] { keys.filter(\.required).map(\.name) }
    static var unusedCommonKeys: [String] { [] }
    /// The keys a block with no other keys must have: the required ones and those another
    /// key can stand in for (a chart's `y`, unless `aggregate` names its column).
    static var requiredWhenAlone: [String] { keys.filter { $0.required || $0.requiredUnless != nil }.map(\.name) }
}

/// A block type as a value, for the registry (`BlockTypes.all`): what the generic decoder,
/// `SpecKeys` and `SpecSchema` read of it.
struct AnyBlockType: Sendable {
    let name: String
    /// The Swift type, for the test that every type is registered (its name is worked out
    /// there: `String(describing:)` reflects, which costs a millisecond at every start).
    let swiftType: Any.Type
    let readsData: Bool
    /// Every key a block of the type accepts, the common ones first.
    let allKeys: [String]
    let requiredKeys: [String]
    /// See `BlockType.requiredWhenAlone`.
    let requiredWhenAlone: [String]
    /// See `BlockType.unusedCommonKeys`.
    let unusedCommonKeys: [String]
    private let schema: @Sendable () -> (keys: [BlockKey], rules: [[String: Any]])
    private let decoder: @Sendable (ObjectReader, BlockDecoder) -> BlockKind?

    init<B: BlockType>(_ type: B.Type) {
        name = B.name; swiftType = B.self; readsData = B.readsData; allKeys = B.allKeys; requiredKeys = B.requiredKeys
        requiredWhenAlone = B.requiredWhenAlone
        unusedCommonKeys = B.unusedCommonKeys
        // The unused common keys are refused by the schema too.
        schema = { (B.keys, B.schemaRules + (B.unusedCommonKeys.isEmpty ? [] : [["not": ["anyOf": B.unusedCommonKeys.map { ["required": [$0]] }]]])) }
        decoder = { r, decoder in B.decode(r, decoder).map { BlockKind(B.self, $0) } }
    }

    /// The type's own keys with their schema.
    var keys: [BlockKey] { schema().keys }
    var schemaRules: [[String: Any]] { schema().rules }
    /// `BlockType.decode`, its result type-erased.
    func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> BlockKind? { self.decoder(r, decoder) }
}

/// A key a block type adds, with its JSON Schema.
struct BlockKey {
    var name: String
    var schema: [String: Any]
    var required = false
    /// The key that makes this one unneeded when present (its schema rule says so); such a
    /// key is required otherwise.
    var requiredUnless: String?

    init(_ name: String, _ schema: [String: Any], required: Bool = false, requiredUnless: String? = nil) {
        self.name = name; self.schema = schema; self.required = required; self.requiredUnless = requiredUnless
    }

    // Every helper takes the key's description: `report schema` gives one for every key (an
    // editor shows it on hover and completion), and a key without one would not compile.

    /// A column of the block's data source.
    static func field(_ name: String, required: Bool = false, _ description: String) -> BlockKey {
        BlockKey(name, ["$ref": "#/$defs/field", "description": description], required: required)
    }
    /// A flag.
    static func flag(_ name: String, _ description: String) -> BlockKey { BlockKey(name, ["type": "boolean", "description": description]) }
    /// One word of a fixed list.
    static func word(_ name: String, _ words: [String], _ description: String) -> BlockKey {
        BlockKey(name, ["enum": words, "description": description])
    }
    /// The data source the block reads (always required).
    static var data: BlockKey { BlockKey("data", ["type": "string", "minLength": 1, "description": "the name of a data source"], required: true) }
    /// Where the "Sources:" line under a block that reads data comes from.
    static var sources: BlockKey {
        BlockKey("sources", ["anyOf": [["type": "string", "minLength": 1], ["const": false]],
                             "description": "the column whose values are listed as \"Sources:\" under the block (default: the column \"source\" when the data has one); false for no such line"])
    }
    /// Dated (or valued) labelled rules.
    static var annotations: BlockKey {
        BlockKey("annotations", ["type": "array", "items": ["$ref": "#/$defs/annotation"],
                                 "description": "labelled rules drawn across the plot at a date (or, on a chart, a value)"])
    }
    /// Text written in the spec.
    static func text(_ name: String, required: Bool = false, _ description: String) -> BlockKey {
        BlockKey(name, ["type": "string", "description": description], required: required)
    }
}

/// The columns a block reads (`BlockType.columnsRead`).
struct ColumnsRead {
    /// Columns of the block's own data source (its `data` key).
    var own: [FieldRef?] = []
    /// Every column of the block's own source (a table without `columns`).
    var allOwn = false
    /// Columns of other sources the block names (a figure's `data`): the source, and the
    /// columns read from it (the block's `filter` applies to it too).
    var others: [(source: String, columns: [FieldRef?])] = []
    /// Columns of other sources the block reads whole, which its `filter` does not narrow
    /// (a map's gazetteer, flows and layers: the filter is about its events).
    var whole: [(source: String, columns: [FieldRef?])] = []
    /// Other sources whose rows the block draws as data (a map's flows): their `source`
    /// column is cited under the block too, after its own rows' sources.
    var cited: [String] = []

    init(own: [FieldRef?] = [], allOwn: Bool = false, others: [(source: String, columns: [FieldRef?])] = [],
         whole: [(source: String, columns: [FieldRef?])] = []) {
        self.own = own; self.allOwn = allOwn; self.others = others; self.whole = whole
    }

    /// Nothing: a block that reads no data.
    static var none: ColumnsRead { ColumnsRead() }
}

/// What `prepare` gets besides the type's own spec.
struct BlockInput {
    /// The block with its common keys.
    var block: BlockSpec
    /// The block's rows after the source's and the block's filters; set for types that read
    /// a data source (`readsData`), nil for the others.
    var view: DataView?
    /// Column checks and cell readers shared by every type.
    var preparer: BlockPreparer

    /// The rows of a type that reads data (never called by the others).
    var rows: DataView { view! }
}

/// The room a block gets.
struct BlockArea {
    var width: Double
    /// The block's height when one is set (its `height` key, or the height of an output of
    /// the block alone); nil to let the block decide.
    var height: Double?
    /// The height of the page body.
    var bodyHeight: Double

    /// Default height of a chart-like block as a fraction of the page body.
    static let defaultChartFraction = 0.46
    /// The height of a block that draws a plot: the one set, else a share of the page body.
    var plotHeight: Double { height ?? bodyHeight * Self.defaultChartFraction }
}

// MARK: Type-erased spec and model

/// A block's own keys, decoded, of whichever type it is.
public struct BlockKind: Sendable {
    let value: any AnyBlockSpec

    init<B: BlockType>(_ type: B.Type, _ spec: B.Spec) { value = TypedSpec<B>(spec: spec) }

    /// The `type` word of the block.
    public var typeName: String { value.typeName }
    /// True when the block reads a data source.
    var readsData: Bool { value.readsData }
    /// The block's own keys when it is of type `B` (a block may read what another says, as a
    /// figure checks the troops block that draws the same rows).
    func spec<B: BlockType>(_ type: B.Type) -> B.Spec? { (value as? TypedSpec<B>)?.spec }
}

/// What a block draws, ready for layout, of whichever type it is.
public struct BlockContent: Sendable {
    let value: any AnyBlockModel
    /// The categories the block colours, in order (see `BlockType.colorCategories`).
    public let colorCategories: [String]

    init<B: BlockType>(_ type: B.Type, _ model: B.Model) {
        value = TypedModel<B>(model: model)
        colorCategories = B.colorCategories(model)
    }

    /// The `type` word of the block.
    public var typeName: String { value.typeName }
    /// The model when the block is of type `B`.
    func model<B: BlockType>(_ type: B.Type) -> B.Model? { (value as? TypedModel<B>)?.model }
}

protocol AnyBlockSpec: Sendable {
    var typeName: String { get }
    var readsData: Bool { get }
    func prepare(_ input: BlockInput, _ d: inout [Diagnostic]) -> BlockContent?
    /// `BlockType.altText` of `content`, the model this spec prepared.
    func altText(_ content: BlockContent, title: String?) -> String?
    var columnsRead: ColumnsRead { get }
    /// The type's own keys, for the test that finds every `FieldRef` in them by reflection.
    var specValue: Any { get }
}

protocol AnyBlockModel: Sendable {
    var typeName: String { get }
    func layout(_ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece]
}

private struct TypedSpec<B: BlockType>: AnyBlockSpec {
    let spec: B.Spec
    var typeName: String { B.name }
    var readsData: Bool { B.readsData }
    func prepare(_ input: BlockInput, _ d: inout [Diagnostic]) -> BlockContent? {
        B.prepare(spec, input, &d).map { BlockContent(B.self, $0) }
    }
    func altText(_ content: BlockContent, title: String?) -> String? {
        content.model(B.self).flatMap { B.altText($0, spec, title: title) }
    }
    var columnsRead: ColumnsRead { B.columnsRead(spec) }
    var specValue: Any { spec }
}

private struct TypedModel<B: BlockType>: AnyBlockModel {
    let model: B.Model
    var typeName: String { B.name }
    func layout(_ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        B.layout(model, block, area, ctx)
    }
}
