import ReportScene

/// Reads each block's rows into its model, checking column names and cell types.
public struct BlockPreparer {
    public var spec: ReportSpec
    public var tables: [String: DataTable]
    public var specFile: String
    /// Told of each block prepared (nil: nobody is watching).
    public var progress: RenderProgress?

    /// Creates a preparer.
    public init(spec: ReportSpec, tables: [String: DataTable], specFile: String) {
        self.spec = spec; self.tables = tables; self.specFile = specFile
    }

    /// Every block prepared, or the problems found (all of them).
    public func prepareAll() -> (blocks: [PreparedBlock], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var blocks: [PreparedBlock] = []
        progress?.startPreparing(blocks: spec.sections.count)
        for block in spec.sections {
            var local: [Diagnostic] = []
            if let prepared = prepare(block, &local) { blocks.append(prepared) }
            diagnostics.append(contentsOf: capped(local))
            progress?.blockPrepared()
        }
        return (blocks, diagnostics)
    }

    /// The block's rows after the source's and the block's filters; nil (quietly) when the
    /// source could not be loaded: its own problems have been reported already.
    private func view(for block: BlockSpec, _ d: inout [Diagnostic]) -> DataView? {
        guard let name = block.dataName else { return nil }
        return rows(of: name.name, filter: block.filter, &d)
    }

    /// The rows of source `name` that pass its own filter and then `filter`; nil when the
    /// source was not loaded (its problems were reported by the decoder or the loader).
    func rows(of name: String, filter: FilterSpec?, _ d: inout [Diagnostic]) -> DataView? {
        guard let table = tables[name] else { return nil }
        let all = DataView(table: table).filtered(by: spec.source(named: name)?.filter, specFile: specFile, diagnostics: &d)
        return all.filtered(by: filter, specFile: specFile, diagnostics: &d)
    }

    /// Checks that every referenced column exists; false (with diagnostics) if any is missing.
    func require(_ fields: [FieldRef?], in view: DataView, _ d: inout [Diagnostic]) -> Bool {
        var ok = true
        for field in fields.compactMap({ $0 }) where view.table.columnIndex(field.name) == nil {
            d.append(view.unknownColumn(field, specFile: specFile)); ok = false
        }
        return ok
    }

    /// Checks that a column the block reads as `type` is not declared as another type in the
    /// source's `types`; false (with a diagnostic at the block's key) when it is.
    func requireType(_ field: FieldRef?, _ type: ColumnType, in view: DataView, role: String, _ d: inout [Diagnostic]) -> Bool {
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
    func readNumbers(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [Double?] {
        if v.table.declaredTypes[field.name] == nil,
           let (first, count) = noneReadable(field, v, { v.table.readNumber($0) != nil }) {
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
    func readDates(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [EventDate?] {
        func parses(_ text: String) -> Bool {
            if case .success = v.table.parseDate(text, column: field.name) { return true } else { return false }
        }
        if v.table.declaredTypes[field.name] == nil, let (first, count) = noneReadable(field, v, parses) {
            let text = v.table.column(field.name)![first]
            var reason = ""
            if case .failure(let e) = v.table.parseDate(text, column: field.name) { reason = ": \(e.message)" }
            d.append(.error("\(role) needs dates, but no value in column \"\(field.name)\" is one: \"\(text)\" (\(where_(v, first))) is not a date\(reason), and \(count - 1) more",
                            file: specFile, at: field.position, path: field.path, suggestion: "name a column of dates"))
            return Array(repeating: nil, count: v.count)
        }
        let dates = v.dates(field.name, diagnostics: &d)
        guard spec.timezoneOffsetMinutes != 0 else { return dates }
        // A date-time written without an offset is read as UTC, as it always has been; in a
        // report with another zone it would be drawn hours from what the file says, perhaps
        // on another day. That is an error, never a silent shift (with the default UTC zone
        // nothing moves, so such date-times stay welcome there).
        let naive = dates.indices.filter { dates[$0]?.precision == .instant && dates[$0]?.utcOffsetMinutes == nil }
        if let first = naive.first {
            let m = abs(spec.timezoneOffsetMinutes)
            let offset = "\(spec.timezoneOffsetMinutes < 0 ? "-" : "+")\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
            let more = naive.count > 2 ? " (and \(naive.count - 1) more rows like it)" : naive.count == 2 ? " (and 1 more row like it)" : ""
            d.append(v.cellError(row: v.rows[first], column: field.name, value: v.table.column(field.name)![v.rows[first]],
                                 problem: "has a time but no UTC offset, and the report's timezone is \(spec.timezoneName): "
                                    + "write the offset it was recorded in (Z for UTC, \(offset) for the report's zone)\(more)"))
            return dates.map { $0?.precision == .instant && $0?.utcOffsetMinutes == nil ? nil : $0 }.map(shifted)
        }
        return dates.map(shifted)
    }

    func shifted(_ date: EventDate?) -> EventDate? {
        guard var date, date.precision == .instant else { return date }
        // Date-times are drawn at their local time in the report's zone; civil dates stay put.
        let shift = Double(spec.timezoneOffsetMinutes) / 1440
        date.start += shift
        date.end += shift
        return date
    }

    /// `data/events.csv:7`: where table row `row` is.
    func where_(_ v: DataView, _ row: Int) -> String {
        "\(v.table.file):\(v.table.rowPositions[row].line)"
    }

    /// The distinct sources the view's rows cite, in order of first citation: from the column
    /// `sources` names (it must exist), else from a column `source` when there is one.
    private func sources(_ view: DataView, _ setting: SourcesSetting, _ d: inout [Diagnostic]) -> [String] {
        let name: String
        switch setting {
        case .none: return []
        case .automatic: name = "source"
        case .column(let field):
            guard require([field], in: view, &d) else { return [] }
            name = field.name
        }
        guard let cells = view.table.column(name) else { return [] }
        var seen = [Bool](repeating: false, count: cells.values.count), list: [String] = []
        for row in view.rows {
            let code = Int(cells.codes[row])
            guard !seen[code] else { continue }
            seen[code] = true
            if !cells.values[code].isEmpty { list.append(cells.values[code]) }
        }
        return list
    }

    /// The block's model through its type, with the rows it reads when it reads a data source.
    private func prepare(_ block: BlockSpec, _ d: inout [Diagnostic]) -> PreparedBlock? {
        var view: DataView?
        if block.kind.readsData {
            guard let rows = self.view(for: block, &d) else { return nil }
            view = rows
        }
        guard let content = block.kind.value.prepare(BlockInput(block: block, view: view, preparer: self), &d) else { return nil }
        var cited = view.map { sources($0, block.sources, &d) } ?? []
        if case .automatic = block.sources {
            for name in block.kind.value.columnsRead.cited {
                guard let other = rows(of: name, filter: nil, &d) else { continue }
                for s in sources(other, .automatic, &d) where !cited.contains(s) { cited.append(s) }
            }
        }
        var prepared = PreparedBlock(spec: block, content: content, sources: cited)
        // Rows a filter could not judge (bad cells) are reported as errors already: an empty
        // result then says nothing new.
        if let view, view.count == 0, !d.contains(where: { $0.severity == .error }) { prepared.emptyNote = emptyNote(block, &d) }
        // Worked out only when the author wrote none; `alt` is refused on blocks that are not
        // figures, so it never makes a heading into one.
        prepared.altText = block.alt ?? block.kind.value.altText(content, title: block.title).map { prepared.emptyNote ?? $0 }
        return prepared
    }

    /// When filters keep none of a block's rows: a warning at the filter that did it, and
    /// the words the page shows instead of the block. Nil when the source itself has no rows
    /// (nothing was filtered away; the block draws its own "no data" state).
    private func emptyNote(_ block: BlockSpec, _ d: inout [Diagnostic]) -> String? {
        guard let name = block.dataName?.name, let table = tables[name], table.rowCount > 0 else { return nil }
        let source = spec.source(named: name)
        func counted(_ n: Int) -> String { "\(n) row\(n == 1 ? "" : "s")" }
        // The source filter's own problems were reported when the rows were read.
        var again: [Diagnostic] = []
        let afterSource = DataView(table: table).filtered(by: source?.filter, specFile: specFile, diagnostics: &again)
        if afterSource.count == 0, let source, let filter = source.filter {
            if filter.canMatch { d.append(.warning("the filter of data source \"\(name)\" (\(filter.summary)) keeps none of its \(counted(table.rowCount)); every block that reads it shows a note instead",
                              file: specFile, at: filter.position ?? source.position, path: "\(source.path).filter")) }
            return "No rows to show: the filter of data source \"\(name)\" (\(filter.summary)) keeps none of its \(counted(table.rowCount))."
        }
        guard let filter = block.filter else { return nil }
        if filter.canMatch { d.append(.warning("the filter of this \(block.kind.typeName) block (\(filter.summary)) keeps none of the \(counted(afterSource.count)) of \"\(name)\"; the page shows a note instead",
                          file: specFile, at: filter.position ?? block.position, path: "\(block.path).filter")) }
        return "No rows to show: the filter (\(filter.summary)) keeps none of the \(counted(afterSource.count)) of \"\(name)\"."
    }

    /// Checks the columns a block names: that they exist, and that those it reads as dates or
    /// numbers are not declared as something else. When any check fails the block is not
    /// drawn, but the cells of the columns that are fine are still read, so that their bad
    /// values are reported in the same run rather than after the next fix.
    func check(_ fields: [FieldRef?], dates: [(FieldRef?, String)] = [], numbers: [(FieldRef?, String)] = [],
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

    /// Reports every row whose low end lies above its high end.
    func checkRangeOrder(_ lows: [Double?]?, _ highs: [Double?]?, low: FieldRef?, high: FieldRef?,
                         _ v: DataView, _ d: inout [Diagnostic]) {
        guard let lows, let highs, let lowName = low?.name, let highName = high?.name else { return }
        for i in 0..<v.count {
            if let l = lows[i], let h = highs[i], l > h {
                d.append(v.cellError(row: v.rows[i], column: lowName, value: NumberFormat.spec(l),
                                     problem: "is above \"\(highName)\" (\(NumberFormat.spec(h))); a range must run from low to high"))
            }
        }
    }
}
