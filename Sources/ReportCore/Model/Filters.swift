/// Applies a spec `filter` to a view: keeps rows matching every condition.
extension DataView {
    /// The rows that pass `filter`; unknown columns and unreadable values are reported.
    ///
    /// A date or number range compares values, so a non-empty cell that is not a date (or not
    /// a number) is an error, not a silently dropped row; empty cells never match a range.
    public func filtered(by filter: FilterSpec?, specFile: String, diagnostics: inout [Diagnostic]) -> DataView {
        guard let filter else { return self }
        var kept = rows
        for (field, condition) in filter.conditions {
            guard let cells = table.column(field.name) else {
                diagnostics.append(unknownColumn(field, specFile: specFile))
                continue
            }
            // Each distinct text is tested once; rows look up their text's verdict.
            switch condition {
            case .oneOf(let values):
                let set = Set(values)
                let passes = cells.mapValues { set.contains($0) }
                kept = kept.filter { passes[Int(cells.codes[$0])] }
            case .dateRange(let from, let to):
                let verdicts = cells.mapValues { text -> Result<Bool, DateParseError>? in
                    if text.isEmpty { return nil }
                    return table.parseDate(text, column: field.name).map { d in
                        !(from.map { d.end <= $0.start } ?? false) && !(to.map { d.start >= $0.end } ?? false)
                    }
                }
                kept = kept.filter { row in
                    switch verdicts[Int(cells.codes[row])] {
                    case nil: return false
                    case .success(let inside)?: return inside
                    case .failure(let e)?:
                        diagnostics.append(cellError(row: row, column: field.name, value: cells[row],
                                                     problem: "\(table.dateProblem(e, column: field.name)) (the filter at \(field.path) compares dates)"))
                        return false
                    }
                }
            case .numberRange(let lo, let hi):
                let (numbers, ambiguous) = table.numberValues(cells)
                kept = kept.filter { row in
                    let code = Int(cells.codes[row])
                    guard let n = numbers[code] else {
                        let text = cells.values[code]
                        if !text.isEmpty {
                            diagnostics.append(cellError(row: row, column: field.name, value: text,
                                                         problem: "\(ambiguous[code] ?? table.whyNotNumber(text)) (the filter at \(field.path) compares numbers)"))
                        }
                        return false
                    }
                    if let lo, n < lo { return false }
                    if let hi, n > hi { return false }
                    return true
                }
            }
        }
        return DataView(table: table, rows: kept)
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
    /// False when a condition can match nothing by itself (a range that runs backwards):
    /// the decoder has said so already, so an empty result is no news.
    public var canMatch: Bool {
        conditions.allSatisfy { _, condition in
            switch condition {
            case .oneOf: return true
            case .dateRange(let from?, let to?): return to.end > from.start
            case .numberRange(let min?, let max?): return max >= min
            default: return true
            }
        }
    }

    /// The conditions in words, for messages and the note a block shows when they keep no
    /// row: `actor is "Islamic State"`, `date from 2017-03-01 to 2017-03-31`, `n at least 5`.
    public var summary: String {
        conditions.map { field, condition in
            switch condition {
            case .oneOf(let values):
                let quoted = values.map { "\"\($0)\"" }
                return "\(field.name) is " + (quoted.count == 1 ? quoted[0] : "one of \(quoted.joined(separator: ", "))")
            case .dateRange(let from, let to):
                return field.name + [from.map { " from \($0.isoString)" }, to.map { " to \($0.isoString)" }].compactMap { $0 }.joined()
            case .numberRange(let min, let max):
                switch (min, max) {
                case let (lo?, hi?): return "\(field.name) from \(NumberFormat.spec(lo)) to \(NumberFormat.spec(hi))"
                case let (lo?, nil): return "\(field.name) at least \(NumberFormat.spec(lo))"
                case let (nil, hi?): return "\(field.name) at most \(NumberFormat.spec(hi))"
                case (nil, nil): return field.name
                }
            }
        }.joined(separator: " and ")
    }
}
