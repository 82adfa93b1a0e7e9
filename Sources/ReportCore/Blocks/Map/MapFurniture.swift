import Foundation
import ReportScene

/// What says how to read a map: the size or density key and the scale bar, bottom left, and
/// the attribution (with the disclaimer), bottom right.
extension MapLayout {
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
