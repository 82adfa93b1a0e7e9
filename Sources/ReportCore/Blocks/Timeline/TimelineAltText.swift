/// A timeline's alternative text: the dates it spans, how many events it shows and in which
/// lanes, the busiest first. Only the events inside the shown range are counted, from what the
/// model counted in its one pass over the events (a timeline may hold ten million).
extension TimelineBlock {
    /// Lanes named one by one, with their counts; more are counted.
    static let lanesSaid = 3

    static func altText(_ model: TimelineModel, _ spec: TimelineSpec, title: String?) -> String? {
        let events = model.events
        // The visible events per lane, the first to start and the last to end: counted by the model.
        let perLane = model.shownPerLane
        let shown = perLane.reduce(0, +)
        guard let first = model.firstShown, let last = model.lastShown else { return "Timeline: no events to show." }
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
