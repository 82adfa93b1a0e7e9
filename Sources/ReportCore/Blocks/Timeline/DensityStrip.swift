import ReportScene

/// Timeline stage 2b: a lane too crowded to draw event by event, drawn as a strip of bars,
/// one per calendar bin, as tall as the number of events that start in it. Colour layers
/// (one per category, when colour is not the lane) are stacked in legend order.
///
/// Each layer is one path of rectangles, so a strip costs a few hundred rectangles whether
/// it counts a thousand events or a million.
struct DensityStrip {
    let bins: DensityBins
    let scale: TimeScale
    /// The count at the top of every strip (shared, so strips compare).
    let countMax: Double
    /// Colour of each layer.
    let colors: [Color]

    /// The strip's bars with their baseline at `baseline` and `height` points for `countMax`.
    func draw(baseline: Double, height: Double, rule: Color) -> [SceneItem] {
        var items: [SceneItem] = []
        let left = scale.rangeStart, right = scale.rangeEnd
        items.append(.path(.line(Point(left, baseline), Point(right, baseline)), fill: nil, stroke: Stroke(rule, width: 0.5)))
        guard countMax > 0 else { return items }
        let perEvent = height / countMax
        var lower = [Double](repeating: 0, count: bins.binCount)
        for layer in 0..<bins.layers {
            var path = Path()
            for b in 0..<bins.binCount {
                let n = Double(bins.counts[b * bins.layers + layer])
                guard n > 0 else { continue }
                let x0 = min(right, max(left, scale(bins.edges[b]))), x1 = min(right, max(left, scale(bins.edges[b + 1])))
                guard x1 > x0 else { continue }
                let y0 = baseline - lower[b] * perEvent
                let h = n * perEvent
                path.elements += Path.rect(Rect(x: x0, y: y0 - h, width: x1 - x0, height: h)).elements
                lower[b] += n
            }
            if !path.elements.isEmpty { items.append(.path(path, fill: .solid(colors[min(layer, colors.count - 1)]), stroke: nil)) }
        }
        return items
    }

    /// The shared top of the count scale: a nice number at or above the fullest bin.
    static func countMax(peak: Int) -> Double {
        guard peak > 0 else { return 1 }
        let (_, upper) = NiceTicks.niceDomain(0, Double(peak), count: 2)
        return max(upper, Double(peak))
    }
}
