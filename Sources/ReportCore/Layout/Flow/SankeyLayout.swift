import ReportScene

/// Sankey geometry for displacement flows, after d3-sankey's passes: node values, columns
/// by depth (a place that is both destination and origin sits in a middle column), node
/// heights proportional to value, then link breadths stacked along each node.
public struct SankeyLayout {
    /// A placed node.
    public struct Node: Hashable {
        public var name: String
        public var column: Int
        public var value: Double
        public var rect: Rect
    }
    /// A placed link: a band from `source` to `target` of width `breadth`.
    public struct Link: Hashable {
        public var source: String
        public var target: String
        public var value: Double
        public var breadth: Double
        /// Centre y of the band where it leaves the source and where it enters the target.
        public var sourceY: Double
        public var targetY: Double
        public var x0: Double
        public var x1: Double
    }

    public var nodes: [Node] = []
    public var links: [Link] = []

    /// Lays out `flows` inside `rect` with `nodeWidth` bars and `padding` between nodes.
    public init(flows: [Flow], in rect: Rect, nodeWidth: Double = 10, padding: Double = 14) {
        // Merge duplicate origin→destination pairs (several dates, say) into one link.
        var pairs: [(String, String)] = []
        var totals: [String: Double] = [:]
        var names: [String] = []
        for f in flows where f.value > 0 {
            let key = f.from + "\u{1}" + f.to
            if totals[key] == nil { pairs.append((f.from, f.to)) }
            totals[key, default: 0] += f.value
            if !names.contains(f.from) { names.append(f.from) }
            if !names.contains(f.to) { names.append(f.to) }
        }
        guard !names.isEmpty else { return }
        var incoming: [String: Double] = [:], outgoing: [String: Double] = [:]
        for (a, b) in pairs { let v = totals[a + "\u{1}" + b]!; outgoing[a, default: 0] += v; incoming[b, default: 0] += v }
        // Depth: longest path from a node with no incoming flow (bounded, so cycles end).
        var depth: [String: Int] = [:]
        for n in names { depth[n] = 0 }
        for _ in 0..<names.count {
            var changed = false
            for (a, b) in pairs where depth[b]! < depth[a]! + 1 && depth[a]! + 1 < names.count {
                depth[b] = depth[a]! + 1; changed = true
            }
            if !changed { break }
        }
        let maxDepth = depth.values.max() ?? 0
        // Pure destinations go to the right edge.
        for n in names where outgoing[n] == nil && incoming[n] != nil { depth[n] = max(maxDepth, 1) }
        let columns = (depth.values.max() ?? 0) + 1
        let value: (String) -> Double = { max(incoming[$0] ?? 0, outgoing[$0] ?? 0) }
        let byColumn = (0..<columns).map { c in names.filter { depth[$0] == c } }
        var k = Double.infinity
        for col in byColumn where !col.isEmpty {
            let total: Double = col.map(value).reduce(0, +)
            let room: Double = rect.height - padding * Double(col.count - 1)
            k = min(k, room / total)
        }
        if !k.isFinite || k <= 0 { k = 1 }
        let step = columns > 1 ? (rect.width - nodeWidth) / Double(columns - 1) : 0
        var placed: [String: Node] = [:]
        for (c, col) in byColumn.enumerated() {
            let total = col.map(value).reduce(0, +) * k + padding * Double(max(0, col.count - 1))
            var y = rect.minY + (rect.height - total) / 2
            for n in col {
                let h = max(1, value(n) * k)
                placed[n] = Node(name: n, column: c, value: value(n), rect: Rect(x: rect.minX + Double(c) * step, y: y, width: nodeWidth, height: h))
                y += h + padding
            }
        }
        nodes = names.compactMap { placed[$0] }.sorted { ($0.column, $0.rect.minY) < ($1.column, $1.rect.minY) }
        // Link breadths, stacked along each node in the order of the other end's position.
        var outOffset: [String: Double] = [:], inOffset: [String: Double] = [:]
        let sortedPairs = pairs.sorted { a, b in
            (placed[a.0]!.rect.minY, placed[a.1]!.rect.minY) < (placed[b.0]!.rect.minY, placed[b.1]!.rect.minY)
        }
        for (a, b) in sortedPairs {
            let v = totals[a + "\u{1}" + b]!
            let breadth = v * k
            let s = placed[a]!, t = placed[b]!
            let sy = s.rect.minY + (outOffset[a] ?? 0) + breadth / 2
            outOffset[a, default: 0] += breadth
            links.append(Link(source: a, target: b, value: v, breadth: breadth, sourceY: sy, targetY: 0,
                              x0: s.rect.maxX, x1: t.rect.minX))
        }
        let byTarget = links.indices.sorted { (placed[links[$0].target]!.rect.minY, links[$0].sourceY) < (placed[links[$1].target]!.rect.minY, links[$1].sourceY) }
        for i in byTarget {
            let t = placed[links[i].target]!
            links[i].targetY = t.rect.minY + (inOffset[t.name] ?? 0) + links[i].breadth / 2
            inOffset[t.name, default: 0] += links[i].breadth
        }
    }

    /// The band of a link as a closed path of two cubic curves.
    public static func bandPath(_ l: Link) -> Path {
        let mid = (l.x0 + l.x1) / 2, h = l.breadth / 2
        var p = Path()
        p.move(to: Point(l.x0, l.sourceY - h))
        p.curve(to: Point(l.x1, l.targetY - h), control1: Point(mid, l.sourceY - h), control2: Point(mid, l.targetY - h))
        p.line(to: Point(l.x1, l.targetY + h))
        p.curve(to: Point(l.x0, l.sourceY + h), control1: Point(mid, l.targetY + h), control2: Point(mid, l.sourceY + h))
        p.close()
        return p
    }
}
