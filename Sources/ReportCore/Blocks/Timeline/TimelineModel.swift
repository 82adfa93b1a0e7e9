import ReportScene

/// One event on a timeline, made on demand from `TimelineEvents` for the few events that
/// are drawn one by one (a density strip never makes these).
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

/// A timeline's events as columns: one flat array per field, and lanes and categories as
/// indices into name lists. A million events are then a few arrays of numbers (no strings
/// or structs per event), a density strip bins straight from `start`, and lanes are
/// separated in one pass. Index `i` is the `i`th row of the block's view.
public struct TimelineEvents: Sendable, RandomAccessCollection {
    /// Lane names in display order (the spec's `lanes` first, then first appearance).
    public var laneNames: [String] = []
    /// Colour categories in order of first appearance.
    public var categoryNames: [String] = []
    /// `date`: start and exclusive end of the period written (equal for instants).
    public var start: [Double] = []
    public var end: [Double] = []
    /// `date` precision and approximation, and the same for `end`; see `Flags`.
    public var flags: [UInt8] = []
    /// `end` column (empty when the block has none): its start and exclusive end, NaN when
    /// the row is not a span.
    public var spanStart: [Double] = []
    public var spanEnd: [Double] = []
    /// Index into `laneNames`.
    public var lane: [UInt32] = []
    /// Index into `categoryNames`.
    public var category: [UInt32] = []
    /// `size` column (empty when the block has none); NaN where the cell is empty.
    public var size: [Double] = []
    /// `label` column (empty when the block has none).
    public var labels: [String] = []
    /// `size_low` and `size_high` columns (each empty when the block has none); NaN where
    /// the cell is empty.
    public var sizeLow: [Double] = []
    public var sizeHigh: [Double] = []

    /// Bits of `flags`.
    public enum Flags {
        /// `EventDate.Precision.rawValue` of `date`, in bits 0–1.
        public static let precisionMask: UInt8 = 0b11
        public static let approximate: UInt8 = 1 << 2
        public static let isSpan: UInt8 = 1 << 3
        /// Precision of `end`, in bits 4–5.
        public static let endPrecisionShift: UInt8 = 4
        public static let endApproximate: UInt8 = 1 << 6
    }

    /// Creates an empty list.
    public init() {}

    /// Appends one event (for tests and small inputs; the preparer fills columns directly).
    public mutating func append(_ e: TimelineEvent) {
        func index(_ name: String, _ list: inout [String]) -> UInt32 {
            if let i = list.firstIndex(of: name) { return UInt32(i) }
            list.append(name); return UInt32(list.count - 1)
        }
        let n = start.count
        // Optional columns appear with the first event that has a value, padded for the earlier ones.
        let spans = !spanEnd.isEmpty || e.end != nil, sized = !size.isEmpty || e.size != nil, labelled = !labels.isEmpty || !e.label.isEmpty
        if spans && spanEnd.isEmpty { spanStart = Array(repeating: .nan, count: n); spanEnd = spanStart }
        if sized && size.isEmpty { size = Array(repeating: .nan, count: n) }
        if labelled && labels.isEmpty { labels = Array(repeating: "", count: n) }
        var f = UInt8(e.date.precision.rawValue) | (e.date.approximate ? Flags.approximate : 0)
        if let end = e.end {
            f |= Flags.isSpan | UInt8(end.precision.rawValue) << Flags.endPrecisionShift | (end.approximate ? Flags.endApproximate : 0)
        }
        start.append(e.date.start); end.append(e.date.end); flags.append(f)
        if spans { spanStart.append(e.end?.start ?? .nan); spanEnd.append(e.end?.end ?? .nan) }
        lane.append(index(e.lane, &laneNames)); category.append(index(e.category, &categoryNames))
        if sized { size.append(e.size ?? .nan) }
        if labelled { labels.append(e.label) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { start.count }

    /// The `i`th event as a value (strings included): for events drawn one by one.
    public subscript(i: Int) -> TimelineEvent {
        TimelineEvent(date: date(i), end: spanDate(i), label: label(i), lane: laneNames[Int(lane[i])],
                      category: categoryNames[Int(category[i])], size: sizeValue(i))
    }

    /// The `date` of event `i`.
    public func date(_ i: Int) -> EventDate {
        let f = flags[i]
        return EventDate(precision: EventDate.Precision(rawValue: Int(f & Flags.precisionMask))!,
                         approximate: f & Flags.approximate != 0, start: start[i], end: end[i])
    }

    /// The `end` of event `i` when it is a span.
    public func spanDate(_ i: Int) -> EventDate? {
        let f = flags[i]
        guard f & Flags.isSpan != 0 else { return nil }
        return EventDate(precision: EventDate.Precision(rawValue: Int((f >> Flags.endPrecisionShift) & Flags.precisionMask))!,
                         approximate: f & Flags.endApproximate != 0, start: spanStart[i], end: spanEnd[i])
    }

    /// The label of event `i` ("" without a label column).
    public func label(_ i: Int) -> String { labels.isEmpty ? "" : labels[i] }

    /// The size of event `i`, nil when there is none.
    public func sizeValue(_ i: Int) -> Double? {
        guard !size.isEmpty, !size[i].isNaN else { return nil }
        return size[i]
    }

    /// The reported range of event `i`'s size (`size_low`, `size_high`), each end nil when
    /// there is none.
    public func sizeRange(_ i: Int) -> (low: Double?, high: Double?) {
        let low = sizeLow.isEmpty || sizeLow[i].isNaN ? nil : sizeLow[i]
        let high = sizeHigh.isEmpty || sizeHigh[i].isNaN ? nil : sizeHigh[i]
        return (low, high)
    }

    /// True when event `i` shows in the range `from..<to`: it starts before `to`, and starts
    /// inside the range or still covers time after `from` (an instant exactly at `from` shows).
    @inline(__always) public func isVisible(_ i: Int, from: Double, to: Double) -> Bool {
        start[i] < to && (start[i] >= from || lastDay(i) > from)
    }

    /// Where event `i` stops covering time: the end of its span, else of its date.
    @inline(__always) public func lastDay(_ i: Int) -> Double {
        flags[i] & Flags.isSpan != 0 ? Swift.max(end[i], spanEnd[i]) : end[i]
    }
}

/// A timeline's events and lanes.
public struct TimelineModel: Sendable {
    public var events: TimelineEvents
    /// Lane names, top to bottom.
    public var lanes: [String] { events.laneNames }
    /// Colour categories in order of first appearance.
    public var categories: [String] { events.categoryNames }
    /// Shown range in day numbers, start inclusive, end exclusive.
    public var from: Double
    public var to: Double
    public var annotations: [AnnotationSpec]
    /// True when colour tells something other than the lane (a legend is needed).
    public var colorIsSeparate: Bool
    /// Name of the size column, for its legend.
    public var sizeField: String?
    /// Name of the colour column, for the legend of density strips.
    public var colorField: String?
    /// Lanes the spec lists in `lanes`: drawn even when no event falls in the range.
    public var listedLanes: Int = 0

    /// Creates a model.
    public init(events: TimelineEvents, from: Double, to: Double, annotations: [AnnotationSpec], colorIsSeparate: Bool,
                sizeField: String? = nil, colorField: String? = nil, listedLanes: Int = 0) {
        self.events = events; self.from = from; self.to = to; self.annotations = annotations
        self.colorIsSeparate = colorIsSeparate; self.sizeField = sizeField; self.colorField = colorField
        self.listedLanes = listedLanes
    }
}
