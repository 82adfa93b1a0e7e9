import ReportScene

/// `chart`: lines, steps, areas or bars of one or more series over dates, numbers or categories.
enum ChartBlock: BlockType {
    static let name = "chart"
    static var keys: [BlockKey] { [
        .data, .sources, .word("mark", ChartSpec.Mark.allCases.map(\.rawValue), "how values are drawn: line (default), step, area or bar"),
        .field("x", required: true, "the column along the horizontal axis: dates, numbers or categories"),
        BlockKey("y", ["anyOf": [["$ref": "#/$defs/field"], ["type": "array", "items": ["$ref": "#/$defs/field"], "minItems": 1]],
                       "description": "the column (or columns) of values; required unless \"aggregate\" names its own or counts rows"],
                 requiredUnless: "aggregate"),
        .field("series", "the column whose values split the rows into series, one colour each"),
        BlockKey("stack", ["anyOf": [["type": "boolean"], ["const": "normalize"]],
                           "description": "true piles series up; \"normalize\" piles them to 100% on a percent axis"]),
        .field("y_low", "the column of each value's low end, shaded as a band"),
        .field("y_high", "the column of each value's high end, shaded as a band"),
        .flag("cumulative", "true: each value is the running total of the values so far (with \"aggregate\": of counts and sums only)"),
        .flag("log", "true: a logarithmic value axis"),
        BlockKey("aggregate", AggregateSpec.schema),
        BlockKey("time_unit", ["enum": TimeUnit.allCases.map(\.rawValue),
                               "description": "groups a date x by period (weeks are ISO weeks, Monday to Sunday); needs \"aggregate\""]),
        BlockKey("bin", ["anyOf": [["type": "boolean"], ["type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                                                          "properties": ["step": ["type": "number", "exclusiveMinimum": 0, "description": "the width of every bin"],
                                                                         "maxbins": ["type": "integer", "minimum": 2, "description": "at most this many bins (default 20), of a round width (1, 2 or 5 × a power of ten)"]]]],
                         "description": "groups a number x into equal bins drawn as a histogram: true, {\"step\": 5} or {\"maxbins\": 20}; needs \"aggregate\""]),
        BlockKey("top", ["type": "integer", "minimum": 1,
                         "description": "keeps the N largest series (ranked by the aggregate over all their rows); the rest become one grey series \"Other\", the same aggregate over all their rows (their sum for count and sum); needs \"series\" and \"aggregate\""]),
        BlockKey("band", ["enum": BandKind.allCases.map(\.rawValue),
                          "description": "a band around aggregated values: \"stdev\" (mean ± one standard deviation) or \"range\" (lowest to highest)"]),
        .text("y_title", "the title of the value axis"), .annotations,
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
        // `y` is needed unless the aggregate names its column or counts rows, and then it is refused.
        ["if": ["required": ["aggregate"], "properties": ["aggregate": ["anyOf": [["const": "count"], ["type": "object"]]]]],
         "then": ["not": ["required": ["y"]]], "else": ["required": ["y"]]],
        ["if": ["anyOf": [["required": ["time_unit"]], ["required": ["bin"], "properties": ["bin": ["not": ["const": false]]]],
                          ["required": ["top"]], ["required": ["band"]]]],
         "then": ["required": ["aggregate"]]],
        ["not": ["required": ["time_unit", "bin"], "properties": ["bin": ["not": ["const": false]]]]],
        ["if": ["required": ["top"]], "then": ["required": ["series"], "properties": ["y": ["type": "string"]]]],
        // A normalised stack is shares from 0% to 100%: no log, no axis of its own, no ranges.
        ["if": ["required": ["stack"], "properties": ["stack": ["const": "normalize"]]],
         "then": ["allOf": ["log", "domain", "zero", "band", "y_low", "y_high"].map { key -> [String: Any] in
             key == "log" ? ["not": ["required": ["log"], "properties": ["log": ["const": true]]]] : ["not": ["required": [key]]]
         }]],
        // What each aggregate allows: running totals of counts and sums only; ranges and
        // bands only of numbers; a deviation band only around a mean.
        ["if": ["required": ["aggregate"], "properties": ["aggregate": Self.aggregateIs([.count, .distinct])]],
         "then": ["not": ["anyOf": [["required": ["y_low"]], ["required": ["y_high"]], ["required": ["band"]]]]]],
        ["if": ["required": ["aggregate", "cumulative"], "properties": ["cumulative": ["const": true]]],
         "then": ["properties": ["aggregate": Self.aggregateIs([.count, .sum])]]],
        ["if": ["required": ["band"], "properties": ["band": ["const": "stdev"]]],
         "then": ["properties": ["aggregate": Self.aggregateIs([.mean])]]],
        ["if": ["required": ["band"]],
         "then": ["not": ["anyOf": [["required": ["y_low"]], ["required": ["y_high"]], ["required": ["stack"], "properties": ["stack": ["not": ["const": false]]]]]]]],
        ["if": ["required": ["aggregate", "log"], "properties": ["log": ["const": true], "aggregate": Self.aggregateIs(AggregateOp.allCases.filter(\.isZeroWhenEmpty))]],
         "then": ["not": ["anyOf": [["required": ["time_unit"]], ["required": ["bin"], "properties": ["bin": ["not": ["const": false]]]]]]]],
    ] }

    /// Schema: an `aggregate` whose operation is one of `ops`, as a word or as an object.
    private static func aggregateIs(_ ops: [AggregateOp]) -> [String: Any] {
        ["anyOf": [["enum": ops.map(\.rawValue)], ["type": "object", "anyOf": ops.map { ["required": [$0.rawValue]] }]]]
    }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> ChartSpec? {
        let mark = r.word("mark", oneOf: ChartSpec.Mark.allCases.map(\.rawValue)).flatMap(ChartSpec.Mark.init) ?? .line
        let x = r.field("x", required: true)
        let aggregate = AggregateSpec.decode(r)
        var ys: [FieldRef] = []
        if let aggregate, r.has("y"), aggregate.op == .count && aggregate.field == nil || aggregate.field != nil {
            r.error(aggregate.field == nil
                        ? "\"aggregate\": \"count\" counts rows, so a chart with it takes no \"y\"; leave \"y\" out"
                        : "\"aggregate\" names its own column (\"\(aggregate.field!.name)\"), so a chart with it takes no \"y\"; leave \"y\" out",
                    at: r.node("y")!, key: "y",
                    suggestion: aggregate.field == nil ? "to count the rows where a column is filled, write {\"count\": \"column\"}" : nil)
        } else if let yNode = r.node("y") {
            if let list = yNode.elements {
                if list.isEmpty { r.error("\"y\" must name at least one column, found an empty list", at: yNode, key: "y") }
                for (i, item) in list.enumerated() {
                    if let s = item.stringValue, !s.isEmpty { ys.append(FieldRef(s, at: item.position, path: "\(decoder.path).y[\(i)]")) }
                    else { r.error("\"y\" entries must be column names, found \(item.stringValue != nil ? "an empty string" : item.kindDescription)", at: item, key: "y[\(i)]") }
                }
            } else if let y = r.field("y") { ys = [y] }
        } else if let aggregate, aggregate.op != .count, aggregate.field == nil {
            r.error("\"aggregate\": \"\(aggregate.op.rawValue)\" is applied to \"y\", which this chart does not have",
                    at: r.node("aggregate")!, key: "aggregate",
                    suggestion: "add \"y\": \"fatalities\", or name the column in the aggregate: {\"\(aggregate.op.rawValue)\": \"fatalities\"}")
        } else if aggregate == nil, !r.has("aggregate") {
            // A wrong aggregate was reported; whether it would have stood in for y is unknown.
            r.missing("y")
        }
        let (series, yLow, yHigh) = (r.field("series"), r.field("y_low"), r.field("y_high"))
        let (stack, normalize) = stacking(r)
        let (cumulative, log, yTitle, annotations) = (r.bool("cumulative") ?? false, r.bool("log") ?? false, r.string("y_title"), decoder.annotations(r))
        let scale = valueScale(r, mark: mark, log: log)
        var spec = ChartSpec(mark: mark, x: x ?? FieldRef("", at: r.node.position, path: r.path), y: ys, series: series, stack: stack,
                             yLow: yLow, yHigh: yHigh, cumulative: cumulative, log: log, yTitle: yTitle, annotations: annotations,
                             valueScale: scale, domainPosition: r.node("domain")?.position)
        spec.normalize = normalize
        spec.aggregate = aggregate
        let transformsRead = transforms(r, &spec)
        guard x != nil, !ys.isEmpty || aggregate != nil && (aggregate!.op == .count || aggregate!.field != nil),
              transformsRead, !r.has("aggregate") || aggregate != nil else { return nil }
        return spec
    }

    /// `stack`: true, false or "normalize" (each x piled to 100%).
    private static func stacking(_ r: ObjectReader) -> (stack: Bool, normalize: Bool) {
        guard let node = r.node("stack") else { return (false, false) }
        if node.stringValue == "normalize" { return (true, true) }
        if case .bool(let b) = node.value { return (b, false) }
        r.error("\"stack\" must be true, false or \"normalize\", found \(node.stringValue.map { "\"\($0)\"" } ?? node.kindDescription)", at: node, key: "stack",
                suggestion: node.stringValue.flatMap { closestMatch(to: $0, in: ["normalize"]) }.map { "did you mean \"\($0)\"?" })
        return (false, false)
    }

    /// `time_unit`, `bin`, `top` and `band`, and how they meet the other keys: each groups
    /// or summarises rows, so each needs an `aggregate` that says what a group becomes.
    /// False when one of them is wrong (every problem reported through `r`).
    private static func transforms(_ r: ObjectReader, _ c: inout ChartSpec) -> Bool {
        var ok = true
        func refuse(_ key: String, _ message: String, suggestion: String? = nil) {
            r.error(message, at: r.node(key)!, key: key, suggestion: suggestion); ok = false
        }
        if r.has("time_unit") {
            if let word = r.word("time_unit", oneOf: TimeUnit.allCases.map(\.rawValue)) { c.timeUnit = TimeUnit(rawValue: word) } else { ok = false }
        }
        if let node = r.node("bin") {
            switch node.value {
            case .bool(let on): if on { c.bin = BinSpec(step: nil, maxBins: 20) }
            case .object:
                guard var b = ObjectReader(node, path: r.childPath("bin"), file: r.file, sink: r.sink) else { return false }
                b.context = "\"bin\""
                b.rejectUnknownKeys(allowed: ["step", "maxbins"], context: "\"bin\"")
                if b.has("step"), b.has("maxbins") { b.error("give \"step\" or \"maxbins\" in \"bin\", not both: a step sets the number of bins"); ok = false }
                let step = b.number("step", min: 0, exclusiveMin: true)
                var maxBins = 20
                if let n = b.number("maxbins", min: 2) {
                    if n == n.rounded(), n <= 1000 { maxBins = Int(n) } else { b.error("\"maxbins\" must be a whole number from 2 to 1000, found \(NumberFormat.spec(n))", at: b.node("maxbins")!, key: "maxbins"); ok = false }
                }
                if !b.has("step"), !b.has("maxbins") { b.error("\"bin\" needs \"step\" (the width of a bin) or \"maxbins\" (at most this many bins)"); ok = false }
                c.bin = BinSpec(step: step, maxBins: maxBins)
            default:
                refuse("bin", "\"bin\" must be true, or an object such as {\"step\": 5} or {\"maxbins\": 20}, found \(node.kindDescription)")
            }
        }
        if let n = r.number("top", min: 1) {
            if n == n.rounded(), n <= 1000 { c.top = Int(n) } else { refuse("top", "\"top\" must be a whole number of series, found \(NumberFormat.spec(n))") }
        }
        if r.has("band") {
            if let word = r.word("band", oneOf: BandKind.allCases.map(\.rawValue)) { c.band = BandKind(rawValue: word) } else { ok = false }
        }
        if c.normalize {
            if c.log { refuse("stack", "a normalised stack is a share of 100%, which a logarithmic axis cannot show; leave \"log\" out") }
            if r.has("domain") || r.has("zero") { refuse("stack", "a normalised stack always runs from 0% to 100%; leave \"domain\" and \"zero\" out") }
            if c.band != nil || c.yLow != nil || c.yHigh != nil { refuse("stack", "a normalised stack shows shares, which have no range; leave \"band\", \"y_low\" and \"y_high\" out") }
        }
        let agg = c.aggregate
        let grouping = [("time_unit", c.timeUnit != nil), ("bin", c.bin != nil), ("top", c.top != nil), ("band", c.band != nil)]
        if agg == nil, !r.has("aggregate") {
            for (key, present) in grouping where present {
                refuse(key, "\"\(key)\" groups rows, so the chart must say what a group becomes: add \"aggregate\"",
                       suggestion: "\"aggregate\": \"count\" counts the rows of each group; {\"sum\": \"fatalities\"} adds up a column")
            }
            return ok
        }
        if c.timeUnit != nil, c.bin != nil { refuse("bin", "give \"time_unit\" (dates) or \"bin\" (numbers), not both") }
        if c.top != nil, c.series == nil { refuse("top", "\"top\" keeps the largest series, so it needs \"series\" (the column that names them)") }
        if c.top != nil, c.y.count > 1 { refuse("top", "\"top\" ranks the series of one \"y\"; this chart has \(c.y.count) columns of values") }
        guard let agg else { return ok }
        if c.cumulative, !agg.op.isAdditive {
            refuse("cumulative", "a running total adds groups up, which only \"count\" and \"sum\" do; a cumulative \(agg.op.rawValue) would mean nothing")
        }
        for key in ["y_low", "y_high"] where r.has(key) {
            if agg.op == .count || agg.op == .distinct {
                refuse(key, "\"\(key)\" is aggregated like \"y\", and \"\(agg.op.rawValue)\" counts rather than reads numbers: leave \"\(key)\" out")
            } else if c.band != nil {
                refuse(key, "give \"band\" or \"y_low\"/\"y_high\", not both: each draws the range around the value")
            }
        }
        if let band = c.band {
            if band == .stdev, agg.op != .mean {
                refuse("band", "\"band\": \"stdev\" draws one standard deviation around a mean, so it needs the aggregate \"mean\", found \"\(agg.op.rawValue)\"")
            } else if agg.op == .count || agg.op == .distinct {
                refuse("band", "\"band\": \"range\" spans the values of each group, and \"\(agg.op.rawValue)\" reads none")
            } else if c.stack {
                refuse("band", "a band cannot be stacked: it spans each series' own values")
            }
        }
        if agg.op.isZeroWhenEmpty, c.log, c.bin != nil || c.timeUnit != nil {
            // Empty periods count zero, which a log axis cannot place.
            refuse("log", "a \(agg.op.rawValue) per \(c.bin != nil ? "bin" : "period") is zero where nothing happened, which a logarithmic axis cannot show; leave \"log\" out")
        }
        return ok
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

    static func columnsRead(_ c: ChartSpec) -> ColumnsRead {
        ColumnsRead(own: [c.x] + c.y + [c.series, c.yLow, c.yHigh, c.aggregate?.field])
    }

    /// The most series a chart draws (the palette repeats long before).
    static let maxSeries = 100

    static func prepare(_ c: ChartSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> ChartModel? {
        let p = input.preparer, v = input.rows
        guard p.check([c.x, c.series], numbers: [(c.yLow, "a chart's \"y_low\""), (c.yHigh, "a chart's \"y_high\"")]
                      + c.y.map { ($0, "a chart's \"y\"") }, in: v, &d) else { return nil }
        guard let model = model(c, v, p, &d) else { return nil }
        // Each series has a colour and a legend entry: thousands (a column of ids by mistake)
        // can be told apart by no one, and 20,000 took 10 s to lay out.
        if model.series.count > maxSeries {
            let field = c.series
            d.append(.error("a chart draws at most \(maxSeries) series (each with its colour and legend entry), but \(field.map { "column \"\($0.name)\" has" } ?? "it has") \(NumberFormat.grouped(Double(model.series.count))) \(field == nil ? "series" : "different values"); use \"top\" to keep the largest and sum the rest, choose a column with fewer values, or filter the rows",
                            file: p.specFile, at: field?.position ?? input.block.position, path: field?.path ?? input.block.path))
            return nil
        }
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

    static func colorCategories(_ model: ChartModel) -> [String] {
        model.series.map(\.name).filter { model.spec.top == nil || $0 != ChartModel.otherSeries }
    }

    /// The colour of the series `top` adds the rest up into.
    static let otherColor = Color(hex: "#c4c4c4")!

    static func layout(_ model: ChartModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [chart(block, model, width: area.width, height: area.plotHeight, ctx)]
    }

    /// A `chart` block: its marks over dates, numbers or categories, with a legend when
    /// there is more than one series, and axis titles named after the columns by default.
    private static func chart(_ block: PreparedBlock, _ model: ChartModel, width: Double, height: Double, _ ctx: LayoutContext) -> Piece {
        let spec = model.spec
        let mark: XYChart.Mark = switch spec.mark { case .line: .line; case .step: .step; case .area: .area; case .bar: .bar }
        let x: XYChart.XKind = model.categories.map { .categories($0) } ?? (model.xIsDate ? .date : .number)
        let yTitle = model.valueAxisTitle
        var xTitle = model.xTitle
        if case .number = x { xTitle = BlockPieces.columnTitle(spec.x.name) }
        var chart = XYChart(series: model.series, mark: mark, x: x, stack: spec.stack, log: spec.log,
                            yTitle: yTitle, xTitle: xTitle, annotations: spec.annotations)
        chart.valueScale = spec.normalize ? .fixed(0, 100) : spec.valueScale
        chart.percent = spec.normalize
        chart.intervals = model.intervals
        chart.finestDateUnit = spec.timeUnit?.finestAxisUnit ?? model.periodUnit
        // "Other" is the rest added up, not a category of its own: a quiet grey.
        if spec.top != nil { chart.fixedColors[ChartModel.otherSeries] = otherColor }
        let legend = model.series.count > 1 ? model.series.map { ($0.name, chart.fixedColors[$0.name] ?? ctx.colors.color(for: $0.name)) } : []
        return BlockFrame(block: block, legend: legend, notes: model.notes).piece(width: width, height: height, ctx) { chart.draw(in: $0, ctx) }
    }

    /// How a chart reads its x column.
    enum XKind { case date, number, category }

    /// The x column's kind: its declared type, else what its cells are. Dates win over
    /// numbers when every cell is both (`2016`, `2017`); text makes categories for bars. When
    /// the cells are mixed, the kind most cells have wins and the others are reported.
    /// Each distinct text is read once and counted for the rows that hold it (reading every
    /// row's text was most of a 10M-row chart's time).
    private static func xKind(_ c: ChartSpec, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> XKind? {
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
        // Rows per distinct text, and the filled rows that read as dates and as numbers.
        guard let column = v.table.column(c.x.name) else { return .date }
        var rowsOfCode = [Int](repeating: 0, count: column.values.count)
        column.codes.withUnsafeCodes { codes in
            for row in v.rows { rowsOfCode[Int(codes[row])] += 1 }
        }
        var filledCount = 0, dates = 0, numbers = 0
        for (code, text) in column.values.enumerated() where rowsOfCode[code] > 0 && !text.isEmpty {
            filledCount += rowsOfCode[code]
            if case .success = v.table.parseDate(text, column: c.x.name) { dates += rowsOfCode[code] }
            if v.table.readNumber(text) != nil { numbers += rowsOfCode[code] }
        }
        /// The first filled cell, in row order, that `test` accepts.
        func firstFilled(where test: (String) -> Bool) -> String? {
            for row in v.rows {
                let text = column[row]
                if !text.isEmpty, test(text) { return text }
            }
            return nil
        }
        if dates == filledCount { return .date }
        if numbers == filledCount { return .number }
        if c.mark == .bar { return .category }
        if dates == 0, numbers == 0 {
            // Dates written in a form that does not parse are dates all the same: the fix is
            // their format, never bars of text.
            if let example = firstFilled(where: looksLikeDate), case .failure(let e) = v.table.parseDate(example, column: c.x.name) {
                d.append(.error("\(markName) needs dates or numbers on x, and column \"\(c.x.name)\" holds dates that do not read as dates, such as \"\(example)\": \(e.message)",
                                file: p.specFile, at: c.x.position, path: c.x.path,
                                suggestion: e.message.contains("format") ? nil
                                    : "correct the values, or give the column's date format under its data source: \"types\": {\"\(c.x.name)\": {\"type\": \"date\", \"format\": …}}"))
                return nil
            }
            d.append(.error("\(markName) needs dates or numbers on x, but column \"\(c.x.name)\" holds text such as \"\(firstFilled { _ in true }!)\"",
                            file: p.specFile, at: c.x.position, path: c.x.path,
                            suggestion: "use \"mark\": \"bar\" to draw one bar per category"))
            return nil
        }
        return dates >= numbers ? .date : .number
    }

    /// For bars over rows that are all whole months (`2017-03`) or all whole years: each bar
    /// spans its period and the axis names the periods under them, as with `time_unit`.
    private static func wholePeriods(_ c: ChartSpec, _ dates: [EventDate?]) -> (intervals: [Double: ChartModel.Interval], unit: CalendarInterval.Unit)? {
        guard c.mark == .bar, let first = dates.lazy.compactMap({ $0 }).first,
              first.precision == .month || first.precision == .year, !first.approximate,
              dates.allSatisfy({ $0 == nil || ($0!.precision == first.precision && !$0!.approximate) }) else { return nil }
        var intervals: [Double: ChartModel.Interval] = [:]
        for date in dates.compactMap({ $0 }) { intervals[date.chartX] = ChartModel.Interval(from: date.start, to: date.end, touching: false) }
        return (intervals, first.precision == .month ? .month : .year)
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
        guard let kind = xKind(c, v, p, &d) else { return nil }
        if let aggregate = c.aggregate {
            return aggregatedModel(c, aggregate, kind: kind, v, p, &d).map { c.normalize ? $0.normalized() : $0 }
        }
        let xCells = v.strings(c.x.name)
        var xValues: [Double?] = Array(repeating: nil, count: v.count)
        var approximateRows: [Bool] = []
        var approximateX: [String: Set<Double>] = [:]
        var periods: (intervals: [Double: ChartModel.Interval], unit: CalendarInterval.Unit)?
        var coarseDates: [Double: EventDate.Precision] = [:]
        var categories: [String] = []
        switch kind {
        case .date:
            let dates = p.readDates(c.x, v, "a chart's \"x\"", &d)
            xValues = dates.map { $0.map(\.chartX) }
            approximateRows = dates.map { $0?.approximate ?? false }
            periods = wholePeriods(c, dates)
            for case let date? in dates where date.precision < .day { coarseDates[date.chartX] = date.precision }
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
        // Every mark draws one value per x in a series: a second row for the same x would
        // hide under the first bar, break a stack or make a line jump up and down, so it is
        // an error, not a guess. A running total adds such rows up in turn.
        let onePerX = !c.cumulative
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
            let kind = switch c.mark { case .bar: "a bar chart draws one bar"; case .area: "an area chart stacks one value"; case .line, .step: "a line passes through one value" }
            let more = list.count == 1 ? "" : "; \(list.count) rows in all repeat an x of this series, the next \"\(xCells[list[1].row])\" at \(p.where_(v, v.rows[list[1].row]))"
            var diagnostic = v.cellError(row: v.rows[row], column: c.x.name, value: xCells[row],
                                         problem: "comes again in series \"\(name)\" (first at \(p.where_(v, v.rows[first])))\(more); \(kind) per x")
            diagnostic.suggestion = "add \"aggregate\": \"sum\" to add up such rows (\"mean\", \"max\"… also work), \"aggregate\": \"count\" in place of \"y\" to count them, or set \"series\" to a column that tells them apart"
            d.append(diagnostic)
        }
        guard d.count == before else { return nil }
        var series = seriesOrder.map { ChartSeries(name: $0, points: points[$0]!.sorted { $0.x < $1.x }, approximateX: approximateX[$0] ?? []) }
        if c.cumulative { series = accumulated(series) }
        var model = ChartModel(spec: c, series: series, xIsDate: kind == .date, categories: kind == .category ? categories : nil)
        model.coarseDates = coarseDates
        if let periods {
            model.intervals = periods.intervals
            model.periodUnit = periods.unit
        }
        return c.normalize ? model.normalized() : model
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
    /// `"stack": "normalize"`: each x piled to 100%, on a percent axis.
    public var normalize = false
    /// What each group of rows becomes; nil draws rows as they are.
    public var aggregate: AggregateSpec?
    /// The period a date x is grouped by.
    public var timeUnit: TimeUnit?
    /// The bins a number x is grouped into.
    public var bin: BinSpec?
    /// Keep this many series, largest first, and add the rest up as "Other".
    public var top: Int?
    /// The spread drawn around aggregated values.
    public var band: BandKind?

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
    public internal(set) var series: [ChartSeries]
    /// True when x holds dates.
    public let xIsDate: Bool
    /// Bar categories when x is text.
    public let categories: [String]?
    /// What the marks mean, under the chart: a log scale, reported ranges, approximate dates.
    public let notes: [String]
    /// Per x of a bar that spans a period or a bin: the span (bars of rows sit on their x).
    public var intervals: [Double: Interval] = [:]
    /// The x axis title a transform gives (`ISO weeks, Monday to Sunday`).
    public var xTitle: String?
    /// The value axis title when the spec gives none and the values are computed.
    public var valueTitle: String?
    /// The calendar period every bar spans when the rows are whole months or years.
    public var periodUnit: CalendarInterval.Unit?
    /// The x of each date written as a month or a year (`2016-10`), when no `time_unit`
    /// groups them: how the alternative text names that point's date (others are days).
    public var coarseDates: [Double: EventDate.Precision] = [:]

    /// The value axis title: the spec's `y_title`, else the one the aggregate gives, else the
    /// one `y` column's name (nil for several columns).
    public var valueAxisTitle: String? {
        if let title = spec.yTitle ?? valueTitle { return title }
        guard spec.y.count == 1 else { return nil }
        return BlockPieces.columnTitle(spec.y[0].name) + (spec.cumulative ? " (cumulative)" : "")
    }

    /// The series a chart's `top` adds the rest up into.
    public static let otherSeries = "Other"

    /// The span of x a bar covers.
    public struct Interval: Sendable, Equatable {
        public var from: Double
        public var to: Double
        /// Histogram bins touch; periods keep a gap between bars.
        public var touching: Bool
    }

    /// A chart's model, with its notes: those the marks need, then `extraNotes`. A range
    /// is explained by `rangeNote` when given, else as the reported range.
    public init(spec: ChartSpec, series: [ChartSeries], xIsDate: Bool, categories: [String]?,
                extraNotes: [String] = [], rangeNote: String? = nil) {
        self.spec = spec; self.series = series; self.xIsDate = xIsDate; self.categories = categories
        var notes: [String] = []
        if spec.log { notes.append("Logarithmic scale: equal distances up the value axis are equal ratios, not equal differences.") }
        if series.contains(where: { $0.points.contains { $0.low != nil || $0.high != nil } }) {
            notes.append(rangeNote ?? (spec.mark == .bar ? "Whiskers show the reported range (low to high)." : "Shaded bands and whiskers show the reported range (low to high)."))
        }
        if spec.mark != .bar, spec.mark != .area, series.contains(where: { !$0.approximateX.isEmpty }) { notes.append(ChartSeries.approximateNote) }
        self.notes = notes + extraNotes
    }
}
