/// A chart's `aggregate`: rows grouped by x (a period with `time_unit`, a bin with `bin`)
/// and series, each group drawn as one value.
///
/// Columnar: each distinct x text is read and placed in its group once, each series text
/// gets its index once, and the rows are then one pass of array lookups into a
/// `GroupAggregator`. Nothing per row is kept but what a median needs.
extension ChartBlock {
    /// The most groups (x values × series) a chart computes: more could never be drawn.
    static let maxGroups = 4_000_000

    /// How a chart's x is grouped, and what each group's point looks like.
    private struct XGroups {
        /// Per distinct x text: its group, or -1 (empty, unreadable).
        var ofCode: [Int32]
        /// Per group: its key (a period's first day, a bin's index, a number, a category).
        var keys: [Double] = []
        /// Codes whose dates span more than one period (placed by their middle).
        var spanning: Set<Int> = []
        /// Category names in group order, for text x.
        var names: [String] = []
        /// The bins of a binned x.
        var bins: Bins?
        /// Per drawn x of a period or bin: where it starts and ends (for bars that span it).
        var periodEnds: [Double: (Double, Double)] = [:]
        /// The dates written as months or years, placed by themselves (no `time_unit`).
        var coarseDates: [Double: EventDate.Precision] = [:]

        /// The spans bars cover: their periods or bins; empty for points.
        func intervals(_ c: ChartSpec) -> [Double: ChartModel.Interval] {
            guard c.mark == .bar else { return [:] }
            return periodEnds.mapValues { ChartModel.Interval(from: $0.0, to: $0.1, touching: bins != nil) }
        }
    }

    /// The model of a chart with `aggregate`; nil when its rows are wrong (each reported).
    static func aggregatedModel(_ c: ChartSpec, _ agg: AggregateSpec, kind: XKind, _ v: DataView,
                                _ p: BlockPreparer, _ d: inout [Diagnostic]) -> ChartModel? {
        if let unit = c.timeUnit, kind != .date {
            d.append(.error("\"time_unit\": \"\(unit.rawValue)\" groups dates, but column \"\(c.x.name)\" holds \(kind == .number ? "numbers" : "text")",
                            file: p.specFile, at: c.x.position, path: c.x.path,
                            suggestion: kind == .number ? "group numbers with \"bin\"" : "name a column of dates, or declare this one \"date\" with its format"))
            return nil
        }
        if c.bin != nil, kind != .number {
            d.append(.error("\"bin\" groups numbers, but column \"\(c.x.name)\" holds \(kind == .date ? "dates" : "text")",
                            file: p.specFile, at: c.x.position, path: c.x.path,
                            suggestion: kind == .date ? "group dates with \"time_unit\", such as \"week\"" : "name a column of numbers"))
            return nil
        }
        guard let xColumn = v.table.column(c.x.name) else { return nil }
        let before = d.count
        guard var groups = xGroups(c, kind: kind, xColumn, v, p, &d) else { return nil }
        // Rows without an x belong to no group: left out, and the chart says how many (an
        // event log often lacks a value here and there; that is no reason to draw nothing).
        var withoutX = 0
        if let empty = xColumn.values.firstIndex(of: "") {
            xColumn.codes.withUnsafeCodes { codes in
                for row in v.rows where Int(codes[row]) == empty { withoutX += 1 }
            }
        }

        // Series: a column's values in order of first appearance, or the y columns.
        let seriesColumn = c.series.flatMap { v.table.column($0.name) }
        var seriesOfCode: [Int32] = []
        var seriesNames: [String] = []
        if let seriesColumn {
            seriesOfCode = Array(repeating: -1, count: seriesColumn.values.count)
            seriesColumn.codes.withUnsafeCodes { codes in
                for row in v.rows where seriesOfCode[Int(codes[row])] < 0 {
                    seriesOfCode[Int(codes[row])] = Int32(seriesNames.count)
                    seriesNames.append(seriesColumn.values[Int(codes[row])])
                }
            }
        }
        // The columns of values: the aggregate's own, each `y`, or none (rows are counted).
        let valueFields: [FieldRef?] = agg.field.map { [$0] } ?? (c.y.isEmpty ? [nil] : c.y.map { Optional($0) })
        if seriesColumn == nil {
            seriesNames = valueFields.count > 1 ? valueFields.map { $0!.name } : [agg.field?.name ?? c.y.first?.name ?? "rows"]
        }
        // Read every value column first, so all their bad cells are reported in one run.
        var inputs: [AggregateInput] = []
        let role = "\"aggregate\": \"\(agg.op.rawValue)\""
        for field in valueFields { inputs.append(AggregateInput(field, agg.op, v, p, role: role, &d)) }
        let lowInput = c.yLow.map { AggregateInput($0, agg.op, v, p, role: role, &d) }
        let highInput = c.yHigh.map { AggregateInput($0, agg.op, v, p, role: role, &d) }
        guard d.count == before, !inputs.contains(where: \.failed), lowInput?.failed != true, highInput?.failed != true else { return nil }

        // `top`: the largest series by the aggregate over all their rows; the rest become "Other".
        if let top = c.top, seriesNames.count > top {
            var ranking = GroupAggregator(agg.op, groups: seriesNames.count)
            ranking.feed(inputs[0], v, group: { row, _ in
                let s = seriesOfCode[Int(seriesColumn!.codes[row])]
                return Int(s)
            })
            let order = seriesNames.indices.sorted { a, b in
                let va = ranking.value(a, countsRows: agg.field == nil) ?? -.infinity, vb = ranking.value(b, countsRows: agg.field == nil) ?? -.infinity
                return va != vb ? va > vb : a < b
            }
            var newIndex = [Int32](repeating: Int32(top), count: seriesNames.count)
            for (rank, s) in order.prefix(top).enumerated() { newIndex[s] = Int32(rank) }
            seriesOfCode = seriesOfCode.map { $0 < 0 ? $0 : newIndex[Int($0)] }
            seriesNames = order.prefix(top).map { seriesNames[$0] } + [ChartModel.otherSeries]
        }

        let seriesCount = seriesNames.count, groupCount = groups.keys.count * seriesCount
        guard groupCount <= maxGroups else {
            d.append(.error("\"aggregate\" would make \(groups.keys.count) x values × \(seriesCount) series = \(groupCount) groups, more than a chart can draw (\(maxGroups))",
                            file: p.specFile, at: agg.position, path: agg.path,
                            suggestion: c.timeUnit == nil && c.bin == nil ? "group x with \(kind == .date ? "\"time_unit\"" : "\"bin\"")" : "keep fewer series with \"top\""))
            return nil
        }
        let countsRows = agg.field == nil && c.y.isEmpty
        func aggregate(_ input: AggregateInput, series fixed: Int?, spread: Bool = false) -> GroupAggregator {
            var a = GroupAggregator(agg.op, groups: groupCount, keepsSpread: spread)
            let xCodes = xColumn.codes
            a.feed(input, v) { row, _ in
                let xi = Int(groups.ofCode[Int(xCodes[row])])
                if xi < 0 { return -1 }
                let s = fixed ?? Int(seriesOfCode[Int(seriesColumn!.codes[row])])
                return xi * seriesCount + s
            }
            return a
        }
        // One aggregator per value column: with several `y`, column i is series i.
        let aggregators = inputs.enumerated().map { i, input in
            aggregate(input, series: seriesColumn == nil ? i : nil, spread: c.band != nil)
        }
        let lows = lowInput.map { aggregate($0, series: seriesColumn == nil ? 0 : nil) }
        let highs = highInput.map { aggregate($0, series: seriesColumn == nil ? 0 : nil) }

        // The x values in order, with empty periods and bins filled in where groups add up.
        let order = orderedX(c, agg, &groups)
        // Along periods and bins a series without rows in one stands at zero there too.
        let fillsPeriods = c.timeUnit != nil || c.bin != nil
        var series: [ChartSeries] = []
        var oneValueGroups = 0
        for (s, name) in seriesNames.enumerated() {
            let a = aggregators[seriesColumn == nil ? s : 0]
            var points: [(x: Double, y: Double, low: Double?, high: Double?)] = []
            for (group, x) in order {
                guard let group else {
                    points.append((x, 0, nil, nil)); continue
                }
                let g = group * seriesCount + s
                guard let y = a.value(g, countsRows: countsRows) ?? (fillsPeriods && agg.op.isZeroWhenEmpty ? 0 : nil) else {
                    if agg.op == .stdev, a.filled[g] == 1 { oneValueGroups += 1 }
                    continue
                }
                var low = lows?.value(g, countsRows: false), high = highs?.value(g, countsRows: false)
                if let band = c.band, let spread = a.spread(g, band) { (low, high) = (spread.low, spread.high) }
                points.append((x, y, low, high))
            }
            series.append(ChartSeries(name: name, points: points))
        }
        if c.cumulative { series = accumulated(series) }
        var notes: [String] = []
        if !groups.spanning.isEmpty, let unit = c.timeUnit {
            let rows = v.rows.filter { groups.spanning.contains(Int(xColumn.codes[$0])) }
            let n = rows.count
            notes.append("\(n) row\(n == 1 ? " is" : "s are") dated less precisely than a \(unit == .monthOfYear ? "month" : unit.rawValue) and counted in the \(unit == .monthOfYear ? "month" : unit.rawValue) of \(n == 1 ? "its" : "their") middle.")
            d.append(.warning("column \"\(c.x.name)\": \"\(xColumn[rows[0]])\" spans more than one \(unit == .monthOfYear ? "month" : unit.rawValue), so it is counted in the \(unit == .monthOfYear ? "month" : unit.rawValue) of its middle\(n > 1 ? " (\(n) rows in all; the chart says so under it)" : " (the chart says so under it)")",
                              file: v.table.file, at: v.table.rowPositions[rows[0]]))
        }
        if withoutX > 0 {
            notes.append("\(withoutX) row\(withoutX == 1 ? "" : "s") without \(kind == .date ? "a date" : "a value") in \"\(c.x.name)\" \(withoutX == 1 ? "is" : "are") left out.")
        }
        if oneValueGroups > 0 {
            notes.append("A standard deviation needs two values: \(oneValueGroups) group\(oneValueGroups == 1 ? "" : "s") with one value \(oneValueGroups == 1 ? "is" : "are") left out.")
        }
        if let bins = groups.bins, c.mark == .bar {
            notes.append("Each bar counts values from its left edge up to its right edge, \(NumberFormat.spec(bins.width)) wide; the last bar includes its right edge.")
        }
        let rangeNote: String? = switch c.band {
        case .stdev?: "The band shows the mean ± one standard deviation of each group's values."
        case .range?: "The band spans the lowest to the highest value of each group."
        case nil: nil
        }
        var model = ChartModel(spec: c, series: series, xIsDate: kind == .date && c.timeUnit?.isCyclic != true,
                               categories: c.timeUnit?.isCyclic == true ? TimeUnit.monthNames : (kind == .category ? groups.names : nil),
                               extraNotes: notes, rangeNote: rangeNote)
        model.intervals = groups.intervals(c)
        model.xTitle = c.timeUnit?.axisTitle
        model.coarseDates = groups.coarseDates
        model.valueTitle = valueTitle(c, agg)
        return model
    }

    /// The default value-axis title: `Rows per week`, `Fatalities, mean per month`.
    private static func valueTitle(_ c: ChartSpec, _ agg: AggregateSpec) -> String {
        // A running total is of all periods so far, not per period.
        let per = c.cumulative ? "" : c.timeUnit.map { " " + $0.perWord } ?? (c.bin != nil ? " per bin" : "")
        let column = (agg.field ?? (c.y.count == 1 ? c.y[0] : nil)).map { BlockPieces.columnTitle($0.name) }
        var title: String
        switch agg.op {
        case .count where agg.field == nil: title = "Rows" + per
        case .count: title = "Rows with \(column!.lowercased())" + per
        case .distinct: title = "Distinct \(column!.lowercased())" + per
        default: title = column.map { "\($0), \(agg.op.noun)\(per)" } ?? "\(agg.op.noun.capitalized)\(per)"
        }
        if c.normalize { title = "Share of " + (agg.op == .count && agg.field == nil ? "rows" : title.prefix(1).lowercased() + title.dropFirst()) + " (%)" }
        if c.cumulative { title += " (cumulative)" }
        return title
    }
}

// MARK: Grouping x

extension ChartBlock {
    /// Each distinct x text's group: its period, its bin, its number or its category.
    private static func xGroups(_ c: ChartSpec, kind: XKind, _ column: Column, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> XGroups? {
        var groups = XGroups(ofCode: Array(repeating: -1, count: column.values.count))
        var index: [Double: Int32] = [:]
        func place(_ code: Int, _ key: Double) {
            if let i = index[key] { groups.ofCode[code] = i; return }
            index[key] = Int32(groups.keys.count)
            groups.ofCode[code] = Int32(groups.keys.count)
            groups.keys.append(key)
        }
        let used = p.usedCodes(column, v)
        switch kind {
        case .date:
            guard let dates = p.datesByCode(c.x, v, "a chart's \"x\"", &d) else { return nil }
            for code in dates.indices where used[code] {
                guard let date = dates[code] else { continue }
                if let unit = c.timeUnit {
                    let (key, spans) = unit.group(of: date)
                    if spans { groups.spanning.insert(code) }
                    place(code, Double(key))
                } else {
                    place(code, date.chartX)
                    if date.precision < .day { groups.coarseDates[date.chartX] = date.precision }
                }
            }
        case .number:
            guard let numbers = p.numbersByCode(c.x, v, "a chart's \"x\"", &d) else { return nil }
            let present = numbers.indices.filter { used[$0] }.compactMap { numbers[$0] }
            if let bin = c.bin, let low = present.min(), let high = present.max() {
                let bins = bin.layout(low: low, high: high)
                guard bins.count <= maxGroups else {
                    d.append(.error("\"bin\" with step \(NumberFormat.spec(bins.width)) would make \(bins.count) bins from \(NumberFormat.spec(low)) to \(NumberFormat.spec(high)); choose a wider step",
                                    file: p.specFile, at: c.x.position, path: c.x.path))
                    return nil
                }
                groups.bins = bins
                for code in numbers.indices where used[code] {
                    if let n = numbers[code] { place(code, Double(bins.index(of: n))) }
                }
            } else {
                for code in numbers.indices where used[code] { if let n = numbers[code] { place(code, n) } }
            }
        case .category:
            column.codes.withUnsafeCodes { codes in
                for row in v.rows where groups.ofCode[Int(codes[row])] < 0 && !column.values[Int(codes[row])].isEmpty {
                    groups.names.append(column.values[Int(codes[row])])
                    place(Int(codes[row]), Double(groups.keys.count))
                }
            }
        }
        return groups
    }

    /// The x values in drawing order, each with its group (nil: an empty period or bin that
    /// stands for zero). Periods, bins and months of the year are filled in between the
    /// first and the last when groups add up (a week without events counts 0, not a gap a
    /// line would bridge); other operations leave them out (a mean of nothing is no value).
    private static func orderedX(_ c: ChartSpec, _ agg: AggregateSpec, _ groups: inout XGroups) -> [(group: Int?, x: Double)] {
        let byKey = Dictionary(uniqueKeysWithValues: groups.keys.enumerated().map { ($1, $0) })
        let sorted = groups.keys.sorted()
        let fill = agg.op.isZeroWhenEmpty
        let line = c.mark != .bar
        if let unit = c.timeUnit, !unit.isCyclic {
            guard let first = sorted.first, let last = sorted.last else { return [] }
            var out: [(Int?, Double)] = []
            var start = Int(first)
            while Double(start) <= last {
                let next = unit.next(after: start)
                // Bars span their period from its start; a line's point stands at its middle.
                let x = line && unit != .day ? Double(start + next) / 2 : Double(start)
                if let g = byKey[Double(start)] { out.append((g, x)) } else if fill { out.append((nil, x)) }
                groups.periodEnds[x] = (Double(start), Double(next))
                start = next
            }
            return out
        }
        if let unit = c.timeUnit, unit.isCyclic {
            return (0..<12).compactMap { m in byKey[Double(m)].map { ($0, Double(m)) } ?? (fill ? (nil, Double(m)) : nil) }
        }
        if let bins = groups.bins {
            return (0..<bins.count).compactMap { i in
                let start = bins.start(i)
                let x = line ? start + bins.width / 2 : start
                groups.periodEnds[x] = (start, start + bins.width)
                return byKey[Double(i)].map { ($0, x) } ?? (fill ? (nil, x) : nil)
            }
        }
        return sorted.map { (byKey[$0]!, $0) }
    }
}

extension ChartBlock {
    /// Running totals along each series (ranges accumulate too: the running total of the
    /// lows and of the highs, a point without a range adding its value to both).
    static func accumulated(_ series: [ChartSeries]) -> [ChartSeries] {
        series.map { s in
            var s = s
            var total = 0.0, lowTotal = 0.0, highTotal = 0.0, ranged = false
            for p in s.points.indices {
                let point = s.points[p]
                total += point.y
                lowTotal += point.low ?? point.y
                highTotal += point.high ?? point.y
                ranged = ranged || point.low != nil || point.high != nil
                s.points[p] = (point.x, total, ranged ? lowTotal : nil, ranged ? highTotal : nil)
            }
            return s
        }
    }

    /// Each series as its percentage of the total at each x (`"stack": "normalize"`); an x
    /// whose values add up to zero has no share to show and is left out.
    static func normalized(_ series: [ChartSeries]) -> [ChartSeries] {
        var totals: [Double: Double] = [:]
        for s in series { for p in s.points { totals[p.x, default: 0] += p.y } }
        return series.map { s in
            var s = s
            s.points = s.points.compactMap { p in
                guard let total = totals[p.x], total != 0 else { return nil }
                return (p.x, p.y / total * 100, nil, nil)
            }
            return s
        }
    }
}

extension ChartModel {
    /// The model with each series as its share of each x's total (`"stack": "normalize"`).
    func normalized() -> ChartModel {
        var model = self
        model.series = ChartBlock.normalized(series)
        return model
    }
}
