import ReportScene

/// The legend of a timeline: what colours, sizes and mark shapes mean, each entry drawn
/// with the mark it explains (a hollow dot on its soft edge for "approximate date", a
/// bracket for "known only to the month"), so that the reader never has to guess.
struct TimelineLegend {
    /// A small drawing that stands for a mark.
    enum Glyph {
        case swatch(Color)
        case dot(radius: Double, Color)
        case approximate(Color)
        case bracket(Color)
        case dashedBracket(Color)
        case arrow(Color)
        case histogram(Color)
        /// A dot between an inner and an outer ring: a reported range of sizes.
        case rangeRings(Color)
    }

    /// One entry: glyphs with their words, kept together on one line.
    struct Entry {
        var parts: [(glyph: Glyph?, text: String)]
        /// A leading title in bold ("Fatalities").
        var title: String?
    }

    var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    private static let gap = 12.0
    private static let glyphGap = 3.0

    private func glyphWidth(_ g: Glyph) -> Double {
        switch g {
        case .swatch: return 9
        case .dot(let r, _): return 2 * r
        case .approximate: return 16
        case .bracket, .dashedBracket: return 14
        case .arrow: return 6
        case .histogram: return 14
        case .rangeRings: return 14
        }
    }

    private func entryWidth(_ e: Entry, _ ctx: LayoutContext) -> Double {
        let style = ctx.styles.label
        var w = e.title.map { ctx.width($0, style.bolded()) + 4 } ?? 0
        for (i, part) in e.parts.enumerated() {
            if i > 0 { w += e.parts[i - 1].text.isEmpty ? 2 : 6 }
            if let g = part.glyph { w += glyphWidth(g) + Self.glyphGap }
            w += ctx.width(part.text, style)
        }
        return w
    }

    private func lineHeight(_ ctx: LayoutContext) -> Double {
        let tallest = entries.flatMap(\.parts).compactMap { p -> Double? in
            if case .dot(let r, _) = p.glyph { return 2 * r + 2 }
            if case .rangeRings = p.glyph { return 15 }
            return nil
        }.max() ?? 0
        return max(ctx.measure(TextContent("Ag", style: ctx.styles.label)).height + 3, tallest)
    }

    /// Height of the legend wrapped to `width`.
    func height(width: Double, _ ctx: LayoutContext) -> Double {
        guard !entries.isEmpty else { return 0 }
        return Double(lines(width: width, ctx).count) * lineHeight(ctx)
    }

    private func lines(width: Double, _ ctx: LayoutContext) -> [[(Entry, Double)]] {
        var lines: [[(Entry, Double)]] = [[]]
        var x = 0.0
        for e in entries {
            let w = entryWidth(e, ctx)
            if x > 0, x + w > width { lines.append([]); x = 0 }
            lines[lines.count - 1].append((e, w))
            x += w + Self.gap
        }
        return lines
    }

    /// The legend's items with its top-left corner at `origin`.
    func draw(at origin: Point, width: Double, _ ctx: LayoutContext) -> [SceneItem] {
        var items: [SceneItem] = []
        let style = ctx.styles.label
        let lh = lineHeight(ctx)
        let textHeight = ctx.measure(TextContent("Ag", style: style)).height
        var y = origin.y
        for line in lines(width: width, ctx) {
            var x = origin.x
            let mid = y + lh / 2
            for (e, w) in line {
                var cx = x
                if let title = e.title {
                    items.append(ctx.text(title, style.bolded(), at: Point(cx, mid - textHeight / 2)))
                    cx += ctx.width(title, style.bolded()) + 4
                }
                for (i, part) in e.parts.enumerated() {
                    if i > 0 { cx += e.parts[i - 1].text.isEmpty ? 2 : 6 }
                    if let g = part.glyph {
                        items.append(contentsOf: draw(g, x: cx, midY: mid))
                        cx += glyphWidth(g) + Self.glyphGap
                    }
                    if !part.text.isEmpty { items.append(ctx.text(part.text, style, at: Point(cx, mid - textHeight / 2))) }
                    cx += ctx.width(part.text, style)
                }
                x += w + Self.gap
            }
            y += lh
        }
        return items
    }

    private func draw(_ g: Glyph, x: Double, midY y: Double) -> [SceneItem] {
        switch g {
        case .swatch(let c):
            return [.path(.roundedRect(Rect(x: x, y: y - 4.5, width: 9, height: 9), radius: 1.5), fill: .solid(c), stroke: nil)]
        case .dot(let r, let c):
            return [.dot(Dot(center: Point(x + r, y), radius: r, fill: c, ring: Stroke(.white, width: 0.6)))]
        case .approximate(let c):
            let halo = Rect(x: x, y: y - 2.5, width: 16, height: 5)
            return [.path(.rect(halo), fill: .linearGradient(from: Point(x, y), to: Point(x + 16, y), stops: [
                        GradientStop(0, c.withAlpha(0)), GradientStop(0.5, c.withAlpha(0.55)), GradientStop(1, c.withAlpha(0))]), stroke: nil),
                    .dot(Dot(center: Point(x + 8, y), radius: 3.5, fill: .white, ring: Stroke(c, width: 1.4)))]
        case .bracket(let c), .dashedBracket(let c):
            var p = Path()
            p.move(to: Point(x + 0.8, y - 2)); p.line(to: Point(x + 0.8, y + 2)); p.line(to: Point(x + 13.2, y + 2)); p.line(to: Point(x + 13.2, y - 2))
            if case .dashedBracket = g { return [.path(p, fill: nil, stroke: Stroke(c, width: 1.2, dash: [3, 2]))] }
            return [.path(p, fill: nil, stroke: Stroke(c, width: 1.2))]
        case .arrow(let c):
            return [.path(Path([.move(Point(x + 6, y)), .line(Point(x + 1, y - 4)), .line(Point(x + 1, y + 4)), .close]), fill: .solid(c), stroke: nil)]
        case .histogram(let c):
            let heights = [3.0, 6, 9, 5, 7]
            var p = Path()
            for (i, h) in heights.enumerated() {
                let r = Rect(x: x + Double(i) * 2.8, y: y + 4.5 - h, width: 2.8, height: h)
                p.elements += Path.rect(r).elements
            }
            return [.path(p, fill: .solid(c), stroke: nil)]
        case .rangeRings(let c):
            let center = Point(x + 7, y)
            return [.path(.circle(center: center, radius: 6.5), fill: nil, stroke: Stroke(c, width: 0.8)),
                    .dot(Dot(center: center, radius: 4.5, fill: c, ring: Stroke(.white, width: 0.6))),
                    .path(.circle(center: center, radius: 2.5), fill: nil, stroke: Stroke(.white, width: 0.8))]
        }
    }
}
