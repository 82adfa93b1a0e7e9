/// Vector paths: the one geometric primitive every mark is drawn with.

/// One step of a path.
public enum PathElement: Hashable, Sendable {
    case move(Point)
    case line(Point)
    case curve(Point, Point, Point)
    case close
}

/// A sequence of subpaths in page coordinates.
public struct Path: Hashable, Sendable {
    /// The steps, in order.
    public var elements: [PathElement]

    /// Creates a path from its steps.
    public init(_ elements: [PathElement] = []) { self.elements = elements }

    /// Starts a new subpath.
    public mutating func move(to p: Point) { elements.append(.move(p)) }
    /// Adds a straight segment.
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    /// Adds a cubic Bézier segment.
    public mutating func curve(to p: Point, control1: Point, control2: Point) {
        elements.append(.curve(control1, control2, p))
    }
    /// Closes the current subpath.
    public mutating func close() { elements.append(.close) }

    /// A rectangle.
    public static func rect(_ r: Rect) -> Path {
        Path([.move(Point(r.minX, r.minY)), .line(Point(r.maxX, r.minY)), .line(Point(r.maxX, r.maxY)),
              .line(Point(r.minX, r.maxY)), .close])
    }

    /// A straight line from `a` to `b`.
    public static func line(_ a: Point, _ b: Point) -> Path { Path([.move(a), .line(b)]) }

    /// A circle, as four Bézier arcs (exact enough for marks; avoids backend arc differences).
    public static func circle(center c: Point, radius r: Double) -> Path {
        let k = 0.5522847498 * r
        return Path([
            .move(Point(c.x + r, c.y)),
            .curve(Point(c.x + r, c.y + k), Point(c.x + k, c.y + r), Point(c.x, c.y + r)),
            .curve(Point(c.x - k, c.y + r), Point(c.x - r, c.y + k), Point(c.x - r, c.y)),
            .curve(Point(c.x - r, c.y - k), Point(c.x - k, c.y - r), Point(c.x, c.y - r)),
            .curve(Point(c.x + k, c.y - r), Point(c.x + r, c.y - k), Point(c.x + r, c.y)),
            .close,
        ])
    }

    /// A rectangle with rounded corners.
    public static func roundedRect(_ r: Rect, radius: Double) -> Path {
        let rad = min(radius, r.width / 2, r.height / 2)
        guard rad > 0 else { return rect(r) }
        let k = 0.5522847498 * rad
        var p = Path()
        p.move(to: Point(r.minX + rad, r.minY))
        p.line(to: Point(r.maxX - rad, r.minY))
        p.curve(to: Point(r.maxX, r.minY + rad), control1: Point(r.maxX - rad + k, r.minY),
                control2: Point(r.maxX, r.minY + rad - k))
        p.line(to: Point(r.maxX, r.maxY - rad))
        p.curve(to: Point(r.maxX - rad, r.maxY), control1: Point(r.maxX, r.maxY - rad + k),
                control2: Point(r.maxX - rad + k, r.maxY))
        p.line(to: Point(r.minX + rad, r.maxY))
        p.curve(to: Point(r.minX, r.maxY - rad), control1: Point(r.minX + rad - k, r.maxY),
                control2: Point(r.minX, r.maxY - rad + k))
        p.line(to: Point(r.minX, r.minY + rad))
        p.curve(to: Point(r.minX + rad, r.minY), control1: Point(r.minX, r.minY + rad - k),
                control2: Point(r.minX + rad - k, r.minY))
        p.close()
        return p
    }

    /// A polyline through the points (no fill closure).
    public static func polyline(_ points: [Point]) -> Path {
        guard let first = points.first else { return Path() }
        return Path([.move(first)] + points.dropFirst().map { .line($0) })
    }

    /// The smallest rectangle holding every point of the path (control points included).
    public var bounds: Rect? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        func add(_ p: Point) {
            minX = Swift.min(minX, p.x); maxX = Swift.max(maxX, p.x)
            minY = Swift.min(minY, p.y); maxY = Swift.max(maxY, p.y)
        }
        for element in elements {
            switch element {
            case .move(let p), .line(let p): add(p)
            case .curve(let a, let b, let c): add(a); add(b); add(c)
            case .close: break
            }
        }
        guard minX.isFinite else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }
}
