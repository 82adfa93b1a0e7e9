/// Where the data cells holding characters beyond Latin were first found, so that text layout
/// cannot draw (a script no font in the fonts folder covers) is named at its data file and row,
/// not at the spec with no line (issue 18).
///
/// Only cells with a character above U+024F are kept, each distinct text once: Latin data
/// (most) costs nothing, and the tables themselves can be let go before layout.
public struct DataTextIndex: Sendable {
    private var places: [String: SourcePosition] = [:]
    /// The texts in the order found (sources by name, columns in file order, rows in order).
    private var order: [String] = []

    /// The index of every column the spec reads in `tables`.
    public init(_ tables: [String: DataTable]) {
        for name in tables.keys.sorted() {
            let table = tables[name]!
            let file = SourceName(table.file)
            for (c, column) in table.columns.enumerated() where !table.unreadColumns.contains(table.columnNames[c]) {
                let wanted = column.values.indices.filter { column.values[$0].unicodeScalars.contains { $0.value > 0x24F } }
                guard !wanted.isEmpty else { continue }
                var firstRow = [Int](repeating: -1, count: column.values.count)
                var left = wanted.count
                let isWanted = Set(wanted)
                for (row, code) in column.codes.enumerated() where firstRow[Int(code)] < 0 && isWanted.contains(Int(code)) {
                    firstRow[Int(code)] = row
                    left -= 1
                    if left == 0 { break }
                }
                for code in wanted where firstRow[code] >= 0 && places[column.values[code]] == nil {
                    var position = table.rowPositions[firstRow[code]]
                    position.file = file
                    places[column.values[code]] = position
                    order.append(column.values[code])
                }
            }
        }
    }

    /// Where `text` comes from: the first cell that is `text`, else the first cell that a
    /// label drawn from it holds ("Raqqa (3)" holds "Raqqa"), else the first that holds it.
    public func locate(_ text: String) -> SourcePosition? {
        if let exact = places[text] { return exact }
        if let part = order.first(where: { text.contains($0) }) { return places[part] }
        return order.first { $0.contains(text) }.flatMap { places[$0] }
    }
}
