import ReportScene

/// Reads each block's rows into its model, checking column names and cell types.
public struct BlockPreparer {
    public var spec: ReportSpec
    public var tables: [String: DataTable]
    public var specFile: String

    /// Creates a preparer.
    public init(spec: ReportSpec, tables: [String: DataTable], specFile: String) {
        self.spec = spec; self.tables = tables; self.specFile = specFile
    }

    /// Every block prepared, or the problems found (all of them).
    public func prepareAll() -> (blocks: [PreparedBlock], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var blocks: [PreparedBlock] = []
        for block in spec.sections {
            var local: [Diagnostic] = []
            if let prepared = prepare(block, &local) { blocks.append(prepared) }
            diagnostics.append(contentsOf: capped(local))
        }
        return (blocks, diagnostics)
    }

    private func view(for block: BlockSpec, _ d: inout [Diagnostic]) -> DataView? {
        guard let name = block.dataName, let table = tables[name.name] else { return nil }
        let source = spec.source(named: name.name)
        let all = DataView(table: table).filtered(by: source?.filter, specFile: specFile, diagnostics: &d)
        return all.filtered(by: block.filter, specFile: specFile, diagnostics: &d)
    }

    /// Checks that every referenced column exists; false (with diagnostics) if any is missing.
    private func require(_ fields: [FieldRef?], in view: DataView, _ d: inout [Diagnostic]) -> Bool {
        var ok = true
        for field in fields.compactMap({ $0 }) where view.table.columnIndex(field.name) == nil {
            d.append(view.unknownColumn(field, specFile: specFile)); ok = false
        }
        return ok
    }

    private func sources(_ view: DataView) -> [String] {
        guard view.table.columnIndex("source") != nil else { return [] }
        var seen = Set<String>(), list: [String] = []
        for s in view.strings("source") where !s.isEmpty && seen.insert(s).inserted { list.append(s) }
        return list
    }

    private func prepare(_ block: BlockSpec, _ d: inout [Diagnostic]) -> PreparedBlock? {
        func done(_ content: BlockContent, _ view: DataView? = nil) -> PreparedBlock {
            PreparedBlock(spec: block, content: content, sources: view.map(sources) ?? [])
        }
        switch block.kind {
        case .heading(let text): return done(.heading(text))
        case .text(let text): return done(.text(text))
        case .pageBreak: return done(.pageBreak)
        case .figures(let items): return figures(items, &d).map { done(.figures($0)) }
        case .timeline(let t):
            guard let v = view(for: block, &d), require([t.date, t.end, t.label, t.lane, t.color, t.size], in: v, &d) else { return nil }
            return timeline(t, v, &d).map { done(.timeline($0), v) }
        case .troops(let t):
            guard let v = view(for: block, &d),
                  require([t.date, t.force, t.count, t.change, t.countLow, t.countHigh], in: v, &d) else { return nil }
            return troops(t, v, &d).map { done(.troops($0), v) }
        case .displacement(let s):
            guard let v = view(for: block, &d), require([s.date, s.from, s.to, s.value], in: v, &d) else { return nil }
            return displacement(s, v, &d).map { done(.displacement($0), v) }
        case .table(let s):
            guard let v = view(for: block, &d), require((s.columns ?? []) + s.sort.map(\.field), in: v, &d) else { return nil }
            return done(.table(table(s, v)), v)
        case .chart(let c):
            guard let v = view(for: block, &d),
                  require([c.x, c.series, c.yLow, c.yHigh] + c.y.map { Optional($0) }, in: v, &d) else { return nil }
            return chart(c, v, &d).map { done(.chart($0), v) }
        }
    }

    // MARK: Timeline

    private func timeline(_ t: TimelineSpec, _ v: DataView, _ d: inout [Diagnostic]) -> TimelineModel? {
        let before = d.count
        let dates = v.dates(t.date.name, diagnostics: &d)
        let ends = t.end.map { v.dates($0.name, diagnostics: &d) }
        let sizes = t.size.map { v.numbers($0.name, diagnostics: &d) }
        guard d.count == before else { return nil }
        let labels = t.label.map { v.strings($0.name) }
        let lanes = t.lane.map { v.strings($0.name) }
        let colors = t.color.map { v.strings($0.name) }
        var events: [TimelineEvent] = []
        for i in 0..<v.count {
            guard let date = dates[i] else {
                d.append(v.cellError(row: v.rows[i], column: t.date.name, value: "", problem: "is empty; every event needs a date"))
                continue
            }
            let end = ends?[i]
            if let end, end.end < date.start {
                d.append(v.cellError(row: v.rows[i], column: t.end!.name, value: end.isoString,
                                     problem: "is before the event's start \(date.isoString)"))
            }
            let lane = lanes?[i] ?? ""
            events.append(TimelineEvent(date: date, end: end, label: labels?[i] ?? "", lane: lane.isEmpty ? "—" : lane,
                                        category: colors?[i] ?? lane, size: sizes?[i] ?? nil))
        }
        var laneOrder: [String] = t.lanes ?? []
        for e in events where !laneOrder.contains(e.lane) { laneOrder.append(e.lane) }
        let from = t.range?.from?.start ?? events.map(\.date.start).min() ?? 0
        let to = t.range?.to?.end ?? events.map { max($0.date.end, $0.end?.end ?? $0.date.end) }.max() ?? from + 1
        return TimelineModel(events: events, lanes: laneOrder, from: from, to: to, annotations: t.annotations,
                             colorIsSeparate: t.color != nil && t.color?.name != t.lane?.name, sizeField: t.size?.name)
    }

    // MARK: Troops

    private func troops(_ t: TroopsSpec, _ v: DataView, _ d: inout [Diagnostic]) -> TroopsModel? {
        let before = d.count
        let dates = v.dates(t.date.name, diagnostics: &d)
        let counts = t.count.map { v.numbers($0.name, diagnostics: &d) }
        let changes = t.change.map { v.numbers($0.name, diagnostics: &d) }
        let lows = t.countLow.map { v.numbers($0.name, diagnostics: &d) }
        let highs = t.countHigh.map { v.numbers($0.name, diagnostics: &d) }
        guard d.count == before else { return nil }
        let forces = v.strings(t.force.name)
        var rows: [ForceRow] = []
        for i in 0..<v.count {
            guard let date = dates[i] else {
                d.append(v.cellError(row: v.rows[i], column: t.date.name, value: "", problem: "is empty; every level needs a date"))
                continue
            }
            rows.append(ForceRow(index: i, force: forces[i], day: date.start, count: counts?[i] ?? nil,
                                 change: changes?[i] ?? nil, low: lows?[i] ?? nil, high: highs?[i] ?? nil))
        }
        switch ForceLevels.accumulate(rows) {
        case .success(let series): return TroopsModel(series: series, annotations: t.annotations)
        case .failure(let problem):
            let row = v.rows[problem.rowIndex]
            d.append(.error(problem.message, file: v.table.file, at: v.table.rowPositions[row]))
            return nil
        }
    }

    // MARK: Displacement

    private func displacement(_ s: DisplacementSpec, _ v: DataView, _ d: inout [Diagnostic]) -> DisplacementModel? {
        let before = d.count
        let values = v.numbers(s.value.name, diagnostics: &d)
        let dates = s.date.map { v.dates($0.name, diagnostics: &d) }
        guard d.count == before else { return nil }
        let from = v.strings(s.from.name), to = v.strings(s.to.name)
        var flows: [Flow] = []
        for i in 0..<v.count {
            guard let value = values[i] else { continue }
            if value < 0 {
                d.append(v.cellError(row: v.rows[i], column: s.value.name, value: NumberFormat.grouped(value), problem: "is negative; a flow counts people who moved"))
                continue
            }
            if from[i] == to[i] {
                d.append(v.cellError(row: v.rows[i], column: s.to.name, value: to[i], problem: "is the same place as the origin"))
                continue
            }
            flows.append(Flow(from: from[i], to: to[i], value: value, day: dates?[i]?.start))
        }
        return DisplacementModel(flows: flows, unit: s.unit, personsPerFamily: s.personsPerFamily, view: s.view)
    }

    // MARK: Table

    private func table(_ s: TableSpec, _ v: DataView) -> TableModel {
        let names = s.columns?.map(\.name) ?? v.table.columnNames
        var order = Array(0..<v.count)
        if !s.sort.isEmpty {
            let keys = s.sort.map { (v.strings($0.field.name), $0.descending) }
            order.sort { a, b in
                for (cells, descending) in keys {
                    let x = cells[a], y = cells[b]
                    if x == y { continue }
                    let less: Bool
                    if let nx = parseNumber(x), let ny = parseNumber(y) { less = nx < ny }
                    else if case .success(let dx) = EventDate.parse(Substring(x)), case .success(let dy) = EventDate.parse(Substring(y)) { less = dx < dy }
                    else { less = x < y }
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
            return !filled.isEmpty && filled.allSatisfy { parseNumber($0) != nil }
        }
        return TableModel(header: names, rows: rows, numeric: numeric)
    }

    // MARK: Figures

    private func figures(_ items: [FigureItem], _ d: inout [Diagnostic]) -> [FigureModel]? {
        var result: [FigureModel] = []
        for item in items {
            switch item.value {
            case .literal(let text):
                result.append(FigureModel(label: item.label, value: text, unit: item.unit, source: item.source))
            case .aggregate(let data, let op, let field):
                guard let table = tables[data.name] else {
                    let names = spec.data.map(\.name)
                    d.append(.error("no data source named \"\(data.name)\"", file: specFile, at: data.position, path: data.path,
                                    suggestion: closestMatch(to: data.name, in: names).map { "did you mean \"\($0)\"?" }))
                    continue
                }
                var v = DataView(table: table)
                v = v.filtered(by: spec.source(named: data.name)?.filter, specFile: specFile, diagnostics: &d)
                var number: Double?
                if op == .count {
                    number = Double(v.count)
                } else if let field {
                    guard require([field], in: v, &d) else { continue }
                    let values = v.numbers(field.name, diagnostics: &d).compactMap { $0 }
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

    // MARK: Chart

    private func chart(_ c: ChartSpec, _ v: DataView, _ d: inout [Diagnostic]) -> ChartModel? {
        let before = d.count
        let xCells = v.strings(c.x.name)
        let xDates = xCells.map { EventDate.parse(Substring($0)) }
        let xIsDate = !xCells.isEmpty && xDates.allSatisfy { if case .success = $0 { return true } else { return false } }
        let xNumbers = xIsDate ? [] : v.numbers(c.x.name, diagnostics: &d)
        let categorical = !xIsDate && c.mark == .bar
        if categorical { d.removeSubrange(before...) }
        var categories: [String] = []
        var seriesOrder: [String] = []
        var points: [String: [(x: Double, y: Double, low: Double?, high: Double?)]] = [:]
        let lows = c.yLow.map { v.numbers($0.name, diagnostics: &d) }
        let highs = c.yHigh.map { v.numbers($0.name, diagnostics: &d) }
        let seriesCells = c.series.map { v.strings($0.name) }
        for y in c.y {
            let ys = v.numbers(y.name, diagnostics: &d)
            for i in 0..<v.count {
                guard let yv = ys[i] else { continue }
                let x: Double
                if xIsDate, case .success(let date) = xDates[i] { x = date.start + (date.end - date.start) / 2 }
                else if categorical {
                    if !categories.contains(xCells[i]) { categories.append(xCells[i]) }
                    x = Double(categories.firstIndex(of: xCells[i])!)
                } else if let n = xNumbers[i] { x = n } else { continue }
                let name = c.y.count > 1 ? y.name : (seriesCells?[i] ?? y.name)
                if points[name] == nil { seriesOrder.append(name); points[name] = [] }
                points[name]!.append((x, yv, lows?[i] ?? nil, highs?[i] ?? nil))
            }
        }
        guard d.count == before else { return nil }
        var series = seriesOrder.map { ChartSeries(name: $0, points: points[$0]!.sorted { $0.x < $1.x }) }
        if c.cumulative {
            for s in series.indices {
                var total = 0.0
                for p in series[s].points.indices { total += series[s].points[p].y; series[s].points[p].y = total }
            }
        }
        return ChartModel(spec: c, series: series, xIsDate: xIsDate, categories: categorical ? categories : nil)
    }
}
