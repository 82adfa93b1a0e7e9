import Foundation
import ReportScene

/// Points counted in hexagons of the page (pointy-top, axial coordinates): the density layer
/// of a crowded map. Hexagons rather than squares because every neighbour of a hexagon is as
/// far away, so a cluster reads as round and not as a staircase; the projection is equal-area,
/// so each hexagon covers the same ground.
struct HexBins {
    /// One hexagon: its centre on the page, how many points fell in it, and the sum of their
    /// weights.
    struct Bin: Hashable {
        var center: Point
        var count: Int
        var total: Double
    }

    /// The distance from a hexagon's centre to its corners, points.
    let radius: Double
    let origin: Point
    private var cells: [Int64: Bin] = [:]

    init(radius: Double, origin: Point) {
        self.radius = radius; self.origin = origin
    }

    /// Counts `weight` (and one point) in the hexagon holding `p`.
    mutating func add(_ p: Point, count: Int = 1, weight: Double = 0) {
        let (q, r) = axial(p)
        let key = Int64(q) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: r)))
        if cells[key] == nil { cells[key] = Bin(center: center(q: q, r: r), count: 0, total: 0) }
        cells[key]!.count += count
        cells[key]!.total += weight
    }

    /// Every hexagon holding a point, in a fixed order (top to bottom, left to right), so the
    /// same points always draw the same page.
    var bins: [Bin] {
        cells.values.sorted { ($0.center.y, $0.center.x) < ($1.center.y, $1.center.x) }
    }

    /// The hexagon's axial coordinates (cube rounding, after redblobgames' "Hexagonal Grids").
    private func axial(_ p: Point) -> (Int, Int) {
        let x = (p.x - origin.x) / radius, y = (p.y - origin.y) / radius
        let qf = (3.0.squareRoot() / 3 * x - y / 3), rf = 2.0 / 3 * y
        let sf = -qf - rf
        var q = qf.rounded(), r = rf.rounded()
        let s = sf.rounded()
        let dq = abs(q - qf), dr = abs(r - rf), ds = abs(s - sf)
        if dq > dr, dq > ds { q = -r - s } else if dr > ds { r = -q - s }
        return (Int(q), Int(r))
    }

    private func center(q: Int, r: Int) -> Point {
        Point(origin.x + radius * 3.0.squareRoot() * (Double(q) + Double(r) / 2), origin.y + radius * 1.5 * Double(r))
    }

    /// The hexagon around `center`.
    static func path(center c: Point, radius: Double) -> Path {
        var path = Path()
        for i in 0..<6 {
            let angle = Double.pi / 180 * (60 * Double(i) - 30)
            let p = Point(c.x + radius * cos(angle), c.y + radius * sin(angle))
            if i == 0 { path.move(to: p) } else { path.line(to: p) }
        }
        path.close()
        return path
    }
}
