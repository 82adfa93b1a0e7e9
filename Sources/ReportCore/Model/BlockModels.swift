import ReportScene

/// Model stage: the data of each block, read from its table, typed and checked.
/// Layout draws these and never looks at raw cells.

/// One event on a timeline.
public struct TimelineEvent: Sendable, Hashable {
    public var date: EventDate
    /// Set for spans.
    public var end: EventDate?
    public var label: String
    public var lane: String
    /// The category its colour comes from.
    public var category: String
    public var size: Double?
}

/// A timeline's events and lanes.
public struct TimelineModel: Sendable {
    public var events: [TimelineEvent]
    /// Lane names, top to bottom.
    public var lanes: [String]
    /// Shown range in day numbers, start inclusive, end exclusive.
    public var from: Double
    public var to: Double
    public var annotations: [AnnotationSpec]
    /// True when colour tells something other than the lane (a legend is needed).
    public var colorIsSeparate: Bool
    /// Name of the size column, for its legend.
    public var sizeField: String?
}

/// One point of a force level series.
public struct ForceLevel: Sendable, Hashable {
    public var day: Double
    public var level: Double
    public var low: Double?
    public var high: Double?
    /// The row's date is approximate (`~2017-03-08`).
    public var approximate = false
}

/// Levels of one force over time.
public struct ForceSeries: Sendable {
    public var force: String
    public var levels: [ForceLevel]
}

/// The troops block's series.
public struct TroopsModel: Sendable {
    public var series: [ForceSeries]
    public var annotations: [AnnotationSpec]
}

/// One movement of people between two places.
public struct Flow: Sendable, Hashable {
    public var from: String
    public var to: String
    public var value: Double
    public var day: Double?
}

/// A displacement block's flows.
public struct DisplacementModel: Sendable {
    public var flows: [Flow]
    public var unit: DisplacementSpec.Unit
    public var personsPerFamily: Double?
    public var view: DisplacementSpec.View
}

/// A table's cells.
public struct TableModel: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Per column: right-align (numbers).
    public var numeric: [Bool]
}

/// A figure's final text.
public struct FigureModel: Sendable {
    public var label: String
    public var value: String
    public var unit: String?
    public var source: String?
}

/// A chart's series of points.
public struct ChartSeries: Sendable {
    public var name: String
    /// (x, y, low, high) with x as a day number or a plain number.
    public var points: [(x: Double, y: Double, low: Double?, high: Double?)]
    /// The x values whose dates are approximate (`~2017-03-08`): drawn as hollow points.
    public var approximateX: Set<Double> = []
}

/// A chart block's data.
public struct ChartModel: Sendable {
    public var spec: ChartSpec
    public var series: [ChartSeries]
    /// True when x holds dates.
    public var xIsDate: Bool
    /// Bar categories when x is text.
    public var categories: [String]?
}

/// What a block draws, ready for layout.
public enum BlockContent: Sendable {
    case heading(String)
    case text(String)
    case figures([FigureModel])
    case timeline(TimelineModel)
    case chart(ChartModel)
    case troops(TroopsModel)
    case displacement(DisplacementModel)
    case table(TableModel)
    case pageBreak
}

/// A block with its spec and content.
public struct PreparedBlock: Sendable {
    public var spec: BlockSpec
    public var content: BlockContent
    /// Distinct `source` values of the rows drawn, in order of first appearance.
    public var sources: [String]
}
