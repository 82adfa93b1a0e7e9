/// Typed reads per distinct value, for transforms over many rows.
///
/// `readNumbers` and `readDates` give one optional per row: at ten million rows that is an
/// array of 160 MB made only to be looked up again. A transform reads each distinct text
/// once and looks its rows up by code, and falls back to the per-row readers only when a
/// cell is wrong, to report each bad cell at its line exactly as they do.
extension BlockPreparer {
    /// Which codes of `column` the view's rows use.
    func usedCodes(_ column: Column, _ v: DataView) -> [Bool] {
        var used = [Bool](repeating: false, count: column.values.count)
        column.codes.withUnsafeCodes { codes in
            for row in v.rows { used[Int(codes[row])] = true }
        }
        return used
    }

    /// The number of each distinct value of `field` (nil for empty cells), or nil when a
    /// cell the view uses is not a number: then every such cell has been reported.
    func numbersByCode(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [Double?]? {
        guard let cells = v.table.column(field.name) else { return nil }
        let (numbers, _) = v.table.numberValues(cells)
        let used = usedCodes(cells, v)
        let bad = cells.values.indices.contains { used[$0] && numbers[$0] == nil && !cells.values[$0].isEmpty }
        if bad {
            _ = readNumbers(field, v, role, &d)
            return nil
        }
        return numbers
    }

    /// The date of each distinct value of `field` (nil for empty cells), moved into the
    /// report's zone as `readDates` moves them, or nil when a cell the view uses is not a
    /// date (or is a date-time the report's zone cannot place): then each is reported.
    func datesByCode(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> [EventDate?]? {
        guard let cells = v.table.column(field.name) else { return nil }
        guard let dates = cleanDatesByCode(field, cells, v) else {
            _ = readDates(field, v, role, &d)
            return nil
        }
        return dates
    }

    /// The dates of `field` for each row of the view: what `readDates` gives (the same
    /// values, the same diagnostics), without a date per row when it can: when every text
    /// the view uses is a date and no column states their precision row by row, each row
    /// looks its date up by its cell's code (at ten million rows, 400 MB not made).
    func rowDates(_ field: FieldRef, _ v: DataView, _ role: String, _ d: inout [Diagnostic]) -> RowDates {
        if v.table.datePrecisions[field.name] == nil, let cells = v.table.column(field.name),
           let dates = cleanDatesByCode(field, cells, v) {
            return RowDates(byCode: dates, codes: cells.codes, rows: v.rows)
        }
        return RowDates(perRow: readDates(field, v, role, &d))
    }

    /// The date of each distinct value of `cells` moved into the report's zone, or nil when
    /// a text the view uses is not one (or a date-time without an offset in a report whose
    /// zone is not UTC): `readDates` then says which.
    private func cleanDatesByCode(_ field: FieldRef, _ cells: Column, _ v: DataView) -> [EventDate?]? {
        let parsed = cells.mapValues { $0.isEmpty ? nil : try? v.table.parseDate($0, column: field.name).get() }
        let used = usedCodes(cells, v)
        let bad = cells.values.indices.contains { code in
            guard used[code], !cells.values[code].isEmpty else { return false }
            guard let date = parsed[code] else { return true }
            return spec.timezoneOffsetMinutes != 0 && date.precision == .instant && date.utcOffsetMinutes == nil
        }
        return bad ? nil : parsed.map(shifted)
    }
}

/// The dates of a view's rows, by position in the view (`rowDates`): looked up by code, or
/// one per row when they had to be read row by row.
struct RowDates {
    private let byCode: [EventDate?]
    private let codes: CodeArray
    private let rows: RowList
    private let perRow: [EventDate?]?

    init(byCode: [EventDate?], codes: CodeArray, rows: RowList) {
        self.byCode = byCode; self.codes = codes; self.rows = rows; perRow = nil
    }

    init(perRow: [EventDate?]) {
        byCode = []; codes = []; rows = RowList(all: 0); self.perRow = perRow
    }

    /// The date of the view's `i`th row (nil for an empty or unreadable cell).
    subscript(i: Int) -> EventDate? {
        if let perRow { return perRow[i] }
        return byCode[Int(codes[rows[i]])]
    }

    /// The code of the view's `i`th row's cell when dates are looked up by code (rows with
    /// one code have one date), else nil.
    func code(_ i: Int) -> Int? { perRow == nil ? Int(codes[rows[i]]) : nil }

    /// The date of the cells with code `code` (when dates are looked up by code).
    func date(ofCode code: Int) -> EventDate? { byCode[code] }

    /// How many codes there are (0 when dates were read row by row).
    var codeCount: Int { byCode.count }

    /// Dates are looked up by the codes of their column (else they were read row by row).
    var isByCode: Bool { perRow == nil }
}
