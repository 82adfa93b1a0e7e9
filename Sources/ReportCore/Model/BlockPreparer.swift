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

    /// The block's rows after the source's and the block's filters; nil (quietly) when the
    /// source could not be loaded: its own problems have been reported already.
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

    /// Checks that a column the block reads as `type` is not declared as another type in the
    /// source's `types`; false (with a diagnostic at the block's key) when it is.
    private func requireType(_ field: FieldRef?, _ type: ColumnType, in view: DataView, role: String, _ d: inout [Diagnostic]) -> Bool {
        guard let field, let declared = view.table.declaredTypes[field.name], declared != type else { return true }
        let source = spec.source(named: view.table.name)
        let at = source?.typeRefs[field.name].map { " at \($0.path)" } ?? ""
        d.append(.error("\(role) needs \(type == .number ? "numbers" : "dates"), but column \"\(field.name)\" is declared \"\(declared.rawValue)\"\(at)",
                        file: specFile, at: field.position, path: field.path,
                        suggestion: "declare it \"\(type.rawValue)\", or name another column"))
        return false
    }

    /// The numbers of a column the block reads, each bad cell reported at its file and line.
    /// A column with no number at all (two or more values, none a number) is more likely the
    /// wrong column than a column of typos: that is said once, where the spec names it.
    private func readNumbers(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [Double?] {
        if v.table.declaredTypes[field.name] == nil,
           let (first, count) = noneReadable(field, v, { parseNumber($0) != nil }) {
            d.append(.error("\(role) needs numbers, but no value in column \"\(field.name)\" is one: \"\(v.table.column(field.name)![first])\" (\(where_(v, first))) and \(count - 1) more",
                            file: specFile, at: field.position, path: field.path, suggestion: "name a column of numbers"))
            return Array(repeating: nil, count: v.count)
        }
        return v.numbers(field.name, diagnostics: &d)
    }

    /// When the view has two or more filled cells in `field` and `readable` accepts none of
    /// them: the first such row (as a table row) and how many there are. Each distinct text
    /// is tried once.
    private func noneReadable(_ field: FieldRef, _ v: DataView, _ readable: (String) -> Bool) -> (row: Int, count: Int)? {
        guard let cells = v.table.column(field.name) else { return nil }
        var tried = [Bool?](repeating: nil, count: cells.values.count)
        var first: Int?, count = 0
        for row in v.rows {
            let code = Int(cells.codes[row])
            let text = cells.values[code]
            if text.isEmpty { continue }
            if tried[code] == nil { tried[code] = readable(text) }
            if tried[code]! { return nil }
            first = first ?? row
            count += 1
        }
        guard let first, count >= 2 else { return nil }
        return (first, count)
    }

    /// The dates of a column the block reads; see `readNumbers`.
    private func readDates(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [EventDate?] {
        func parses(_ text: String) -> Bool {
            if case .success = EventDate.parse(Substring(text)) { return true } else { return false }
        }
        if v.table.declaredTypes[field.name] == nil, let (first, count) = noneReadable(field, v, parses) {
            let text = v.table.column(field.name)![first]
            var reason = ""
            if case .failure(let e) = EventDate.parse(Substring(text)) { reason = ": \(e.message)" }
            d.append(.error("\(role) needs dates, but no value in column \"\(field.name)\" is one: \"\(text)\" (\(where_(v, first))) is not a date\(reason), and \(count - 1) more",
                            file: specFile, at: field.position, path: field.path, suggestion: "name a column of dates"))
            return Array(repeating: nil, count: v.count)
        }
        let dates = v.dates(field.name, diagnostics: &d)
        guard spec.timezoneOffsetMinutes != 0 else { return dates }
        // Date-times are drawn at their local time in the report's zone; civil dates stay put.
        let shift = Double(spec.timezoneOffsetMinutes) / 1440
        return dates.map { date in
            guard var date, date.precision == .instant else { return date }
            date.start += shift
            date.end += shift
            return date
        }
    }

    /// `data/events.csv:7`: where table row `row` is.
    private func where_(_ v: DataView, _ row: Int) -> String {
        "\(v.table.file):\(v.table.rowPositions[row].line)"
    }

    /// The distinct sources the view's rows cite, in order of first citation.
    private func sources(_ view: DataView) -> [String] {
        guard let cells = view.table.column("source") else { return [] }
        var seen = [Bool](repeating: false, count: cells.values.count), list: [String] = []
        for row in view.rows {
            let code = Int(cells.codes[row])
            guard !seen[code] else { continue }
            seen[code] = true
            if !cells.values[code].isEmpty { list.append(cells.values[code]) }
        }
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
        case .figures(let items): return figures(items, filter: block.filter, &d).map { done(.figures($0)) }
        case .timeline(let t):
            guard let v = view(for: block, &d),
                  check([t.label, t.lane, t.color], dates: [(t.date, "a timeline's \"date\""), (t.end, "a timeline's \"end\"")],
                        numbers: [(t.size, "a timeline's \"size\"")], in: v, &d) else { return nil }
            return timeline(t, v, &d).map { done(.timeline($0), v) }
        case .troops(let t):
            guard let v = view(for: block, &d),
                  check([t.force], dates: [(t.date, "a troops block's \"date\"")],
                        numbers: [(t.count, "a troops block's \"count\""), (t.change, "a troops block's \"change\""),
                                  (t.countLow, "a troops block's \"count_low\""), (t.countHigh, "a troops block's \"count_high\"")],
                        in: v, &d) else { return nil }
            return troops(t, v, &d).map { done(.troops($0), v) }
        case .displacement(let s):
            guard let v = view(for: block, &d),
                  check([s.from, s.to], dates: [(s.date, "a displacement block's \"date\"")],
                        numbers: [(s.value, "a displacement block's \"value\"")], in: v, &d) else { return nil }
            return displacement(s, v, &d).map { done(.displacement($0), v) }
        case .table(let s):
            guard let v = view(for: block, &d), check((s.columns ?? []) + s.sort.map(\.field), in: v, &d) else { return nil }
            return done(.table(table(s, v)), v)
        case .chart(let c):
            guard let v = view(for: block, &d),
                  check([c.x, c.series], numbers: [(c.yLow, "a chart's \"y_low\""), (c.yHigh, "a chart's \"y_high\"")]
                        + c.y.map { ($0, "a chart's \"y\"") }, in: v, &d) else { return nil }
            return chart(c, v, &d).map { done(.chart($0), v) }
        }
    }

    /// Checks the columns a block names: that they exist, and that those it reads as dates or
    /// numbers are not declared as something else. When any check fails the block is not
    /// drawn, but the cells of the columns that are fine are still read, so that their bad
    /// values are reported in the same run rather than after the next fix.
    private func check(_ fields: [FieldRef?], dates: [(FieldRef?, String)] = [], numbers: [(FieldRef?, String)] = [],
                       in v: DataView, _ d: inout [Diagnostic]) -> Bool {
        let present = require(fields + dates.map(\.0) + numbers.map(\.0), in: v, &d)
        var typed = true
        for (field, role) in dates { typed = requireType(field, .date, in: v, role: role, &d) && typed }
        for (field, role) in numbers { typed = requireType(field, .number, in: v, role: role, &d) && typed }
        if present && typed { return true }
        func readable(_ field: FieldRef?, _ type: ColumnType) -> String? {
            guard let field, v.table.columnIndex(field.name) != nil,
                  (v.table.declaredTypes[field.name] ?? type) == type else { return nil }
            return field.name
        }
        for (field, role) in dates where readable(field, .date) != nil { _ = readDates(field!, v, role, &d) }
        for (field, role) in numbers where readable(field, .number) != nil { _ = readNumbers(field!, v, role, &d) }
        return false
    }

    // MARK: Timeline

    /// Reads the events into columns (`TimelineEvents`): dates are parsed once here, lanes
    /// and categories become indices, and nothing is made per event that a million rows
    /// would make a million times over.
    private func timeline(_ t: TimelineSpec, _ v: DataView, _ d: inout [Diagnostic]) -> TimelineModel? {
        let before = d.count
        let dates = readDates(t.date, v, "a timeline's \"date\"", &d)
        let ends = t.end.map { readDates($0, v, "a timeline's \"end\"", &d) }
        let sizes = t.size.map { readNumbers($0, v, "a timeline's \"size\"", &d) }
        let cellsOK = d.count == before
        guard let dateCells = v.table.column(t.date.name) else { return nil }
        let laneCells = t.lane.flatMap { v.table.column($0.name) }
        let colorCells = t.color.flatMap { v.table.column($0.name) }
        let labelCells = t.label.flatMap { v.table.column($0.name) }
        var events = TimelineEvents()
        events.start.reserveCapacity(v.count); events.end.reserveCapacity(v.count)
        events.flags.reserveCapacity(v.count); events.lane.reserveCapacity(v.count); events.category.reserveCapacity(v.count)
        if ends != nil { events.spanStart.reserveCapacity(v.count); events.spanEnd.reserveCapacity(v.count) }
        if sizes != nil { events.size.reserveCapacity(v.count) }
        if labelCells != nil { events.labels.reserveCapacity(v.count) }
        var laneIndex: [String: UInt32] = [:], categoryIndex: [String: UInt32] = [:]
        for name in t.lanes ?? [] where laneIndex[name] == nil {
            laneIndex[name] = UInt32(events.laneNames.count); events.laneNames.append(name)
        }
        let listed = events.laneNames.count
        func intern(_ name: String, _ table: inout [String: UInt32], _ names: inout [String]) -> UInt32 {
            if let known = table[name] { return known }
            let index = UInt32(names.count)
            table[name] = index; names.append(name)
            return index
        }
        // Lanes and categories by the cells' codes: each distinct text is looked up once,
        // on its first row, so lanes and categories keep their order of first appearance.
        let unset = UInt32.max
        var laneOfCode = [UInt32](repeating: unset, count: laneCells?.values.count ?? 1)
        var categoryOfCode = [UInt32](repeating: unset, count: colorCells?.values.count ?? 0)
        var categoryOfLane: [UInt32] = []
        func laneID(_ row: Int) -> UInt32 {
            let code = laneCells.map { Int($0.codes[row]) } ?? 0
            if laneOfCode[code] == unset {
                let name = laneCells?.values[code] ?? ""
                laneOfCode[code] = intern(name.isEmpty ? "—" : name, &laneIndex, &events.laneNames)
            }
            return laneOfCode[code]
        }
        func categoryID(_ row: Int, lane: UInt32) -> UInt32 {
            guard let colorCells else {
                // No colour column: the lane is the category.
                while categoryOfLane.count <= Int(lane) { categoryOfLane.append(unset) }
                if categoryOfLane[Int(lane)] == unset {
                    categoryOfLane[Int(lane)] = intern(events.laneNames[Int(lane)], &categoryIndex, &events.categoryNames)
                }
                return categoryOfLane[Int(lane)]
            }
            let code = Int(colorCells.codes[row])
            if categoryOfCode[code] == unset {
                categoryOfCode[code] = intern(colorCells.values[code], &categoryIndex, &events.categoryNames)
            }
            return categoryOfCode[code]
        }
        var from = Double.infinity, to = -Double.infinity
        for i in 0..<v.count {
            let row = v.rows[i]
            guard let date = dates[i] else {
                if dateCells[row].isEmpty {
                    d.append(v.cellError(row: row, column: t.date.name, value: "", problem: "is empty; every event needs a date"))
                }
                continue
            }
            let end = ends?[i] ?? nil
            if let end, end.precision == .instant ? end.end < date.start : end.end <= date.start {
                d.append(v.cellError(row: row, column: t.end!.name, value: end.isoString,
                                     problem: "is before the event's start \(date.isoString)"))
            }
            guard cellsOK, d.count == before else { continue }
            let lane = laneID(row)
            var flags = UInt8(date.precision.rawValue) | (date.approximate ? TimelineEvents.Flags.approximate : 0)
            if let end {
                flags |= TimelineEvents.Flags.isSpan | UInt8(end.precision.rawValue) << TimelineEvents.Flags.endPrecisionShift
                    | (end.approximate ? TimelineEvents.Flags.endApproximate : 0)
            }
            events.start.append(date.start); events.end.append(date.end); events.flags.append(flags)
            if ends != nil { events.spanStart.append(end?.start ?? .nan); events.spanEnd.append(end?.end ?? .nan) }
            events.lane.append(lane)
            events.category.append(categoryID(row, lane: lane))
            if let sizes { events.size.append(sizes[i] ?? .nan) }
            if let labelCells { events.labels.append(labelCells[row]) }
            from = min(from, date.start)
            to = max(to, date.end, end?.end ?? date.end)
        }
        guard cellsOK, d.count == before else { return nil }
        // A range read from the data gets a margin of 2% each side, so that marks at its
        // ends are not cut in half; a range the spec gives is kept as given.
        if !from.isFinite { from = 0; to = 1 }
        if to - from < 1e-9 { from -= 0.5; to += 0.5 }
        let margin = (to - from) * 0.02
        let given = (from: t.range?.from?.start, to: t.range?.to?.end)
        from = given.from ?? from - margin
        to = given.to ?? max(to + margin, from + 1e-3)
        return TimelineModel(events: events, from: from, to: to, annotations: t.annotations,
                             colorIsSeparate: t.color != nil && t.color?.name != t.lane?.name, sizeField: t.size?.name,
                             colorField: t.color?.name, listedLanes: listed)
    }

    /// Reports every row whose low end lies above its high end.
    private func checkRangeOrder(_ lows: [Double?]?, _ highs: [Double?]?, low: FieldRef?, high: FieldRef?,
                                 _ v: DataView, _ d: inout [Diagnostic]) {
        guard let lows, let highs, let lowName = low?.name, let highName = high?.name else { return }
        for i in 0..<v.count {
            if let l = lows[i], let h = highs[i], l > h {
                d.append(v.cellError(row: v.rows[i], column: lowName, value: NumberFormat.spec(l),
                                     problem: "is above \"\(highName)\" (\(NumberFormat.spec(h))); a range must run from low to high"))
            }
        }
    }

    // MARK: Troops

    private func troops(_ t: TroopsSpec, _ v: DataView, _ d: inout [Diagnostic]) -> TroopsModel? {
        let before = d.count
        let dates = readDates(t.date, v, "a troops block's \"date\"", &d)
        let counts = t.count.map { readNumbers($0, v, "a troops block's \"count\"", &d) }
        let changes = t.change.map { readNumbers($0, v, "a troops block's \"change\"", &d) }
        let lows = t.countLow.map { readNumbers($0, v, "a troops block's \"count_low\"", &d) }
        let highs = t.countHigh.map { readNumbers($0, v, "a troops block's \"count_high\"", &d) }
        checkRangeOrder(lows, highs, low: t.countLow, high: t.countHigh, v, &d)
        let forces = v.strings(t.force.name)
        let dateCells = v.strings(t.date.name)
        var rows: [ForceRow] = []
        for i in 0..<v.count {
            guard let date = dates[i] else {
                if dateCells[i].isEmpty {
                    d.append(v.cellError(row: v.rows[i], column: t.date.name, value: "", problem: "is empty; every level needs a date"))
                }
                continue
            }
            rows.append(ForceRow(index: i, force: forces[i], day: date.start, count: counts?[i] ?? nil,
                                 change: changes?[i] ?? nil, low: lows?[i] ?? nil, high: highs?[i] ?? nil, approximate: date.approximate))
        }
        guard d.count == before else { return nil }
        let (series, problems) = ForceLevels.accumulate(rows)
        for p in problems {
            let at = v.table.rowPositions[v.rows[p.rowIndex]]
            d.append(p.isError ? .error(p.message, file: v.table.file, at: at) : .warning(p.message, file: v.table.file, at: at))
        }
        guard !problems.contains(where: \.isError) else { return nil }
        return TroopsModel(series: series, annotations: t.annotations)
    }

    // MARK: Displacement

    private func displacement(_ s: DisplacementSpec, _ v: DataView, _ d: inout [Diagnostic]) -> DisplacementModel? {
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

    private func figures(_ items: [FigureItem], filter: FilterSpec?, _ d: inout [Diagnostic]) -> [FigureModel]? {
        var result: [FigureModel] = []
        for item in items {
            switch item.value {
            case .literal(let text):
                result.append(FigureModel(label: item.label, value: text, unit: item.unit, source: item.source))
            case .aggregate(let data, let op, let field):
                // An unknown source was reported by the decoder; an unloadable one by the loader.
                guard let table = tables[data.name] else { continue }
                var v = DataView(table: table)
                v = v.filtered(by: spec.source(named: data.name)?.filter, specFile: specFile, diagnostics: &d)
                v = v.filtered(by: filter, specFile: specFile, diagnostics: &d)
                var number: Double?
                if op == .count {
                    if let field {
                        guard require([field], in: v, &d) else { continue }
                        number = Double(v.strings(field.name).filter { !$0.isEmpty }.count)
                    } else {
                        number = Double(v.count)
                    }
                } else if let field {
                    guard require([field], in: v, &d),
                          requireType(field, .number, in: v, role: "a figure's \"\(op.rawValue)\"", &d) else { continue }
                    let values = readNumbers(field, v, "a figure's \"\(op.rawValue)\"", &d).compactMap { $0 }
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

    /// How a chart reads its x column.
    private enum XKind { case date, number, category }

    /// The x column's kind: its declared type, else what its cells are. Dates win over
    /// numbers when every cell is both (`2016`, `2017`); text makes categories for bars. When
    /// the cells are mixed, the kind most cells have wins and the others are reported.
    private func xKind(_ c: ChartSpec, _ v: DataView, cells: [String], _ d: inout [Diagnostic]) -> XKind? {
        let markName = c.mark == .area ? "an area chart" : "a \(c.mark.rawValue) chart"
        switch v.table.declaredTypes[c.x.name] {
        case .date?: return .date
        case .number?: return .number
        case .string?:
            if c.mark == .bar { return .category }
            d.append(.error("\(markName) needs dates or numbers on x, but column \"\(c.x.name)\" is declared \"string\"",
                            file: specFile, at: c.x.position, path: c.x.path,
                            suggestion: "use \"mark\": \"bar\" for categories, or declare the column \"date\" or \"number\""))
            return nil
        case nil: break
        }
        let filled = cells.filter { !$0.isEmpty }
        let dates = filled.filter { if case .success = EventDate.parse(Substring($0)) { return true } else { return false } }.count
        let numbers = filled.filter { parseNumber($0) != nil }.count
        if dates == filled.count { return .date }
        if numbers == filled.count { return .number }
        if c.mark == .bar { return .category }
        if dates == 0, numbers == 0 {
            d.append(.error("\(markName) needs dates or numbers on x, but column \"\(c.x.name)\" holds text such as \"\(filled[0])\"",
                            file: specFile, at: c.x.position, path: c.x.path,
                            suggestion: "use \"mark\": \"bar\" to draw one bar per category"))
            return nil
        }
        return dates >= numbers ? .date : .number
    }

    private func chart(_ c: ChartSpec, _ v: DataView, _ d: inout [Diagnostic]) -> ChartModel? {
        let before = d.count
        let xCells = v.strings(c.x.name)
        guard let kind = xKind(c, v, cells: xCells, &d) else { return nil }
        var xValues: [Double?] = Array(repeating: nil, count: v.count)
        var approximateRows: [Bool] = []
        var approximateX: [String: Set<Double>] = [:]
        var categories: [String] = []
        switch kind {
        case .date:
            let dates = readDates(c.x, v, "a chart's \"x\"", &d)
            xValues = dates.map { $0.map(\.chartX) }
            approximateRows = dates.map { $0?.approximate ?? false }
        case .number:
            xValues = readNumbers(c.x, v, "a chart's \"x\"", &d)
        case .category:
            for (i, cell) in xCells.enumerated() where !cell.isEmpty {
                if !categories.contains(cell) { categories.append(cell) }
                xValues[i] = Double(categories.firstIndex(of: cell)!)
            }
        }
        for i in 0..<v.count where xCells[i].isEmpty {
            d.append(v.cellError(row: v.rows[i], column: c.x.name, value: "", problem: "is empty; every point needs an x value"))
        }
        var seriesOrder: [String] = []
        var points: [String: [(x: Double, y: Double, low: Double?, high: Double?)]] = [:]
        let lows = c.yLow.map { readNumbers($0, v, "a chart's \"y_low\"", &d) }
        let highs = c.yHigh.map { readNumbers($0, v, "a chart's \"y_high\"", &d) }
        checkRangeOrder(lows, highs, low: c.yLow, high: c.yHigh, v, &d)
        let seriesCells = c.series.map { v.strings($0.name) }
        // Bars and stacked areas draw one value per x in a series: a second row for the same
        // x would hide under the first (or break the stack), so it is an error, not a guess.
        let onePerX = (c.mark == .bar || c.mark == .area) && !c.cumulative
        var firstAt: [String: [Double: Int]] = [:]
        for y in c.y {
            let ys = readNumbers(y, v, "a chart's \"y\"", &d)
            for i in 0..<v.count {
                guard let yv = ys[i] else { continue }
                if c.log, yv <= 0 {
                    d.append(v.cellError(row: v.rows[i], column: y.name, value: NumberFormat.spec(yv),
                                         problem: "is not above zero; a chart with \"log\": true can only show positive values"))
                    continue
                }
                guard let x = xValues[i] else { continue }
                let name = c.y.count > 1 ? y.name : (seriesCells?[i] ?? y.name)
                if onePerX {
                    if let first = firstAt[name]?[x] {
                        let kind = c.mark == .bar ? "a bar chart draws one bar" : "an area chart stacks one value"
                        d.append(v.cellError(row: v.rows[i], column: c.x.name, value: xCells[i],
                                             problem: "comes again in series \"\(name)\" (first at \(where_(v, v.rows[first]))); \(kind) per x: sum such rows in the data, or set \"series\" to a column that tells them apart"))
                        continue
                    }
                    firstAt[name, default: [:]][x] = i
                }
                if points[name] == nil { seriesOrder.append(name); points[name] = [] }
                points[name]!.append((x, yv, lows?[i] ?? nil, highs?[i] ?? nil))
                if approximateRows.indices.contains(i), approximateRows[i] { approximateX[name, default: []].insert(x) }
            }
        }
        guard d.count == before else { return nil }
        var series = seriesOrder.map { ChartSeries(name: $0, points: points[$0]!.sorted { $0.x < $1.x }, approximateX: approximateX[$0] ?? []) }
        if c.cumulative {
            // Ranges accumulate too: the running total of the lows and of the highs (a row
            // without a range adds its value to both), so the band stays around the total.
            for s in series.indices {
                var total = 0.0, lowTotal = 0.0, highTotal = 0.0, ranged = false
                for p in series[s].points.indices {
                    let point = series[s].points[p]
                    total += point.y
                    lowTotal += point.low ?? point.y
                    highTotal += point.high ?? point.y
                    ranged = ranged || point.low != nil || point.high != nil
                    series[s].points[p] = (point.x, total, ranged ? lowTotal : nil, ranged ? highTotal : nil)
                }
            }
        }
        return ChartModel(spec: c, series: series, xIsDate: kind == .date, categories: kind == .category ? categories : nil)
    }
}
