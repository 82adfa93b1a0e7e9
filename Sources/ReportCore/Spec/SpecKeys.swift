/// The keys the spec language allows, in one place: the decoder rejects everything else
/// and `report schema` is generated from the same lists, so the two cannot drift apart.
/// Each block type's own keys live with the type (`BlockType.keys`).
public enum SpecKeys {
    /// The top-level key naming the spec's JSON Schema (`"$schema": "https://…"`), which
    /// editors read to find the schema; the report itself ignores it.
    public static let schemaReference = "$schema"
    /// Keys of the top-level object.
    public static let topLevel = [schemaReference, "report", "extends", "params", "matrix", "title", "subtitle", "as_of", "author",
                                  "marking", "page", "theme", "data", "sections", "outputs", "timezone", "lang"]
    /// Keys of a declared parameter (`"params": {"week": {"type": "date", "default": "2017-03-06"}}`).
    public static let param = ["type", "default", "description"]
    /// Keys of `page`.
    public static let page = ["size", "orientation", "margin"]
    /// Keys of `theme`.
    public static let theme = ["font", "palette", "colors"]
    /// Keys of a data source.
    public static let dataSource = ["file", "values", "types", "filter", "delimiter", "encoding", "decimal", "thousands", "rows"]
    /// Keys of a column type written as an object (`"types": {"c": {"type": "date", "format": "%d %B %Y"}}`;
    /// a date column may name the column that states its precision: `"precision": "time_precision"`).
    public static let columnType = ["type", "format", "precision", "precision_codes"]
    /// Keys of an output.
    public static let output = ["id", "file", "block", "width", "height", "scale"]
    /// Keys every block takes.
    public static let commonBlock = ["type", "id", "title", "caption", "note", "alt", "filter", "height", "page_break"]
    /// Keys of an annotation.
    public static let annotation = ["date", "value", "text"]
    /// Keys of a figure item.
    public static let figureItem = ["label", "value", "unit", "source"]

    /// Block types and the keys each adds to `commonBlock`, read from `BlockTypes.all`.
    public static var blockTypes: [(type: String, keys: [String])] {
        BlockTypes.all.map { ($0.name, Array($0.allKeys.dropFirst(commonBlock.count))) }
    }

    /// All keys a block of `type` accepts.
    public static func blockKeys(_ type: String) -> [String]? {
        BlockTypes.named(type)?.allKeys
    }

    /// The keys a block of `type` must have besides `type` when it has no other keys (a
    /// chart's `y` is among them: only `aggregate` can stand in for it).
    public static func requiredBlockKeys(_ type: String) -> [String]? {
        BlockTypes.named(type)?.requiredWhenAlone
    }
}
