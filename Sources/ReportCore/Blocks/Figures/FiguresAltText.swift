/// Key figures' alternative text: each figure's value and unit, as its box shows them, with
/// its label, after the block's title (or "Key figures" without one).
extension FiguresBlock {
    static func altText(_ model: [FigureModel], _ spec: [FigureItem], title: String?) -> String? {
        let figures = model.map { figure in
            // A value with no number shows "–", which a screen reader reads as nothing.
            let value = figure.value == "–" ? "no value" : ([figure.value] + [figure.unit].compactMap { $0 }).joined(separator: " ")
            return "\(value) (\(figure.label))"
        }
        return "\(title ?? "Key figures"): \(figures.joined(separator: "; "))."
    }
}
