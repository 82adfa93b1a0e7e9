import ReportScene

/// `table`: rows of a data source, sorted and limited.
enum TableBlock: BlockType {
    static let name = "table"
    /// The most rows `limit` may ask for: far more than any page holds, and well inside Int.
    static let maxLimit = 1_000_000
    static var keys: [BlockKey] { [
        .data, .sources, BlockKey("columns", ["type": "array", "items": ["$ref": "#/$defs/field"], "minItems": 1,
                                                 "description": "the columns shown, in order (default: all of them)"]),
        BlockKey("sort", ["anyOf": [["type": "string", "minLength": 1, "not": ["const": "-"]],
                                    ["type": "array", "items": ["type": "string", "minLength": 1, "not": ["const": "-"]]]],
                          "description": "a column name, or a list of them; a leading - sorts descending"]),
        BlockKey("limit", ["type": "integer", "minimum": 1, "maximum": TableBlock.maxLimit, "description": "at most this many rows, after sorting"]),
        BlockKey("aggregate", ["anyOf": [["const": "count"], (AggregateSpec.schema["anyOf"] as! [Any])[1]],
                               "description": "one row per group of equal \"columns\", with \"count\" (rows) or {\"sum\": \"fatalities\"} added as a column"]),
    ] }
    /// A grouped table says what it groups by.
    static var schemaRules: [[String: Any]] { [["if": ["required": ["aggregate"]], "then": ["required": ["columns"]]]] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> TableSpec? {
        var columns: [FieldRef]?
        if let node = r.node("columns") {
            if let list = node.elements, !list.isEmpty {
                columns = list.enumerated().compactMap { i, item in
                    guard let s = item.stringValue, !s.isEmpty else {
                        r.error("\"columns\" entries must be column names, found \(item.stringValue != nil ? "an empty string" : item.kindDescription)", at: item, key: "columns[\(i)]"); return nil
                    }
                    return FieldRef(s, at: item.position, path: "\(decoder.path).columns[\(i)]")
                }
            } else {
                r.error("\"columns\" must be a non-empty list of column names, found \(node.elements == nil ? node.kindDescription : "an empty list")", at: node, key: "columns")
            }
        }
        var sort: [(field: FieldRef, descending: Bool)] = []
        if let node = r.node("sort") {
            let items = node.elements ?? [node]
            for (i, item) in items.enumerated() {
                guard var s = item.stringValue else {
                    r.error("\"sort\" must be a column name or a list of them (\"-name\" sorts descending), found \(item.kindDescription)", at: item, key: "sort"); continue
                }
                let descending = s.hasPrefix("-")
                if descending { s.removeFirst() }
                if s.isEmpty {
                    r.error("\"sort\" entries must be column names (\"-name\" sorts descending), found \"\(descending ? "-" : "")\"", at: item, key: "sort"); continue
                }
                sort.append((FieldRef(s, at: item.position, path: "\(decoder.path).sort[\(i)]"), descending))
            }
        }
        var limit: Int?
        if let n = r.number("limit", min: 1) {
            // Capped before Int(n): a Double beyond Int's range traps (1e19 crashed the decoder).
            if n == n.rounded(), n <= Double(TableBlock.maxLimit) { limit = Int(n) } else {
                r.error("\"limit\" must be a whole number of rows from 1 to \(TableBlock.maxLimit), found \(NumberFormat.spec(n))", at: r.node("limit")!, key: "limit")
            }
        }
        let aggregate = AggregateSpec.decode(r)
        var grouping = aggregate != nil || !r.has("aggregate")
        if let aggregate, aggregate.field == nil, aggregate.op != .count {
            grouping = false
            r.error("a table's \"aggregate\" names its column, such as {\"\(aggregate.op.rawValue)\": \"fatalities\"}; the word alone works for \"count\"", at: r.node("aggregate")!, key: "aggregate")
        }
        if r.has("aggregate"), !r.has("columns") {
            grouping = false
            r.error("a table with \"aggregate\" needs \"columns\": the columns whose equal values make one row", at: r.node("aggregate")!, key: "aggregate")
        }
        if let aggregate, let field = aggregate.field, let grouped = columns?.first(where: { $0.name == field.name }) {
            grouping = false
            r.error("column \"\(field.name)\" both groups the rows (in \"columns\") and is aggregated; a group has one value of it already",
                    at: r.node("aggregate")!, key: "aggregate", suggestion: "take \"\(grouped.name)\" out of \"columns\", or aggregate another column")
        }
        // A table whose grouping is wrong is not read at all: its rows would say nothing new.
        guard grouping else { return nil }
        return TableSpec(columns: columns, sort: sort, limit: limit, aggregate: aggregate)
    }

    /// A table without `columns` shows every column.
    static func columnsRead(_ s: TableSpec) -> ColumnsRead {
        ColumnsRead(own: (s.columns ?? []) + s.sort.map(\.field) + [s.aggregate?.field], allOwn: s.columns == nil)
    }

    /// The most rows a table draws: about 4,200 A4 pages, past any annex (a year of events in
    /// one province is a few thousand rows). A million rows took 3.5 GB and 53 s to draw.
    static let maxRows = 100_000

    static func prepare(_ s: TableSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> TableModel? {
        // Counted before the cells are read as text, unless the rows are groups.
        let rows = s.aggregate == nil ? min(s.limit ?? Int.max, input.rows.count) : nil
        guard let model = rows.map({ $0 > maxRows }) == true ? TableModel(header: [], rows: [], numeric: [], rowFile: nil, rowPositions: []) : model(s, input, &d)
        else { return nil }
        if max(rows ?? 0, model.rows.count) > maxRows {
            let block = input.block
            d.append(.error("this table would draw \(NumberFormat.grouped(Double(max(rows ?? 0, model.rows.count)))) rows, more than the \(NumberFormat.grouped(Double(maxRows))) a table draws (about 4,200 A4 pages; an annex of a year of events in one province has a few thousand); give it a \"limit\", a \"filter\" or an \"aggregate\"",
                            file: input.preparer.specFile, at: block.position, path: block.path))
            return nil
        }
        return model
    }

    private static func model(_ s: TableSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> TableModel? {
        let p = input.preparer, v = input.rows
        if let aggregate = s.aggregate, let columns = s.columns {
            guard p.check(columns + [aggregate.field], in: v, &d),
                  let grouped = grouped(v, by: columns, aggregate, p, &d) else { return nil }
            // Sorting and the limit then work on the groups, the aggregate a column like any.
            guard p.require(s.sort.map(\.field), in: grouped, &d) else { return nil }
            var spec = s
            spec.columns = nil
            var model = model(spec, grouped)
            model.header[model.header.count - 1] = aggregateHeader(aggregate)
            // A group is no one line of the data file.
            model.rowFile = nil
            model.rowPositions = []
            return model
        }
        guard p.check((s.columns ?? []) + s.sort.map(\.field), in: v, &d) else { return nil }
        return model(s, v)
    }

    static func colorCategories(_ model: TableModel) -> [String] { [] }

    static func layout(_ model: TableModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        TableLayout(block: block, model: model, ctx: ctx).pieces(width: area.width)
    }

    /// The rows sorted, limited and read as text; columns of numbers right-aligned.
    private static func model(_ s: TableSpec, _ v: DataView) -> TableModel {
        let names = s.columns?.map(\.name) ?? v.table.columnNames
        var order = Array(0..<v.count)
        if !s.sort.isEmpty {
            // Each distinct text is read as a number and a date once (not at every comparison):
            // numbers when both cells are numbers, else dates when both are dates (in the
            // column's format, if it has one), else text.
            struct Key { var text: String; var number: Double?; var date: EventDate? }
            let keys = s.sort.map { key -> ([Key], Bool) in
                guard let cells = v.table.column(key.field.name) else { return ([], key.descending) }
                let distinct = cells.mapValues { text in
                    Key(text: text, number: v.table.readNumber(text), date: try? v.table.parseDate(text, column: key.field.name).get())
                }
                return (v.rows.map { distinct[Int(cells.codes[$0])] }, key.descending)
            }
            order.sort { a, b in
                for (cells, descending) in keys where !cells.isEmpty {
                    let x = cells[a], y = cells[b]
                    if x.text == y.text { continue }
                    let less: Bool
                    if let nx = x.number, let ny = y.number { less = nx < ny }
                    else if let dx = x.date, let dy = y.date { less = dx < dy }
                    else { less = x.text < y.text }
                    return descending ? !less : less
                }
                return a < b
            }
        }
        if let limit = s.limit { order = Array(order.prefix(limit)) }
        let columns = names.map { v.strings($0) }
        let rows = order.map { i in columns.map { $0[i] } }
        let numeric = columns.map { cells in
            let filled = cells.filter { !$0.isEmpty }
            return !filled.isEmpty && filled.allSatisfy { v.table.readNumber($0) != nil }
        }
        return TableModel(header: names, rows: rows, numeric: numeric, rowFile: v.table.file,
                          rowPositions: order.map { v.table.rowPositions[v.rows[$0]] })
    }
}

/// `table` keys.
public struct TableSpec: Sendable {
    public var columns: [FieldRef]?
    /// Sort keys; a leading `-` sorts descending.
    public var sort: [(field: FieldRef, descending: Bool)]
    public var limit: Int?
    /// One row per group of equal `columns`, with this aggregate as the last column.
    public var aggregate: AggregateSpec?
}

/// A table's cells.
public struct TableModel: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Per column: right-align (numbers).
    public var numeric: [Bool]
    /// The data file the rows come from, and where each row is in it, for messages about a
    /// row (none for a grouped table, whose rows are groups).
    public var rowFile: String?
    public var rowPositions: [SourcePosition]
}
