import ReportScene

/// What a map does to projected lines and rings before they reach the page: clips them to the
/// map's rectangle, so that no coordinate outside it is written (a country of 10,000 points
/// outside the frame costs nothing), and drops the points a reader cannot see (closer than a
/// fraction of a point to the line through their neighbours), so that Natural Earth's 1:10m
/// coastlines make a small PDF at any scale.
enum MapGeometry {
    /// Points closer than this to the simplified line are dropped (page points: a fifth of
    /// a point is below what print or a 300 dpi PNG shows).
    static let tolerance = 0.2

    // MARK: Clipping

    /// The part of a ring inside `rect` (Sutherland–Hodgman: one pass per edge), as a ring
    /// again; an empty array when none of it is inside. Edges along the rectangle are drawn
    /// where the ring crossed it, which a fill clipped to the same rectangle never shows.
    static func clip(ring: [Point], to rect: Rect) -> [Point] {
        var out = ring
        for edge in 0..<4 {
            guard !out.isEmpty else { return [] }
            let input = out
            out = []
            out.reserveCapacity(input.count + 4)
            var previous = input[input.count - 1]
            for current in input {
                let inCurrent = inside(current, edge, rect), inPrevious = inside(previous, edge, rect)
                if inCurrent {
                    if !inPrevious { out.append(intersection(previous, current, edge, rect)) }
                    out.append(current)
                } else if inPrevious {
                    out.append(intersection(previous, current, edge, rect))
                }
                previous = current
            }
        }
        return out.count >= 3 ? out : []
    }

    private static func inside(_ p: Point, _ edge: Int, _ r: Rect) -> Bool {
        switch edge {
        case 0: return p.x >= r.minX
        case 1: return p.x <= r.maxX
        case 2: return p.y >= r.minY
        default: return p.y <= r.maxY
        }
    }

    private static func intersection(_ a: Point, _ b: Point, _ edge: Int, _ r: Rect) -> Point {
        switch edge {
        case 0, 1:
            let x = edge == 0 ? r.minX : r.maxX
            let t = (x - a.x) / (b.x - a.x)
            return Point(x, a.y + t * (b.y - a.y))
        default:
            let y = edge == 2 ? r.minY : r.maxY
            let t = (y - a.y) / (b.y - a.y)
            return Point(a.x + t * (b.x - a.x), y)
        }
    }

    /// The parts of a polyline inside `rect` (Liang–Barsky on each segment), each a polyline
    /// of two or more points.
    static func clip(line: [Point], to rect: Rect) -> [[Point]] {
        var parts: [[Point]] = []
        var current: [Point] = []
        for (a, b) in zip(line, line.dropFirst()) {
            guard let (p, q) = clipSegment(a, b, rect) else {
                if current.count >= 2 { parts.append(current) }
                current = []
                continue
            }
            if current.isEmpty || current.last! != p {
                if current.count >= 2 { parts.append(current) }
                current = [p]
            }
            current.append(q)
            if q != b { parts.append(current); current = [] }
        }
        if current.count >= 2 { parts.append(current) }
        return parts
    }

    private static func clipSegment(_ a: Point, _ b: Point, _ r: Rect) -> (Point, Point)? {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - r.minX), (dx, r.maxX - a.x), (-dy, a.y - r.minY), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { if t > t1 { return nil }; t0 = max(t0, t) } else { if t < t0 { return nil }; t1 = min(t1, t) }
            }
        }
        let start = t0 == 0 ? a : Point(a.x + t0 * dx, a.y + t0 * dy)
        let end = t1 == 1 ? b : Point(a.x + t1 * dx, a.y + t1 * dy)
        return (start, end)
    }

    // MARK: Simplification

    /// The line with the points no reader can see dropped: first every point within
    /// `tolerance` of the last one kept, then Douglas–Peucker (iteratively, so a ring of a
    /// million points cannot overflow the stack). The first and last points always stay.
    static func simplify(_ line: [Point], tolerance: Double = tolerance) -> [Point] {
        guard line.count > 2 else { return line }
        var near: [Point] = [line[0]]
        near.reserveCapacity(line.count)
        let t2 = tolerance * tolerance
        for p in line.dropFirst().dropLast() {
            let q = near[near.count - 1]
            if (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) > t2 { near.append(p) }
        }
        near.append(line[line.count - 1])
        guard near.count > 2 else { return near }
        var keep = [Bool](repeating: false, count: near.count)
        keep[0] = true; keep[near.count - 1] = true
        var stack = [(0, near.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let a = near[first], b = near[last]
            let dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy
            var worst = 0.0, index = first
            for i in (first + 1)..<last {
                let p = near[i]
                let d2: Double
                if length2 == 0 {
                    d2 = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
                } else {
                    let cross = dx * (p.y - a.y) - dy * (p.x - a.x)
                    d2 = cross * cross / length2
                }
                if d2 > worst { worst = d2; index = i }
            }
            if worst > t2 {
                keep[index] = true
                stack.append((first, index)); stack.append((index, last))
            }
        }
        return near.indices.filter { keep[$0] }.map { near[$0] }
    }

    /// A ring simplified: as a line from its first point back to it, so no corner is lost.
    static func simplify(ring: [Point], tolerance: Double = tolerance) -> [Point] {
        guard ring.count > 3 else { return ring }
        let closed = simplify(ring + [ring[0]], tolerance: tolerance)
        let open = Array(closed.dropLast())
        return open.count >= 3 ? open : []
    }

    /// A path of rings (an even-odd fill draws holes as holes).
    static func path(rings: [[Point]]) -> Path {
        var path = Path()
        for ring in rings where ring.count >= 3 {
            path.move(to: ring[0])
            for p in ring.dropFirst() { path.line(to: p) }
            path.close()
        }
        return path
    }
}
