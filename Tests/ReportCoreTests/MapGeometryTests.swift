import XCTest
import ReportScene
@testable import ReportCore

/// The map's arithmetic: the projection and its inverse, clipping to the frame, simplification
/// and hexagon binning.
final class MapGeometryTests: XCTestCase {
    func testProjectionRoundTripsEverywhereOnTheNearHemisphere() throws {
        for center in [GeoPoint(lon: 38.5, lat: 35.5), GeoPoint(lon: 0, lat: 0), GeoPoint(lon: -70, lat: -40), GeoPoint(lon: 150, lat: 70)] {
            let projection = MapProjection(center: center)
            for dLat in stride(from: -60.0, through: 60, by: 7.5) {
                for dLon in stride(from: -60.0, through: 60, by: 7.5) {
                    let p = GeoPoint(lon: center.lon + dLon, lat: max(-89.9, min(89.9, center.lat + dLat)))
                    let q = try XCTUnwrap(projection.project(p))
                    let back = try XCTUnwrap(projection.invert(x: q.x, y: q.y))
                    var dl = abs(back.lon - (p.lon > 180 ? p.lon - 360 : p.lon < -180 ? p.lon + 360 : p.lon))
                    dl = min(dl, 360 - dl)
                    XCTAssertLessThan(abs(back.lat - p.lat), 1e-9, "\(p) from \(center)")
                    XCTAssertLessThan(dl * cos(p.lat * .pi / 180), 1e-9, "\(p) from \(center)")
                }
            }
            XCTAssertEqual(projection.project(center)!.x, 0, accuracy: 1e-9)
        }
    }

    func testProjectionIsEqualAreaAndTrueNearItsCentre() throws {
        let projection = MapProjection(center: GeoPoint(lon: 38.5, lat: 35.5))
        // Raqqa to Deir ez-Zor on the page is within 0.5 % of the great-circle distance (haversine).
        let (p, q) = (GeoPoint(lon: 39.02, lat: 35.95), GeoPoint(lon: 40.14, lat: 35.33))
        let a = try XCTUnwrap(projection.project(p)), b = try XCTUnwrap(projection.project(q))
        let rad = Double.pi / 180
        let h = pow(sin((q.lat - p.lat) * rad / 2), 2) + cos(p.lat * rad) * cos(q.lat * rad) * pow(sin((q.lon - p.lon) * rad / 2), 2)
        let ground = 2 * MapProjection.earthRadiusKm * asin(h.squareRoot())
        XCTAssertEqual(ground, 122.4, accuracy: 0.5)
        XCTAssertEqual(hypot(a.x - b.x, a.y - b.y) / ground, 1, accuracy: 0.005)
        // A 1°×1° cell keeps its spherical area wherever it is projected from.
        func area(_ lon: Double, _ lat: Double) -> Double {
            let corners = [(lon, lat), (lon + 1, lat), (lon + 1, lat + 1), (lon, lat + 1)].map { projection.project(GeoPoint(lon: $0.0, lat: $0.1))! }
            var s = 0.0
            for i in 0..<4 { let p = corners[i], q = corners[(i + 1) % 4]; s += p.x * q.y - q.x * p.y }
            return abs(s) / 2
        }
        let r = MapProjection.earthRadiusKm
        for (lon, lat) in [(38.0, 35.0), (20.0, 50.0), (60.0, 10.0)] {
            let sphere = r * r * (Double.pi / 180) * (sin((lat + 1) * .pi / 180) - sin(lat * .pi / 180))
            XCTAssertEqual(area(lon, lat) / sphere, 1, accuracy: 0.003, "cell at \(lon), \(lat)")
        }
    }

    func testFrameFitsTheExtentAndShowsIt() throws {
        let extent = GeoBox(west: 36, south: 34.5, east: 41, north: 37)
        let frame = MapFrame(extent: extent, in: Rect(x: 10, y: 20, width: 600, height: 400))
        for p in MapFrame.outline(extent) {
            let q = try XCTUnwrap(frame.point(p))
            XCTAssertTrue(frame.rect.insetBy(dx: -1e-6, dy: -1e-6).contains(Rect(x: q.x, y: q.y, width: 0, height: 0)), "\(p) drawn at \(q)")
            let back = try XCTUnwrap(frame.place(at: q))
            XCTAssertEqual(back.lon, p.lon, accuracy: 1e-9); XCTAssertEqual(back.lat, p.lat, accuracy: 1e-9)
        }
        let visible = frame.visibleBox
        XCTAssertTrue(visible.west <= extent.west && visible.east >= extent.east && visible.south <= extent.south && visible.north >= extent.north, "\(visible)")
        // North is up: a place further north is higher on the page.
        XCTAssertLessThan(frame.point(GeoPoint(lon: 38, lat: 36.5))!.y, frame.point(GeoPoint(lon: 38, lat: 35))!.y)
    }

    func testClippedRingsAndLinesStayInsideTheRectangle() {
        let rect = Rect(x: 0, y: 0, width: 100, height: 60)
        var seed: UInt64 = 7
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) * 300 - 100 }
        for _ in 0..<200 {
            let ring = (0..<(3 + Int(abs(next())) % 30)).map { _ in Point(next(), next()) }
            for p in MapGeometry.clip(ring: ring, to: rect) {
                XCTAssertTrue(p.x >= -1e-9 && p.x <= 100 + 1e-9 && p.y >= -1e-9 && p.y <= 60 + 1e-9, "\(p)")
            }
            for part in MapGeometry.clip(line: ring, to: rect) {
                XCTAssertGreaterThanOrEqual(part.count, 2)
                for p in part { XCTAssertTrue(p.x >= -1e-9 && p.x <= 100 + 1e-9 && p.y >= -1e-9 && p.y <= 60 + 1e-9, "\(p)") }
            }
        }
        // A ring wholly inside is kept as it is; one wholly outside disappears.
        let inside = [Point(10, 10), Point(50, 10), Point(30, 40)]
        XCTAssertEqual(MapGeometry.clip(ring: inside, to: rect), inside)
        XCTAssertEqual(MapGeometry.clip(ring: inside.map { Point($0.x + 500, $0.y) }, to: rect), [])
        // A line crossing the rectangle keeps only its middle.
        XCTAssertEqual(MapGeometry.clip(line: [Point(-50, 30), Point(150, 30)], to: rect), [[Point(0, 30), Point(100, 30)]])
    }

    func testSimplificationKeepsShapeWithinTolerance() {
        // A circle of 10,000 points, 50 points across: far fewer points, none moved off it by
        // more than the tolerance.
        let ring = (0..<10_000).map { i -> Point in
            let a = Double(i) / 10_000 * 2 * .pi
            return Point(50 + 25 * cos(a), 50 + 25 * sin(a))
        }
        let simple = MapGeometry.simplify(ring: ring)
        XCTAssertLessThan(simple.count, 200)
        XCTAssertGreaterThan(simple.count, 20)
        for p in ring.enumerated().filter({ $0.offset % 97 == 0 }).map(\.element) {
            // Distance from the original point to the simplified polygon's nearest edge.
            var best = Double.infinity
            for i in simple.indices {
                let a = simple[i], b = simple[(i + 1) % simple.count]
                let dx = b.x - a.x, dy = b.y - a.y
                let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
                best = min(best, hypot(p.x - a.x - t * dx, p.y - a.y - t * dy))
            }
            XCTAssertLessThanOrEqual(best, MapGeometry.tolerance + 1e-9)
        }
        XCTAssertEqual(MapGeometry.simplify([Point(0, 0), Point(5, 0.01), Point(10, 0)]), [Point(0, 0), Point(10, 0)])
    }

    func testHexagonsCountEveryPointOnceInTheNearestCell() {
        var bins = HexBins(radius: 5, origin: .zero)
        var seed: UInt64 = 3
        var points: [Point] = []
        for _ in 0..<5_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(seed >> 40) / Double(1 << 24) * 200
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let y = Double(seed >> 40) / Double(1 << 24) * 120
            points.append(Point(x, y)); bins.add(Point(x, y), weight: 2)
        }
        let all = bins.bins
        XCTAssertEqual(all.map(\.count).reduce(0, +), 5_000)
        XCTAssertEqual(all.map(\.total).reduce(0, +), 10_000)
        // Each point lies within a hexagon's circumradius of its cell's centre, and no other
        // centre is nearer.
        let centres = all.map(\.center)
        for p in points.prefix(300) {
            let nearest = centres.min { hypot($0.x - p.x, $0.y - p.y) < hypot($1.x - p.x, $1.y - p.y) }!
            XCTAssertLessThanOrEqual(hypot(nearest.x - p.x, nearest.y - p.y), 5 + 1e-9)
        }
    }
}
