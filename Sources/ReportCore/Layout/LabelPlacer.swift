import ReportScene

/// Greedy label placement against an occupancy map (after Vega's label transform and
/// `placeMarkLabel`): each label tries its candidate boxes in order and takes the first that
/// lies inside the bounds and overlaps nothing already taken, so no two placed labels ever
/// intersect, and none covers a mark, leader line or rule reserved before it.
///
/// Taken boxes are kept in vertical strips of `bucketWidth` points, so a check looks only
/// at the boxes near the candidate: placing stays fast in a lane of hundreds of marks.
struct LabelPlacer {
    /// The area labels must stay inside.
    let bounds: Rect
    private let bucketWidth = 40.0
    private var buckets: [[Rect]]
    /// Every box taken, in order (labels, leader lines, reserved marks).
    private(set) var occupied: [Rect] = []

    init(bounds: Rect) {
        self.bounds = bounds
        buckets = Array(repeating: [], count: max(1, Int((bounds.width / bucketWidth).rounded(.up)) + 1))
    }

    private func bucketRange(_ r: Rect) -> ClosedRange<Int> {
        let last = buckets.count - 1
        let a = Int(((r.minX - bounds.minX) / bucketWidth).rounded(.down)), b = Int(((r.maxX - bounds.minX) / bucketWidth).rounded(.down))
        return min(max(0, a), last)...min(max(0, b), last)
    }

    /// True when `box` overlaps nothing taken (bounds are not checked).
    func isClear(_ box: Rect) -> Bool {
        for b in bucketRange(box) where buckets[b].contains(where: { $0.intersects(box) }) { return false }
        return true
    }

    /// True when `box` lies inside the bounds and overlaps nothing taken.
    func isFree(_ box: Rect) -> Bool { bounds.contains(box) && isClear(box) }

    /// Takes the first free candidate (with any extra boxes it needs, such as its leader
    /// line, which must be clear too). Returns the index of the candidate taken.
    mutating func place(_ candidates: [(box: Rect, extra: [Rect])]) -> Int? {
        for (i, candidate) in candidates.enumerated() {
            guard isFree(candidate.box), candidate.extra.allSatisfy({ isClear($0) }) else { continue }
            reserve(candidate.box)
            candidate.extra.forEach { reserve($0) }
            return i
        }
        return nil
    }

    /// Marks a box as taken without placing a label there.
    mutating func reserve(_ box: Rect) {
        occupied.append(box)
        for b in bucketRange(box) { buckets[b].append(box) }
    }
}

/// How placed labels appear in the scene, so that tests (and anyone reading a scene) can
/// recover exactly the boxes the placer promised: every placed label, and every number
/// standing in for one, is a `.clipped(box, [.text(...)])` item whose clip rectangle is the
/// box that was reserved for it. The clip is not decoration: it also holds the drawing to
/// the promise, so a label can never spill onto its neighbour even if a font measured
/// a hair differently from what layout was told.
public enum PlacedLabels {
    /// The scene item for a label whose reserved box is `box`.
    static func item(_ content: TextContent, at origin: Point, box: Rect) -> SceneItem {
        .clipped(box, [.text(TextItem(content, at: origin))])
    }

    /// Every placed label in `items` (nested groups included): its reserved box and text.
    public static func find(in items: [SceneItem]) -> [(box: Rect, text: TextItem)] {
        var found: [(Rect, TextItem)] = []
        func visit(_ item: SceneItem) {
            guard case .clipped(let box, let inner) = item else { return }
            if inner.count == 1, case .text(let t) = inner[0] { found.append((box, t)); return }
            inner.forEach(visit)
        }
        items.forEach(visit)
        return found
    }
}
