import ReportScene

/// Sankey geometry for displacement flows, after d3-sankey's chain of passes: merge flows
/// into links, node values, columns by depth (origins left, pure destinations right, a
/// place that is both destination and origin in a middle column), one vertical scale for
/// every column, node order by the positions of their neighbours (fewer crossings), then
/// link breadths stacked along each node in the order of their other ends.
///
/// A link that skips a column (Raqqa → Hama past Deir ez-Zor in the middle) gets a slot of
/// its own in every column it passes, as in layered graph drawing (Sugiyama's dummy nodes),
/// so that its band runs between the middle nodes and never behind one.
///
/// Invariants (tested): link breadths at a node sum to at most its height and exactly to it
/// on its larger side; nodes and passing bands in a column never overlap and stay inside
/// the rectangle; every flow's value arrives in exactly one link.
public struct SankeyLayout {
    /// A placed node.
    public struct Node: Hashable {
        /// The node's own name: the place, or "Raqqa (return)" for people going back to a
        /// place they left (a cycle is drawn as a return, never as a band running backwards).
        public var name: String
        /// The place the node stands for (its colour).
        public var place: String
        public var column: Int
        public var value: Double
        /// Totals in and out, shown where they differ (a middle place that sends on only part).
        public var incoming: Double
        public var outgoing: Double
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
        /// Slots the band runs straight through in the columns it passes (empty for
        /// neighbouring columns), left to right.
        public var via: [Rect] = []

        /// The band's centre line as stretches from left to right: curves between columns,
        /// straight through each slot it passes.
        var stretches: [(from: Point, to: Point, curved: Bool)] {
            var result: [(Point, Point, Bool)] = []
            var at = Point(x0, sourceY)
            for slot in via {
                result.append((at, Point(slot.minX, slot.midY), true))
                result.append((Point(slot.minX, slot.midY), Point(slot.maxX, slot.midY), false))
                at = Point(slot.maxX, slot.midY)
            }
            result.append((at, Point(x1, targetY), true))
            return result
        }

        /// The centre of the band at `t` (0 at the source, 1 at the target, by horizontal
        /// distance), on the curves `bandPath` draws.
        public func centre(at t: Double) -> Point {
            let x = x0 + (x1 - x0) * min(1, max(0, t))
            for s in stretches where x <= s.to.x || s.to.x == x1 {
                let u = s.to.x > s.from.x ? (x - s.from.x) / (s.to.x - s.from.x) : 0
                guard s.curved else { return Point(x, s.from.y) }
                let mid = (s.from.x + s.to.x) / 2, v = 1 - u
                let cx = s.from.x * v * v * v + 3 * mid * v * v * u + 3 * mid * v * u * u + s.to.x * u * u * u
                return Point(cx, s.from.y + (s.to.y - s.from.y) * (3 * u * u - 2 * u * u * u))
            }
            return Point(x1, targetY)
        }
    }

    public var nodes: [Node] = []
    public var links: [Link] = []
    /// Number of columns (1 + the deepest chain of flows).
    public var columnCount = 0

    /// Lays out `flows` inside `rect` with `nodeWidth` bars and at least `padding` between
    /// nodes of a column (less only when the column holds too many nodes for the height).
    public init(flows: [Flow], in rect: Rect, nodeWidth: Double = 10, padding: Double = 14) {
        self.init(graph: FlowGraph(flows: flows), in: rect, nodeWidth: nodeWidth, padding: padding)
    }

    /// Lays out the places and links of `graph` inside `rect`.
    init(graph: FlowGraph, in rect: Rect, nodeWidth: Double = 10, padding: Double = 14) {
        guard !graph.names.isEmpty else { return }
        let (pairs, places, incoming, outgoing) = (graph.pairs, graph.places, graph.incoming, graph.outgoing)
        let columns = graph.columnCount
        columnCount = columns
        let (byColumn, k, gap) = graph.columns(in: rect, padding: padding)
        let value = graph.value
        let step = columns > 1 ? (rect.width - nodeWidth) / Double(columns - 1) : 0
        var placed: [String: Node] = [:]
        var slots: [Int: [Rect]] = [:]
        for (c, col) in byColumn.enumerated() {
            let total = col.map(value).reduce(0, +) * k + gap * Double(max(0, col.count - 1))
            var y = rect.minY + max(0, (rect.height - total) / 2)
            for item in col {
                let h = value(item) * k
                let r = Rect(x: rect.minX + Double(c) * step, y: y, width: nodeWidth, height: h)
                switch item {
                case .node(let n):
                    placed[n] = Node(name: n, place: places[n] ?? n, column: c, value: value(item), incoming: incoming[n] ?? 0, outgoing: outgoing[n] ?? 0, rect: r)
                case .pass(let i):
                    slots[i, default: []].append(r)
                }
                y += h + gap
            }
        }
        nodes = byColumn.flatMap { $0.compactMap { if case .node(let n) = $0 { return placed[n] } else { return nil } } }

        // Link breadths, stacked along each node in the order of where the band goes next
        // (leaving) or comes from (arriving), so that bands at a node do not cross.
        for (i, p) in pairs.enumerated() {
            let s = placed[p.from]!, t = placed[p.to]!
            links.append(Link(source: p.from, target: p.to, value: p.value, breadth: p.value * k, sourceY: 0, targetY: 0,
                              x0: s.rect.maxX, x1: t.rect.minX, via: (slots[i] ?? []).sorted { $0.minX < $1.minX }))
        }
        let nextY = links.map { $0.via.first?.midY ?? placed[$0.target]!.rect.midY }
        let previousY = links.map { $0.via.last?.midY ?? placed[$0.source]!.rect.midY }
        let sourceTop = links.map { placed[$0.source]!.rect.minY }, targetTop = links.map { placed[$0.target]!.rect.minY }
        var offset: [String: Double] = [:]
        for i in links.indices.sorted(by: { (sourceTop[$0], nextY[$0], $0) < (sourceTop[$1], nextY[$1], $1) }) {
            let s = placed[links[i].source]!
            links[i].sourceY = s.rect.minY + (offset[s.name] ?? 0) + links[i].breadth / 2
            offset[s.name, default: 0] += links[i].breadth
        }
        offset = [:]
        for i in links.indices.sorted(by: { (targetTop[$0], previousY[$0], $0) < (targetTop[$1], previousY[$1], $1) }) {
            let t = placed[links[i].target]!
            links[i].targetY = t.rect.minY + (offset[t.name] ?? 0) + links[i].breadth / 2
            offset[t.name, default: 0] += links[i].breadth
        }
    }

    /// The band of a link as a closed path: cubic curves between columns, straight through
    /// the slots it passes.
    public static func bandPath(_ l: Link) -> Path {
        let h = l.breadth / 2
        let stretches = l.stretches
        var p = Path()
        p.move(to: Point(l.x0, l.sourceY - h))
        for s in stretches {
            let mid = (s.from.x + s.to.x) / 2
            if s.curved {
                p.curve(to: Point(s.to.x, s.to.y - h), control1: Point(mid, s.from.y - h), control2: Point(mid, s.to.y - h))
            } else {
                p.line(to: Point(s.to.x, s.to.y - h))
            }
        }
        p.line(to: Point(l.x1, l.targetY + h))
        for s in stretches.reversed() {
            let mid = (s.from.x + s.to.x) / 2
            if s.curved {
                p.curve(to: Point(s.from.x, s.from.y + h), control1: Point(mid, s.to.y + h), control2: Point(mid, s.from.y + h))
            } else {
                p.line(to: Point(s.from.x, s.from.y + h))
            }
        }
        p.close()
        return p
    }
}

/// Displacement flows as a graph, before any geometry: duplicate pairs merged into links,
/// returns upstream turned into nodes of their own, totals in and out of each place, and
/// each place's column (its depth: origins first, pure destinations last). The model stage
/// reads its totals and columns; `SankeyLayout` places it.
struct FlowGraph {
    /// What sits in a column: a place, or a slot for a link passing through.
    enum Item: Hashable { case node(String), pass(Int) }

    /// Links: origin → destination pairs with their summed values.
    private(set) var pairs: [(from: String, to: String, value: Double)] = []
    /// Node names in order of first appearance ("Raqqa (return)" after the places).
    private(set) var names: [String] = []
    /// The place each node stands for (its colour).
    private(set) var places: [String: String] = [:]
    private(set) var incoming: [String: Double] = [:]
    private(set) var outgoing: [String: Double] = [:]
    /// Each node's column.
    private(set) var depth: [String: Int] = [:]
    /// The flows (as place → place) that go back upstream and end at a "(return)" node:
    /// people going home, who are not waiting there to move on.
    private(set) var returns: Set<PlacePair> = []

    /// An origin and a destination.
    struct PlacePair: Hashable { var from: String, to: String }
    /// Number of columns (1 + the deepest chain of flows; 0 without flows).
    private(set) var columnCount = 0

    init(flows: [Flow]) {
        // Merge duplicate origin→destination pairs (several dates, say) into one link.
        var pairs: [(from: String, to: String, value: Double)] = []
        var names: [String] = []
        for f in flows where f.value > 0 {
            if let i = pairs.firstIndex(where: { $0.from == f.from && $0.to == f.to }) { pairs[i].value += f.value }
            else { pairs.append((f.from, f.to, f.value)) }
            if !names.contains(f.from) { names.append(f.from) }
            if !names.contains(f.to) { names.append(f.to) }
        }
        guard !names.isEmpty else { return }
        // Flows back to a place upstream (Raqqa → Tabqa → Raqqa) end at a node of their own
        // on the right, "Raqqa (return)", so that every band runs left to right.
        var places: [String: String] = Dictionary(uniqueKeysWithValues: names.map { ($0, $0) })
        for i in Self.backEdges(pairs.map { ($0.from, $0.to) }, names: names) {
            returns.insert(PlacePair(from: pairs[i].from, to: pairs[i].to))
            let returned = pairs[i].to + " (return)"
            if places[returned] == nil { places[returned] = pairs[i].to; names.append(returned) }
            if let j = pairs.firstIndex(where: { $0.from == pairs[i].from && $0.to == returned }) {
                pairs[j].value += pairs[i].value; pairs[i].value = 0
            } else {
                pairs[i].to = returned
            }
        }
        pairs.removeAll { $0.value == 0 }
        var incoming: [String: Double] = [:], outgoing: [String: Double] = [:]
        for p in pairs { outgoing[p.from, default: 0] += p.value; incoming[p.to, default: 0] += p.value }
        // Depth: longest path from a node with no incoming flow (bounded, so cycles end).
        var depth: [String: Int] = [:]
        for n in names { depth[n] = 0 }
        for _ in 0..<names.count {
            var changed = false
            for p in pairs where depth[p.to]! < depth[p.from]! + 1 && depth[p.from]! + 1 < names.count {
                depth[p.to] = depth[p.from]! + 1; changed = true
            }
            if !changed { break }
        }
        let maxDepth = depth.values.max() ?? 0
        // Pure destinations go to the right edge.
        for n in names where outgoing[n] == nil && incoming[n] != nil { depth[n] = max(maxDepth, 1) }
        let columns = (depth.values.max() ?? 0) + 1
        (self.pairs, self.names, self.places, self.incoming, self.outgoing, self.depth, columnCount) =
            (pairs, names, places, incoming, outgoing, depth, columns)
    }

    /// The height an item needs per unit of value: a place's larger total, or a passing link's value.
    func value(_ item: Item) -> Double {
        switch item {
        case .node(let n): return max(incoming[n] ?? 0, outgoing[n] ?? 0)
        case .pass(let i): return pairs[i].value
        }
    }

    /// The items of each column, top to bottom, for a diagram in `rect` with at least
    /// `padding` between nodes; with the scale (points per unit) and gap they were ordered at.
    func columns(in rect: Rect, padding: Double) -> (items: [[Item]], k: Double, gap: Double) {
        let columns = columnCount
        // Columns of items: places, and slots for links that skip columns.
        var byColumn = (0..<columns).map { c in names.filter { depth[$0] == c }.map(Item.node) }
        for (i, p) in pairs.enumerated() where depth[p.to]! > depth[p.from]! + 1 {
            for c in (depth[p.from]! + 1)..<depth[p.to]! { byColumn[c].append(.pass(i)) }
        }

        // One scale for all columns: the fullest column fills the height.
        let tallest = byColumn.map(\.count).max() ?? 1
        let gap = tallest > 1 ? min(padding, rect.height * 0.4 / Double(tallest - 1)) : padding
        var k = Double.infinity
        for col in byColumn where !col.isEmpty {
            let total = col.map(value).reduce(0, +)
            let room = rect.height - gap * Double(col.count - 1)
            if total > 0 { k = min(k, room / total) }
        }
        if !k.isFinite || k <= 0 { k = 1 }

        // Order each column by where its neighbours sit (barycentres), a few sweeps each way.
        func centres(_ order: [[Item]]) -> [Item: Double] {
            var pos: [Item: Double] = [:]
            for col in order {
                let total = col.map(value).reduce(0, +) * k + gap * Double(max(0, col.count - 1))
                var y = rect.minY + (rect.height - total) / 2
                for item in col { let h = value(item) * k; pos[item] = y + h / 2; y += h + gap }
            }
            return pos
        }
        /// The items next to `item` on the left (`left`) or right, with the value between them.
        func neighbours(_ item: Item, column c: Int, left: Bool) -> [(Item, Double)] {
            switch item {
            case .pass(let i):
                let p = pairs[i]
                let other = left ? (c - 1 == depth[p.from]! ? Item.node(p.from) : .pass(i))
                                 : (c + 1 == depth[p.to]! ? Item.node(p.to) : .pass(i))
                return [(other, p.value)]
            case .node(let n):
                return pairs.enumerated().compactMap { i, p in
                    if left, p.to == n { return (depth[p.from]! == c - 1 ? .node(p.from) : .pass(i), p.value) }
                    if !left, p.from == n { return (depth[p.to]! == c + 1 ? .node(p.to) : .pass(i), p.value) }
                    return nil
                }
            }
        }
        if columns > 1 {
            for _ in 0..<4 {
                for c in 1..<columns {
                    let pos = centres(byColumn)
                    byColumn[c] = Self.sortedByNeighbours(byColumn[c], pos: pos) { neighbours($0, column: c, left: true) }
                }
                for c in stride(from: columns - 2, through: 0, by: -1) {
                    let pos = centres(byColumn)
                    byColumn[c] = Self.sortedByNeighbours(byColumn[c], pos: pos) { neighbours($0, column: c, left: false) }
                }
            }
        }
        return (byColumn, k, gap)
    }

    /// Indices of the pairs that close a cycle: found by a depth-first walk from each place
    /// in order, an edge to a place still on the walk's path goes back upstream.
    private static func backEdges(_ pairs: [(String, String)], names: [String]) -> [Int] {
        var state: [String: Int] = [:]  // 1 on the path, 2 done
        var back: [Int] = []
        func visit(_ n: String) {
            state[n] = 1
            for (i, p) in pairs.enumerated() where p.0 == n {
                switch state[p.1] {
                case 1: back.append(i)
                case nil: visit(p.1)
                default: break
                }
            }
            state[n] = 2
        }
        // Start from places nothing flows into, so the walk follows the direction people moved.
        let sources = names.filter { n in !pairs.contains { $0.1 == n } }
        for n in sources + names where state[n] == nil { visit(n) }
        return back.sorted()
    }

    /// `column` reordered by the value-weighted mean centre of each item's neighbours; items
    /// without neighbours there keep their place in the order.
    private static func sortedByNeighbours(_ column: [Item], pos: [Item: Double], neighbours: (Item) -> [(Item, Double)]) -> [Item] {
        let keyed = column.enumerated().map { (i, item) -> (Item, Double, Int) in
            let ns = neighbours(item).filter { pos[$0.0] != nil }
            let weight = ns.map(\.1).reduce(0, +)
            let centre = weight > 0 ? ns.map { pos[$0.0]! * $0.1 }.reduce(0, +) / weight : pos[item] ?? Double(i)
            // Rounded, so that equal centres computed in different ways tie and keep their order.
            return (item, (centre * 1_000).rounded() / 1_000, i)
        }
        return keyed.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
    }
}
