/// A table's alternative text, a summary for readers who hear it before its cells: its
/// columns, how many rows it has, and its first rows as they are shown.
extension TableBlock {
    /// The rows said in the summary.
    static let rowsSaid = 2

    static func altText(_ model: TableModel, _ spec: TableSpec, title: String?) -> String? {
        let columns = "\(AltText.count(model.header.count, "column")) (\(AltText.list(model.header, limit: 8)))"
        guard !model.rows.isEmpty else { return "Table with \(columns): no rows." }
        // Each cell and each row cut short: the summary leads to the cells, it does not read them.
        let first = model.rows.prefix(rowsSaid).map { row in
            AltText.short(row.map { $0.isEmpty ? "empty" : AltText.short($0, 30) }.joined(separator: ", "), 100)
        }
        let lead = model.rows.count == 1 ? "The row" : "First rows"
        return "Table of \(AltText.count(model.rows.count, "row")) and \(columns). \(lead): \(first.joined(separator: "; "))."
    }
}
