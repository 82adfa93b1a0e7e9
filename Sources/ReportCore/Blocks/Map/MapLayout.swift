import Foundation
import ReportScene

/// Lays out a map: the base map, the user's layers, dots or hexagons, flows, labels that never
/// overlap, and the map's furniture (size or density key, scale bar, attribution).
struct MapLayout {
    let block: PreparedBlock
    let model: MapModel
    let ctx: LayoutContext

    // The base map's colours: quiet, so that the data reads first.
    static let sea = Color(hex: "#eef2f5")!
    static let land = Color(hex: "#f8f6f1")!
    static let border = Color(hex: "#b8b2a6")!

    func piece(width: Double, height: Double) -> Piece {
        // Hexagons count rows whatever their category: no colour key then.
        var legend = model.isDense ? [] : model.categories.map { ($0, ctx.colors.color(for: $0)) }
        legend += model.layers.compactMap { l in l.title.map { ($0, l.stroke ?? ctx.styles.muted) } }
        let notes = model.flowNotes
        return BlockFrame(block: block, legend: legend, notes: notes).piece(width: width, height: height, ctx) { plot in
            self.draw(in: plot)
        }
    }

    /// Everything the map draws inside `plot`.
    func draw(in plot: Rect) -> [SceneItem] { scene(in: plot).items }

    /// The map's drawing, with what tests check: the frame, every label box, each flow's width.
    func scene(in plot: Rect) -> (items: [SceneItem], frame: MapFrame, labels: [Rect], flowWidths: [Double]) {
        let frame = MapFrame(extent: model.extent, in: plot)
        // Geometry is clipped a little outside the frame, so strokes reach its edge.
        let clip = plot.insetBy(dx: -2, dy: -2)
        var items: [SceneItem] = [.path(.rect(plot), fill: .solid(model.basemap ? Self.sea : .white), stroke: nil)]
        var placer = LabelPlacer(bounds: plot.insetBy(dx: 2, dy: 2))
        var labels: [Rect] = []
        let furniture = furnitureBoxes(plot)
        furniture.forEach { placer.reserve($0) }

        // The base map's countries, decoded once for their shapes and their names.
        let countries = model.basemap ? BaseMap.countries(intersecting: frame.visibleBox) : []
        items += baseMap(countries, frame, clip)
        for layer in model.layers { items += draw(layer, frame, clip) }

        // Marks: hexagons under the flows; dots over them, so that no arrow hides a place's
        // dot; the flows' end marks on top.
        var marks: [SceneItem] = []
        var places: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)] = []
        var maxCount = 1
        let flowDrawing = flows(frame, plot)
        if model.isDense {
            let bins = hexBins(frame, plot)
            maxCount = bins.map(\.count).max() ?? 1
            marks += hexagons(bins, plot) + flowDrawing.items
        } else {
            let (dots, named) = symbols(frame, plot)
            marks += flowDrawing.items + dots
            places += named
        }
        marks += flowDrawing.ends
        places += flowDrawing.places
        // A place both dotted and reached by a flow is named once, beside the larger mark.
        var merged: [String: Int] = [:]
        var unique: [(name: String, at: Point, radius: Double, priority: Double, bold: Bool)] = []
        for p in places {
            guard let i = merged[p.name] else { merged[p.name] = unique.count; unique.append(p); continue }
            unique[i].radius = max(unique[i].radius, p.radius)
            unique[i].priority = max(unique[i].priority, p.priority)
            unique[i].bold = unique[i].bold || p.bold
        }
        places = unique
        // Marks are reserved before any label, so no label covers a dot or an arrowhead.
        for p in places { placer.reserve(Rect(x: p.at.x - p.radius, y: p.at.y - p.radius, width: 2 * p.radius, height: 2 * p.radius)) }
        for head in flowDrawing.heads { placer.reserve(head) }
        items += marks

        // Labels: flow places first, then the values of flows, then dots by size, then
        // layer features and countries where there is room.
        var labelItems: [SceneItem] = []
        let nameStyle = ctx.styles.label.bolded(), placeStyle = ctx.styles.label
        var named = Set<String>()
        for p in places.sorted(by: { ($0.bold ? 0 : 1, -$0.priority, $0.name) < ($1.bold ? 0 : 1, -$1.priority, $1.name) })
            where !p.name.isEmpty && named.insert(p.name).inserted {
            let style = p.bold ? nameStyle : placeStyle
            if let box = place(p.name, style, around: p.at, radius: p.radius, avoiding: flowDrawing.bands, &placer) {
                labelItems += groundedLabel(p.name, style, box); labels.append(box)
            }
        }
        for (text, candidates) in flowDrawing.valueLabels {
            let m = ctx.measure(TextContent(text, style: placeStyle))
            let boxes = candidates.map { Rect(x: $0.x - m.width / 2 - 2, y: $0.y - m.height / 2, width: m.width + 4, height: m.height) }
            if let i = placer.place(boxes.map { ($0, []) }) {
                labelItems += groundedLabel(text, placeStyle, boxes[i]); labels.append(boxes[i])
            }
        }
        for (text, spots) in layerLabels(frame, plot) where !named.contains(text) {
            for at in spots {
                guard let box = place(text, ctx.styles.small.italicized(), around: at, radius: 1, avoiding: flowDrawing.bands, &placer) else { continue }
                labelItems += groundedLabel(text, ctx.styles.small.italicized(), box); labels.append(box)
                named.insert(text)
                break
            }
        }
        if model.basemap {
            let countryStyle = TextStyle(family: ctx.styles.family, size: 8, color: Self.border.lightened(-0.25))
            for c in countries {
                guard let at = frame.point(c.labelPoint), plot.insetBy(dx: 10, dy: 10).contains(Rect(x: at.x, y: at.y, width: 0, height: 0)) else { continue }
                let text = c.name.uppercased()
                let m = ctx.measure(TextContent(text, style: countryStyle))
                // Only a country wider than its name is named (not an enclave or an island).
                guard let west = frame.point(GeoPoint(lon: c.bounds.west, lat: c.labelPoint.lat)),
                      let east = frame.point(GeoPoint(lon: c.bounds.east, lat: c.labelPoint.lat)), east.x - west.x > 1.5 * m.width else { continue }
                let box = Rect(x: at.x - m.width / 2, y: at.y - m.height / 2, width: m.width, height: m.height)
                // The least of the labels: never over an arrow either.
                if !flowDrawing.bands.contains(where: { $0.intersects(box) }), placer.place([(box, [])]) != nil {
                    labelItems.append(PlacedLabels.item(TextContent(text, style: countryStyle), at: Point(box.minX, box.minY), box: box))
                    labels.append(box)
                }
            }
        }
        items += labelItems
        items += furnitureItems(frame, plot, furniture, maxCount: maxCount)
        items.append(.path(.rect(plot), fill: nil, stroke: Stroke(ctx.styles.rule, width: 0.5)))
        return ([.clipped(plot, items)], frame, labels, flowDrawing.widths)
    }

    /// A label on a white ground that keeps it readable over the map, clipped to its box.
    private func groundedLabel(_ text: String, _ style: TextStyle, _ box: Rect) -> [SceneItem] {
        [.path(.roundedRect(box, radius: 1.5), fill: .solid(Color.white.withAlpha(0.8)), stroke: nil),
         PlacedLabels.item(TextContent(text, style: style), at: Point(box.minX + 1.5, box.minY), box: box)]
    }

    /// Places a label beside a mark of `radius` at `p`: right, left, above, below, then the
    /// diagonals, a little further out each round; a place off the `avoiding` boxes (the flow
    /// arrows) first, one over them only when there is no other. Nil when nowhere is free:
    /// the label is left out.
    private func place(_ text: String, _ style: TextStyle, around p: Point, radius: Double, avoiding: [Rect] = [],
                       _ placer: inout LabelPlacer) -> Rect? {
        let m = ctx.measure(TextContent(text, style: style))
        let w = m.width + 3, h = m.height
        var candidates: [Rect] = []
        for gap in [2.0, 6.0] {
            let d = radius + gap
            candidates += [
                Rect(x: p.x + d, y: p.y - h / 2, width: w, height: h), Rect(x: p.x - d - w, y: p.y - h / 2, width: w, height: h),
                Rect(x: p.x - w / 2, y: p.y - d - h, width: w, height: h), Rect(x: p.x - w / 2, y: p.y + d, width: w, height: h),
                Rect(x: p.x + d * 0.7, y: p.y - d * 0.7 - h, width: w, height: h), Rect(x: p.x - d * 0.7 - w, y: p.y - d * 0.7 - h, width: w, height: h),
                Rect(x: p.x + d * 0.7, y: p.y + d * 0.7, width: w, height: h), Rect(x: p.x - d * 0.7 - w, y: p.y + d * 0.7, width: w, height: h),
            ]
        }
        let clear = candidates.filter { c in !avoiding.contains { $0.intersects(c) } }
        let ordered = clear + candidates.filter { c in avoiding.contains { $0.intersects(c) } }
        return placer.place(ordered.map { ($0, []) }).map { ordered[$0] }
    }

    // MARK: Base map and layers

    /// The countries of the bundled base map that the frame shows, clipped and simplified.
    private func baseMap(_ countries: [BaseMapCountry], _ frame: MapFrame, _ clip: Rect) -> [SceneItem] {
        countries.compactMap { country in
            let rings = country.polygons.flatMap { $0 }.map { projectRing($0, frame, clip) }.filter { !$0.isEmpty }
            guard !rings.isEmpty else { return nil }
            return .path(MapGeometry.path(rings: rings), fill: .solid(Self.land), stroke: Stroke(Self.border, width: 0.5))
        }
    }

    private func projectRing(_ ring: [GeoPoint], _ frame: MapFrame, _ clip: Rect) -> [Point] {
        let projected = ring.compactMap(frame.point)
        return MapGeometry.simplify(ring: MapGeometry.clip(ring: projected, to: clip))
    }

    private func projectLine(_ line: [GeoPoint], _ frame: MapFrame, _ clip: Rect) -> [[Point]] {
        MapGeometry.clip(line: line.compactMap(frame.point), to: clip).map { MapGeometry.simplify($0) }.filter { $0.count >= 2 }
    }

    private func draw(_ layer: MapModel.Layer, _ frame: MapFrame, _ clip: Rect) -> [SceneItem] {
        let stroke = Stroke(layer.stroke ?? ctx.styles.muted, width: layer.width, dash: layer.dash ? [4, 2.5] : [], roundCaps: !layer.dash)
        var items: [SceneItem] = []
        for feature in layer.features {
            switch feature.geometry {
            case .polygons(let polygons):
                let rings = polygons.flatMap { $0 }.map { projectRing($0, frame, clip) }.filter { !$0.isEmpty }
                guard !rings.isEmpty else { continue }
                items.append(.path(MapGeometry.path(rings: rings), fill: layer.fill.map { .solid($0) }, stroke: layer.width > 0 ? stroke : nil))
            case .lines(let lines):
                let parts = lines.flatMap { projectLine($0, frame, clip) }
                guard !parts.isEmpty, layer.width > 0 else { continue }
                var path = Path()
                for part in parts { path.elements += Path.polyline(part).elements }
                items.append(.path(path, fill: nil, stroke: stroke))
            case .points(let points):
                for p in points.compactMap(frame.point) where clip.contains(Rect(x: p.x, y: p.y, width: 0, height: 0)) {
                    items.append(.dot(Dot(center: p, radius: max(1.5, layer.width * 1.5), fill: layer.fill ?? stroke.color, ring: Stroke(.white, width: 0.5))))
                }
            }
        }
        return items
    }

    /// Where the layers' labelled features may be named, best first: a line at its middle,
    /// then further along either way; a polygon at the middle of its box; a point beside it.
    private func layerLabels(_ frame: MapFrame, _ plot: Rect) -> [(String, [Point])] {
        var out: [(String, [Point])] = []
        for layer in model.layers {
            for feature in layer.features {
                guard let label = feature.label, !label.isEmpty else { continue }
                let spots: [GeoPoint]
                switch feature.geometry {
                case .lines(let lines):
                    let longest = lines.max { $0.count < $1.count } ?? []
                    spots = longest.isEmpty ? [] : [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9].map { longest[Int(Double(longest.count - 1) * $0)] }
                case .polygons, .points:
                    spots = feature.geometry.bounds.map { [$0.center] } ?? []
                }
                let inside = spots.compactMap(frame.point).filter { plot.contains(Rect(x: $0.x, y: $0.y, width: 0, height: 0)) }
                if !inside.isEmpty { out.append((label, inside)) }
            }
        }
        return out
    }
}
