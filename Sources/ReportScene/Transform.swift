/// Moving finished drawing: layouts build parts in local coordinates and place them later.

extension Path {
    /// The path moved by an offset.
    public func offsetBy(dx: Double, dy: Double) -> Path {
        func move(_ p: Point) -> Point { Point(p.x + dx, p.y + dy) }
        return Path(elements.map { element in
            switch element {
            case .move(let p): return .move(move(p))
            case .line(let p): return .line(move(p))
            case .curve(let a, let b, let c): return .curve(move(a), move(b), move(c))
            case .close: return .close
            }
        })
    }
}

extension Fill {
    /// The fill moved by an offset (gradients follow their shapes).
    public func offsetBy(dx: Double, dy: Double) -> Fill {
        switch self {
        case .solid: return self
        case .linearGradient(let from, let to, let stops):
            return .linearGradient(from: Point(from.x + dx, from.y + dy), to: Point(to.x + dx, to.y + dy), stops: stops)
        }
    }
}

extension SceneItem {
    /// The item moved by an offset.
    public func offsetBy(dx: Double, dy: Double) -> SceneItem {
        if dx == 0 && dy == 0 { return self }
        switch self {
        case .path(let path, let fill, let stroke):
            return .path(path.offsetBy(dx: dx, dy: dy), fill: fill?.offsetBy(dx: dx, dy: dy), stroke: stroke)
        case .dot(var dot):
            dot.center = Point(dot.center.x + dx, dot.center.y + dy)
            return .dot(dot)
        case .text(var item):
            item.origin = Point(item.origin.x + dx, item.origin.y + dy)
            return .text(item)
        case .link(let rect, let uri):
            return .link(rect.offsetBy(dx: dx, dy: dy), uri: uri)
        case .clipped(let rect, let items):
            return .clipped(rect.offsetBy(dx: dx, dy: dy), items.map { $0.offsetBy(dx: dx, dy: dy) })
        case .beginStructure(.figure(let alt, let bounds)):
            return .beginStructure(.figure(alt: alt, bounds: bounds.offsetBy(dx: dx, dy: dy)))
        case .beginStructure, .endStructure:
            return self
        }
    }
}
