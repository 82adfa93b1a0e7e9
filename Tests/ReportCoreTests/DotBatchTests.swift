import ReportTestSupport
import ReportScene
import XCTest

/// `Dot.batches` may reorder discs only where the picture cannot tell.
final class DotBatchTests: XCTestCase {
    private let blue = Color(hex: "#0072B2")!, orange = Color(hex: "#D55E00")!

    private func dot(_ x: Double, _ y: Double, _ color: Color, radius: Double = 3, ring: Bool = true) -> Dot {
        Dot(center: Point(x, y), radius: radius, fill: color, ring: ring ? Stroke(.white, width: 0.6) : nil)
    }

    func testApartDotsOfTwoColoursBecomeThreeStrokes() {
        let dots: [Dot] = (0..<1000).map { (i: Int) -> Dot in
            let x = Double(i % 100) * 20, y = Double(i / 100) * 20
            return dot(x, y, i % 3 == 0 ? blue : orange)
        }
        let batches = Dot.batches(dots)
        XCTAssertEqual(batches.map { $0.color }, [.white, blue, orange], "all rings, then one stroke per fill colour")
        XCTAssertEqual(batches.map { $0.centers.count }, [1000, 334, 666])
    }

    func testAChainOfOverlappingDotsKeepsItsOrder() {
        // Each dot overlaps the one before: every dot's ring must cover the previous fill.
        let dots = (0..<5).map { i in dot(Double(i) * 4, 0, i % 2 == 0 ? blue : orange) }
        let batches = Dot.batches(dots)
        XCTAssertEqual(batches.count, 10)
        XCTAssertEqual(batches.map(\.centers), dots.flatMap { [[$0.center], [$0.center]] })
        XCTAssertEqual(batches.map(\.diameter), dots.flatMap { _ in [6.6, 5.4] })
    }

    func testDotsWithoutRingsAndEmptyDiscs() {
        let dots = [dot(0, 0, blue, ring: false), Dot(center: Point(50, 0), radius: 0.2, fill: orange, ring: Stroke(.white, width: 1))]
        let batches = Dot.batches(dots)
        // The second dot's ring is wider than the dot: its fill disc is empty and dropped.
        XCTAssertEqual(batches.map(\.color), [.white, blue])
        XCTAssertEqual(batches.map(\.diameter), [1.4, 6])
        XCTAssertEqual(Dot.batches([]), [])
    }

    /// Random crowded runs painted on a grid of sample points: dot by dot (ring, then fill)
    /// and batch by batch must leave every sample the same colour.
    func testRandomRunsPaintTheSamePicture() {
        var rng = SeededRandom(seed: 7)
        let palette = [blue, orange, Color.black, Color.white]
        for _ in 0..<150 {
            let dots = (0..<(rng.next(below: 120) + 1)).map { _ in
                Dot(center: Point(Double(rng.next(below: 300)) / 3, Double(rng.next(below: 60)) / 3),
                    radius: Double(rng.next(below: 30) + 5) / 10, fill: palette[rng.next(below: 3)],
                    ring: rng.next(below: 4) == 0 ? nil : Stroke(palette[3 - rng.next(below: 2) * 3], width: Double(rng.next(below: 15)) / 10))
            }
            var expected = Canvas(), actual = Canvas()
            for d in dots {
                if let ring = d.ring { expected.disc(d.center, diameter: 2 * d.radius + ring.width, ring.color) }
                expected.disc(d.center, diameter: 2 * d.radius - (d.ring?.width ?? 0), d.fill)
            }
            for batch in Dot.batches(dots) {
                for c in batch.centers { actual.disc(c, diameter: batch.diameter, batch.color) }
            }
            XCTAssertEqual(actual.samples, expected.samples)
            let discs = dots.reduce(0) { $0 + ($1.ring == nil ? 0 : 1) + (2 * $1.radius - ($1.ring?.width ?? 0) > 0 ? 1 : 0) }
            XCTAssertEqual(Dot.batches(dots).map(\.centers.count).reduce(0, +), discs, "every disc exactly once")
        }
    }

    /// Colours at sample points every 0.25 pt over 0…110 × 0…30.
    private struct Canvas {
        var samples = [Color?](repeating: nil, count: 440 * 120)
        mutating func disc(_ c: Point, diameter: Double, _ color: Color) {
            guard diameter > 0 else { return }
            let r = diameter / 2
            for yi in max(0, Int((c.y - r) * 4))...min(119, Int((c.y + r) * 4) + 1) {
                for xi in max(0, Int((c.x - r) * 4))...min(439, Int((c.x + r) * 4) + 1) {
                    let dx = Double(xi) / 4 - c.x, dy = Double(yi) / 4 - c.y
                    if dx * dx + dy * dy <= r * r { samples[yi * 440 + xi] = color }
                }
            }
        }
    }
}
