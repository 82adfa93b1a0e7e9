import Foundation
import ReportScene

/// The flows of a map: curved arrows as wide as the people who moved, their values and the
/// places at their ends.
extension MapLayout {
    /// The widest flow arrow, points.
    static let maxFlowWidth = 9.0

    /// Curved arrows as wide as their flow (the widest `maxFlowWidth`), bending to the left of
    /// travel so that a flow and its return stay apart; the places at their ends (and their
    /// marks, `ends`, drawn over the dots); the arrowheads'
    /// boxes; and, per flow, its value label and the points along the curve it may sit at.
    func flows(_ frame: MapFrame, _ plot: Rect) -> (items: [SceneItem], places: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)],
                                                    heads: [Rect], valueLabels: [(String, [Point])], widths: [Double], bands: [Rect], ends: [SceneItem]) {
        guard !model.flows.isEmpty else { return ([], [], [], [], [], [], []) }
        let top = model.flows.map(\.value).max() ?? 1
        var items: [SceneItem] = [], heads: [Rect] = [], valueLabels: [(String, [Point])] = [], widths: [Double] = []
        // Boxes along each arrow, which place names keep off when they can.
        var bands: [Rect] = []
        var ends: [String: Point] = [:]
        let unit = model.flowUnit.rawValue
        for f in model.flows {
            guard let a = frame.point(f.fromPoint), let b = frame.point(f.toPoint) else { continue }
            ends[f.from] = a; ends[f.to] = b
            let width = top > 0 ? Self.maxFlowWidth * f.value / top : 0
            widths.append(width)
            let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
            guard length > 1 else { continue }
            // A quadratic curve whose control point sits off the chord, to the left of travel.
            let bend = 0.2 * length
            let control = Point((a.x + b.x) / 2 + dy / length * bend, (a.y + b.y) / 2 - dx / length * bend)
            func at(_ t: Double) -> Point {
                let u = 1 - t
                return Point(u * u * a.x + 2 * u * t * control.x + t * t * b.x, u * u * a.y + 2 * u * t * control.y + t * t * b.y)
            }
            // The arrow stops short of the place's dot; its head is as wide as the flow.
            let headLength = Swift.max(6, width * 1.3 + 4), headHalf = Swift.max(3.5, width * 0.9 + 2)
            let endGap = 4.5
            var tEnd = 1.0
            while tEnd > 0.5, hypot(at(tEnd).x - b.x, at(tEnd).y - b.y) < endGap + headLength { tEnd -= 0.005 }
            var tStart = 0.0
            while tStart < 0.3, hypot(at(tStart).x - a.x, at(tStart).y - a.y) < endGap { tStart += 0.005 }
            let color = ctx.colors.color(for: f.from)
            var path = Path()
            path.move(to: at(tStart))
            var previous = at(tStart)
            for step in 1...32 {
                let p = at(tStart + (tEnd - tStart) * Double(step) / 32)
                path.line(to: p)
                let half = width / 2 + 1
                bands.append(Rect(x: Swift.min(p.x, previous.x) - half, y: Swift.min(p.y, previous.y) - half,
                                  width: abs(p.x - previous.x) + 2 * half, height: abs(p.y - previous.y) + 2 * half))
                previous = p
            }
            if width > 0 {
                items.append(.path(path, fill: nil, stroke: Stroke(color.withAlpha(0.8), width: width, roundCaps: false)))
            }
            // The head points along the curve's last stretch.
            let base = at(tEnd), tip0 = at(Swift.min(1, tEnd + 0.02))
            let ux0 = tip0.x - base.x, uy0 = tip0.y - base.y, ul = Swift.max(1e-9, hypot(ux0, uy0))
            let ux = ux0 / ul, uy = uy0 / ul
            let tip = Point(base.x + ux * headLength, base.y + uy * headLength)
            var head = Path()
            head.move(to: tip)
            head.line(to: Point(base.x - uy * headHalf, base.y + ux * headHalf))
            head.line(to: Point(base.x + uy * headHalf, base.y - ux * headHalf))
            head.close()
            items.append(.path(head, fill: .solid(color), stroke: nil))
            heads.append(head.bounds!)
            // The value, on the curve near its middle or just beside it.
            let text = "\(NumberFormat.grouped(f.value)) \(f.value == 1 ? (model.flowUnit == .families ? "family" : "person") : unit)"
            var candidates: [Point] = []
            for t in [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74] {
                let c = at(t)
                candidates += [c, Point(c.x + dy / length * (width / 2 + 7), c.y - dx / length * (width / 2 + 7)),
                               Point(c.x - dy / length * (width / 2 + 7), c.y + dx / length * (width / 2 + 7))]
            }
            valueLabels.append((text, candidates))
        }
        // Each place a flow touches: a small ink dot, and its name in bold.
        var places: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)] = []
        var endMarks: [SceneItem] = []
        for name in ends.keys.sorted() {
            let p = ends[name]!
            endMarks.append(.dot(Dot(center: p, radius: 2.6, fill: ctx.styles.ink, ring: Stroke(.white, width: 0.8))))
            places.append((name, p, 3.5, Double.infinity, true))
        }
        return (items, places, heads, valueLabels, widths, bands, endMarks)
    }
}
