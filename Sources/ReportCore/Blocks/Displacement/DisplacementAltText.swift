/// A displacement block's alternative text: how many people were displaced from which
/// places, the largest flows (each pair of places added up), and the block's conversion of
/// families to persons when it makes one.
extension DisplacementBlock {
    /// Flows said one by one; more are counted.
    static let flowsSaid = 3

    static func altText(_ model: DisplacementModel, _ spec: DisplacementSpec, title: String?) -> String? {
        let kind = switch model.view {
        case .flow: "Flow diagram"
        case .bars: "Bar chart of arrivals by destination"
        case .timeline: "Step chart of arrivals over time"
        case .map: "Map of flows"
        }
        guard !model.flows.isEmpty else { return "\(kind): no movements to show." }
        var pairs: [(from: String, to: String, value: Double)] = []
        var pairIndex: [FlowGraph.PlacePair: Int] = [:]
        for flow in model.flows {
            let pair = FlowGraph.PlacePair(from: flow.from, to: flow.to)
            if let i = pairIndex[pair] { pairs[i].value += flow.value; continue }
            pairIndex[pair] = pairs.count
            pairs.append((flow.from, flow.to, flow.value))
        }
        var origins: [String] = []
        for flow in model.flows where model.origins.contains(flow.from) && !origins.contains(flow.from) { origins.append(flow.from) }
        let unit = model.unit == .families ? ("family", "families") : ("person", "persons")
        var text = "\(kind): \(AltText.amount(model.displaced, unit.0, unit.1)) displaced from \(AltText.list(origins, limit: 3))"
        if model.view == .timeline, model.lastDay > 0 { text += " by \(AltText.date(day: model.lastDay))" }
        let largest = AltText.largestFirst(pairs) { $0.value }.map { "\($0.from) to \($0.to) \(AltText.number($0.value))" }
        text += "; \(pairs.count == 1 ? "one flow" : "largest flows"): \(AltText.list(largest, limit: flowsSaid))."
        if model.personsPerFamily != nil, let conversion = model.conversionNote { text += " " + conversion }
        return text
    }
}
