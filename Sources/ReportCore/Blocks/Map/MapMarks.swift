import Foundation
import ReportScene

/// The marks of a map: dots sized by value, hexagons counting rows, curved flow arrows, and
/// the key, scale bar and attribution that say how to read them.
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

    private var maxValue: Double { model.largestPlaceValue }

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
        func total(_ p: GeoPoint) -> Double { groups[p]!.map { model.symbols[$0].value }.reduce(0, +) }
        let rank = Dictionary(uniqueKeysWithValues: model.categories.enumerated().map { ($1, $0) })
        var items: [SceneItem] = []
        var places: [String: (at: Point, radius: Double, total: Double)] = [:]
        for point in order.enumerated().sorted(by: { (-total($0.element), $0.offset) < (-total($1.element), $1.offset) }).map(\.element) {
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

    // MARK: Flows

    /// The widest flow arrow, points.
    static let maxFlowWidth = 9.0

    /// Curved arrows as wide as their flow (the widest `maxFlowWidth`), bending to the left of
    /// travel so that a flow and its return stay apart; the places at their ends; the arrowheads'
    /// boxes; and, per flow, its value label and the points along the curve it may sit at.
    func flows(_ frame: MapFrame, _ plot: Rect) -> (items: [SceneItem], places: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)],
                                                    heads: [Rect], valueLabels: [(String, [Point])], widths: [Double], bands: [Rect]) {
        guard !model.flows.isEmpty else { return ([], [], [], [], [], []) }
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
        for name in ends.keys.sorted() {
            let p = ends[name]!
            items.append(.dot(Dot(center: p, radius: 2.6, fill: ctx.styles.ink, ring: Stroke(.white, width: 0.8))))
            places.append((name, p, 3.5, Double.infinity, true))
        }
        return (items, places, heads, valueLabels, widths, bands)
    }

    // MARK: Key, scale bar and attribution

    /// The values of the size key: the round number nearest the largest value (1, 1.5, 2,
    /// 3, 4 or 5 × 10ⁿ), one near a quarter of it and one near a twentieth (those that differ
    /// and are above zero).
    static func sizeKeyValues(_ maxValue: Double) -> [Double] {
        guard maxValue > 0 else { return [] }
        func nice(_ v: Double) -> Double {
            guard v >= 1 else { return v >= 0.1 ? (v * 10).rounded() / 10 : v }
            // The round number nearest to v (by ratio), so that the key's largest circle is
            // about as large as the largest dot.
            let e = pow(10, floor(log10(v)))
            return [1, 1.5, 2, 3, 4, 5, 10].map { $0 * e }.min { abs(log($0 / v)) < abs(log($1 / v)) }!
        }
        var values: [Double] = []
        // Counts and most sizes are whole: no key value below 1 once the largest reaches it.
        for v in [nice(maxValue), nice(maxValue / 4), nice(maxValue / 20)] where v > 0 && (maxValue < 1 || v >= 1) && !values.contains(v) { values.append(v) }
        return values
    }

    /// The scale bar's length: the longest round distance (1, 2 or 5 × 10ⁿ km) within a fifth
    /// of the map's width.
    static func scaleKm(_ frame: MapFrame) -> Double {
        let maxKm = frame.rect.width * 0.2 / frame.pointsPerKm
        let e = pow(10, floor(log10(maxKm)))
        return [5, 2, 1].map { $0 * e }.first { $0 <= maxKm } ?? e
    }

    private var keyStyle: TextStyle { ctx.styles.small }

    /// The key (size or density) with the scale bar under it, bottom left; the attribution,
    /// bottom right.
    func furnitureBoxes(_ plot: Rect) -> [Rect] {
        let (left, right) = furnitureSizes(plot)
        var boxes: [Rect] = []
        if left.width > 0 { boxes.append(Rect(x: plot.minX + 4, y: plot.maxY - 4 - left.height, width: left.width, height: left.height)) }
        if right.width > 0 { boxes.append(Rect(x: plot.maxX - 4 - right.width, y: plot.maxY - 4 - right.height, width: right.width, height: right.height)) }
        return boxes
    }

    private var keyTitle: String? {
        // What a row is, as the data source's name says it ("events", "incidents"); "Rows" otherwise.
        let rows = (block.spec.dataName?.name).map { $0.replacingOccurrences(of: "_", with: " ").capitalizedFirst } ?? "Rows"
        if model.isDense { return "\(rows) per hexagon" }
        guard !model.symbols.isEmpty, hasSizeKey else { return nil }
        return model.sizeName.map { "\($0.replacingOccurrences(of: "_", with: " ").capitalizedFirst) (dot area)" } ?? "\(rows) (dot area)"
    }

    private var attribution: [String] {
        (model.basemap ? ["Boundaries: Natural Earth"] : []) + (model.disclaimer.map { [$0] } ?? [])
    }

    private func lineHeight(_ style: TextStyle) -> Double { ctx.measure(TextContent("Ag", style: style)).height }

    private func furnitureSizes(_ plot: Rect) -> (left: Size, right: Size) {
        let lh = lineHeight(keyStyle)
        // The scale bar is at most a fifth of the map's width (`scaleKm`).
        var width = Swift.max(70, plot.width * 0.2 + 8), height = 6 + lh + 10
        if let title = keyTitle {
            width = Swift.max(width, ctx.width(title, keyStyle) + 8)
            height += lh + 2
            if model.isDense {
                height += 10 + lh + 3
            } else {
                let values = Self.sizeKeyValues(maxValue)
                let r = values.first.map { radius($0, max: maxValue, plot) } ?? 0
                let labelWidth = values.map { ctx.width(NumberFormat.grouped($0), keyStyle) }.max() ?? 0
                width = Swift.max(width, 2 * r + 12 + labelWidth)
                height += Swift.max(2 * r, Double(values.count) * lh) + lh / 2 + 4
            }
        }
        let lines = attribution
        let right = lines.isEmpty ? Size(0, 0) : Size((lines.map { ctx.width($0, keyStyle) }.max() ?? 0) + 6, Double(lines.count) * lh + 4)
        return (Size(width, height), right)
    }

    /// The key, scale bar and attribution in `boxes` (`furnitureBoxes`); `maxCount` is the
    /// fullest hexagon's count on a dense map.
    func furnitureItems(_ frame: MapFrame, _ plot: Rect, _ boxes: [Rect], maxCount: Int) -> [SceneItem] {
        var items: [SceneItem] = []
        let lh = lineHeight(keyStyle)
        let ground = Color.white.withAlpha(0.85)
        guard let left = boxes.first else { return items }
        items.append(.path(.roundedRect(left, radius: 2), fill: .solid(ground), stroke: nil))
        var y = left.minY + 3
        let x = left.minX + 4
        if let title = keyTitle {
            items.append(ctx.text(title, keyStyle, at: Point(x, y)))
            y += lh + 2
            if model.isDense {
                let steps = Swift.min(5, maxCount)
                let swatch = (left.width - 8) / Double(steps)
                for i in 0..<steps {
                    let count = steps == 1 ? maxCount : Int((exp(log(Double(maxCount)) * Double(i) / Double(steps - 1))).rounded())
                    let rect = Rect(x: x + Double(i) * swatch, y: y, width: swatch - 1, height: 8)
                    items.append(.path(.rect(rect), fill: .solid(hexColor(Swift.max(1, count), max: maxCount)), stroke: nil))
                    if i == 0 || i == steps - 1 {
                        items.append(ctx.label(NumberFormat.grouped(Double(Swift.max(1, count))), keyStyle,
                                               at: Point(i == 0 ? rect.minX : rect.maxX, y + 10), anchor: i == 0 ? .left : .right).item)
                    }
                }
                y += 10 + lh + 3
            } else {
                let values = Self.sizeKeyValues(maxValue)
                let rMax = values.first.map { radius($0, max: maxValue, plot) } ?? 0
                let cx = x + rMax, bottom = y + Swift.max(2 * rMax, Double(values.count) * lh)
                // Each value beside the top of its circle, spread so that no two touch.
                let tops = values.map { bottom - 2 * radius($0, max: maxValue, plot) }
                let centres = LabelDodge.spread(centres: tops, sizes: values.map { _ in lh }, within: y - lh / 2, bottom + lh / 2, gap: 0)
                for (v, (top, centre)) in zip(values, zip(tops, centres)) {
                    let r = radius(v, max: maxValue, plot)
                    items.append(.path(.circle(center: Point(cx, bottom - r), radius: r), fill: nil, stroke: Stroke(ctx.styles.muted, width: 0.6)))
                    var leader = Path()
                    leader.move(to: Point(cx, top)); leader.line(to: Point(cx + rMax + 2, top)); leader.line(to: Point(cx + rMax + 4, centre))
                    items.append(.path(leader, fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.4)))
                    items.append(ctx.label(NumberFormat.grouped(v), keyStyle, at: Point(cx + rMax + 6, centre), vertical: 0.5).item)
                }
                y = bottom + lh / 2 + 4
            }
        }
        // The scale bar, true at the map's centre.
        let km = Self.scaleKm(frame)
        let length = km * frame.pointsPerKm
        let barY = y + lh + 3
        items.append(ctx.text("\(NumberFormat.grouped(km)) km", keyStyle, at: Point(x, y)))
        var bar = Path()
        bar.move(to: Point(x, barY - 3)); bar.line(to: Point(x, barY)); bar.line(to: Point(x + length, barY)); bar.line(to: Point(x + length, barY - 3))
        items.append(.path(bar, fill: nil, stroke: Stroke(ctx.styles.ink, width: 0.8)))
        if boxes.count > 1 {
            let right = boxes[1]
            items.append(.path(.roundedRect(right, radius: 2), fill: .solid(ground), stroke: nil))
            for (i, line) in attribution.enumerated() {
                items.append(ctx.text(line, keyStyle, at: Point(right.minX + 3, right.minY + 2 + Double(i) * lh)))
            }
        }
        return items
    }
}

extension String {
    /// The string with its first letter in capitals ("fatalities" → "Fatalities").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
