import ReportScene

/// Timeline stage 1: events → lanes. Takes the model's event columns and the width of the
/// plot; gives, per lane, either the indices of the events to draw one by one (few enough
/// to tell apart) or the binned counts of a density strip (too many).
///
/// The cost is two passes over the columns, with no allocation per event: a lane of a
/// million events is counted straight from `start` into a few hundred bins, and never
/// becomes a million `TimelineEvent`s.
struct TimelineLanes {
    /// What one lane draws.
    enum Content {
        /// Events drawn one by one: indices into the model's events, by start then row.
        case events([Int])
        /// A density strip.
        case density(DensityBins)
    }

    struct Lane {
        var name: String
        var content: Content
        /// Events of this lane inside the range (for a strip: those counted).
        var total: Int
        /// True for the lane that gathers the lanes beyond `maxLanes`.
        var isOther = false
    }

    var lanes: [Lane]
    /// Events inside the range, over all lanes.
    var visibleCount: Int
    /// Lanes folded into the last one because there were too many to draw.
    var foldedLanes: Int
    /// The colour layers of density strips: category indices, or [] for one colour per lane.
    var stackCategories: [Int]
    /// Some event in range has a time of day (the axis may then show hours).
    var hasInstants: Bool

    var hasDensity: Bool { lanes.contains { if case .density = $0.content { return true } else { return false } } }

    /// Shortest distance between two marks, in points, for a reader to tell them apart.
    static let distinctSpacing = 3.0

    /// Splits the model's events into lanes.
    ///
    /// - Parameters:
    ///   - scale: the time scale of the plot (its range is the plot's width).
    ///   - maxLanes: lanes beyond this many are drawn together as one "other" lane.
    ///   - markCenters: where the events of a lane would be drawn, for the test of whether
    ///     they can be told apart.
    static func make(_ model: TimelineModel, scale: TimeScale, maxLanes: Int, markCenters: ([Int]) -> [Double]) -> TimelineLanes {
        let ev = model.events
        let from = model.from, to = model.to

        // The model worked out once which moments show (an event's moment shows exactly when
        // the event does) and counted the visible events per lane.
        let moments = ev.momentStart.indices
        let momentVisible = model.momentShown
        let instant = UInt8(EventDate.Precision.instant.rawValue)
        // Visible events per source lane; are they all instants (hour bins are then honest)?
        let perLane = model.shownPerLane
        let visibleFlags = moments.filter { momentVisible[$0] }.map { ev.momentFlags[$0] & TimelineEvents.Flags.precisionMask }
        let allInstants = visibleFlags.allSatisfy { $0 == instant }, anyInstant = visibleFlags.contains(instant)

        // Lanes to draw: listed lanes always, others only with events in range; past
        // `maxLanes`, the rest share one lane.
        var shown: [Int] = []
        for (i, count) in perLane.enumerated() where i < model.listedLanes || count > 0 { shown.append(i) }
        var displayOf = [Int](repeating: -1, count: perLane.count)
        var names: [String] = []
        var folded = 0
        let limit = max(1, maxLanes)
        for (k, source) in shown.enumerated() {
            if shown.count > limit && k >= limit - 1 {
                if k == limit - 1 { names.append("") }
                displayOf[source] = limit - 1
                folded += 1
            } else {
                displayOf[source] = names.count
                names.append(ev.laneNames[source])
            }
        }
        if folded > 0 { names[names.count - 1] = "\(folded) other lanes" }
        var totals = [Int](repeating: 0, count: names.count)
        for (source, display) in displayOf.enumerated() where display >= 0 { totals[display] += perLane[source] }

        // Stacking a strip by colour only says something when colour is not the lane and
        // there are few enough colours to read.
        let stack = model.colorIsSeparate && ev.categoryNames.count <= 8 ? Array(0..<ev.categoryNames.count) : []
        let binInterval = densityInterval(scale, allInstants: allInstants)
        let edges = binInterval.boundaries(from: from, to: to)

        // A lane with more events than the plot has room for at `distinctSpacing` is a
        // strip without looking closer; a smaller one is a strip when most of its marks
        // would hide behind others.
        let slots = (scale.rangeEnd - scale.rangeStart) / distinctSpacing
        var dense = totals.map { Double($0) > 2 * slots }

        // Pass 2: bin the dense lanes, collect the indices of the others.
        let layers = max(1, stack.count)
        var bins = [[Int32]](repeating: [], count: names.count)
        for l in names.indices where dense[l] { bins[l] = [Int32](repeating: 0, count: (edges.count - 1) * layers) }
        var indices = [[Int]](repeating: [], count: names.count)
        for l in names.indices where !dense[l] { indices[l].reserveCapacity(totals[l]) }
        // The bin of each moment (-1: outside the range), found once.
        var cursor = 0
        let momentBin = moments.map { m -> Int in
            let t = binPosition(ev.momentStart[m], ev.momentEnd[m], ev.momentFlags[m])
            return ev.momentStart[m] < to && t >= from && t < to ? bin(of: t, edges, &cursor) : -1
        }
        ev.forEach { i, m, lane, category in
            let l = displayOf[lane]
            guard l >= 0 else { return }
            if dense[l] {
                let b = momentBin[m]
                guard b >= 0 else { return }
                bins[l][b * layers + (stack.isEmpty ? 0 : category)] += 1
            } else if momentVisible[m] {
                indices[l].append(i)
            }
        }

        var result: [Lane] = []
        for l in names.indices {
            if !dense[l] {
                let list = indices[l].sorted { ev.start($0) != ev.start($1) ? ev.start($0) < ev.start($1) : $0 < $1 }
                if list.count > 1 && hiddenShare(markCenters(list)) > 0.5 {
                    dense[l] = true
                    var counts = [Int32](repeating: 0, count: (edges.count - 1) * layers)
                    for i in list {
                        let b = momentBin[Int(ev.moment[i])]
                        guard b >= 0 else { continue }
                        counts[b * layers + (stack.isEmpty ? 0 : Int(ev.category[i]))] += 1
                    }
                    bins[l] = counts
                } else {
                    result.append(Lane(name: names[l], content: .events(list), total: list.count, isOther: folded > 0 && l == names.count - 1))
                    continue
                }
            }
            let density = DensityBins(interval: binInterval, edges: edges, layers: layers, counts: bins[l])
            result.append(Lane(name: names[l], content: .density(density), total: density.total, isOther: folded > 0 && l == names.count - 1))
        }
        return TimelineLanes(lanes: result, visibleCount: totals.reduce(0, +), foldedLanes: folded, stackCategories: stack,
                              hasInstants: anyInstant)
    }

    /// The bins of density strips: the shortest calendar interval at least 2 points wide
    /// (never shorter than a day unless every event has a time of day: a day-precision
    /// event counted in an hour bin would claim a time nobody reported).
    static func densityInterval(_ scale: TimeScale, allInstants: Bool) -> CalendarInterval {
        let minDays = max(2 / scale.pointsPerDay, allInstants ? 0 : 1)
        return CalendarInterval.bin(minDays: minDays)
    }

    /// Where an event is counted: its start when its date is known to the day or better,
    /// else the middle of the month or year it is known to.
    @inline(__always) static func binPosition(_ start: Double, _ end: Double, _ flags: UInt8) -> Double {
        flags & TimelineEvents.Flags.precisionMask >= UInt8(EventDate.Precision.day.rawValue) ? start : (start + end) / 2
    }

    /// The bin of `t` among `edges` (t inside them); `cursor` remembers the last bin, since
    /// rows often come in date order.
    @inline(__always) static func bin(of t: Double, _ edges: [Double], _ cursor: inout Int) -> Int {
        let last = edges.count - 2
        if cursor <= last, edges[cursor] <= t, t < edges[cursor + 1] { return cursor }
        if cursor + 1 <= last, edges[cursor + 1] <= t, t < edges[cursor + 2] { cursor += 1; return cursor }
        var lo = 0, hi = last
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if edges[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        cursor = lo
        return lo
    }

    /// The share of marks that sit within `distinctSpacing` of the mark before them.
    static func hiddenShare(_ centers: [Double]) -> Double {
        guard centers.count > 1 else { return 0 }
        let sorted = centers.sorted()
        var hidden = 0
        var anchor = sorted[0]
        for x in sorted.dropFirst() {
            if x - anchor < distinctSpacing { hidden += 1 } else { anchor = x }
        }
        return Double(hidden) / Double(centers.count)
    }
}

/// Counts of a density strip: events per calendar bin, optionally split into colour layers.
struct DensityBins {
    var interval: CalendarInterval
    /// Bin boundaries (day numbers); bin `b` is `edges[b]..<edges[b+1]`.
    var edges: [Double]
    /// Colour layers per bin (1 when the strip has one colour).
    var layers: Int
    /// `counts[b * layers + layer]`.
    var counts: [Int32]

    var binCount: Int { edges.count - 1 }

    /// Events in bin `b`, all layers.
    func count(_ b: Int) -> Int {
        var s = 0
        for k in 0..<layers { s += Int(counts[b * layers + k]) }
        return s
    }

    /// The fullest bin.
    var peak: Int { (0..<binCount).map(count).max() ?? 0 }

    /// All events counted.
    var total: Int { counts.reduce(0) { $0 + Int($1) } }
}
