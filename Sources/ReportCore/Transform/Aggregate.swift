/// Transforms: the small, closed set of computations a block may declare over its rows
/// (`aggregate`, `time_unit`, `bin`, `top`), so that raw exports draw without a script first.
/// This file holds what an aggregate is and how it is read from a spec; `GroupAggregator`
/// computes it; `TimeUnit` and `Bins` make the groups of a date or number x.

/// What an `aggregate` computes for each group of rows.
public enum AggregateOp: String, Sendable, CaseIterable {
    /// Rows in the group (or, with a column, rows where the column is filled).
    case count
    case sum, mean, median, min, max
    /// Distinct filled values of a column (text or numbers).
    case distinct
    /// The sample standard deviation (n − 1); needs two values.
    case stdev

    /// True for the operations that add up, so that groups can be summed further (a
    /// cumulative total, "Other" made of the rest) and empty groups stand for zero.
    public var isAdditive: Bool { self == .count || self == .sum }

    /// True for the operations whose value for no rows is zero (a week without events
    /// counts 0, adds up to 0, has 0 distinct actors); a mean of nothing is no value.
    public var isZeroWhenEmpty: Bool { isAdditive || self == .distinct }

    /// True when the column it names may hold text (it counts cells, it does not read numbers).
    var readsText: Bool { self == .count || self == .distinct }

    /// The words for a value axis or a table column: `sum`, `mean`, `distinct values`.
    var noun: String {
        switch self {
        case .count: "rows"
        case .distinct: "distinct values"
        case .stdev: "standard deviation"
        default: rawValue
        }
    }
}

extension AggregateOp {
    /// What the column an operation names (`{"sum": "fatalities"}`) is, for `report schema`.
    var columnDescription: String {
        switch self {
        case .count: "the column whose filled cells are counted"
        case .sum: "the column of numbers summed"
        case .mean: "the column of numbers averaged"
        case .median: "the column of numbers whose median is taken"
        case .min: "the column of numbers whose smallest is taken"
        case .max: "the column of numbers whose largest is taken"
        case .distinct: "the column whose distinct filled values are counted"
        case .stdev: "the column of numbers whose sample standard deviation is taken"
        }
    }
}

/// `aggregate`: one operation, over a named column or over the block's `y`.
///
/// Spelled `"aggregate": "count"` (rows), `"aggregate": "sum"` (each `y` column summed), or
/// `{"sum": "fatalities"}` (one operation, one column; `{"count": "col"}` counts filled cells).
public struct AggregateSpec: Sendable {
    public var op: AggregateOp
    /// The column the object form names; nil for the word form.
    public var field: FieldRef?
    /// Where `aggregate` was written.
    public var position: SourcePosition
    public var path: String

    /// The column name for messages and titles: `fatalities`, or nil for rows.
    var columnName: String? { field?.name }

    /// Reads `aggregate` from `r`: nil (with a located error) when it is neither a known
    /// word nor an object with exactly one known operation naming a column.
    static func decode(_ r: ObjectReader, key: String = "aggregate") -> AggregateSpec? {
        guard let node = r.node(key) else { return nil }
        let words = AggregateOp.allCases.map(\.rawValue)
        let path = r.childPath(key)
        if let word = node.stringValue {
            guard let op = AggregateOp(rawValue: word) else {
                r.error("\"\(key)\" must be one of \(words.map { "\"\($0)\"" }.joined(separator: ", ")), or an object such as {\"sum\": \"fatalities\"}, found \"\(word)\"",
                        at: node, key: key, suggestion: closestMatch(to: word, in: words).map { "did you mean \"\($0)\"?" })
                return nil
            }
            return AggregateSpec(op: op, field: nil, position: node.position, path: path)
        }
        guard let members = node.members else {
            r.error("\"\(key)\" must be an operation such as \"count\", or an object such as {\"sum\": \"fatalities\"}, found \(node.kindDescription)", at: node, key: key)
            return nil
        }
        guard members.count == 1, let member = members.first else {
            r.error("\"\(key)\" must name exactly one operation and its column, such as {\"sum\": \"fatalities\"}, found \(members.isEmpty ? "an empty object" : "\(members.count) keys")", at: node, key: key)
            return nil
        }
        guard let op = AggregateOp(rawValue: member.key) else {
            r.sink.report(.error("unknown operation \"\(member.key)\" in \"\(key)\"", file: r.file, at: member.keyPosition, path: "\(path).\(member.key)",
                            suggestion: closestMatch(to: member.key, in: words).map { "did you mean \"\($0)\"?" } ?? "expected one of: \(words.joined(separator: ", "))"))
            return nil
        }
        guard let column = member.value.stringValue, !column.isEmpty else {
            r.sink.report(.error("\"\(member.key)\" must name a column, found \(member.value.stringValue != nil ? "an empty string" : member.value.kindDescription)",
                            file: r.file, at: member.value.position, path: "\(path).\(member.key)"))
            return nil
        }
        return AggregateSpec(op: op, field: FieldRef(column, at: member.value.position, path: "\(path).\(member.key)"),
                             position: node.position, path: path)
    }

    /// The schema of `aggregate`: a word, or an object with one operation naming a column.
    static var schema: [String: Any] {
        let ops = AggregateOp.allCases.map(\.rawValue)
        return ["anyOf": [
            ["enum": ops],
            ["type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
             "properties": Dictionary(uniqueKeysWithValues: AggregateOp.allCases.map {
                 ($0.rawValue, ["type": "string", "minLength": 1, "description": $0.columnDescription] as [String: Any])
             })],
        ], "description": "what to compute per group: \"count\" (rows), a word applied to y (\"sum\", \"mean\", …), or {\"sum\": \"fatalities\"}"]
    }
}

/// Computes one aggregate for many groups at once, fed row by row.
///
/// Columnar by design: a group is an index, values arrive as numbers already read (once per
/// distinct text by the caller), and only what the operation needs is kept: counts, sums,
/// running means (Welford's method, which stays exact where a sum of squares would cancel),
/// lists of values for medians, sets of codes for distinct counts.
struct GroupAggregator {
    let op: AggregateOp
    /// Rows seen per group, filled or not.
    private(set) var rows: [Int]
    /// Filled values per group.
    private(set) var filled: [Int]
    private var sums: [Double] = []
    private var means: [Double] = []
    private var squares: [Double] = []
    private var lows: [Double] = []
    private var highs: [Double] = []
    private var lists: [[Double]] = []
    private var codes: [Set<UInt32>] = []
    /// Also keep the spread `band` needs: min and max, or mean and deviation.
    let keepsSpread: Bool

    /// An aggregator for `groups` groups.
    init(_ op: AggregateOp, groups: Int, keepsSpread: Bool = false) {
        self.op = op; self.keepsSpread = keepsSpread
        rows = Array(repeating: 0, count: groups)
        filled = rows
        switch op {
        case .count, .distinct: break
        case .sum: sums = Array(repeating: 0, count: groups)
        case .mean, .stdev: means = Array(repeating: 0, count: groups); squares = means
        case .min, .max: lows = Array(repeating: .infinity, count: groups); highs = Array(repeating: -.infinity, count: groups)
        case .median: lists = Array(repeating: [], count: groups)
        }
        if keepsSpread {
            if lows.isEmpty { lows = Array(repeating: .infinity, count: groups); highs = Array(repeating: -.infinity, count: groups) }
            if means.isEmpty { means = Array(repeating: 0, count: groups); squares = means }
        }
    }

    /// Number of groups.
    var count: Int { rows.count }

    /// A row of `group` whose cell is empty (or, for a bare count, any row).
    mutating func addRow(_ group: Int) { rows[group] += 1 }

    /// A row of `group` with a number.
    mutating func add(_ group: Int, _ value: Double) {
        rows[group] += 1
        filled[group] += 1
        switch op {
        case .sum: sums[group] += value
        case .median: lists[group].append(value)
        default: break
        }
        if !means.isEmpty {
            let delta = value - means[group]
            means[group] += delta / Double(filled[group])
            squares[group] += delta * (value - means[group])
        }
        if !lows.isEmpty {
            if value < lows[group] { lows[group] = value }
            if value > highs[group] { highs[group] = value }
        }
    }

    /// A row of `group` with a filled text cell (for `count` of a column and `distinct`).
    mutating func add(_ group: Int, code: UInt32) {
        rows[group] += 1
        filled[group] += 1
        if op == .distinct {
            if codes.isEmpty { codes = Array(repeating: [], count: rows.count) }
            codes[group].insert(code)
        }
    }

    /// The aggregate of `group`, or nil when it has no value: no filled cell (every operation
    /// but a bare count, which is 0 for no rows, and sum, which is 0 when rows are all empty
    /// — as a spreadsheet sums them), or one value for a standard deviation.
    func value(_ group: Int, countsRows: Bool) -> Double? {
        switch op {
        case .count: return Double(countsRows ? rows[group] : filled[group])
        case .distinct: return Double(codes.isEmpty ? 0 : codes[group].count)
        case .sum: return rows[group] == 0 ? nil : sums[group]
        case .mean: return filled[group] == 0 ? nil : means[group]
        case .stdev: return filled[group] < 2 ? nil : (squares[group] / Double(filled[group] - 1)).squareRoot()
        case .min: return filled[group] == 0 ? nil : lows[group]
        case .max: return filled[group] == 0 ? nil : highs[group]
        case .median:
            let sorted = lists[group].sorted()
            guard !sorted.isEmpty else { return nil }
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    /// The band around `group`'s value: the mean ± one standard deviation, or the lowest to
    /// the highest value. Nil without two values (a deviation) or one (a range).
    func spread(_ group: Int, _ band: BandKind) -> (low: Double, high: Double)? {
        switch band {
        case .stdev:
            guard filled[group] >= 2 else { return nil }
            let sd = (squares[group] / Double(filled[group] - 1)).squareRoot()
            return (means[group] - sd, means[group] + sd)
        case .range:
            guard filled[group] >= 1 else { return nil }
            return (lows[group], highs[group])
        }
    }
}

/// `band`: the spread drawn around an aggregated value.
public enum BandKind: String, Sendable, CaseIterable {
    /// The mean ± one sample standard deviation.
    case stdev
    /// The lowest to the highest value of the group.
    case range
}
