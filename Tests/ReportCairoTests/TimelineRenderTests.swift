import Foundation
import ReportTestSupport
import XCTest
import ReportScene
import ReportCore
@testable import ReportCairo

/// Timelines measured and drawn with Pango and Cairo and the fonts in Fonts/: label boxes
/// checked on the scene with real text widths, and golden PNGs of a sparse, a crowded and
/// a dense timeline (each looked at when it was written; regenerate with
/// `UPDATE_GOLDEN=1 swift test --filter TimelineRenderTests` and look again).
final class TimelineRenderTests: XCTestCase {
    // MARK: Fixtures (specs written to a temporary folder, loaded as the command line does)

    private static let work = NSTemporaryDirectory() + "report-timeline-tests-\(getpid())"

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: work)
        super.tearDown()
    }

    private func load(_ name: String, spec: String, files: [String: String] = [:]) throws -> ReportLoader.Loaded {
        let dir = Self.work + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (file, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + file)) }
        let path = dir + "/report.json"
        try Data(spec.utf8).write(to: URL(fileURLWithPath: path))
        do { return try ReportLoader().load(path) } catch { throw RenderError("spec did not load:\n\(error)") }
    }

    private func layout(_ loaded: ReportLoader.Loaded, measurer: TextMeasurer) -> (ReportLayout, LayoutContext) {
        let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: "Noto Sans"), colors: ColorMap(theme: loaded.spec.theme, blocks: loaded.blocks),
                                specFile: "report.json", asOfDay: loaded.spec.asOf?.start)
        return (ReportLayout(spec: loaded.spec, blocks: loaded.blocks, context: ctx, toolName: "test"), ctx)
    }

    /// `count` events over 2014–2019 as CSV, in 5 lanes with 3 event types and a fatality
    /// count; one lane is small enough to stay as dots (deterministic).
    static func denseCSV(count: Int) -> String {
        let lanes = ["Islamic State", "SDF", "Syrian Army", "Civilians"]
        let types = ["Battles", "Explosions/Remote violence", "Protests"]
        var state: UInt64 = 20140101
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let first = CivilDate(year: 2014, month: 1, day: 1)!.dayNumber
        var lines = ["date,actor,event_type,fatalities"]
        lines.reserveCapacity(count + 40)
        for _ in 0..<count {
            let a = Double(next() % 1000) / 1000, b = Double(next() % 1000) / 1000
            let day = first + Int((a + b) / 2 * 2190)
            let r = next() % 10
            lines.append("\(CivilDate(dayNumber: day).isoString),\(lanes[r < 5 ? 0 : r < 8 ? 1 : r < 9 ? 2 : 3]),\(types[Int(next() % 3)]),\(next() % 7 == 0 ? Int(next() % 60) : 0)")
        }
        // A lane of a few large events, drawn one by one beside the strips.
        for k in 0..<30 {
            let day = first + 70 * k + Int(next() % 40)
            lines.append("\(CivilDate(dayNumber: day).isoString),US-led coalition,\(types[k % 2]),\(Int(next() % 200))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let denseSpec = """
    {"report": 1, "data": {"e": {"file": "events.csv"}},
     "sections": [{"id": "t", "type": "timeline", "title": "Events 2014–2019", "data": "e", "date": "date", "lane": "actor",
                   "color": "event_type", "size": "fatalities"}]}
    """

    // MARK: Labels measured with Pango

    /// Asserts on the scene that no two placed labels intersect, that each label's text as
    /// Pango measures it lies inside its box, and that no label covers a filled mark.
    private func assertLabelsClean(_ page: ScenePage, _ measurer: TextMeasurer, file: StaticString = #filePath, line: UInt = #line) -> Int {
        // Boxes placed edge to edge may overlap by float noise once moved onto the page.
        func overlap(_ a: Rect, _ b: Rect) -> Bool { a.insetBy(dx: 1e-6, dy: 1e-6).intersects(b) }
        let labels = PlacedLabels.find(in: page.items)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] where overlap(a.box, b.box) {
                XCTFail("labels overlap: \"\(a.text.content.plainText)\" \(a.box) / \"\(b.text.content.plainText)\" \(b.box)", file: file, line: line)
            }
            let m = measurer.measure(a.text.content)
            let text = Rect(x: a.text.origin.x, y: a.text.origin.y, width: m.width, height: m.height)
            XCTAssertTrue(a.box.insetBy(dx: -0.01, dy: -0.01).contains(text), "\"\(a.text.content.plainText)\" \(text) leaves its box \(a.box)", file: file, line: line)
        }
        for item in page.items {
            let mark: Rect?
            switch item {
            case .path(let p, .some, _): mark = p.bounds
            case .dot(let d): mark = Rect(x: d.center.x - d.radius, y: d.center.y - d.radius, width: 2 * d.radius, height: 2 * d.radius)
            default: mark = nil
            }
            guard let b = mark, b.width > 0, b.height > 0 else { continue }
            for l in labels where overlap(l.box, b) {
                XCTFail("label \"\(l.text.content.plainText)\" \(l.box) covers a mark at \(b)", file: file, line: line)
            }
        }
        return labels.count
    }

    func testCrowdedWeekLabelsNeverOverlapWithPango() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        let (layout, _) = self.layout(try load("crowded", spec: TimelineSpecs.crowdedWeek()), measurer: measurer)
        var diagnostics: [Diagnostic] = []
        for (w, h) in [(800.0, 450.0), (800.0, nil), (500.0, 400.0)] as [(Double, Double?)] {
            let (page, found) = try XCTUnwrap(layout.layOutBlock("t", width: w, height: h))
            XCTAssertGreaterThan(assertLabelsClean(page, measurer), 10)
            diagnostics += found
        }
        let document = layout.layOutDocument()
        for page in document.pages { _ = assertLabelsClean(page, measurer) }
        XCTAssertEqual((diagnostics + document.diagnostics).map(\.description), [])
    }

    func testExampleReportLabelsNeverOverlapWithPango() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        let loaded = try ReportLoader().load(Fixtures.root + "/Reports/raqqa-2017/report.json")
        let (layout, _) = self.layout(loaded, measurer: measurer)
        let page = try XCTUnwrap(layout.layOutBlock("timeline", width: 800, height: 450)).page
        XCTAssertGreaterThanOrEqual(assertLabelsClean(page, measurer), 11, "every event and the annotation labelled")
        for page in layout.layOutDocument().pages { _ = assertLabelsClean(page, measurer) }
    }

    // MARK: Golden images

    private func golden(_ name: String, _ loaded: ReportLoader.Loaded, width: Double = 720, height: Double? = 400) throws {
        let fonts = try projectFonts()
        let measurer = try PangoTextMeasurer(fonts: fonts)
        let (layout, _) = self.layout(loaded, measurer: measurer)
        let (page, diagnostics) = try XCTUnwrap(layout.layOutBlock("t", width: width, height: height))
        XCTAssertEqual(diagnostics.map(\.description), [])
        _ = assertLabelsClean(page, measurer)
        let bytes = try CairoRenderer(fonts: fonts).png(page, scale: 1.5)
        try assertMatchesGolden(bytes, name: name)
    }

    func testSparseTimelineMatchesGolden() throws {
        try golden("timeline-sparse", try load("sparse", spec: TimelineSpecs.sparse))
    }

    func testCrowdedTimelineMatchesGolden() throws {
        // Room for every event to be labelled on the chart or numbered and keyed below.
        try golden("timeline-crowded", try load("crowded", spec: TimelineSpecs.crowdedWeek()), height: 860)
    }

    func testDenseTimelineMatchesGolden() throws {
        try golden("timeline-dense", try load("dense", spec: Self.denseSpec, files: ["events.csv": Self.denseCSV(count: 50_000)]))
    }

    /// Same size and every channel within 1 of `Golden/NAME.png`; on failure the actual image
    /// and a diff (changed pixels in red on white) go to a temporary folder.
    private func assertMatchesGolden(_ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = Fixtures.root + "/Tests/ReportCairoTests/Golden/\(name).png"
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        if update || !FileManager.default.fileExists(atPath: path) {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            if !update { XCTFail("golden image was missing; wrote \(path) (look at it before committing)", file: file, line: line) }
            return
        }
        let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if expected == bytes { return }
        let a = try decodePNG(bytes), g = try decodePNG(expected)
        var worst = 0
        var runs: [Rect] = []
        if a.width == g.width && a.height == g.height {
            for y in 0..<a.height {
                var runStart: Int?
                for x in 0...a.width {
                    var differs = false
                    if x < a.width {
                        let o = y * a.stride + 4 * x
                        for c in 0..<4 {
                            let d = abs(Int(a.pixels[o + c]) - Int(g.pixels[o + c]))
                            worst = max(worst, d)
                            if d > 1 { differs = true }
                        }
                    }
                    if differs, runStart == nil { runStart = x }
                    if !differs, let s = runStart { runs.append(Rect(x: Double(s), y: Double(y), width: Double(x - s), height: 1)); runStart = nil }
                }
            }
            if worst <= 1 { return }
        }
        let dir = NSTemporaryDirectory() + "report-golden-actual"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/\(name).png"))
        if !runs.isEmpty {
            var path = Path()
            for r in runs.prefix(200_000) { path.elements += Path.rect(r).elements }
            let diff = ScenePage(size: Size(Double(a.width), Double(a.height)), items: [
                .path(.rect(Rect(x: 0, y: 0, width: Double(a.width), height: Double(a.height))), fill: .solid(.white), stroke: nil),
                .path(path, fill: .solid(Color(red: 0.85, green: 0, blue: 0)), stroke: nil),
            ])
            try Data(try CairoRenderer(fonts: projectFonts()).png(diff, scale: 1)).write(to: URL(fileURLWithPath: dir + "/\(name)-diff.png"))
        }
        XCTFail("\(name): differs from the golden image (\(a.width)×\(a.height) vs \(g.width)×\(g.height), up to \(worst) per channel, \(runs.count) runs of pixels); actual and diff in \(dir)",
                file: file, line: line)
    }
}
