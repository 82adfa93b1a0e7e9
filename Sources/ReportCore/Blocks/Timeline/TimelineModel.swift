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
/// or structs per event), a density strip bins straight from the moments, and lanes are
/// separated in one pass. Index `i` is the `i`th row of the block's view.
///
/// When an event happens is a *moment* (its date, and its end for a span) shared by every
/// event with the same cells: an event keeps the 4-byte index of its moment, not 17 bytes of
/// dates and flags. An event log of ten million rows over six years has about two thousand
/// moments, so its dates are 40 MB, not 170 MB, and a strip bins each moment once.
public struct TimelineEvents: Sendable, RandomAccessCollection {
    /// Lane names in display order (the spec's `lanes` first, then first appearance).
    public var laneNames: [String] = []
    /// Colour categories in order of first appearance.
    public var categoryNames: [String] = []
    /// Per moment: the start and exclusive end of `date` (equal for instants).
    public private(set) var momentStart: [Double] = []
    public private(set) var momentEnd: [Double] = []
    /// Per moment: `date` precision and approximation, and the same for `end`; see `Flags`.
    public private(set) var momentFlags: [UInt8] = []
    /// Per moment, with an `end` column (else empty): its start and exclusive end, NaN when
    /// the moment is not a span.
    public private(set) var momentSpanStart: [Double] = []
    public private(set) var momentSpanEnd: [Double] = []
    /// Per event: the index of its moment.
    public var moment = EventIndex()
    /// Per event: its index into `laneNames`.
    public var lane = EventIndex()
    /// Per event: its index into `categoryNames`.
    public var category = EventIndex()
    /// `size` column (empty when the block has none); NaN where the cell is empty.
    public var size: [Double] = []
    /// `label` column (empty when the block has none).
    public var labels: [String] = []
    /// `size_low` and `size_high` columns (each empty when the block has none); NaN where
    /// the cell is empty.
    public var sizeLow: [Double] = []
    public var sizeHigh: [Double] = []

    /// Bits of `momentFlags`.
    public enum Flags {
        /// `EventDate.Precision.rawValue` of `date`, in bits 0–1.
        public static let precisionMask: UInt8 = 0b11
        public static let approximate: UInt8 = 1 << 2
        public static let isSpan: UInt8 = 1 << 3
        /// Precision of `end`, in bits 4–5.
        public static let endPrecisionShift: UInt8 = 4
        public static let endApproximate: UInt8 = 1 << 6

        /// The flags of a date and its end.
        static func of(_ date: EventDate, end: EventDate?) -> UInt8 {
            var f = UInt8(date.precision.rawValue) | (date.approximate ? approximate : 0)
            if let end {
                f |= isSpan | UInt8(end.precision.rawValue) << endPrecisionShift | (end.approximate ? endApproximate : 0)
            }
            return f
        }
    }

    /// Creates an empty list; `spans`: the block has an `end` column.
    public init(spans: Bool = false) {
        self.spans = spans
    }

    /// The moments have span columns.
    private var spans: Bool

    /// Adds a moment and returns its index (events refer to it through `moment`).
    public mutating func addMoment(_ date: EventDate, end: EventDate?) -> UInt32 {
        if end != nil, !spans {
            spans = true
            momentSpanStart = Array(repeating: .nan, count: momentStart.count)
            momentSpanEnd = momentSpanStart
        }
        momentStart.append(date.start); momentEnd.append(date.end); momentFlags.append(Flags.of(date, end: end))
        if spans { momentSpanStart.append(end?.start ?? .nan); momentSpanEnd.append(end?.end ?? .nan) }
        return UInt32(momentStart.count - 1)
    }

    /// Appends one event (for tests and small inputs; the preparer fills columns directly).
    public mutating func append(_ e: TimelineEvent) {
        func index(_ name: String, _ list: inout [String]) -> UInt32 {
            if let i = list.firstIndex(of: name) { return UInt32(i) }
            list.append(name); return UInt32(list.count - 1)
        }
        let n = moment.count
        // Optional columns appear with the first event that has a value, padded for the earlier ones.
        let sized = !size.isEmpty || e.size != nil, labelled = !labels.isEmpty || !e.label.isEmpty
        if sized && size.isEmpty { size = Array(repeating: .nan, count: n) }
        if labelled && labels.isEmpty { labels = Array(repeating: "", count: n) }
        moment.append(addMoment(e.date, end: e.end))
        lane.append(index(e.lane, &laneNames)); category.append(index(e.category, &categoryNames))
        if sized { size.append(e.size ?? .nan) }
        if labelled { labels.append(e.label) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { moment.count }

    /// The `i`th event as a value (strings included): for events drawn one by one.
    public subscript(i: Int) -> TimelineEvent {
        TimelineEvent(date: date(i), end: spanDate(i), label: label(i), lane: laneNames[Int(lane[i])],
                      category: categoryNames[Int(category[i])], size: sizeValue(i))
    }

    /// Where event `i`'s `date` starts, in days.
    @inline(__always) public func start(_ i: Int) -> Double { momentStart[Int(moment[i])] }

    /// The flags of event `i` (see `Flags`).
    @inline(__always) public func flags(_ i: Int) -> UInt8 { momentFlags[Int(moment[i])] }

    /// The `date` of event `i`.
    public func date(_ i: Int) -> EventDate {
        let m = Int(moment[i]), f = momentFlags[m]
        return EventDate(precision: EventDate.Precision(rawValue: Int(f & Flags.precisionMask))!,
                         approximate: f & Flags.approximate != 0, start: momentStart[m], end: momentEnd[m])
    }

    /// The `end` of event `i` when it is a span.
    public func spanDate(_ i: Int) -> EventDate? {
        let m = Int(moment[i]), f = momentFlags[m]
        guard f & Flags.isSpan != 0 else { return nil }
        return EventDate(precision: EventDate.Precision(rawValue: Int((f >> Flags.endPrecisionShift) & Flags.precisionMask))!,
                         approximate: f & Flags.endApproximate != 0, start: momentSpanStart[m], end: momentSpanEnd[m])
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

    /// True when event `i` shows in the range `from..<to`.
    @inline(__always) public func isVisible(_ i: Int, from: Double, to: Double) -> Bool {
        momentIsVisible(Int(moment[i]), from: from, to: to)
    }

    /// True when moment `m` shows in the range `from..<to`: it starts before `to`, and starts
    /// inside the range or still covers time after `from` (an instant exactly at `from` shows).
    @inline(__always) public func momentIsVisible(_ m: Int, from: Double, to: Double) -> Bool {
        momentStart[m] < to && (momentStart[m] >= from || momentLastDay(m) > from)
    }

    /// Where event `i` stops covering time: the end of its span, else of its date.
    @inline(__always) public func lastDay(_ i: Int) -> Double { momentLastDay(Int(moment[i])) }

    /// Where moment `m` stops covering time.
    @inline(__always) public func momentLastDay(_ m: Int) -> Double {
        momentFlags[m] & Flags.isSpan != 0 ? Swift.max(momentEnd[m], momentSpanEnd[m]) : momentEnd[m]
    }
}

/// A per-event index (a moment, a lane, a category): an array of its own, or the codes of
/// the table column it comes from, mapped through a table of one entry per code.
///
/// An event log's events are its rows, and rows with one text in a column have one lane (or
/// category, or moment): so the index of event `i` is `map[codes[rows[i]]]`, read from the
/// column the table holds anyway, and ten million events cost nothing of their own (three
/// arrays of them were 120 MB). Events added one by one keep an array.
public struct EventIndex: Sendable {
    /// Per event (own), or per table row (coded).
    private var codes = CodeArray()
    /// Coded: the view's rows, and each code's index.
    private var rows: RowList?
    private var map: [UInt32] = []
    /// Every event has this index.
    private var constant: UInt32?
    public private(set) var count = 0

    /// No events: add them with `append`.
    public init() {}

    /// Event `i` has index `map[codes[rows[i]]]` (every code a row uses must be mapped).
    public init(codes: CodeArray, rows: RowList, map: [UInt32]) {
        self.codes = codes; self.rows = rows; self.map = map; count = rows.count
    }

    /// `count` events, all with index `constant`.
    public init(constant: UInt32, count: Int) {
        self.constant = constant; self.count = count
    }

    /// The index of event `i`.
    @inline(__always) public subscript(i: Int) -> UInt32 {
        if let constant { return constant }
        guard let rows else { return codes[i] }
        return map[Int(codes[rows[i]])]
    }

    /// Adds an event with index `index` (only to an index built event by event).
    public mutating func append(_ index: UInt32) {
        precondition(rows == nil && constant == nil, "an index read from codes takes no events one by one")
        codes.append(index)
        count += 1
    }

    /// Room for `n` events added one by one.
    public mutating func reserveCapacity(_ n: Int) { codes.reserveCapacity(n) }

    /// Calls `body` with the index read through pointers (`TimelineEvents.forEach`).
    func withUnsafeIndex<R>(_ body: (UnsafeEventIndex) -> R) -> R {
        if let constant { return body(UnsafeEventIndex(constant: Int(constant), codes: nil, kept: nil, map: nil)) }
        return codes.withUnsafeCodes { codes in
            guard let rows else { return body(UnsafeEventIndex(constant: -1, codes: codes, kept: nil, map: nil)) }
            return rows.withUnsafeKept { kept in
                map.withUnsafeBufferPointer { map in body(UnsafeEventIndex(constant: -1, codes: codes, kept: kept, map: map.baseAddress)) }
            }
        }
    }
}

/// An `EventIndex` read through pointers: no bounds checks or reference counting per event.
struct UnsafeEventIndex {
    /// Every event's index, or -1.
    let constant: Int
    let codes: UnsafeCodes?
    /// The view's rows when it keeps some (nil: event `i` is row `i`).
    let kept: UnsafePointer<Int>?
    /// Each code's index (nil: the code is the index).
    let map: UnsafePointer<UInt32>?

    @inline(__always) subscript(i: Int) -> Int {
        if constant >= 0 { return constant }
        let code = codes.unsafelyUnwrapped[kept.map { $0[i] } ?? i]
        return map.map { Int($0[Int(code)]) } ?? Int(code)
    }
}

extension TimelineEvents {
    /// Calls `body` with each event's index, moment, lane and category, in order: the way
    /// through millions of events (each read through pointers).
    @inline(__always)
    func forEach(_ body: (_ i: Int, _ moment: Int, _ lane: Int, _ category: Int) -> Void) {
        moment.withUnsafeIndex { moment in
            lane.withUnsafeIndex { lane in
                category.withUnsafeIndex { category in
                    for i in 0..<count { body(i, moment[i], lane[i], category[i]) }
                }
            }
        }
    }
}

/// A timeline's events and lanes.
public struct TimelineModel: Sendable {
    public let events: TimelineEvents
    /// Lane names, top to bottom.
    public var lanes: [String] { events.laneNames }
    /// Colour categories in order of first appearance.
    public var categories: [String] { events.categoryNames }
    /// Shown range in day numbers, start inclusive, end exclusive.
    public let from: Double
    public let to: Double
    /// Per moment: it shows in `from..<to`, and some event has it.
    public let momentShown: [Bool]
    /// Per lane of `lanes`: how many of its events show in `from..<to`.
    public let shownPerLane: [Int]
    /// Of the events that show, the first to start and the last to end (the earlier of a tie).
    public let firstShown: Int?, lastShown: Int?
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
        // Which events show, counted once here for the lanes and the alt text, each of which
        // walked ten million events for it.
        let shows = events.momentStart.indices.map { events.momentIsVisible($0, from: from, to: to) }
        var shown = [Bool](repeating: false, count: shows.count)
        var perLane = [Int](repeating: 0, count: events.laneNames.count)
        var first: Int?, last: Int?, firstStart = Double.infinity, lastEnd = -Double.infinity
        let lastDays = events.momentStart.indices.map { events.momentLastDay($0) }
        events.forEach { i, m, lane, _ in
            guard shows[m] else { return }
            perLane[lane] += 1
            shown[m] = true
            if first == nil || events.momentStart[m] < firstStart { first = i; firstStart = events.momentStart[m] }
            if last == nil || lastDays[m] > lastEnd { last = i; lastEnd = lastDays[m] }
        }
        momentShown = shown
        shownPerLane = perLane
        firstShown = first
        lastShown = last
    }
}
