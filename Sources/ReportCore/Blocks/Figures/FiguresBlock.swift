import ReportScene

/// `figures`: key-figure boxes, each a number written in the spec or computed from a data source.
enum FiguresBlock: BlockType {
    static let name = "figures"
    static var keys: [BlockKey] { [
        BlockKey("items", ["type": "array", "minItems": 1, "description": "the key figures, one box each, in order", "items": SpecSchema.closed([
            "label": ["type": "string", "description": "what the figure is, written under it"],
            "unit": ["type": "string", "description": "written after the value (\"families\", \"km\")"],
            "source": ["type": "string", "description": "where the figure comes from, written \"Source: …\" under it"],
            "value": valueSchema,
        ], keys: SpecKeys.figureItem, required: ["label", "value"])], required: true),
    ] }
    static var schemaRules: [[String: Any]] { [] }

    /// A figure's value: text, a number, or one aggregation over a data source; `last` may
    /// name the columns that make its rows troop levels (`change`, `date`, `force`).
    private static var valueSchema: [String: Any] {
        var properties: [String: Any] = ["data": ["type": "string", "minLength": 1, "description": "the data source the figure is computed from"]]
        for op in FigureItem.Aggregate.allCases {
            switch op.shared {
            case .count?:
                properties[op.rawValue] = ["anyOf": [["const": true], ["type": "string"]],
                                           "description": "true: the number of rows; a column: the number of its filled cells"] as [String: Any]
            case let shared?: properties[op.rawValue] = ["type": "string", "description": shared.columnDescription]
            case nil: properties[op.rawValue] = ["type": "string", "description": "the column whose last value is the figure (the latest by \"date\" when given, else the last in file order)"]
            }
        }
        properties["change"] = ["anyOf": [["type": "string", "minLength": 1], ["const": false]], "description":
            "with \"last\" and \"date\": the column of +/- changes (+400) added to the levels of the \"last\" column, as a troops block adds them; the figure is the latest level. false: the last value as written, changes left out on purpose"]
        properties["date"] = ["type": "string", "minLength": 1, "description":
            "with \"last\": the column of dates; the latest value is the one with the latest date (file order on one date), not the last one in the file"]
        properties["force"] = ["type": "string", "minLength": 1, "description":
            "with \"last\": the column naming each row's force; the rows left after filters must hold one force"]
        return ["anyOf": [
            ["type": ["string", "number"]],
            ["type": "object", "required": ["data"], "additionalProperties": false, "properties": properties,
             "oneOf": FigureItem.Aggregate.allCases.map { ["required": [$0.rawValue]] },
             "dependentRequired": Dictionary(uniqueKeysWithValues: FigureItem.LastColumns.keys.map { ($0, ["last"]) }),
             "if": ["required": ["change"], "properties": ["change": ["type": "string"]]], "then": ["required": ["date"]]],
        ], "description": "the figure: text or a number as written, or one computation over a data source: {\"data\": \"events\", \"sum\": \"fatalities\"}"]
    }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> [FigureItem]? {
        decodeFigures(r, decoder)
    }

    /// Each computed figure reads its own source (`data`), with the block's filter.
    static func columnsRead(_ items: [FigureItem]) -> ColumnsRead {
        ColumnsRead(others: items.compactMap { item in
            guard case .aggregate(let data, _, let field, let c) = item.value else { return nil }
            var change: FieldRef?
            if case .column(let f) = c.change { change = f }
            return (data.name, [field, change, c.date, c.force])
        })
    }

    static func prepare(_ items: [FigureItem], _ input: BlockInput, _ d: inout [Diagnostic]) -> [FigureModel]? {
        values(items, filter: input.block.filter, input.preparer, &d)
    }

    static func colorCategories(_ model: [FigureModel]) -> [String] { [] }

    static func layout(_ model: [FigureModel], _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        BlockPieces.withTitle(block, area.width, ctx, figures(model, of: block, width: area.width, ctx))
    }

    /// Key-figure boxes in a row (wrapping to more rows when there are many).
    static func figures(_ items: [FigureModel], of block: PreparedBlock, width: Double, _ ctx: LayoutContext) -> [Piece] {
        let s = ctx.styles
        let perRow = min(items.count, max(1, Int(width / 150)))
        let gap = 10.0
        let boxWidth = (width - gap * Double(perRow - 1)) / Double(perRow)
        let valueStyle = TextStyle(family: s.family, size: 22, bold: true, color: s.accent)
        let unitStyle = TextStyle(family: s.family, size: 10, color: s.ink)
        let inner = boxWidth - 16
        func boxHeight(_ f: FigureModel) -> Double {
            let label = ctx.measure(TextContent(f.label, style: s.body, width: inner)).height
            let source = f.source.map { ctx.measure(TextContent("Source: \($0)", style: s.small, width: inner)).height + 3 } ?? 0
            return 10 + ctx.measure(TextContent(f.value, style: valueStyle)).height + 2 + label + source + 10
        }
        var pieces: [Piece] = []
        for rowStart in stride(from: 0, to: items.count, by: perRow) {
            let row = Array(items[rowStart..<min(items.count, rowStart + perRow)])
            let height = row.map(boxHeight).max() ?? 0
            // Each row of boxes is a figure described by the block's alt text (a block of
            // more figures than fit one row repeats it on each row).
            pieces.append(Piece(height: height) { p in
                var out: [SceneItem] = [.beginStructure(BlockPieces.figure(block, bounds: Rect(x: p.x, y: p.y, width: width, height: height)))]
                for (i, f) in row.enumerated() {
                    let x = p.x + Double(i) * (boxWidth + gap)
                    let box = Rect(x: x, y: p.y, width: boxWidth, height: height)
                    out.append(.path(.roundedRect(box, radius: 3), fill: .solid(Color(hex: "#f5f3ef")!), stroke: nil))
                    out.append(.path(.rect(Rect(x: x, y: p.y, width: 3, height: height)), fill: .solid(s.accent), stroke: nil))
                    var y = p.y + 10
                    let value = ctx.measure(TextContent(f.value, style: valueStyle))
                    out.append(ctx.text(f.value, valueStyle, at: Point(x + 10, y)))
                    if let unit = f.unit {
                        out.append(ctx.text(unit, unitStyle, at: Point(x + 10 + value.width + 4, y + value.baseline - unitStyle.size * 0.95)))
                    }
                    y += value.height + 2
                    out.append(ctx.text(f.label, s.body, at: Point(x + 10, y), width: inner))
                    y += ctx.measure(TextContent(f.label, style: s.body, width: inner)).height + 3
                    if let source = f.source {
                        out.append(ctx.text("Source: \(source)", s.small, at: Point(x + 10, y), width: inner))
                    }
                }
                return out + [.endStructure]
            })
        }
        return pieces
    }

    /// `items`: each figure's label, value (text, a number or an aggregation), unit and source.
    private static func decodeFigures(_ r: ObjectReader, _ decoder: BlockDecoder) -> [FigureItem]? {
        guard let node = r.node("items") else { r.missing("items"); return nil }
        guard let items = node.elements, !items.isEmpty else {
            r.error("\"items\" must be a non-empty array of figures such as {\"label\": ..., \"value\": ...}, found \(node.elements == nil ? node.kindDescription : "an empty list")", at: node, key: "items"); return nil
        }
        return items.enumerated().compactMap { i, item in
            let path = r.childPath("items[\(i)]")
            guard var f = decoder.reader(item, path: path) else { return nil }
            f.context = "a figure"
            f.rejectUnknownKeys(allowed: SpecKeys.figureItem, context: "a figure")
            guard let label = f.string("label", required: true), let valueNode = f.node("value") else {
                if !f.has("value") { f.missing("value") }
                return nil
            }
            var value: FigureItem.Value?
            switch valueNode.value {
            case .string(let s): value = .literal(s)
            case .number(_, let literal): value = .literal(literal)
            case .object:
                guard var v = decoder.reader(valueNode, path: f.childPath("value")) else { return nil }
                v.context = "a figure value"
                let ops = FigureItem.Aggregate.allCases.map(\.rawValue)
                v.rejectUnknownKeys(allowed: ["data"] + ops + FigureItem.LastColumns.keys, context: "a figure value")
                let present = ops.filter { v.has($0) }
                guard let data = v.field("data", required: true), decoder.checkSource(data, at: v.node("data")!) else { return nil }
                guard present.count == 1, let op = FigureItem.Aggregate(rawValue: present[0]) else {
                    v.error("a figure value needs exactly one of \(ops.map { "\"\($0)\"" }.joined(separator: ", "))"); return nil
                }
                let field = v.node(op.rawValue)?.stringValue.map { FieldRef($0, at: v.node(op.rawValue)!.position, path: v.childPath(op.rawValue)) }
                if op != .count, field == nil {
                    v.error("\"\(op.rawValue)\" must name a\(op == .distinct ? "" : " number") column, found \(v.node(op.rawValue)!.kindDescription)",
                            at: v.node(op.rawValue)!, key: op.rawValue); return nil
                }
                if op == .count, let node = v.node("count"), node.stringValue == nil, node.value != .bool(true) {
                    v.error("\"count\" must be true (count rows) or a column name (count rows where it is filled), found \(node.kindDescription)",
                            at: node, key: "count"); return nil
                }
                guard let columns = lastColumns(v, op) else { return nil }
                value = .aggregate(data: data, op: op, field: field, columns: columns)
            default:
                f.error("a figure value must be text, a number or {\"data\": ..., \"sum\": ...}", at: valueNode, key: "value")
            }
            guard let value else { return nil }
            return FigureItem(label: label, value: value, unit: f.string("unit"), source: f.string("source"))
        }
    }

    /// `change`, `date` and `force` of a value: keys of `last` alone, `change` (a column)
    /// with a `date`, since changes add up in date order. Nil when any is wrong (reported).
    private static func lastColumns(_ v: ObjectReader, _ op: FigureItem.Aggregate) -> FigureItem.LastColumns? {
        let keys = FigureItem.LastColumns.keys.filter { v.has($0) }
        guard op == .last else {
            for key in keys {
                v.error("\"\(key)\" goes with \"last\" (the latest value, or the latest level of troop rows); a \"\(op.rawValue)\" figure does not read it",
                        at: v.node(key)!, key: key, suggestion: "remove \"\(key)\"")
            }
            return keys.isEmpty ? FigureItem.LastColumns() : nil
        }
        var ok = true
        var columns = FigureItem.LastColumns()
        if v.has("date") { columns.date = v.field("date"); ok = columns.date != nil }
        if v.has("force") { columns.force = v.field("force"); ok = columns.force != nil && ok }
        if let node = v.node("change") {
            if node.value == .bool(false) {
                columns.change = .ignored
            } else if node.stringValue != nil, let field = v.field("change") {
                columns.change = .column(field)
                if !v.has("date") {
                    v.error("a figure's \"change\" needs \"date\": changes add up to levels in date order, as a troops block adds them",
                            at: node, key: "change", suggestion: "add \"date\": the column of dates of these rows")
                    ok = false
                }
            } else {
                if node.stringValue == nil {
                    v.error("\"change\" must name the column of +/- changes to add to the levels, or be false to take the last value as written, found \(node.kindDescription)",
                            at: node, key: "change")
                }
                ok = false
            }
        }
        return ok ? columns : nil
    }

    /// Each figure's value: as written, or computed over its data source (after its filters).
    private static func values(_ items: [FigureItem], filter: FilterSpec?, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> [FigureModel]? {
        var result: [FigureModel] = []
        for item in items {
            switch item.value {
            case .literal(let text):
                result.append(FigureModel(label: item.label, value: text, unit: item.unit, source: item.source))
            case .aggregate(let data, let op, let field, let columns):
                // An unknown source was reported by the decoder; an unloadable one by the loader.
                guard let v = p.rows(of: data.name, filter: filter, &d) else { continue }
                var number: Double?
                if op == .count || op == .distinct {
                    if let field {
                        guard p.require([field], in: v, &d) else { continue }
                        let filled = v.strings(field.name).filter { !$0.isEmpty }
                        number = Double(op == .count ? filled.count : Set(filled).count)
                    } else {
                        number = Double(v.count)
                    }
                } else if op == .last, let field, columns.readsTroopRows {
                    guard let latest = latest(field, columns, v, p, &d) else { continue }
                    number = latest
                } else if let field {
                    guard p.require([field], in: v, &d),
                          p.requireType(field, .number, in: v, role: "a figure's \"\(op.rawValue)\"", &d) else { continue }
                    let values = p.readNumbers(field, v, "a figure's \"\(op.rawValue)\"", &d).compactMap { $0 }
                    if op == .last {
                        number = values.last
                    } else if let shared = op.shared {
                        // The same computation as a chart's or a table's aggregate, over one group.
                        var a = GroupAggregator(shared, groups: 1)
                        for value in values { a.add(0, value) }
                        number = op == .sum && values.isEmpty ? 0 : a.value(0, countsRows: false)
                    }
                }
                // With or without a "date" or "force": a "last" that leaves out changes a troops
                // block adds to its column must say so (read once its cells are known good).
                if op == .last, let field, case .unnamed = columns.change, let problem = changesLeftOut(field, data: data, v, p) {
                    d.append(problem); continue
                }
                result.append(FigureModel(label: item.label, value: number.map { NumberFormat.grouped($0) } ?? "–",
                                          unit: item.unit, source: item.source))
            }
        }
        return result
    }
}

/// A key-figure box.
public struct FigureItem: Sendable {
    /// How a figure gets its number.
    public enum Value: Sendable {
        case literal(String)
        /// `op` over `field` of source `data`; `columns` are the keys of a `last` that say
        /// how its rows are ordered and whether they are troop levels.
        case aggregate(data: FieldRef, op: Aggregate, field: FieldRef?, columns: LastColumns)
    }

    /// What a `last` value reads besides its column: `{"data": "troops", "last": "count",
    /// "change": "change", "date": "date", "force": "force"}` is the latest level of the
    /// rows, with counts and changes accumulated exactly as a `troops` block draws them.
    public struct LastColumns: Sendable {
        /// The keys, in the order messages list them.
        static let keys = ["change", "date", "force"]

        /// The `change` key.
        public enum Change: Sendable {
            /// Not written: the last value as written, unless a troops block of the report
            /// adds changes to this column (then it is an error that says what to write).
            case unnamed
            /// `false`: the last value as written, changes left out on purpose.
            case ignored
            /// The column of +/- changes added to the levels.
            case column(FieldRef)
        }
        public var change: Change = .unnamed
        /// The column of dates: the latest value by date rather than the last in the file.
        public var date: FieldRef?
        /// The column naming each row's force: the rows must hold one force.
        public var force: FieldRef?

        /// True when the value reads more than its column: its rows are ordered by date,
        /// accumulated, or checked to hold one force.
        var readsTroopRows: Bool {
            if case .column = change { return true }
            return date != nil || force != nil
        }
    }
    /// Aggregations a figure may compute over a data source.
    public enum Aggregate: String, Sendable, CaseIterable {
        case sum, count, max, min, last, mean, median, distinct, stdev

        /// The chart and table aggregate computing the same (all but `last`).
        var shared: AggregateOp? { AggregateOp(rawValue: rawValue) }
    }
    public var label: String
    public var value: Value
    public var unit: String?
    public var source: String?
}

extension FiguresBlock {
    /// The latest value of `field` when the figure names a `date`, a `force` or a `change`:
    /// with a `change`, the latest level after `ForceLevels.accumulate` (the rule the troops
    /// chart draws by, so the figure is where its step line ends); without one, the last
    /// filled cell in date order (file order on one date), or in file order with no `date`.
    /// Nil when the rows are wrong (every problem in `d`); .some(nil) when no row has a value.
    fileprivate static func latest(_ field: FieldRef, _ c: FigureItem.LastColumns, _ v: DataView,
                                   _ p: BlockPreparer, _ d: inout [Diagnostic]) -> Double?? {
        var change: FieldRef?
        if case .column(let f) = c.change { change = f }
        func role(_ key: String) -> String { "a figure's \"\(key == "count" ? "last" : key)\"" }
        guard p.check([c.force], dates: [(c.date, role("date"))], numbers: [(field, role("last")), (change, role("change"))],
                      in: v, &d) else { return nil }
        if let change, let date = c.date {
            let columns = ForceLevels.Columns(date: date, force: c.force, count: field, change: change, role: role)
            guard let rows = ForceLevels.read(columns, v, p, &d),
                  oneForce(c.force, rows.filter { $0.count != nil || $0.change != nil }.map(\.force), v, p, &d),
                  let series = ForceLevels.levels(rows, v, &d) else { return nil }
            return .some(series.first?.levels.last?.level)
        }
        let before = d.count
        let values = p.readNumbers(field, v, role("last"), &d)
        let dates = c.date.map { p.readDates($0, v, role("date"), &d) }
        guard d.count == before else { return nil }
        var filled = values.indices.filter { values[$0] != nil }
        if let force = c.force {
            let forces = v.strings(force.name)
            guard oneForce(force, filled.map { forces[$0] }, v, p, &d) else { return nil }
        }
        if let dates, let date = c.date {
            // A value with no date has no place in date order: an error, never a guess.
            let undated = filled.filter { dates[$0] == nil }
            for i in undated {
                d.append(v.cellError(row: v.rows[i], column: date.name, value: v.table.column(date.name)![v.rows[i]],
                                     problem: "is empty; \"last\" in date order needs a date on every row with a value"))
            }
            guard undated.isEmpty else { return nil }
            // Stable: rows on one date keep file order, so the later row is the latest.
            filled = filled.enumerated().sorted { (dates[$0.element]!.start, $0.offset) < (dates[$1.element]!.start, $1.offset) }.map(\.element)
        }
        return .some(filled.last.map { values[$0]! })
    }

    /// True when `forces` (one a row that has a value) name one force at most; otherwise an
    /// error at the `force` key that lists them and says how to keep one.
    private static func oneForce(_ field: FieldRef?, _ forces: [String], _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> Bool {
        guard let field else { return true }
        var seen = Set<String>(), order: [String] = []
        for f in forces where seen.insert(f).inserted { order.append(f) }
        guard order.count > 1 else { return true }
        let shown = order.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ") + (order.count > 4 ? " and \(order.count - 4) more" : "")
        d.append(.error("a figure gives one level, but its rows hold \(order.count) forces in column \"\(field.name)\": \(shown)",
                        file: p.specFile, at: field.position, path: field.path,
                        suggestion: "keep one with a \"filter\" such as {\"\(field.name)\": \"\(order[0])\"}, on this figures block or on a data source of its own for this file"))
        return false
    }

    /// An error when a plain `last` reads a column that a troops block of the report adds
    /// changes to, and the figure's rows hold such changes: the figure would give the last
    /// count as written (300) beside a chart that ends at the accumulated level (900).
    ///
    /// An error rather than following that block by itself: a figure that took its meaning
    /// from another block would change when that block is edited or removed, and would
    /// ignore the block's own filter; a warning would still write the brief with a number its
    /// own chart contradicts (render exits 0, and `--check` passes). The fix is one line, and
    /// the message gives it; `"change": false` keeps the count as written on purpose. Rows
    /// with no change (after filters) say the same either way, so they pass quietly.
    fileprivate static func changesLeftOut(_ field: FieldRef, data: FieldRef, _ v: DataView, _ p: BlockPreparer) -> Diagnostic? {
        for block in p.spec.sections where block.dataName?.name == data.name {
            guard let t = block.kind.spec(TroopsBlock.self), t.count?.name == field.name, let change = t.change,
                  let cells = v.table.column(change.name),
                  let row = v.rows.first(where: { !cells[$0].isEmpty }) else { continue }
            let name = block.id.map { "the troops block \"\($0)\" (\(block.path))" } ?? "the troops block at \(block.path)"
            var value = ["\"data\": \"\(data.name)\"", "\"last\": \"\(field.name)\"", "\"change\": \"\(change.name)\"", "\"date\": \"\(t.date.name)\""]
            value.append("\"force\": \"\(t.force.name)\"")
            return .error("\"last\" takes the last \"\(field.name)\" as written, but these rows also hold changes in \"\(change.name)\" (\"\(cells[row])\" at \(p.where_(v, row))) that \(name) adds to the counts; the figure would not be the level its chart ends at",
                          file: p.specFile, at: field.position, path: field.path,
                          suggestion: "for the latest level write {\(value.joined(separator: ", "))}; for the last count as written add \"change\": false")
        }
        return nil
    }
}

/// A figure's final text.
public struct FigureModel: Sendable {
    public var label: String
    public var value: String
    public var unit: String?
    public var source: String?
}
