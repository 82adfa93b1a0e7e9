/// Accumulates troop rows into force levels: a `count` sets the level, a `change` adds to
/// the last level, rows are taken in date order (file order for the same date).

/// One input row for `ForceLevels`.
struct ForceRow {
    var index: Int
    var force: String
    var day: Double
    var count: Double?
    var change: Double?
    var low: Double?
    var high: Double?
}

/// A row that cannot be accumulated.
struct ForceLevelProblem: Error {
    var rowIndex: Int
    var message: String
}

enum ForceLevels {
    /// Series per force in order of first appearance.
    static func accumulate(_ rows: [ForceRow]) -> Result<[ForceSeries], ForceLevelProblem> {
        var order: [String] = []
        var byForce: [String: [ForceRow]] = [:]
        for row in rows {
            if byForce[row.force] == nil { order.append(row.force); byForce[row.force] = [] }
            byForce[row.force]!.append(row)
        }
        var result: [ForceSeries] = []
        for force in order {
            // Stable sort: rows on the same date keep file order.
            let sorted = byForce[force]!.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
            var levels: [ForceLevel] = []
            var current: Double?
            for row in sorted {
                if let count = row.count {
                    current = count + (row.change ?? 0)
                } else if let change = row.change {
                    guard let last = current else {
                        return .failure(ForceLevelProblem(rowIndex: row.index,
                            message: "\(force): a change of \(change >= 0 ? "+" : "")\(NumberFormat.grouped(change)) comes before any level; give a \"count\" on an earlier row"))
                    }
                    current = last + change
                } else {
                    continue
                }
                if current! < 0 {
                    return .failure(ForceLevelProblem(rowIndex: row.index, message: "\(force): the level falls below zero (\(NumberFormat.grouped(current!))) on this row; a level cannot be negative, so check the counts and changes up to here"))
                }
                var low = row.low, high = row.high
                if let l = low, let h = high, l > h { swap(&low, &high) }
                if levels.last?.day == row.day { levels.removeLast() }
                levels.append(ForceLevel(day: row.day, level: current!, low: low, high: high))
            }
            if !levels.isEmpty { result.append(ForceSeries(force: force, levels: levels)) }
        }
        return .success(result)
    }
}
