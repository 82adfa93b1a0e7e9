import ReportScene

/// `figures`: key-figure boxes, each a number written in the spec or computed from a data source.
enum FiguresBlock: BlockType {
    static let name = "figures"
    static var keys: [BlockKey] { [
        BlockKey("items", ["type": "array", "minItems": 1, "items": SpecSchema.closed([
            "label": ["type": "string"], "unit": ["type": "string"], "source": ["type": "string"], "value": valueSchema,
        ], keys: SpecKeys.figureItem, required: ["label", "value"])], required: true),
    ] }
    static var schemaRules: [[String: Any]] { [] }

    /// A figure's value: text, a number, or one aggregation over a data source.
    private static var valueSchema: [String: Any] { ["anyOf": [
        ["type": ["string", "number"]],
        ["type": "object", "required": ["data"], "additionalProperties": false,
         "properties": ["data": ["type": "string", "minLength": 1]].merging(FigureItem.Aggregate.allCases.map {
             ($0.rawValue, $0 == .count ? ["anyOf": [["const": true], ["type": "string"]]] as [String: Any] : ["type": "string"])
         }) { a, _ in a },
         "oneOf": FigureItem.Aggregate.allCases.map { ["required": [$0.rawValue]] }],
    ]] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> [FigureItem]? {
        decodeFigures(r, decoder)
    }

    static func prepare(_ items: [FigureItem], _ input: BlockInput, _ d: inout [Diagnostic]) -> [FigureModel]? {
        values(items, filter: input.block.filter, input.preparer, &d)
    }

    static func colorCategories(_ model: [FigureModel]) -> [String] { [] }

    static func layout(_ model: [FigureModel], _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        BlockPieces.withTitle(block, area.width, ctx, figures(model, width: area.width, ctx))
    }

    /// Key-figure boxes in a row (wrapping to more rows when there are many).
    static func figures(_ items: [FigureModel], width: Double, _ ctx: LayoutContext) -> [Piece] {
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
            pieces.append(Piece(height: height) { p in
                var out: [SceneItem] = []
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
                return out
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
                v.rejectUnknownKeys(allowed: ["data"] + ops, context: "a figure value")
                let present = ops.filter { v.has($0) }
                guard let data = v.field("data", required: true), decoder.checkSource(data, at: v.node("data")!) else { return nil }
                guard present.count == 1, let op = FigureItem.Aggregate(rawValue: present[0]) else {
                    v.error("a figure value needs exactly one of \(ops.map { "\"\($0)\"" }.joined(separator: ", "))"); return nil
                }
                let field = v.node(op.rawValue)?.stringValue.map { FieldRef($0, at: v.node(op.rawValue)!.position, path: v.childPath(op.rawValue)) }
                if op != .count, field == nil {
                    v.error("\"\(op.rawValue)\" must name a number column, found \(v.node(op.rawValue)!.kindDescription)",
                            at: v.node(op.rawValue)!, key: op.rawValue); return nil
                }
                if op == .count, let node = v.node("count"), node.stringValue == nil, node.value != .bool(true) {
                    v.error("\"count\" must be true (count rows) or a column name (count rows where it is filled), found \(node.kindDescription)",
                            at: node, key: "count"); return nil
                }
                value = .aggregate(data: data, op: op, field: field)
            default:
                f.error("a figure value must be text, a number or {\"data\": ..., \"sum\": ...}", at: valueNode, key: "value")
            }
            guard let value else { return nil }
            return FigureItem(label: label, value: value, unit: f.string("unit"), source: f.string("source"))
        }
    }

    /// Each figure's value: as written, or computed over its data source (after its filters).
    private static func values(_ items: [FigureItem], filter: FilterSpec?, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> [FigureModel]? {
        var result: [FigureModel] = []
        for item in items {
            switch item.value {
            case .literal(let text):
                result.append(FigureModel(label: item.label, value: text, unit: item.unit, source: item.source))
            case .aggregate(let data, let op, let field):
                // An unknown source was reported by the decoder; an unloadable one by the loader.
                guard let v = p.rows(of: data.name, filter: filter, &d) else { continue }
                var number: Double?
                if op == .count {
                    if let field {
                        guard p.require([field], in: v, &d) else { continue }
                        number = Double(v.strings(field.name).filter { !$0.isEmpty }.count)
                    } else {
                        number = Double(v.count)
                    }
                } else if let field {
                    guard p.require([field], in: v, &d),
                          p.requireType(field, .number, in: v, role: "a figure's \"\(op.rawValue)\"", &d) else { continue }
                    let values = p.readNumbers(field, v, "a figure's \"\(op.rawValue)\"", &d).compactMap { $0 }
                    switch op {
                    case .sum: number = values.reduce(0, +)
                    case .max: number = values.max()
                    case .min: number = values.min()
                    case .last: number = values.last
                    case .count: break
                    }
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
        case aggregate(data: FieldRef, op: Aggregate, field: FieldRef?)
    }
    /// Aggregations a figure may compute over a data source.
    public enum Aggregate: String, Sendable, CaseIterable { case sum, count, max, min, last }
    public var label: String
    public var value: Value
    public var unit: String?
    public var source: String?
}

/// A figure's final text.
public struct FigureModel: Sendable {
    public var label: String
    public var value: String
    public var unit: String?
    public var source: String?
}
