/// What a map shows, in words: how many rows at how many places, where (the region and the
/// extent), the places with the most, and each flow.
enum MapAltText {
    static func text(_ model: MapModel) -> String {
        var sentences: [String] = []
        let e = model.extent
        let region = BaseMap.country(containing: e.center).map { " centred on \($0.name)" } ?? ""
        let extent = "\(degrees(e.west, "E", "W"))–\(degrees(e.east, "E", "W")), \(degrees(e.south, "N", "S"))–\(degrees(e.north, "N", "S"))"
        var first = "Map\(region) (\(extent))"
        if !model.symbols.isEmpty {
            let places = model.placeCount
            first += " of \(NumberFormat.grouped(Double(model.rowCount))) \(model.rowCount == 1 ? "row" : "rows") at \(NumberFormat.grouped(Double(places))) \(places == 1 ? "place" : "places")"
            first += model.isDense ? ", counted in hexagons" : model.sizeName.map { ", dots sized by \($0)" } ?? ", dots sized by the number of rows"
        }
        sentences.append(first + ".")
        // The places with the most, by label.
        var totals: [String: Double] = [:], order: [String] = []
        for s in model.symbols {
            guard let label = s.label, !label.isEmpty else { continue }
            if totals[label] == nil { order.append(label) }
            totals[label, default: 0] += s.value
        }
        let top = order.enumerated().sorted { (-totals[$0.element]!, $0.offset) < (-totals[$1.element]!, $1.offset) }.prefix(3).map(\.element)
        if !top.isEmpty {
            let what = model.sizeName ?? "rows"
            sentences.append("Most \(what): " + top.map { "\($0) (\(NumberFormat.grouped(totals[$0]!)))" }.joined(separator: ", ") + ".")
        }
        if !model.flows.isEmpty {
            let unit = model.flowUnit.rawValue
            sentences.append("Flows: " + model.flows.map { "\(NumberFormat.grouped($0.value)) \(unit) from \($0.from) to \($0.to)" }.joined(separator: "; ") + ".")
        }
        let layers = model.layers.compactMap(\.title)
        if !layers.isEmpty { sentences.append("Layers: " + layers.joined(separator: ", ") + ".") }
        return sentences.joined(separator: " ")
    }

    /// "38.5°E", "2.1°W".
    private static func degrees(_ value: Double, _ positive: String, _ negative: String) -> String {
        "\(NumberFormat.spec((abs(value) * 10).rounded() / 10))°\(value < 0 ? negative : positive)"
    }
}
