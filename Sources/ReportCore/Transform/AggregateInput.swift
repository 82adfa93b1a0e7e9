/// One column's values for an aggregate, read once per distinct text, and the one loop that
/// feeds a view's rows into a `GroupAggregator`: what charts and tables group alike.
struct AggregateInput {
    /// The column's codes per row; nil when rows are counted (no column) or reading failed.
    var codes: CodeArray?
    /// Per code, its number (numeric operations).
    var numbers: [Double?] = []
    /// Per code, whether it is filled (counts of a column and distinct values).
    var filled: [Bool] = []
    /// True when the column could not be read (every problem has been reported).
    var failed = false

    private init(codes: CodeArray?, numbers: [Double?] = [], filled: [Bool] = [], failed: Bool = false) {
        self.codes = codes; self.numbers = numbers; self.filled = filled; self.failed = failed
    }

    /// Reads `field` for `op`: numbers for the numeric operations (each bad cell reported as
    /// `role` needing numbers), filled-or-not for counts and distinct values; no field: rows.
    init(_ field: FieldRef?, _ op: AggregateOp, _ v: DataView, _ p: BlockPreparer, role: String, _ d: inout [Diagnostic]) {
        guard let field else { self.init(codes: nil); return }
        guard let column = v.table.column(field.name) else { self.init(codes: nil, failed: true); return }
        if op.readsText { self.init(codes: column.codes, filled: column.values.map { !$0.isEmpty }); return }
        guard p.requireType(field, .number, in: v, role: role, &d),
              let numbers = p.numbersByCode(field, v, role, &d) else { self.init(codes: nil, failed: true); return }
        self.init(codes: column.codes, numbers: numbers)
    }
}

extension GroupAggregator {
    /// Feeds every row of `v` in the group `group` gives it (from the table row and its
    /// place in the view; negative: skipped).
    mutating func feed(_ input: AggregateInput, _ v: DataView, group: (_ row: Int, _ index: Int) -> Int) {
        guard let codes = input.codes else {
            for (i, row) in v.rows.enumerated() { let g = group(row, i); if g >= 0 { addRow(g) } }
            return
        }
        if !input.filled.isEmpty {
            for (i, row) in v.rows.enumerated() {
                let g = group(row, i)
                guard g >= 0 else { continue }
                let code = codes[row]
                if input.filled[Int(code)] { add(g, code: code) } else { addRow(g) }
            }
            return
        }
        for (i, row) in v.rows.enumerated() {
            let g = group(row, i)
            guard g >= 0 else { continue }
            if let value = input.numbers[Int(codes[row])] { add(g, value) } else { addRow(g) }
        }
    }
}
