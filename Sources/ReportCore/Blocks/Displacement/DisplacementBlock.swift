import ReportScene

/// `displacement`: people moving between places, as a flow diagram, bars or a timeline.
enum DisplacementBlock: BlockType {
    static let name = "displacement"
    static var keys: [BlockKey] { [
        .data, .field("date"), .field("from", required: true), .field("to", required: true), .field("value", required: true),
        .word("unit", DisplacementSpec.Unit.allCases.map(\.rawValue)),
        BlockKey("persons_per_family", ["type": "number", "exclusiveMinimum": 0]),
        .word("view", DisplacementSpec.View.allCases.map(\.rawValue)),
    ] }
    static var schemaRules: [[String: Any]] { [
        ["if": ["required": ["persons_per_family"]], "then": ["required": ["unit"], "properties": ["unit": ["const": "families"]]]],
        ["if": ["required": ["view"], "properties": ["view": ["const": "timeline"]]], "then": ["required": ["date"]]],
    ] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> DisplacementSpec? {
        let from = r.field("from", required: true), to = r.field("to", required: true), value = r.field("value", required: true)
        let unit = r.word("unit", oneOf: DisplacementSpec.Unit.allCases.map(\.rawValue)).flatMap(DisplacementSpec.Unit.init) ?? .persons
        let view = r.word("view", oneOf: DisplacementSpec.View.allCases.map(\.rawValue)).flatMap(DisplacementSpec.View.init) ?? .flow
        let ppf = r.number("persons_per_family", min: 0, exclusiveMin: true)
        if ppf != nil, unit != .families {
            r.error("\"persons_per_family\" converts families to persons, so it needs \"unit\": \"families\"", at: r.node("persons_per_family")!, key: "persons_per_family")
        }
        let date = r.field("date")
        if view == .timeline, date == nil, !r.has("date") { r.error("\"view\": \"timeline\" needs a \"date\" column") }
        guard let from, let to, let value else { return nil }
        return DisplacementSpec(date: date, from: from, to: to, value: value, unit: unit,
                                personsPerFamily: ppf, view: view)
    }

    static func prepare(_ s: DisplacementSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> DisplacementModel? {
        let p = input.preparer, v = input.rows
        guard p.check([s.from, s.to], dates: [(s.date, "a displacement block's \"date\"")],
                      numbers: [(s.value, "a displacement block's \"value\"")], in: v, &d) else { return nil }
        return p.displacement(s, v, &d)
    }

    static func colorCategories(_ model: DisplacementModel) -> [String] { model.flows.flatMap { [$0.from, $0.to] } }

    static func layout(_ model: DisplacementModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [DisplacementLayout(block: block, model: model, ctx: ctx).piece(width: area.width, height: area.plotHeight)]
    }
}

/// `displacement` keys.
public struct DisplacementSpec: Sendable {
    /// The three views of displacement data.
    public enum View: String, Sendable, CaseIterable { case flow, bars, timeline }
    /// Counting units.
    public enum Unit: String, Sendable, CaseIterable { case families, persons }
    public var date: FieldRef?
    public var from: FieldRef
    public var to: FieldRef
    public var value: FieldRef
    public var unit: Unit
    public var personsPerFamily: Double?
    public var view: View
}

/// One movement of people between two places.
public struct Flow: Sendable, Hashable {
    public var from: String
    public var to: String
    public var value: Double
    public var day: Double?
}

/// A displacement block's flows.
public struct DisplacementModel: Sendable {
    public var flows: [Flow]
    public var unit: DisplacementSpec.Unit
    public var personsPerFamily: Double?
    public var view: DisplacementSpec.View
}

extension BlockPreparer {
    // MARK: Displacement

    func displacement(_ s: DisplacementSpec, _ v: DataView, _ d: inout [Diagnostic]) -> DisplacementModel? {
        let before = d.count
        let values = readNumbers(s.value, v, "a displacement block's \"value\"", &d)
        let dates = s.date.map { readDates($0, v, "a displacement block's \"date\"", &d) }
        let from = v.strings(s.from.name), to = v.strings(s.to.name), valueCells = v.strings(s.value.name)
        let dateCells = s.date.map { v.strings($0.name) }
        var flows: [Flow] = []
        for i in 0..<v.count {
            if s.view == .timeline, let date = s.date, dateCells?[i].isEmpty == true {
                d.append(v.cellError(row: v.rows[i], column: date.name, value: "", problem: "is empty; the \"timeline\" view needs a date on every row"))
            }
            guard let value = values[i] else { continue }
            if value < 0 {
                d.append(v.cellError(row: v.rows[i], column: s.value.name, value: valueCells[i],
                                     problem: "is negative; a flow counts the people who moved, from \"\(s.from.name)\" to \"\(s.to.name)\""))
                continue
            }
            if from[i] == to[i] {
                d.append(v.cellError(row: v.rows[i], column: s.to.name, value: to[i],
                                     problem: "is the same place as \"\(s.from.name)\"; a flow must go from one place to another"))
                continue
            }
            flows.append(Flow(from: from[i], to: to[i], value: value, day: dates?[i]?.start))
        }
        guard d.count == before else { return nil }
        return DisplacementModel(flows: flows, unit: s.unit, personsPerFamily: s.personsPerFamily, view: s.view)
    }
}
