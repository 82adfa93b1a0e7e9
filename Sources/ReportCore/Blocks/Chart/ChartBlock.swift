import ReportScene

/// `chart`: lines, steps, areas or bars of one or more series over dates, numbers or categories.
enum ChartBlock: BlockType {
    static let name = "chart"
    static var keys: [BlockKey] { [
        .data, .sources, .word("mark", ChartSpec.Mark.allCases.map(\.rawValue)), .field("x", required: true),
        BlockKey("y", ["anyOf": [["$ref": "#/$defs/field"], ["type": "array", "items": ["$ref": "#/$defs/field"], "minItems": 1]]], required: true),
        .field("series"), .flag("stack"), .field("y_low"), .field("y_high"), .flag("cumulative"), .flag("log"),
        .text("y_title"), .annotations,
        BlockKey("zero", ["type": "boolean", "description": "false: the value axis fits the data instead of starting at zero (lines and steps only)"]),
        BlockKey("domain", ["type": "array", "items": ["type": "number"], "minItems": 2, "maxItems": 2,
                            "description": "[low, high]: the value axis spans exactly this range; every value must lie inside it"]),
    ] }
    /// The decoder's rules for `zero` and `domain`: bars and areas keep zero, a log axis has
    /// none, and a domain sets the whole axis.
    static var schemaRules: [[String: Any]] { [
        ["if": ["required": ["zero"], "properties": ["zero": ["const": false]]],
         "then": ["not": ["required": ["mark"], "properties": ["mark": ["enum": ["bar", "area"]]]]]],
        ["not": ["required": ["log", "zero"], "properties": ["log": ["const": true], "zero": ["const": false]]]],
        ["not": ["required": ["zero", "domain"]]],
        ["if": ["required": ["log", "domain"], "properties": ["log": ["const": true]]],
         "then": ["properties": ["domain": ["items": ["exclusiveMinimum": 0]]]]],
        ["if": ["required": ["mark", "domain"], "properties": ["mark": ["enum": ["bar", "area"]]]],
         "then": ["properties": ["domain": ["prefixItems": [["maximum": 0], ["minimum": 0]]]]]],
    ] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> ChartSpec? {
        let mark = r.word("mark", oneOf: ChartSpec.Mark.allCases.map(\.rawValue)).flatMap(ChartSpec.Mark.init) ?? .line
        let x = r.field("x", required: true)
        var ys: [FieldRef] = []
        if let yNode = r.node("y") {
            if let list = yNode.elements {
                if list.isEmpty { r.error("\"y\" must name at least one column, found an empty list", at: yNode, key: "y") }
                for (i, item) in list.enumerated() {
                    if let s = item.stringValue, !s.isEmpty { ys.append(FieldRef(s, at: item.position, path: "\(decoder.path).y[\(i)]")) }
                    else { r.error("\"y\" entries must be column names, found \(item.stringValue != nil ? "an empty string" : item.kindDescription)", at: item, key: "y[\(i)]") }
                }
            } else if let y = r.field("y") { ys = [y] }
        } else {
            r.missing("y")
        }
        let (series, stack, yLow, yHigh) = (r.field("series"), r.bool("stack") ?? false, r.field("y_low"), r.field("y_high"))
        let (cumulative, log, yTitle, annotations) = (r.bool("cumulative") ?? false, r.bool("log") ?? false, r.string("y_title"), decoder.annotations(r))
        let scale = valueScale(r, mark: mark, log: log)
        guard let x, !ys.isEmpty else { return nil }
        return ChartSpec(mark: mark, x: x, y: ys, series: series, stack: stack, yLow: yLow, yHigh: yHigh,
                         cumulative: cumulative, log: log, yTitle: yTitle, annotations: annotations, valueScale: scale,
                         domainPosition: r.node("domain")?.position)
    }

    /// `zero` and `domain`: where the value axis runs. Bars and areas are read as lengths from
    /// zero, so for them the axis keeps zero (a fixed domain must include it).
    private static func valueScale(_ r: ObjectReader, mark: ChartSpec.Mark, log: Bool) -> ChartSpec.ValueScale {
        let measuredFromZero = mark == .bar || mark == .area
        if let node = r.node("domain") {
            guard let pair = node.elements, pair.count == 2, let lo = pair[0].numberValue, let hi = pair[1].numberValue else {
                r.error("\"domain\" must be [low, high], two numbers, found \(node.elements.map { "an array of \($0.count)" } ?? node.kindDescription)", at: node, key: "domain")
                return .fromZero
            }
            guard lo < hi else {
                r.error("\"domain\" runs backwards or is empty: [\(NumberFormat.spec(lo)), \(NumberFormat.spec(hi))]; write [low, high]", at: node, key: "domain")
                return .fromZero
            }
            if log, lo <= 0 {
                r.error("a logarithmic axis cannot reach \(NumberFormat.spec(lo)); \"domain\" must be above zero", at: node, key: "domain")
                return .fromZero
            }
            if measuredFromZero, lo > 0 || hi < 0 {
                r.error("\(mark == .bar ? "bars" : "areas") are read as lengths from zero, so \"domain\" must include 0, found [\(NumberFormat.spec(lo)), \(NumberFormat.spec(hi))]",
                        at: node, key: "domain")
                return .fromZero
            }
            if r.has("zero") { r.error("give \"zero\" or \"domain\", not both: a domain sets the whole axis", at: r.node("zero")!, key: "zero") }
            return .fixed(lo, hi)
        }
        guard let zero = r.bool("zero"), !zero else { return .fromZero }
        if measuredFromZero {
            r.error("\(mark == .bar ? "bars" : "areas") are read as lengths from zero, so their axis starts at zero; \"zero\": false applies to lines and steps",
                    at: r.node("zero")!, key: "zero")
            return .fromZero
        }
        if log { r.error("a logarithmic axis never includes zero; leave \"zero\" out", at: r.node("zero")!, key: "zero") }
        return .fitted
    }

    static func prepare(_ c: ChartSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> ChartModel? {
        let p = input.preparer, v = input.rows
        guard p.check([c.x, c.series], numbers: [(c.yLow, "a chart's \"y_low\""), (c.yHigh, "a chart's \"y_high\"")]
                      + c.y.map { ($0, "a chart's \"y\"") }, in: v, &d) else { return nil }
        guard let model = model(c, v, p, &d) else { return nil }
        // A fixed axis never hides a value: one outside it is an error, not a clipped mark.
        if case .fixed(let lo, let hi) = c.valueScale {
            for s in model.series {
                let outside = s.points.first { point in ([point.y] + [point.low, point.high].compactMap { $0 }).contains { $0 < lo || $0 > hi } }
                if let point = outside {
                    let value = [point.y, point.low, point.high].compactMap { $0 }.first { $0 < lo || $0 > hi }!
                    let index = Int(point.x)
                    let at = model.categories.flatMap { $0.indices.contains(index) ? $0[index] : nil }
                        ?? (model.xIsDate ? CivilDate(dayNumber: Int(point.x.rounded(.down))).isoString : NumberFormat.spec(point.x))
                    d.append(.error("\(NumberFormat.spec(value)) (\(s.name) at \(at)) lies outside \"domain\" [\(NumberFormat.spec(lo)), \(NumberFormat.spec(hi))]; widen it, or leave it out to fit the data",
                                    file: p.specFile, at: c.domainPosition, path: "\(input.block.path).domain"))
                    return nil
                }
            }
        }
        return model
    }

    static func colorCategories(_ model: ChartModel) -> [String] { model.series.map(\.name) }

    static func layout(_ model: ChartModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [chart(block, model, width: area.width, height: area.plotHeight, ctx)]
    }

    /// A `chart` block: its marks over dates, numbers or categories, with a legend when
    /// there is more than one series, and axis titles named after the columns by default.
    private static func chart(_ block: PreparedBlock, _ model: ChartModel, width: Double, height: Double, _ ctx: LayoutContext) -> Piece {
        let spec = model.spec
        let mark: XYChart.Mark = switch spec.mark { case .line: .line; case .step: .step; case .area: .area; case .bar: .bar }
        let x: XYChart.XKind = model.categories.map { .categories($0) } ?? (model.xIsDate ? .date : .number)
        var yTitle = spec.yTitle
        if yTitle == nil, spec.y.count == 1 { yTitle = BlockPieces.columnTitle(spec.y[0].name) + (spec.cumulative ? " (cumulative)" : "") }
        var xTitle: String?
        if case .number = x { xTitle = BlockPieces.columnTitle(spec.x.name) }
        var chart = XYChart(series: model.series, mark: mark, x: x, stack: spec.stack, log: spec.log,
                            yTitle: yTitle, xTitle: xTitle, annotations: spec.annotations)
        chart.valueScale = spec.valueScale
        let legend = model.series.count > 1 ? model.series.map { ($0.name, ctx.colors.color(for: $0.name)) } : []
        return BlockFrame(block: block, legend: legend, notes: model.notes).piece(width: width, height: height, ctx) { chart.draw(in: $0, ctx) }
    }

    /// How a chart reads its x column.
    private enum XKind { case date, number, category }

    /// The x column's kind: its declared type, else what its cells are. Dates win over
    /// numbers when every cell is both (`2016`, `2017`); text makes categories for bars. When
    /// the cells are mixed, the kind most cells have wins and the others are reported.
    private static func xKind(_ c: ChartSpec, _ v: DataView, cells: [String], _ p: BlockPreparer, _ d: inout [Diagnostic]) -> XKind? {
        let markName = c.mark == .area ? "an area chart" : "a \(c.mark.rawValue) chart"
        switch v.table.declaredTypes[c.x.name] {
        case .date?: return .date
        case .number?: return .number
        case .string?:
            if c.mark == .bar { return .category }
            d.append(.error("\(markName) needs dates or numbers on x, but column \"\(c.x.name)\" is declared \"string\"",
                            file: p.specFile, at: c.x.position, path: c.x.path,
                            suggestion: "use \"mark\": \"bar\" for categories, or declare the column \"date\" or \"number\""))
            return nil
        case nil: break
        }
        let filled = cells.filter { !$0.isEmpty }
        let dates = filled.filter { if case .success = v.table.parseDate($0, column: c.x.name) { return true } else { return false } }.count
        let numbers = filled.filter { v.table.readNumber($0) != nil }.count
        if dates == filled.count { return .date }
        if numbers == filled.count { return .number }
        if c.mark == .bar { return .category }
        if dates == 0, numbers == 0 {
            // Dates written in a form that does not parse are dates all the same: the fix is
            // their format, never bars of text.
            if let example = filled.first(where: looksLikeDate), case .failure(let e) = v.table.parseDate(example, column: c.x.name) {
                d.append(.error("\(markName) needs dates or numbers on x, and column \"\(c.x.name)\" holds dates that do not read as dates, such as \"\(example)\": \(e.message)",
                                file: p.specFile, at: c.x.position, path: c.x.path,
                                suggestion: e.message.contains("format") ? nil
                                    : "correct the values, or give the column's date format under its data source: \"types\": {\"\(c.x.name)\": {\"type\": \"date\", \"format\": …}}"))
                return nil
            }
            d.append(.error("\(markName) needs dates or numbers on x, but column \"\(c.x.name)\" holds text such as \"\(filled[0])\"",
                            file: p.specFile, at: c.x.position, path: c.x.path,
                            suggestion: "use \"mark\": \"bar\" to draw one bar per category"))
            return nil
        }
        return dates >= numbers ? .date : .number
    }

    /// True for text shaped like a date (digits with / . - between them, or a four-digit
    /// year beside other digits): `03/04/2017`, `10.03.17`, `2017-3-1`, `10 Mrach 2017`.
    private static func looksLikeDate(_ text: String) -> Bool {
        let chars = Array(text)
        let separated = chars.indices.dropFirst().dropLast().contains { i in
            "/.-".contains(chars[i]) && chars[i - 1].isASCII && chars[i - 1].isNumber && chars[i + 1].isASCII && chars[i + 1].isNumber
        }
        var run = 0, longest = 0, digits = 0
        for ch in chars {
            if ch.isASCII, ch.isNumber { run += 1; digits += 1; longest = max(longest, run) } else { run = 0 }
        }
        return separated || (longest == 4 && digits > 4)
    }

    /// The rows read into series by x (dates, numbers or categories), each bad cell reported;
    /// accumulated when the chart is cumulative.
    private static func model(_ c: ChartSpec, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> ChartModel? {
        let before = d.count
        let xCells = v.strings(c.x.name)
        guard let kind = xKind(c, v, cells: xCells, p, &d) else { return nil }
        var xValues: [Double?] = Array(repeating: nil, count: v.count)
        var approximateRows: [Bool] = []
        var approximateX: [String: Set<Double>] = [:]
        var categories: [String] = []
        switch kind {
        case .date:
            let dates = p.readDates(c.x, v, "a chart's \"x\"", &d)
            xValues = dates.map { $0.map(\.chartX) }
            approximateRows = dates.map { $0?.approximate ?? false }
        case .number:
            xValues = p.readNumbers(c.x, v, "a chart's \"x\"", &d)
        case .category:
            for (i, cell) in xCells.enumerated() where !cell.isEmpty {
                if !categories.contains(cell) { categories.append(cell) }
                xValues[i] = Double(categories.firstIndex(of: cell)!)
            }
        }
        for i in 0..<v.count where xCells[i].isEmpty {
            d.append(v.cellError(row: v.rows[i], column: c.x.name, value: "", problem: "is empty; every point needs an x value"))
        }
        var seriesOrder: [String] = []
        var points: [String: [(x: Double, y: Double, low: Double?, high: Double?)]] = [:]
        let lows = c.yLow.map { p.readNumbers($0, v, "a chart's \"y_low\"", &d) }
        let highs = c.yHigh.map { p.readNumbers($0, v, "a chart's \"y_high\"", &d) }
        p.checkRangeOrder(lows, highs, low: c.yLow, high: c.yHigh, v, &d)
        let seriesCells = c.series.map { v.strings($0.name) }
        // Bars and stacked areas draw one value per x in a series: a second row for the same
        // x would hide under the first (or break the stack), so it is an error, not a guess.
        let onePerX = (c.mark == .bar || c.mark == .area) && !c.cumulative
        var firstAt: [String: [Double: Int]] = [:]
        // Rows whose x a series already has, per series: said once a series, with the count
        // and the first of them, not once a row (raw rows repeat by the hundred).
        var repeats: [String: [(row: Int, first: Int)]] = [:], repeatOrder: [String] = []
        for y in c.y {
            let ys = p.readNumbers(y, v, "a chart's \"y\"", &d)
            for i in 0..<v.count {
                guard let yv = ys[i] else { continue }
                if c.log, yv <= 0 {
                    d.append(v.cellError(row: v.rows[i], column: y.name, value: NumberFormat.spec(yv),
                                         problem: "is not above zero; a chart with \"log\": true can only show positive values"))
                    continue
                }
                guard let x = xValues[i] else { continue }
                let name = c.y.count > 1 ? y.name : (seriesCells?[i] ?? y.name)
                if onePerX {
                    if let first = firstAt[name]?[x] {
                        if repeats[name] == nil { repeatOrder.append(name) }
                        repeats[name, default: []].append((row: i, first: first))
                        continue
                    }
                    firstAt[name, default: [:]][x] = i
                }
                if points[name] == nil { seriesOrder.append(name); points[name] = [] }
                points[name]!.append((x, yv, lows?[i] ?? nil, highs?[i] ?? nil))
                if approximateRows.indices.contains(i), approximateRows[i] { approximateX[name, default: []].insert(x) }
            }
        }
        for name in repeatOrder {
            let list = repeats[name]!, (row, first) = list[0]
            let kind = c.mark == .bar ? "a bar chart draws one bar" : "an area chart stacks one value"
            let more = list.count == 1 ? "" : "; \(list.count) rows in all repeat an x of this series, the next \"\(xCells[list[1].row])\" at \(p.where_(v, v.rows[list[1].row]))"
            d.append(v.cellError(row: v.rows[row], column: c.x.name, value: xCells[row],
                                 problem: "comes again in series \"\(name)\" (first at \(p.where_(v, v.rows[first])))\(more); \(kind) per x: sum such rows in the data, or set \"series\" to a column that tells them apart"))
        }
        guard d.count == before else { return nil }
        var series = seriesOrder.map { ChartSeries(name: $0, points: points[$0]!.sorted { $0.x < $1.x }, approximateX: approximateX[$0] ?? []) }
        if c.cumulative {
            // Ranges accumulate too: the running total of the lows and of the highs (a row
            // without a range adds its value to both), so the band stays around the total.
            for s in series.indices {
                var total = 0.0, lowTotal = 0.0, highTotal = 0.0, ranged = false
                for p in series[s].points.indices {
                    let point = series[s].points[p]
                    total += point.y
                    lowTotal += point.low ?? point.y
                    highTotal += point.high ?? point.y
                    ranged = ranged || point.low != nil || point.high != nil
                    series[s].points[p] = (point.x, total, ranged ? lowTotal : nil, ranged ? highTotal : nil)
                }
            }
        }
        return ChartModel(spec: c, series: series, xIsDate: kind == .date, categories: kind == .category ? categories : nil)
    }
}

/// `chart` keys.
public struct ChartSpec: Sendable {
    /// Chart marks.
    public enum Mark: String, Sendable, CaseIterable { case line, step, area, bar }
    public var mark: Mark
    public var x: FieldRef
    public var y: [FieldRef]
    public var series: FieldRef?
    public var stack: Bool
    public var yLow: FieldRef?
    public var yHigh: FieldRef?
    public var cumulative: Bool
    public var log: Bool
    public var yTitle: String?
    public var annotations: [AnnotationSpec]
    /// Where the value axis runs.
    public var valueScale: ValueScale = .fromZero
    /// Where `domain` was written, for values outside it.
    public var domainPosition: SourcePosition?

    /// The span of a chart's value axis.
    public enum ValueScale: Sendable, Equatable {
        /// From zero (or below, for negative values) to the data's extreme, widened to a step.
        case fromZero
        /// Around the data only (`"zero": false`), widened to a step.
        case fitted
        /// Exactly `[low, high]` (`"domain"`).
        case fixed(Double, Double)
    }
}

/// A chart's series of points.
public struct ChartSeries: Sendable {
    public var name: String
    /// (x, y, low, high) with x as a day number or a plain number.
    public var points: [(x: Double, y: Double, low: Double?, high: Double?)]
    /// The x values whose dates are approximate (`~2017-03-08`): drawn as hollow points.
    public var approximateX: Set<Double> = []

    /// The note under a chart with hollow points (charts and troop levels say it alike).
    static let approximateNote = "Hollow points mark approximate dates (~)."
}

/// A chart block's data.
public struct ChartModel: Sendable {
    public let spec: ChartSpec
    public let series: [ChartSeries]
    /// True when x holds dates.
    public let xIsDate: Bool
    /// Bar categories when x is text.
    public let categories: [String]?
    /// What the marks mean, under the chart: a log scale, reported ranges, approximate dates.
    public let notes: [String]

    /// A chart's model, with its notes.
    public init(spec: ChartSpec, series: [ChartSeries], xIsDate: Bool, categories: [String]?) {
        self.spec = spec; self.series = series; self.xIsDate = xIsDate; self.categories = categories
        var notes: [String] = []
        if spec.log { notes.append("Logarithmic scale: equal distances up the value axis are equal ratios, not equal differences.") }
        if series.contains(where: { $0.points.contains { $0.low != nil || $0.high != nil } }) {
            notes.append(spec.mark == .bar ? "Whiskers show the reported range (low to high)." : "Shaded bands and whiskers show the reported range (low to high).")
        }
        if spec.mark != .bar, spec.mark != .area, series.contains(where: { !$0.approximateX.isEmpty }) { notes.append(ChartSeries.approximateNote) }
        self.notes = notes
    }
}
