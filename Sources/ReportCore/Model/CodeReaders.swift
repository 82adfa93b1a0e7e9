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
        column.codes.withUnsafeBufferPointer { codes in
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
        let parsed = cells.mapValues { $0.isEmpty ? nil : try? v.table.parseDate($0, column: field.name).get() }
        let used = usedCodes(cells, v)
        let bad = cells.values.indices.contains { code in
            guard used[code], !cells.values[code].isEmpty else { return false }
            guard let date = parsed[code] else { return true }
            return spec.timezoneOffsetMinutes != 0 && date.precision == .instant && date.utcOffsetMinutes == nil
        }
        if bad {
            _ = readDates(field, v, role, &d)
            return nil
        }
        return parsed.map(shifted)
    }
}
