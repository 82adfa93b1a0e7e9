import ReportScene

/// `displacement`: people moving between places, as a flow diagram, bars or a timeline.
enum DisplacementBlock: BlockType {
    static let name = "displacement"
    static var keys: [BlockKey] { [
        .data, .sources, .field("date", "the column of dates; needed by \"view\": \"timeline\""),
        .field("from", required: true, "the column of the places people left"),
        .field("to", required: true, "the column of the places people reached"),
        .field("value", required: true, "the column of how many moved, in \"unit\""),
        .word("unit", DisplacementSpec.Unit.allCases.map(\.rawValue), "what \"value\" counts: persons (default) or families"),
        BlockKey("persons_per_family", ["type": "number", "exclusiveMinimum": 0,
                                        "description": "persons in a family, to draw families as persons (said in a note); needs \"unit\": \"families\""]),
        .word("view", DisplacementSpec.View.allCases.map(\.rawValue),
              "flow (a Sankey diagram, default), bars, timeline (needs \"date\"), or map (arrows between places on a map; needs \"places\")"),
        MapBlock.placesKey,
    ] }
    static var schemaRules: [[String: Any]] { [
        ["if": ["required": ["persons_per_family"]], "then": ["required": ["unit"], "properties": ["unit": ["const": "families"]]]],
        ["if": ["required": ["view"], "properties": ["view": ["const": "timeline"]]], "then": ["required": ["date"]]],
        ["if": ["required": ["view"], "properties": ["view": ["const": "map"]]], "then": ["required": ["places"]]],
        ["if": ["required": ["places"]], "then": ["required": ["view"], "properties": ["view": ["const": "map"]]]],
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
        let places = MapBlock.source(r, "places", decoder)
        if view == .map, !r.has("places") {
            r.error("\"view\": \"map\" draws the flows between places, so it needs \"places\": a data source with the columns name, latitude and longitude")
        }
        if view != .map, let node = r.node("places") {
            r.error("\"places\" locates the flows of \"view\": \"map\"; this block's view is \"\(view.rawValue)\"", at: node, key: "places",
                    suggestion: "add \"view\": \"map\", or remove \"places\"")
        }
        guard let from, let to, let value else { return nil }
        var spec = DisplacementSpec(date: date, from: from, to: to, value: value, unit: unit,
                                    personsPerFamily: ppf, view: view)
        spec.places = places
        return spec
    }

    static func columnsRead(_ s: DisplacementSpec) -> ColumnsRead {
        ColumnsRead(own: [s.date, s.from, s.to, s.value], whole: s.places.map { [($0.name, Gazetteer.columns(at: $0))] } ?? [])
    }

    static func prepare(_ s: DisplacementSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> DisplacementModel? {
        let p = input.preparer, v = input.rows
        guard p.check([s.from, s.to], dates: [(s.date, "a displacement block's \"date\"")],
                      numbers: [(s.value, "a displacement block's \"value\"")], in: v, &d) else { return nil }
        guard var model = model(s, v, p, &d) else { return nil }
        if s.view == .map, let places = s.places {
            guard let map = MapModel.flowsOnly(model, from: s.from, to: s.to, places: places, v, p, &d) else { return nil }
            model.map = map
        }
        return model
    }

    static func colorCategories(_ model: DisplacementModel) -> [String] { model.flows.flatMap { [$0.from, $0.to] } }

    static func layout(_ model: DisplacementModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [DisplacementLayout(block: block, model: model, ctx: ctx).piece(width: area.width, height: area.plotHeight)]
    }

    /// The rows read into flows, each bad cell reported.
    static func model(_ s: DisplacementSpec, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> DisplacementModel? {
        let before = d.count
        let values = p.readNumbers(s.value, v, "a displacement block's \"value\"", &d)
        let dates = s.date.map { p.readDates($0, v, "a displacement block's \"date\"", &d) }
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

/// `displacement` keys.
public struct DisplacementSpec: Sendable {
    /// The three views of displacement data.
    public enum View: String, Sendable, CaseIterable { case flow, bars, timeline, map }
    /// Counting units.
    public enum Unit: String, Sendable, CaseIterable { case families, persons }
    public var date: FieldRef?
    public var from: FieldRef
    public var to: FieldRef
    public var value: FieldRef
    public var unit: Unit
    public var personsPerFamily: Double?
    public var view: View
    /// The gazetteer of the `map` view.
    public var places: FieldRef?
}

/// One movement of people between two places.
public struct Flow: Sendable, Hashable {
    public var from: String
    public var to: String
    public var value: Double
    public var day: Double?
}

/// A displacement block's flows, with the totals, notes and series its views show.
public struct DisplacementModel: Sendable {
    public let flows: [Flow]
    public let unit: DisplacementSpec.Unit
    public let personsPerFamily: Double?
    public let view: DisplacementSpec.View
    /// Where people set out from: the places the flow diagram puts in its first column.
    public let origins: Set<String>
    /// The people displaced, each once (in `unit`): departures, not the onward moves of people
    /// who had arrived somewhere before (see `freshDepartures`).
    public let displaced: Double
    /// "300 families ≈ 1,500 persons (5 persons per family)." for counts in families.
    public let conversionNote: String?
    /// For places that are both destination and origin, in the views that count arrivals
    /// per place: "Deir ez-Zor: 85 of 215 families moved on and are counted again where
    /// they arrived."
    public let onwardNote: String?
    /// The `timeline` view's series: cumulative arrivals by destination, after the total
    /// (`totalSeriesName`) when there is more than one destination; empty in other views.
    public let arrivals: [ChartSeries]
    /// The last day a dated flow happened (0 without dates).
    public let lastDay: Double
    /// The `map` view's flows, located.
    public var map: MapModel?

    /// The name of the timeline view's total series.
    public static let totalSeriesName = "Total displaced"

    /// The model of `flows` counted in `unit`, with its totals, notes and series.
    public init(flows: [Flow], unit: DisplacementSpec.Unit, personsPerFamily: Double?, view: DisplacementSpec.View) {
        self.flows = flows; self.unit = unit; self.personsPerFamily = personsPerFamily; self.view = view
        let graph = FlowGraph(flows: flows)
        origins = Set(graph.names.filter { graph.depth[$0] == 0 })
        let dated = flows.filter { $0.day != nil }
        let fresh = Self.freshDepartures(dated, returns: graph.returns)
        // Every flow dated: the departures in date order; else what each place sent beyond what
        // it received (the two agree unless a place sent people before others arrived there).
        displaced = dated.count == flows.count ? fresh.reduce(0, +)
            : graph.names.map { max(0, graph.outgoing[$0, default: 0] - graph.incoming[$0, default: 0]) }.reduce(0, +)
        conversionNote = Self.conversionNote(total: displaced, unit: unit, personsPerFamily: personsPerFamily)
        onwardNote = Self.onwardNote(graph, unit: unit)
        lastDay = dated.compactMap(\.day).max() ?? 0
        arrivals = view == .timeline ? Self.arrivals(dated, fresh: fresh) : []
    }

    /// The notes under the block: the unit conversion, and (except in the flow diagram,
    /// which shows it) what moved on.
    public var notes: [String] {
        [conversionNote, view != .flow ? onwardNote : nil].compactMap { $0 }
    }

    /// The people displaced (`displaced`), in families and in persons.
    private static func conversionNote(total: Double, unit: DisplacementSpec.Unit, personsPerFamily: Double?) -> String? {
        guard unit == .families else { return nil }
        let families = "\(NumberFormat.grouped(total)) \(total == 1 ? "family" : "families")"
        guard let ppf = personsPerFamily else {
            return "Counted in families; no persons-per-family figure given, so no person count is implied."
        }
        let persons = (total * ppf).rounded()
        return "\(families) ≈ \(NumberFormat.grouped(persons)) \(persons == 1 ? "person" : "persons") (\(NumberFormat.grouped(ppf)) \(ppf == 1 ? "person" : "persons") per family)."
    }

    private static func onwardNote(_ graph: FlowGraph, unit: DisplacementSpec.Unit) -> String? {
        // The diagram's middle places: where people arrived and some went on.
        let (incoming, outgoing) = (graph.incoming, graph.outgoing)
        var middle = graph.names.filter { graph.depth[$0]! > 0 && outgoing[$0, default: 0] > 0 && incoming[$0, default: 0] > 0 }
        guard !middle.isEmpty else { return nil }
        if middle.count > 1 {
            // In the order the flow diagram draws them, column by column, top to bottom (as
            // ordered for a 100-point square, as these notes always have been).
            let order = graph.columns(in: Rect(x: 0, y: 0, width: 100, height: 100), padding: 14).items.flatMap { column in
                column.compactMap { if case .node(let n) = $0 { return n } else { return nil } }
            }
            middle = order.filter(middle.contains)
        }
        let parts = middle.map { n in
            "\(n): \(NumberFormat.grouped(min(outgoing[n] ?? 0, incoming[n] ?? 0))) of \(NumberFormat.grouped(incoming[n] ?? 0))"
        }
        return parts.joined(separator: "; ") + " \(unit.rawValue) moved on and are counted again where they arrived."
    }

    /// Per dated flow (in the order given), how much of it is people leaving for the first
    /// time: taken in date order (file order on one day), a flow out of a place first carries
    /// on those who had arrived there and not yet moved on; only the rest are newly displaced.
    /// A place that is only left (the first column of the diagram) sends nothing but new
    /// departures; one that only passes people on sends none. A place both reached and left
    /// counts what it sent beyond what had reached it, so its own people are never dropped.
    /// People going home (`returns`, as the flow diagram draws them) end their journey and
    /// wait nowhere, so a later departure from home is new, as the diagram counts it.
    static func freshDepartures(_ dated: [Flow], returns: Set<FlowGraph.PlacePair>) -> [Double] {
        var waiting: [String: Double] = [:]
        var fresh = [Double](repeating: 0, count: dated.count)
        let order = dated.indices.sorted { (dated[$0].day!, $0) < (dated[$1].day!, $1) }
        for i in order {
            let f = dated[i]
            let onward = min(waiting[f.from, default: 0], f.value)
            waiting[f.from, default: 0] -= onward
            if !returns.contains(FlowGraph.PlacePair(from: f.from, to: f.to)) { waiting[f.to, default: 0] += f.value }
            fresh[i] = f.value - onward
        }
        return fresh
    }

    private static func arrivals(_ dated: [Flow], fresh: [Double]) -> [ChartSeries] {
        var destinations: [String] = []
        for f in dated where !destinations.contains(f.to) { destinations.append(f.to) }
        func cumulative(_ flows: [Flow]) -> [(x: Double, y: Double, low: Double?, high: Double?)] {
            var byDay: [Double: Double] = [:]
            for f in flows { byDay[f.day!, default: 0] += f.value }
            var total = 0.0
            return byDay.keys.sorted().map { day in total += byDay[day]!; return (day, total, nil, nil) }
        }
        var series = destinations.map { d in ChartSeries(name: d, points: cumulative(dated.filter { $0.to == d })) }
        if destinations.count > 1 {
            // New departures only, as in the note: an onward move is no one newly displaced.
            let departures = zip(dated, fresh).filter { $1 > 0 }.map { Flow(from: $0.from, to: $0.to, value: $1, day: $0.day) }
            series.insert(ChartSeries(name: totalSeriesName, points: cumulative(departures)), at: 0)
        }
        return series
    }
}
