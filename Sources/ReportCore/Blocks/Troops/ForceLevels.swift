/// Accumulates troop rows into force levels.
///
/// Takes the rows of a `troops` block (in file order) and gives one series of levels per
/// force, in date order, with every problem found. Rules:
/// - rows are taken in date order; rows on the same date keep their file order;
/// - a `count` sets the level (a reported total resets whatever was accumulated);
/// - a `change` (`+400`, `-200`) adds to the last level; a change before any level is an
///   error naming the row, since there is nothing to add it to;
/// - a row with both is a level with the change that led to it: the level is used, and a
///   warning says so when the change does not lead from the previous level to it;
/// - several rows on one date give one point: the level after the last of them;
/// - a level below zero is an error; a level outside its own `low`…`high` range, or a row
///   with neither count nor change, is a warning.

/// One input row for `ForceLevels`.
struct ForceRow {
    /// Index of the row in the block's data view (for locating problems).
    var index: Int
    var force: String
    var day: Double
    var count: Double?
    var change: Double?
    var low: Double?
    var high: Double?
    /// The date is approximate (`~2017-03-08`).
    var approximate = false
    /// How precisely the date was written.
    var precision: EventDate.Precision = .day
}

/// A row that cannot be accumulated (an error) or that is accumulated with a doubt (a warning).
struct ForceLevelProblem: Error, Equatable {
    var rowIndex: Int
    var message: String
    var isError = true
}

enum ForceLevels {
    /// Series per force, in order of first appearance, and every problem found (errors and
    /// warnings, in row order within each force). After a change that has no level to add
    /// to, later rows of that force are still read once a level appears, but further
    /// changes before it are not reported again: they all have the same cause.
    static func accumulate(_ rows: [ForceRow]) -> (series: [ForceSeries], problems: [ForceLevelProblem]) {
        var order: [String] = []
        var byForce: [String: [ForceRow]] = [:]
        for row in rows {
            if byForce[row.force] == nil { order.append(row.force); byForce[row.force] = [] }
            byForce[row.force]!.append(row)
        }
        var result: [ForceSeries] = []
        var problems: [ForceLevelProblem] = []
        for force in order {
            // Stable sort: rows on the same date keep file order.
            let sorted = byForce[force]!.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
            var levels: [ForceLevel] = []
            var current: Double?
            var reportedMissingLevel = false
            for row in sorted {
                let level: Double
                if let count = row.count {
                    if let change = row.change, let previous = current, previous + change != count {
                        problems.append(ForceLevelProblem(rowIndex: row.index, message:
                            "\(named(force))\(signed(change)) from the previous level \(NumberFormat.grouped(previous)) makes \(NumberFormat.grouped(previous + change)), but the row gives a level of \(NumberFormat.grouped(count)); the level is drawn",
                            isError: false))
                    }
                    level = count
                } else if let change = row.change {
                    guard let previous = current else {
                        if !reportedMissingLevel {
                            problems.append(ForceLevelProblem(rowIndex: row.index, message:
                                "\(named(force))a change of \(signed(change)) comes before any level; give a \"count\" on an earlier row"))
                            reportedMissingLevel = true
                        }
                        continue
                    }
                    level = previous + change
                } else {
                    problems.append(ForceLevelProblem(rowIndex: row.index, message:
                        "\(named(force))the row gives neither a count nor a change, so it is not drawn", isError: false))
                    continue
                }
                if level < 0 {
                    problems.append(ForceLevelProblem(rowIndex: row.index, message:
                        "\(named(force))the level falls below zero (\(NumberFormat.grouped(level))) on this row; a level cannot be negative, so check the counts and changes up to here"))
                    current = level
                    continue
                }
                current = level
                var low = row.low, high = row.high
                if let l = low, let h = high, l > h { swap(&low, &high) }
                if (low.map { level < $0 } ?? false) || (high.map { level > $0 } ?? false) {
                    problems.append(outside(force, level, low: low, high: high, row: row.index))
                }
                if levels.last?.day == row.day { levels.removeLast() }
                levels.append(ForceLevel(day: row.day, level: level, low: low, high: high, approximate: row.approximate, precision: row.precision))
            }
            if !levels.isEmpty { result.append(ForceSeries(force: force, levels: levels)) }
        }
        return (result, problems)
    }

    /// The columns troop rows are read from, and what a message calls each one.
    struct Columns {
        var date: FieldRef
        /// Nil: every row belongs to one force (named "" in `ForceRow.force`).
        var force: FieldRef?
        var count: FieldRef?
        var change: FieldRef?
        var low: FieldRef? = nil
        var high: FieldRef? = nil
        /// How messages name a column's role from its key: `a troops block's "count"`.
        var role: (String) -> String
    }

    /// The rows of `v` as `ForceRow`s, every bad cell reported; nil when any cell is bad.
    /// The troops block and a `figures` value that names a `change` both read their rows
    /// here, so that a figure's latest level is the level the chart ends at.
    static func read(_ c: Columns, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> [ForceRow]? {
        let before = d.count
        let dates = p.readDates(c.date, v, c.role("date"), &d)
        let counts = c.count.map { p.readNumbers($0, v, c.role("count"), &d) }
        let changes = c.change.map { p.readNumbers($0, v, c.role("change"), &d) }
        let lows = c.low.map { p.readNumbers($0, v, c.role("count_low"), &d) }
        let highs = c.high.map { p.readNumbers($0, v, c.role("count_high"), &d) }
        p.checkRangeOrder(lows, highs, low: c.low, high: c.high, v, &d)
        let forces = c.force.map { v.strings($0.name) }
        let dateCells = v.strings(c.date.name)
        var rows: [ForceRow] = []
        for i in 0..<v.count {
            guard let date = dates[i] else {
                if dateCells[i].isEmpty {
                    d.append(v.cellError(row: v.rows[i], column: c.date.name, value: "", problem: "is empty; every level needs a date"))
                }
                continue
            }
            rows.append(ForceRow(index: i, force: forces?[i] ?? "", day: date.start, count: counts?[i] ?? nil,
                                 change: changes?[i] ?? nil, low: lows?[i] ?? nil, high: highs?[i] ?? nil, approximate: date.approximate,
                                 precision: date.precision))
        }
        return d.count == before ? rows : nil
    }

    /// `accumulate`, its problems reported at their rows of `v`; nil when any is an error.
    static func levels(_ rows: [ForceRow], _ v: DataView, _ d: inout [Diagnostic]) -> [ForceSeries]? {
        let (series, problems) = accumulate(rows)
        for p in problems {
            let at = v.table.rowPositions[v.rows[p.rowIndex]]
            d.append(p.isError ? .error(p.message, file: v.table.file, at: at) : .warning(p.message, file: v.table.file, at: at))
        }
        return problems.contains(where: \.isError) ? nil : series
    }

    /// "US troops in Syria: ", the start of a message about a force; nothing for rows read
    /// without a force column (a figure over one force's rows names none).
    private static func named(_ force: String) -> String { force.isEmpty ? "" : "\(force): " }

    private static func signed(_ change: Double) -> String {
        (change >= 0 ? "+" : "") + NumberFormat.grouped(change)
    }

    private static func outside(_ force: String, _ level: Double, low: Double?, high: Double?, row: Int) -> ForceLevelProblem {
        let range = "\(low.map { NumberFormat.grouped($0) } ?? "…")–\(high.map { NumberFormat.grouped($0) } ?? "…")"
        return ForceLevelProblem(rowIndex: row, message: "\(named(force))the level \(NumberFormat.grouped(level)) lies outside its reported range \(range)",
                                 isError: false)
    }
}
