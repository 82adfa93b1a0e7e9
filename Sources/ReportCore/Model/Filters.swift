/// Applies a spec `filter` to a view: keeps rows matching every condition, and one of the
/// alternatives of its `any` when it has one.
extension DataView {
    /// The rows that pass `filter`; unknown columns and unreadable values are reported.
    ///
    /// A date or number range compares values, so a non-empty cell that is not a date (or not
    /// a number) is an error, not a silently dropped row; empty cells never match a range,
    /// nor its `not`. Conditions are applied in turn, each to the rows the ones before kept,
    /// so a bad cell in a row already dropped is not judged (as it cannot change the result).
    public func filtered(by filter: FilterSpec?, specFile: String, diagnostics: inout [Diagnostic]) -> DataView {
        guard let filter else { return self }
        var kept = Array(rows)
        for (field, condition) in filter.conditions {
            guard let cells = table.column(field.name) else {
                diagnostics.append(unknownColumn(field, specFile: specFile))
                continue
            }
            // Each distinct text is judged once; rows look up their text's verdict.
            let verdicts = self.verdicts(condition, of: field, cells)
            kept = kept.filter { row in
                switch verdicts[Int(cells.codes[row])] {
                case .keep: return true
                case .drop: return false
                case .unreadable(let problem):
                    diagnostics.append(cellError(row: row, column: field.name, value: cells[row], problem: problem))
                    return false
                }
            }
        }
        if let anyOf = filter.anyOf {
            // Each alternative judges only the rows no earlier one kept, as an all-of filter
            // judges only the rows its earlier conditions kept: a bad cell is reported when
            // it could change whether its row passes. Every alternative still runs, so an
            // unknown column in one is reported even when an earlier one kept every row.
            var passes = [Bool](repeating: false, count: table.rowCount)
            var undecided = kept
            for alternative in anyOf.alternatives {
                let passed = DataView(table: table, rows: undecided).filtered(by: alternative, specFile: specFile, diagnostics: &diagnostics)
                for row in passed.rows { passes[row] = true }
                undecided = undecided.filter { !passes[$0] }
            }
            kept = kept.filter { passes[$0] }
        }
        return DataView(table: table, rows: kept)
    }

    /// What one condition says of a distinct cell text.
    private enum Verdict {
        case keep, drop
        /// The cell cannot be compared (not a date, not a number): the row is dropped and
        /// this problem reported against it.
        case unreadable(String)
    }

    /// The verdict of `condition` on each distinct value of `cells` (indexed by code).
    private func verdicts(_ condition: FilterSpec.Condition, of field: FieldRef, _ cells: Column) -> [Verdict] {
        switch condition {
        case .oneOf(let values):
            let set = Set(values)
            return cells.mapValues { set.contains($0) ? .keep : .drop }
        case .dateRange(let from, let to):
            return cells.mapValues { text in
                dateVerdict(text, field) { d in
                    !(from.map { d.end <= $0.start } ?? false) && !(to.map { d.start >= $0.end } ?? false)
                }
            }
        case .numberRange(let lo, let hi):
            return numberVerdicts(field, cells) { n in
                !(lo.map { n < $0 } ?? false) && !(hi.map { n > $0 } ?? false)
            }
        case .not(let inner):
            // Values: every other text passes, the empty one included. Ranges: a value
            // outside passes; an empty cell (no value) and an unreadable one do not.
            switch inner {
            case .not(let twice):
                return verdicts(twice, of: field, cells)
            case .oneOf:
                return verdicts(inner, of: field, cells).map { verdict in
                    switch verdict {
                    case .keep: return .drop
                    case .drop: return .keep
                    case .unreadable: return verdict
                    }
                }
            case .dateRange, .numberRange:
                return verdicts(inner, of: field, cells).enumerated().map { code, verdict in
                    switch verdict {
                    case .keep: return .drop
                    case .drop: return cells.values[code].isEmpty ? .drop : .keep
                    case .unreadable: return verdict
                    }
                }
            }
        }
    }

    /// Empty: dropped; a date: `inside` decides; anything else: unreadable.
    private func dateVerdict(_ text: String, _ field: FieldRef, inside: (EventDate) -> Bool) -> Verdict {
        if text.isEmpty { return .drop }
        switch table.parseDate(text, column: field.name) {
        case .success(let d): return inside(d) ? .keep : .drop
        case .failure(let e): return .unreadable("\(table.dateProblem(e, column: field.name)) (the filter at \(field.path) compares dates)")
        }
    }

    /// Per distinct value: empty, dropped; a number, `inside` decides; anything else
    /// (ambiguous separators included), unreadable.
    private func numberVerdicts(_ field: FieldRef, _ cells: Column, inside: (Double) -> Bool) -> [Verdict] {
        let (numbers, problems) = table.numberValues(cells)
        return cells.values.enumerated().map { code, text in
            if let n = numbers[code] { return inside(n) ? .keep : .drop }
            if text.isEmpty { return .drop }
            return .unreadable("\(problems[code] ?? table.whyNotNumber(text)) (the filter at \(field.path) compares numbers)")
        }
    }

    /// "unknown column" at the spec position that named it, with a suggestion.
    func unknownColumn(_ field: FieldRef, specFile: String) -> Diagnostic {
        let columns = table.columnNames
        let suggestion = closestMatch(to: field.name, in: columns).map { "did you mean \"\($0)\"?" }
            ?? (columns.isEmpty ? "it has no columns" : "columns: \(columns.joined(separator: ", "))")
        return .error("data source \"\(table.name)\" has no column \"\(field.name)\"", file: specFile,
                      at: field.position, path: field.path, suggestion: suggestion)
    }
}

extension FilterSpec {
    /// False when the filter can match nothing by itself (a range that runs backwards, or
    /// an `any` whose every alternative is such): the decoder has said so already, so an
    /// empty result is no news.
    public var canMatch: Bool {
        isComplete && conditions.allSatisfy { $0.condition.canMatch } && (anyOf?.alternatives.contains { $0.canMatch } ?? true)
    }

    /// The conditions in words, for messages and the note a block shows when they keep no
    /// row: `actor is "Islamic State"`, `date from 2017-03-01 to 2017-03-31`, `n at least 5`,
    /// `actor is not "SDF"`, `any of (actor is "SDF") or (event_type is "Battles")`.
    public var summary: String {
        var parts = conditions.map { field, condition in condition.summary(field.name) }
        if let anyOf {
            parts.append("any of " + anyOf.alternatives.map { "(\($0.summary))" }.joined(separator: " or "))
        }
        return parts.joined(separator: " and ")
    }
}

extension FilterSpec.Condition {
    /// False for a range that runs backwards (it keeps nothing); its `not` keeps every value.
    var canMatch: Bool {
        switch self {
        case .dateRange(let from?, let to?): return to.end > from.start
        case .numberRange(let min?, let max?): return max >= min
        case .oneOf, .dateRange, .numberRange, .not: return true
        }
    }

    /// The condition on column `name` in words.
    func summary(_ name: String) -> String {
        switch self {
        case .oneOf(let values):
            return "\(name) is " + Self.quotedList(values)
        case .dateRange(let from, let to):
            return name + [from.map { " from \($0.isoString)" }, to.map { " to \($0.isoString)" }].compactMap { $0 }.joined()
        case .numberRange(let min, let max):
            switch (min, max) {
            case let (lo?, hi?): return "\(name) from \(NumberFormat.spec(lo)) to \(NumberFormat.spec(hi))"
            case let (lo?, nil): return "\(name) at least \(NumberFormat.spec(lo))"
            case let (nil, hi?): return "\(name) at most \(NumberFormat.spec(hi))"
            case (nil, nil): return name
            }
        case .not(let inner):
            // A range's complement is said as where the value lies instead: "before", "above".
            switch inner {
            case .oneOf(let values):
                return "\(name) is not " + Self.quotedList(values)
            case .dateRange(let from, let to):
                let outside = [from.map { "before \($0.isoString)" }, to.map { "after \($0.isoString)" }].compactMap { $0 }
                return outside.isEmpty ? "\(name) not a date" : "\(name) " + outside.joined(separator: " or ")
            case .numberRange(let min, let max):
                let outside = [min.map { "below \(NumberFormat.spec($0))" }, max.map { "above \(NumberFormat.spec($0))" }].compactMap { $0 }
                return outside.isEmpty ? "\(name) not a number" : "\(name) " + outside.joined(separator: " or ")
            case .not(let twice):
                return twice.summary(name)
            }
        }
    }

    /// `"a"`, or `one of "a", "b"`.
    private static func quotedList(_ values: [String]) -> String {
        let quoted = values.map { "\"\($0)\"" }
        return quoted.count == 1 ? quoted[0] : "one of \(quoted.joined(separator: ", "))"
    }
}
