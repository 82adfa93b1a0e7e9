import Foundation
import ReportScene

/// The marks of a map's rows: dots (pies of categories) sized by value, or hexagons counting
/// rows when the places are too many to dot.
extension MapLayout {
    /// The largest dot's radius in `plot`.
    func maxRadius(_ plot: Rect) -> Double { min(16, max(7, plot.width / 34)) }

    /// The dot radius of `value`: area proportional to the value (a row of 0 still shows, as
    /// the smallest dot).
    func radius(_ value: Double, max maxValue: Double, _ plot: Rect) -> Double {
        guard value > 0, maxValue > 0 else { return 1.6 }
        // One row a place and nothing to size by: every dot the same, small.
        if !hasSizeKey { return 3.5 }
        return Swift.max(2, maxRadius(plot) * (value / maxValue).squareRoot())
    }

    /// The largest dot's value: the largest total at one place.
    var maxValue: Double { model.largestPlaceValue }

    /// Dots differ in size (and so need a key) unless each counts a single row.
    var hasSizeKey: Bool { model.sizeName != nil || maxValue > 1 }

    /// One dot per place, its area the place's total; with `color`, a pie of its categories'
    /// shares, in the legend's order clockwise from the top (nested circles of each category
    /// read as targets, and their rings did not show the shares). The biggest first, so that
    /// small dots stay visible on top; and the places they name.
    func symbols(_ frame: MapFrame, _ plot: Rect) -> (items: [SceneItem], places: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)]) {
        let top = maxValue
        var groups: [GeoPoint: [Int]] = [:], order: [GeoPoint] = []
        for (i, s) in model.symbols.enumerated() {
            if groups[s.point] == nil { order.append(s.point) }
            groups[s.point, default: []].append(i)
        }
        let totals = order.map { groups[$0]!.map { model.symbols[$0].value }.reduce(0, +) }
        let rank = Dictionary(uniqueKeysWithValues: model.categories.enumerated().map { ($1, $0) })
        var items: [SceneItem] = []
        var places: [String: (at: Point, radius: Double, total: Double)] = [:]
        for point in order.indices.sorted(by: { (-totals[$0], $0) < (-totals[$1], $1) }).map({ order[$0] }) {
            guard let p = frame.point(point), plot.contains(Rect(x: p.x, y: p.y, width: 0, height: 0)) else { continue }
            let parts = groups[point]!.map { model.symbols[$0] }.sorted { (rank[$0.category ?? ""] ?? 0) < (rank[$1.category ?? ""] ?? 0) }
            let sum = parts.map(\.value).reduce(0, +)
            let r = radius(sum, max: top, plot)
            let shown = parts.filter { $0.value > 0 }
            if shown.count <= 1 {
                let color = (shown.first ?? parts[0]).category.map { ctx.colors.color(for: $0) } ?? ctx.styles.accent
                items.append(.dot(Dot(center: p, radius: r, fill: color.withAlpha(0.82), ring: Stroke(.white, width: 0.6))))
            } else {
                var angle = -Double.pi / 2
                for part in shown {
                    let sweep = 2 * .pi * part.value / sum
                    items.append(.path(Self.wedge(center: p, radius: r, from: angle, sweep: sweep),
                                       fill: .solid(ctx.colors.color(for: part.category ?? "").withAlpha(0.82)), stroke: Stroke(.white, width: 0.5)))
                    angle += sweep
                }
            }
            if let label = parts.first(where: { $0.label?.isEmpty == false })?.label {
                let old = places[label]
                places[label] = (p, Swift.max(r, old?.radius ?? 0), (old?.total ?? 0) + sum)
            }
        }
        let named = places.map { (name: $0.key, at: $0.value.at, radius: $0.value.radius, priority: $0.value.total, bold: false) }
        return (items, named)
    }

    /// A slice of a pie: from the centre, along the circle from `from` for `sweep` radians
    /// (clockwise on the page), in Bézier arcs of at most a quarter turn.
    static func wedge(center c: Point, radius r: Double, from start: Double, sweep: Double) -> Path {
        var path = Path()
        path.move(to: c)
        path.line(to: Point(c.x + r * cos(start), c.y + r * sin(start)))
        let pieces = Swift.max(1, Int((sweep / (Double.pi / 2)).rounded(.up)))
        let step = sweep / Double(pieces)
        // The control points of a circular arc of angle `step` lie 4/3·tan(step/4)·r along the tangents.
        let k = 4.0 / 3.0 * tan(step / 4) * r
        var a = start
        for _ in 0..<pieces {
            let b = a + step
            let p0 = Point(c.x + r * cos(a), c.y + r * sin(a)), p3 = Point(c.x + r * cos(b), c.y + r * sin(b))
            path.curve(to: p3, control1: Point(p0.x - k * sin(a), p0.y + k * cos(a)), control2: Point(p3.x + k * sin(b), p3.y - k * cos(b)))
            a = b
        }
        path.close()
        return path
    }

    /// The hexagon radius of the density layer: about 1/45 of the map's width.
    func hexRadius(_ plot: Rect) -> Double { Swift.max(4, plot.width / 45) }

    /// Rows counted in hexagons, coloured from pale to the accent by count (on a log scale
    /// when counts span more than 20 to 1).
    func hexagons(_ bins: [HexBins.Bin], _ plot: Rect) -> [SceneItem] {
        let maxCount = bins.map(\.count).max() ?? 1
        return bins.map { bin in
            .path(HexBins.path(center: bin.center, radius: hexRadius(plot) + 0.15), fill: .solid(hexColor(bin.count, max: maxCount)), stroke: nil)
        }
    }

    func hexBins(_ frame: MapFrame, _ plot: Rect) -> [HexBins.Bin] {
        var bins = HexBins(radius: hexRadius(plot), origin: Point(plot.minX, plot.minY))
        for s in model.symbols {
            guard let p = frame.point(s.point), plot.contains(Rect(x: p.x, y: p.y, width: 0, height: 0)) else { continue }
            bins.add(p, count: s.count, weight: s.value)
        }
        return bins.bins
    }

    /// The share of the way from pale to the accent that `count` of `max` gets.
    static func hexShare(_ count: Int, max maxCount: Int) -> Double {
        guard maxCount > 1 else { return 1 }
        return maxCount > 20 ? log(Double(count)) / log(Double(maxCount)) : Double(count - 1) / Double(maxCount - 1)
    }

    func hexColor(_ count: Int, max maxCount: Int) -> Color {
        let t = 0.12 + 0.88 * Self.hexShare(count, max: maxCount)
        let pale = Color(hex: "#fbe3c8")!, dark = ctx.styles.accent
        return Color(red: pale.red + (dark.red - pale.red) * t, green: pale.green + (dark.green - pale.green) * t,
                     blue: pale.blue + (dark.blue - pale.blue) * t, alpha: 0.85)
    }

}
