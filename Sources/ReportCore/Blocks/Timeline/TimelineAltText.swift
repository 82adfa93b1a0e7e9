/// A timeline's alternative text: the dates it spans, how many events it shows and in which
/// lanes, the busiest first. Only the events inside the shown range are counted, in one pass
/// over the event columns (a timeline may hold a million events).
extension TimelineBlock {
    /// Lanes named one by one, with their counts; more are counted.
    static let lanesSaid = 3

    static func altText(_ model: TimelineModel, _ spec: TimelineSpec, title: String?) -> String? {
        let events = model.events
        var perLane = [Int](repeating: 0, count: events.laneNames.count)
        // The first event to start and the last to end, the earliest row of each kept.
        var shown = 0, first: Int?, last: Int?, firstStart = Double.infinity, lastEnd = -Double.infinity
        let visible = events.momentStart.indices.map { events.momentIsVisible($0, from: model.from, to: model.to) }
        events.forEach { i, m, lane, _ in
            guard visible[m] else { return }
            shown += 1
            perLane[lane] += 1
            if first == nil || events.momentStart[m] < firstStart { first = i; firstStart = events.momentStart[m] }
            if last == nil || events.momentLastDay(m) > lastEnd { last = i; lastEnd = events.momentLastDay(m) }
        }
        guard let first, let last else { return "Timeline: no events to show." }
        // The range the spec gives is what the axis shows (events may run past it); else the
        // events' own dates, from the first start to the last end.
        let from = spec.range?.from ?? events.date(first)
        let to = spec.range?.to ?? events.spanDate(last) ?? events.date(last)
        let span = AltText.date(from) == AltText.date(to) ? AltText.on(from) : "from \(AltText.range(from, to))"
        var text = "Timeline \(span): \(AltText.count(shown, "event"))"
        let lanes = AltText.largestFirst(perLane.indices.filter { perLane[$0] > 0 }) { Double(perLane[$0]) }
        if spec.lane != nil, lanes.count > 1 {
            let named = lanes.map { "\(events.laneNames[$0]) (\(NumberFormat.grouped(Double(perLane[$0]))))" }
            text += " in \(lanes.count) lanes: \(AltText.list(named, limit: lanesSaid))"
            // The busiest lane, or lanes when several hold the most (none when all hold as many).
            let busiest = lanes.filter { perLane[$0] == perLane[lanes[0]] }
            if busiest.count < lanes.count {
                let names = AltText.list(busiest.map { events.laneNames[$0] }, limit: lanesSaid)
                text += busiest.count == 1 ? "; the busiest is \(names)" : "; the busiest are \(names)"
            }
        } else if spec.lane != nil, let lane = lanes.first {
            text += ", all in \(events.laneNames[lane])"
        }
        return text + "."
    }
}
