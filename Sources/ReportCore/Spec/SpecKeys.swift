/// The keys the spec language allows, in one place: the decoder rejects everything else
/// and `report schema` is generated from the same lists, so the two cannot drift apart.
public enum SpecKeys {
    /// Keys of the top-level object.
    public static let topLevel = ["report", "title", "subtitle", "as_of", "author", "marking", "page",
                                  "theme", "data", "sections", "outputs", "timezone"]
    /// Keys of `page`.
    public static let page = ["size", "orientation", "margin"]
    /// Keys of `theme`.
    public static let theme = ["font", "palette", "colors"]
    /// Keys of a data source.
    public static let dataSource = ["file", "values", "types", "filter"]
    /// Keys of an output.
    public static let output = ["id", "file", "block", "width", "height", "scale"]
    /// Keys every block takes.
    public static let commonBlock = ["type", "id", "title", "caption", "note", "filter", "height", "page_break"]
    /// Keys of an annotation.
    public static let annotation = ["date", "value", "text"]
    /// Keys of a figure item.
    public static let figureItem = ["label", "value", "unit", "source"]

    /// Block types and the keys each adds to `commonBlock`.
    public static let blockTypes: [(type: String, keys: [String])] = [
        ("heading", ["text"]),
        ("text", ["text"]),
        ("figures", ["items"]),
        ("timeline", ["data", "date", "end", "label", "lane", "lanes", "color", "size", "range", "annotations"]),
        ("chart", ["data", "mark", "x", "y", "series", "stack", "y_low", "y_high", "cumulative", "log",
                   "y_title", "annotations"]),
        ("troops", ["data", "date", "force", "count", "change", "count_low", "count_high", "annotations"]),
        ("displacement", ["data", "date", "from", "to", "value", "unit", "persons_per_family", "view"]),
        ("table", ["data", "columns", "sort", "limit"]),
        ("page_break", []),
    ]

    /// All keys a block of `type` accepts.
    public static func blockKeys(_ type: String) -> [String]? {
        blockTypes.first { $0.type == type }.map { commonBlock + $0.keys }
    }
}
