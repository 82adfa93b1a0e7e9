/// Dots regrouped for drawing: a run of thousands of dots becomes a few dozen strokes.
///
/// Each dot is two discs painted in order (its ring's colour, then its fill). Drawn one by
/// one, a crowded timeline is thousands of drawing operations, and both Cairo's PDF writer
/// and its rasteriser pay per operation. Discs that do not overlap can be painted in any
/// order, so the dots are sorted into depths: a dot sits one depth above the deepest
/// earlier dot it overlaps. Within a depth no two dots touch, so all of that depth's rings
/// go first and then all of its fills, each as one stroke per colour and size. Where dots
/// do overlap, the later one still covers the earlier one, ring and all: the picture is the
/// one painting dot by dot would give.

/// Discs of one colour and size, painted as one stroke.
public struct DotBatch: Hashable, Sendable {
    public var color: Color
    public var diameter: Double
    /// Disc centres, in painting order.
    public var centers: [Point]

    /// Creates a batch.
    public init(color: Color, diameter: Double, centers: [Point]) {
        self.color = color; self.diameter = diameter; self.centers = centers
    }
}

extension Dot {
    /// Extra distance within which two dots count as touching: antialiased edges of discs
    /// closer than this share pixels, where painting order would show.
    static let touchMargin = 1.0

    /// The dots of a run as batches to paint in order, giving the same picture as
    /// painting each dot (ring, then fill) in the order given.
    public static func batches(_ dots: [Dot]) -> [DotBatch] {
        let depths = paintingDepths(dots)
        guard let deepest = depths.max() else { return [] }
        var byDepth = [[Int]](repeating: [], count: deepest + 1)
        for (i, d) in depths.enumerated() { byDepth[d].append(i) }
        var out: [DotBatch] = []
        for indices in byDepth {
            appendBatches(indices.compactMap { i in dots[i].ring.map { ($0.color, 2 * dots[i].radius + $0.width, dots[i].center) } }, to: &out)
            appendBatches(indices.map { i in (dots[i].fill, 2 * dots[i].radius - (dots[i].ring?.width ?? 0), dots[i].center) }, to: &out)
        }
        return out
    }

    /// One batch per colour and diameter, in order of first appearance; empty discs dropped.
    private static func appendBatches(_ discs: [(Color, Double, Point)], to out: inout [DotBatch]) {
        var slot: [DiscKey: Int] = [:]
        for (color, diameter, center) in discs where diameter > 0 {
            let key = DiscKey(color: color, diameter: diameter)
            if let i = slot[key] {
                out[i].centers.append(center)
            } else {
                slot[key] = out.count
                out.append(DotBatch(color: color, diameter: diameter, centers: [center]))
            }
        }
    }

    private struct DiscKey: Hashable {
        var color: Color
        var diameter: Double
    }

    /// For each dot, 0 when it touches no earlier dot, else one more than the deepest
    /// earlier dot it touches. Earlier dots are found through a grid of cells as wide as
    /// the largest dot, so a run costs time in proportion to its length.
    static func paintingDepths(_ dots: [Dot]) -> [Int] {
        let reach = dots.map { $0.outerRadius }
        guard let widest = reach.max(), widest.isFinite else { return dots.map { _ in 0 } }
        let cell = max(2 * widest + touchMargin, 1)
        func cellOf(_ p: Point) -> (Int, Int) {
            func index(_ v: Double) -> Int { v.isFinite ? Int(min(max((v / cell).rounded(.down), -1e9), 1e9)) : 0 }
            return (index(p.x), index(p.y))
        }
        var grid: [GridCell: [Int]] = [:]
        var depths = [Int](repeating: 0, count: dots.count)
        for (i, dot) in dots.enumerated() {
            let (cx, cy) = cellOf(dot.center)
            var depth = 0
            for gx in (cx - 1)...(cx + 1) {
                for gy in (cy - 1)...(cy + 1) {
                    for j in grid[GridCell(x: gx, y: gy)] ?? [] {
                        let dx = dot.center.x - dots[j].center.x, dy = dot.center.y - dots[j].center.y
                        let near = reach[i] + reach[j] + touchMargin
                        if dx * dx + dy * dy < near * near { depth = max(depth, depths[j] + 1) }
                    }
                }
            }
            depths[i] = depth
            grid[GridCell(x: cx, y: cy), default: []].append(i)
        }
        return depths
    }

    private struct GridCell: Hashable {
        var x: Int
        var y: Int
    }

    /// How far the dot reaches from its centre, ring included.
    var outerRadius: Double { radius + max(0, (ring?.width ?? 0) / 2) }
}
