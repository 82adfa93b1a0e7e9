import Foundation
import ReportScene

/// Lays out a `timeline` block: one lane per `lane` value, marks on a date axis, labels
/// placed so that none overlap (numbered with a key below when they cannot be placed), and
/// density strips where a lane has more events than can be told apart.
struct TimelineLayout {
    let block: PreparedBlock
    let model: TimelineModel
    let ctx: LayoutContext

    private let markBand = 18.0
    private let maxLabelWidth = 170.0

    private var labelStyle: TextStyle { ctx.styles.label }
    private var rowHeight: Double { ctx.measure(TextContent("Ag", style: labelStyle)).height + 1 }

    /// A lane after placement, in coordinates relative to the lane's top.
    private struct LaneLayout {
        var name: String
        var height: Double
        /// y of the mark line from the lane's top.
        var markY: Double
        var draw: (_ top: Double) -> [SceneItem]
    }

    /// An event whose label could not be placed: listed in the key.
    private struct KeyEntry { var number: Int; var text: String }

    /// The block as one piece; label rows shrink (more labels go to the key) until it fits
    /// in `available` points.
    func pieces(width: Double, height: Double?, available: Double) -> [Piece] {
        var rows = 4
        while true {
            let (piece, natural) = layout(width: width, height: height, maxRows: rows)
            if natural <= available || rows == 1 { return [piece] }
            rows -= 1
        }
    }

    private func layout(width: Double, height: Double?, maxRows: Int) -> (Piece, Double) {
        let gutter = min(width * 0.2, (model.lanes.map { ctx.width($0, labelStyle.bolded()) }.max() ?? 0) + 12)
        let plotX = gutter, plotW = width - gutter - 6
        let scale = TimeScale(start: model.from, end: model.to, range: plotX, plotX + plotW)
        let visible = model.events.filter { max($0.date.end, $0.end?.end ?? 0) > model.from && $0.date.start < model.to }
        var keyEntries: [KeyEntry] = []
        var lanes: [LaneLayout] = []
        var encodings = Set<String>()
        for lane in model.lanes {
            let events = visible.filter { $0.lane == lane }.sorted { $0.date.start < $1.date.start }
            if Double(events.count) > plotW / 3 {
                lanes.append(densityLane(lane, events, scale))
                encodings.insert("density")
            } else {
                lanes.append(pointLane(lane, events, scale, plotW: plotW, maxRows: maxRows, keyEntries: &keyEntries, encodings: &encodings))
            }
        }
        let annotationRow = model.annotations.isEmpty ? 0.0 : rowHeight + 4
        let lanesHeight = lanes.map(\.height).reduce(0, +)
        let axisHeight = 24.0
        let keyLines = keyEntries.map { "\($0.number)  \($0.text)" }
        let keyHeight = keyLines.isEmpty ? 0 : 4 + keyLines.map { ctx.measure(TextContent($0, style: ctx.styles.small, width: width)).height }.reduce(0, +)
        var notes: [String] = []
        if encodings.contains("approximate") { notes.append("Hollow marks with a soft edge are approximate dates (~).") }
        if encodings.contains("bracket") { notes.append("Brackets span the month or year when only that is known.") }
        if encodings.contains("density") { notes.append("Crowded lanes are drawn as density strips: darker means more events per bin; the peak count is shown at the strip's end.") }
        if visible.isEmpty { notes.append("No events in range.") }
        var legend: [(String, Color)] = []
        if model.colorIsSeparate {
            var seen: [String] = []
            for e in visible where !seen.contains(e.category) { seen.append(e.category) }
            legend = seen.map { ($0, ctx.colors.color(for: $0)) }
        }
        let frame = BlockFrame(block: block, legend: legend, notes: notes)
        let natural = annotationRow + max(lanesHeight, visible.isEmpty ? 40 : 0) + axisHeight + keyHeight + frame.chromeHeight(width: width, ctx)
        let total = height.map { max($0, natural) } ?? natural
        return (frame.piece(width: width, height: total, ctx) { plot in
            var items: [SceneItem] = []
            let lanesTop = plot.minY + annotationRow
            let lanesRect = Rect(x: plot.minX + plotX, y: lanesTop, width: plotW, height: max(lanesHeight, visible.isEmpty ? 40 : 0))
            let shifted = TimeScale(start: scale.start, end: scale.end, range: plot.minX + plotX, plot.minX + plotX + plotW)
            let axis = Axes.time(shifted, plot: lanesRect, ctx)
            items.append(contentsOf: axis.items)
            var y = lanesTop
            for (i, lane) in lanes.enumerated() {
                if i > 0 {
                    items.append(.path(.line(Point(plot.minX, y), Point(plot.maxX, y)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.6)))
                }
                items.append(ctx.label(lane.name, labelStyle.bolded(), at: Point(plot.minX, y + lane.markY), vertical: 0.5).item)
                let dx = plot.minX
                items.append(contentsOf: lane.draw(y).map { $0.offsetBy(dx: dx, dy: 0) })
                y += lane.height
            }
            if visible.isEmpty {
                items.append(ctx.label("No events in range", ctx.styles.body.italicized().colored(ctx.styles.muted),
                                       at: Point(lanesRect.midX, lanesRect.midY), anchor: .center, vertical: 0.5).item)
            }
            items.append(contentsOf: annotations(shifted, top: plot.minY, bottom: lanesRect.maxY))
            var ky = lanesRect.maxY + axisHeight + 4
            for line in keyLines {
                items.append(ctx.text(line, ctx.styles.small, at: Point(plot.minX, ky), width: plot.width))
                ky += ctx.measure(TextContent(line, style: ctx.styles.small, width: plot.width)).height
            }
            return items
        }, natural)
    }

    // MARK: Lanes of individual marks

    private func pointLane(_ name: String, _ events: [TimelineEvent], _ scale: TimeScale, plotW: Double, maxRows: Int,
                           keyEntries: inout [KeyEntry], encodings: inout Set<String>) -> LaneLayout {
        let rh = rowHeight
        // Lane coordinates: the mark line at y = 0, label rows above it and one row below.
        let belowTop = 6.0
        var placer = LabelPlacer(bounds: Rect(x: scale.rangeStart - 2, y: -Double(maxRows) * rh - 3,
                                              width: scale.rangeEnd - scale.rangeStart + 4, height: Double(maxRows) * rh + 3 + belowTop + rh))
        // Marks, spans and annotation rules are obstacles: no label may cover them.
        for e in events {
            if let end = e.end {
                let x0 = max(scale.rangeStart, scale(e.date.start)), x1 = min(scale.rangeEnd, scale(end.end))
                placer.reserve(Rect(x: x0, y: -3.5, width: max(2, x1 - x0), height: 7))
            } else if e.date.precision == .month || e.date.precision == .year {
                let x0 = max(scale.rangeStart, scale(e.date.start)), x1 = min(scale.rangeEnd, scale(e.date.end))
                placer.reserve(Rect(x: x0, y: -4.5, width: max(2, x1 - x0), height: 5.5))
            } else {
                let x = markPosition(e, scale)
                placer.reserve(Rect(x: x - 4.5, y: -4.5, width: 9, height: 9))
            }
        }
        for a in model.annotations {
            guard let date = a.date else { continue }
            let x = scale(date.start + (date.precision == .day ? 0.5 : 0))
            placer.reserve(Rect(x: x - 0.8, y: -Double(maxRows + 1) * rh, width: 1.6, height: Double(maxRows + 2) * rh + belowTop))
        }
        struct Placed { var event: TimelineEvent; var box: Rect?; var content: TextContent?; var numberBox: Rect?; var number: Int? }
        var placed: [Placed] = []
        func rowTop(_ row: Int) -> Double { -Double(row + 1) * rh - 3 }
        for e in events {
            let markX = markPosition(e, scale)
            guard !e.label.isEmpty else { placed.append(Placed(event: e)); continue }
            var content = TextContent(e.label, style: labelStyle)
            var m = ctx.measure(content)
            var number: Int?
            if m.width > maxLabelWidth {
                // Shortened labels carry a number; the key under the chart has the full text.
                number = nextNumber(&keyEntries, e)
                content = TextContent(spans: [TextSpan("\(number!) ", bold: true), TextSpan(e.label)], style: labelStyle,
                                      width: maxLabelWidth, maxLines: 1)
                m = ctx.measure(content)
                m.width = min(m.width, maxLabelWidth)
            }
            let anchorX = e.end != nil ? max(scale.rangeStart, scale(e.date.start)) : markX
            var candidates: [(box: Rect, extra: [Rect])] = []
            for row in 0..<maxRows {
                let top = rowTop(row)
                let leader = row == 0 ? [] : [Rect(x: anchorX - 0.4, y: top + rh - 1, width: 0.8, height: -top - rh - 3)]
                candidates.append((Rect(x: anchorX - 2, y: top, width: m.width, height: rh - 1), leader))
                candidates.append((Rect(x: anchorX - m.width + 2, y: top, width: m.width, height: rh - 1), leader))
                if row == 0 {
                    candidates.append((Rect(x: anchorX - 2, y: belowTop, width: m.width, height: rh - 1), []))
                    candidates.append((Rect(x: anchorX - m.width + 2, y: belowTop, width: m.width, height: rh - 1), []))
                    // Beside the mark, on its own line (clear of a rule drawn through the mark).
                    candidates.append((Rect(x: markX + 6, y: -rh / 2, width: m.width, height: rh - 1), []))
                    candidates.append((Rect(x: markX - 6 - m.width, y: -rh / 2, width: m.width, height: rh - 1), []))
                }
            }
            if let index = placer.place(candidates) {
                placed.append(Placed(event: e, box: candidates[index].box, content: content, number: number))
                continue
            }
            // No room for the label: a number at the mark, the label in the key.
            let n = number ?? nextNumber(&keyEntries, e)
            let text = "\(n)"
            let w = ctx.width(text, labelStyle.bolded())
            let numberCandidates = [belowTop] + (0..<maxRows).map(rowTop)
            let boxes = numberCandidates.map { (box: Rect(x: markX - w / 2, y: $0, width: w, height: rh - 1), extra: [Rect]()) }
                + [(box: Rect(x: markX + 6, y: -rh / 2, width: w, height: rh - 1), extra: [Rect]()),
                   (box: Rect(x: markX - 6 - w, y: -rh / 2, width: w, height: rh - 1), extra: [Rect]())]
            let taken = placer.place(boxes).map { boxes[$0].box }
            placed.append(Placed(event: e, numberBox: taken, number: n))
        }
        let boxes = placed.compactMap { $0.box ?? $0.numberBox }
        let rowsUsed = boxes.filter { $0.minY < 0 }.map { Int((-$0.minY / rh).rounded(.down)) }.max() ?? 0
        let usesBelow = boxes.contains { $0.minY >= 0 }
        let above = Double(max(rowsUsed, 1)) * rh + 5
        let height = above + (usesBelow ? belowTop + rh + 2 : 8)
        if events.contains(where: { $0.date.approximate }) { encodings.insert("approximate") }
        if events.contains(where: { $0.end == nil && ($0.date.precision == .month || $0.date.precision == .year) }) { encodings.insert("bracket") }
        return LaneLayout(name: name, height: height, markY: above) { top in
            let lineY = top + above
            var items: [SceneItem] = []
            for p in placed {
                let e = p.event
                let c = self.ctx.colors.color(for: e.category)
                items.append(contentsOf: self.mark(e, scale, y: lineY, color: c))
                let anchorX = e.end != nil ? max(scale.rangeStart, scale(e.date.start)) : self.markPosition(e, scale)
                if let box = p.box, let content = p.content {
                    let b = box.offsetBy(dx: 0, dy: lineY)
                    if box.minY < rowTop(0) - 1 {
                        items.append(.path(.line(Point(anchorX, b.maxY), Point(anchorX, lineY - 4.5)), fill: nil,
                                           stroke: Stroke(self.ctx.styles.rule, width: 0.5)))
                    }
                    items.append(.text(TextItem(content, at: Point(b.minX, b.minY))))
                } else if let box = p.numberBox, let n = p.number {
                    items.append(self.ctx.text("\(n)", self.labelStyle.bolded(), at: Point(box.minX, box.minY + lineY)))
                }
            }
            return items
        }
    }

    private func nextNumber(_ entries: inout [KeyEntry], _ e: TimelineEvent) -> Int {
        let n = entries.count + 1
        entries.append(KeyEntry(number: n, text: "\(e.date.formatted()) — \(e.lane): \(e.label)"))
        return n
    }

    private func markPosition(_ e: TimelineEvent, _ scale: TimeScale) -> Double {
        switch e.date.precision {
        case .day: return min(scale.rangeEnd, max(scale.rangeStart, scale(e.date.start + 0.5)))
        case .instant: return min(scale.rangeEnd, max(scale.rangeStart, scale(e.date.start)))
        case .month, .year: return min(scale.rangeEnd, max(scale.rangeStart, scale(e.date.start)))
        }
    }

    /// The mark of one event: a dot, a bracket over a month or year, a bar for a span;
    /// approximate dates get a hollow dot over a soft gradient edge.
    private func mark(_ e: TimelineEvent, _ scale: TimeScale, y: Double, color: Color) -> [SceneItem] {
        let radius = e.size.map { 2.5 + min(6, sqrt(max(0, $0))) } ?? 3.5
        var items: [SceneItem] = []
        func clampX(_ x: Double) -> Double { min(scale.rangeEnd, max(scale.rangeStart, x)) }
        if let end = e.end {
            let x0 = clampX(scale(e.date.start)), x1 = clampX(scale(end.end))
            let bar = Rect(x: x0, y: y - 3, width: max(2, x1 - x0), height: 6)
            items.append(.path(.roundedRect(bar, radius: 2), fill: .solid(color.withAlpha(0.35)), stroke: Stroke(color, width: 0.8)))
            if scale(e.date.start) < scale.rangeStart { items.append(arrow(at: scale.rangeStart, y: y, left: true, color)) }
            if scale(end.end) > scale.rangeEnd { items.append(arrow(at: scale.rangeEnd, y: y, left: false, color)) }
            return items
        }
        switch e.date.precision {
        case .month, .year:
            let x0 = clampX(scale(e.date.start)), x1 = clampX(scale(e.date.end))
            var bracket = Path()
            bracket.move(to: Point(x0, y - 4)); bracket.line(to: Point(x0, y)); bracket.line(to: Point(x1, y)); bracket.line(to: Point(x1, y - 4))
            items.append(.path(bracket, fill: nil, stroke: Stroke(color, width: 1.6, dash: e.date.approximate ? [3, 2] : [])))
        case .day, .instant:
            let x = markPosition(e, scale)
            if e.date.approximate {
                let spread = max(8, scale.pointsPerDay * 2)
                let halo = Rect(x: x - spread, y: y - 2.5, width: 2 * spread, height: 5)
                items.append(.path(.rect(halo), fill: .linearGradient(from: Point(halo.minX, y), to: Point(halo.maxX, y), stops: [
                    GradientStop(0, color.withAlpha(0)), GradientStop(0.5, color.withAlpha(0.55)), GradientStop(1, color.withAlpha(0)),
                ]), stroke: nil))
                items.append(.path(.circle(center: Point(x, y), radius: radius), fill: .solid(.white), stroke: Stroke(color, width: 1.4)))
            } else {
                items.append(.path(.circle(center: Point(x, y), radius: radius), fill: .solid(color), stroke: Stroke(.white, width: 0.6)))
            }
        }
        return items
    }

    private func arrow(at x: Double, y: Double, left: Bool, _ color: Color) -> SceneItem {
        let d = left ? -5.0 : 5.0
        return .path(Path([.move(Point(x + d, y)), .line(Point(x, y - 4)), .line(Point(x, y + 4)), .close]), fill: .solid(color), stroke: nil)
    }

    // MARK: Density lanes

    /// Counts per bin drawn as a strip whose darkness follows the count: a million events
    /// cost as much to draw as a thousand.
    private func densityLane(_ name: String, _ events: [TimelineEvent], _ scale: TimeScale) -> LaneLayout {
        let binWidth = 2.0
        let bins = max(1, Int(((scale.rangeEnd - scale.rangeStart) / binWidth).rounded(.up)))
        var counts = [Int](repeating: 0, count: bins)
        for e in events {
            let x = scale(e.date.start + (e.date.end - e.date.start) / 2)
            let b = Int((x - scale.rangeStart) / binWidth)
            if b >= 0 && b < bins { counts[b] += 1 }
        }
        let peak = counts.max() ?? 0
        let color = ctx.colors.color(for: events.first?.category ?? name)
        let height = 30.0
        let peakLabel = "peak \(NumberFormat.grouped(Double(peak))) per \(binDescription(scale, binWidth)) · \(NumberFormat.grouped(Double(events.count))) events"
        return LaneLayout(name: name, height: height, markY: height / 2) { top in
            var items: [SceneItem] = []
            let y = top + 6
            for (i, count) in counts.enumerated() where count > 0 {
                let alpha = 0.15 + 0.85 * sqrt(Double(count) / Double(max(1, peak)))
                items.append(.path(.rect(Rect(x: scale.rangeStart + Double(i) * binWidth, y: y, width: binWidth, height: 12)),
                                   fill: .solid(color.withAlpha(alpha)), stroke: nil))
            }
            items.append(self.ctx.label(peakLabel, self.ctx.styles.small, at: Point(scale.rangeEnd, y + 13), anchor: .right).item)
            return items
        }
    }

    private func binDescription(_ scale: TimeScale, _ binWidth: Double) -> String {
        let days = binWidth / scale.pointsPerDay
        if days < 1 { return "\(NumberFormat.grouped(days * 24, maxDecimals: 1)) hours" }
        return days < 1.5 ? "day" : "\(NumberFormat.grouped(days, maxDecimals: 1)) days"
    }

    // MARK: Annotations

    private func annotations(_ scale: TimeScale, top: Double, bottom: Double) -> [SceneItem] {
        var items: [SceneItem] = []
        var placer = LabelPlacer(bounds: Rect(x: scale.rangeStart - 40, y: top, width: scale.rangeEnd - scale.rangeStart + 80, height: rowHeight * 2 + 4))
        for a in model.annotations {
            guard let date = a.date else { continue }
            let x = scale(date.start + (date.precision == .day ? 0.5 : 0))
            guard x >= scale.rangeStart, x <= scale.rangeEnd else { continue }
            items.append(.path(.line(Point(x, top + rowHeight), Point(x, bottom)), fill: nil,
                               stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
            let w = ctx.width(a.text, labelStyle.italicized())
            if let i = placer.place([(Rect(x: x + 2, y: top, width: w, height: rowHeight), []),
                                     (Rect(x: x - w - 2, y: top, width: w, height: rowHeight), [])]) {
                let box = placer.occupied.last!
                _ = i
                items.append(ctx.text(a.text, labelStyle.italicized().colored(ctx.styles.accent), at: Point(box.minX, box.minY)))
            }
        }
        return items
    }
}
