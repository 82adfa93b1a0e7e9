/// A table's `aggregate`: one row per distinct combination of its `columns`, in order of
/// first appearance, with the aggregate as a last column (named `count`, or after the
/// column it reads, so that `"sort": "-count"` and `"sort": "-fatalities"` read naturally).
extension TableBlock {
    /// The groups as a table of their own (each row located at the group's first row), or
    /// nil when a value is wrong (each reported).
    static func grouped(_ v: DataView, by columns: [FieldRef], _ agg: AggregateSpec, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> DataView? {
        let keyColumns = columns.map { v.table.column($0.name)! }
        // A group's key: its codes in mixed radix, one Int per row (no array per row).
        var radix: [Int] = [], room = Int.max
        for column in keyColumns {
            radix.append(column.values.count)
            room /= max(1, column.values.count)
        }
        let fitsOneInt = room > 0
        var groupOfKey: [Int: Int] = [:], groupOfCodes: [[UInt32]: Int] = [:]
        var firstRow: [Int] = []
        var groupOfRow = [Int](repeating: 0, count: v.count)
        for (i, row) in v.rows.enumerated() {
            let group: Int
            if fitsOneInt {
                var key = 0
                for (c, column) in keyColumns.enumerated() { key = key * radix[c] + Int(column.codes[row]) }
                if let g = groupOfKey[key] { group = g } else { group = firstRow.count; groupOfKey[key] = group; firstRow.append(row) }
            } else {
                let key = keyColumns.map { $0.codes[row] }
                if let g = groupOfCodes[key] { group = g } else { group = firstRow.count; groupOfCodes[key] = group; firstRow.append(row) }
            }
            groupOfRow[i] = group
        }
        let input = AggregateInput(agg.field, agg.op, v, p, role: "a table's \"aggregate\": \"\(agg.op.rawValue)\"", &d)
        guard !input.failed else { return nil }
        var a = GroupAggregator(agg.op, groups: firstRow.count)
        a.feed(input, v) { _, i in groupOfRow[i] }
        let name = agg.field?.name ?? "count"
        var texts = columns.map { _ in [String]() }
        var values: [String] = []
        for (g, row) in firstRow.enumerated() {
            for (c, column) in keyColumns.enumerated() { texts[c].append(column[row]) }
            // Plain digits (no grouping), so that sorting and alignment read them as numbers.
            values.append(a.value(g, countsRows: agg.field == nil).map { NumberFormat.spec(($0 * 100).rounded() / 100) } ?? "")
        }
        var table = DataTable(name: v.table.name, columnNames: columns.map(\.name) + [name], columns: (texts + [values]).map { Column($0) },
                              file: v.table.file, rowPositions: firstRow.map { v.table.rowPositions[$0] })
        table.declaredTypes = v.table.declaredTypes.filter { key, _ in columns.contains { $0.name == key } }
        table.dateFormats = v.table.dateFormats
        table.numberSyntax = nil
        return DataView(table: table)
    }

    /// The header of the aggregate column: `count`, `fatalities (sum)`, `actor (distinct)`.
    static func aggregateHeader(_ agg: AggregateSpec) -> String {
        guard let field = agg.field else { return "count" }
        return "\(field.name) (\(agg.op == .distinct ? "distinct" : agg.op.rawValue))"
    }
}
