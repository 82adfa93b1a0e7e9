import ReportScene

/// `troops`: force levels over time, one step line per force.
enum TroopsBlock: BlockType {
    static let name = "troops"
    static var keys: [BlockKey] { [
        .data, .sources, .field("date", required: true, "the column of dates; rows are taken in date order (file order on one date)"),
        .field("force", required: true, "the column naming each row's force: one line a force"),
        .field("count", "the column of troop levels: a level sets the line"),
        .field("change", "the column of +/- changes (+400) added to the last level"),
        .field("count_low", "the column of the low end of a level's reported range, drawn as a band"),
        .field("count_high", "the column of the high end of a level's reported range, drawn as a band"), .annotations,
    ] }
    static var schemaRules: [[String: Any]] { [["anyOf": [["required": ["count"]], ["required": ["change"]]]]] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> TroopsSpec? {
        let date = r.field("date", required: true), force = r.field("force", required: true)
        let count = r.field("count"), change = r.field("change")
        if count == nil, change == nil, !r.has("count"), !r.has("change") {
            r.error("a troops block needs \"count\" (levels), \"change\" (+/- changes) or both")
        }
        let (low, high, annotations) = (r.field("count_low"), r.field("count_high"), decoder.annotations(r))
        guard let date, let force, count != nil || change != nil else { return nil }
        return TroopsSpec(date: date, force: force, count: count, change: change, countLow: low,
                          countHigh: high, annotations: annotations)
    }

    static func columnsRead(_ t: TroopsSpec) -> ColumnsRead {
        ColumnsRead(own: [t.date, t.force, t.count, t.change, t.countLow, t.countHigh])
    }

    static func prepare(_ t: TroopsSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> TroopsModel? {
        let p = input.preparer, v = input.rows
        guard p.check([t.force], dates: [(t.date, "a troops block's \"date\"")],
                      numbers: [(t.count, "a troops block's \"count\""), (t.change, "a troops block's \"change\""),
                                (t.countLow, "a troops block's \"count_low\""), (t.countHigh, "a troops block's \"count_high\"")],
                      in: v, &d) else { return nil }
        return model(t, v, p, &d)
    }

    static func colorCategories(_ model: TroopsModel) -> [String] { model.series.map(\.force) }

    static func layout(_ model: TroopsModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [troops(block, model, width: area.width, height: area.plotHeight, ctx)]
    }

    /// Force levels as steps in date order, one series per force, each labelled at its end
    /// with its latest level; reported ranges as bands. Levels sit at the start of their
    /// day, as chart data and annotations do, and hold until the report's as-of date.
    private static func troops(_ block: PreparedBlock, _ model: TroopsModel, width: Double, height: Double, _ ctx: LayoutContext) -> Piece {
        let chart = XYChart(series: model.chartSeries, mark: .step, x: .date, yTitle: "Troops", endLabels: true,
                            extendTo: max(model.lastDay, ctx.asOfDay ?? model.lastDay), annotations: model.annotations)
        let frame = BlockFrame(block: block, notes: model.notes)
        return frame.piece(width: width, height: height, ctx) { chart.draw(in: $0, ctx) }
    }

    /// The rows read into levels per force (counts and changes accumulated), each bad cell reported.
    private static func model(_ t: TroopsSpec, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> TroopsModel? {
        let columns = ForceLevels.Columns(date: t.date, force: t.force, count: t.count, change: t.change, low: t.countLow,
                                          high: t.countHigh, role: { "a troops block's \"\($0)\"" })
        guard let rows = ForceLevels.read(columns, v, p, &d), let series = ForceLevels.levels(rows, v, &d) else { return nil }
        return TroopsModel(series: series, annotations: t.annotations)
    }
}

/// `troops` keys.
public struct TroopsSpec: Sendable {
    public var date: FieldRef
    public var force: FieldRef
    public var count: FieldRef?
    public var change: FieldRef?
    public var countLow: FieldRef?
    public var countHigh: FieldRef?
    public var annotations: [AnnotationSpec]
}

/// One point of a force level series.
public struct ForceLevel: Sendable, Hashable {
    public var day: Double
    public var level: Double
    public var low: Double?
    public var high: Double?
    /// The row's date is approximate (`~2017-03-08`).
    public var approximate = false
    /// How precisely the row's date was written (`2016-10` is a month): how the level's
    /// date is said in words.
    public var precision: EventDate.Precision = .day
}

/// Levels of one force over time.
public struct ForceSeries: Sendable {
    public var force: String
    public var levels: [ForceLevel]
}

/// The troops block's series.
public struct TroopsModel: Sendable {
    public let series: [ForceSeries]
    public let annotations: [AnnotationSpec]
    /// The levels as chart series: (day, level, low, high), approximate dates marked.
    public let chartSeries: [ChartSeries]
    /// The last day a level was reported (0 without levels).
    public let lastDay: Double
    /// What the marks mean, under the chart: reported ranges, approximate dates.
    public let notes: [String]

    /// The model of `series`, with its chart series and notes.
    public init(series: [ForceSeries], annotations: [AnnotationSpec]) {
        self.series = series; self.annotations = annotations
        chartSeries = series.map { s in
            ChartSeries(name: s.force, points: s.levels.map { ($0.day, $0.level, $0.low, $0.high) },
                        approximateX: Set(s.levels.filter(\.approximate).map(\.day)))
        }
        lastDay = series.flatMap(\.levels).map(\.day).max() ?? 0
        let ranged = series.contains { $0.levels.contains { $0.low != nil || $0.high != nil } }
        var notes = ranged ? ["Shaded bands show the reported range where sources disagree or give an estimate."] : []
        if chartSeries.contains(where: { !$0.approximateX.isEmpty }) { notes.append(ChartSeries.approximateNote) }
        self.notes = notes
    }
}
