import ReportScene

/// Greedy label placement against an occupancy list (after Vega's label transform): each
/// label tries its candidate boxes in order and takes the first that overlaps nothing
/// already placed, so no two placed labels ever intersect.
struct LabelPlacer {
    /// Boxes already taken (labels, leader lines, marks that labels must not cover).
    private(set) var occupied: [Rect] = []
    /// The area labels must stay inside.
    var bounds: Rect

    init(bounds: Rect) { self.bounds = bounds }

    /// True when `box` lies inside the bounds and overlaps nothing placed.
    func isFree(_ box: Rect) -> Bool {
        bounds.contains(box) && !occupied.contains { $0.intersects(box) }
    }

    /// Takes the first free candidate (with any extra boxes it needs, such as its leader
    /// line, which must be free too). Returns the index of the candidate taken.
    mutating func place(_ candidates: [(box: Rect, extra: [Rect])]) -> Int? {
        for (i, candidate) in candidates.enumerated() {
            guard isFree(candidate.box), candidate.extra.allSatisfy({ e in !occupied.contains { $0.intersects(e) } }) else { continue }
            occupied.append(candidate.box)
            occupied.append(contentsOf: candidate.extra)
            return i
        }
        return nil
    }

    /// Marks a box as taken without placing a label there.
    mutating func reserve(_ box: Rect) { occupied.append(box) }
}
