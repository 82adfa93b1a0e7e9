import ReportTestSupport
import Foundation
import XCTest
import ReportScene
@testable import ReportCore

/// Timelines laid out from inline specs with the deterministic `FixedWidthMeasurer`, and
/// the checks every timeline scene must pass.
enum TimelineFixture {

    /// A decoded spec with its tables (inline values), ready for layout.
    static func load(_ json: String, extraTables: [String: DataTable] = [:]) throws -> (ReportSpec, [PreparedBlock]) {
        let (decoded, blocks, problems) = try InlineSpec.prepare(json, extraTables: extraTables)
        XCTAssertEqual(problems.filter { $0.severity == .error }.map(\.description), [])
        return (decoded, blocks)
    }

    /// One block alone on a page.
    static func page(_ json: String, id: String, width: Double? = 800, height: Double? = nil,
                     measurer: TextMeasurer = FixedWidthMeasurer(), extraTables: [String: DataTable] = [:]) throws -> ScenePage {
        let (spec, blocks) = try load(json, extraTables: extraTables)
        let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: "Noto Sans"), colors: ColorMap(theme: spec.theme), specFile: "t.json")
        let (page, diagnostics) = try XCTUnwrap(ReportLayout(spec: spec, blocks: blocks, context: ctx, toolName: "test").layOutBlock(id, width: width, height: height))
        XCTAssertEqual(diagnostics.map(\.description), [])
        return page
    }

    /// A generated table of `count` events over 2014–2019 in 4 lanes with 3 event types
    /// (deterministic, no file): the dense case.
    static func denseTable(count: Int, name: String = "big") -> DataTable {
        let lanes = ["Islamic State", "SDF", "Syrian Army", "Civilians"]
        let types = ["Battles", "Explosions/Remote violence", "Protests"]
        var dates: [String] = [], actors: [String] = [], kinds: [String] = []
        dates.reserveCapacity(count); actors.reserveCapacity(count); kinds.reserveCapacity(count)
        var state: UInt64 = 20140101
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let first = CivilDate(year: 2014, month: 1, day: 1)!.dayNumber
        for _ in 0..<count {
            // A triangular spread of days, peaking in 2016.
            let a = Double(next() % 1000) / 1000, b = Double(next() % 1000) / 1000
            let day = first + Int((a + b) / 2 * 2190)
            dates.append(CivilDate(dayNumber: day).isoString)
            let r = next() % 10
            actors.append(lanes[r < 5 ? 0 : r < 8 ? 1 : r < 9 ? 2 : 3])
            kinds.append(types[Int(next() % 3)])
        }
        return DataTable(name: name, columnNames: ["date", "actor", "event_type"], columns: [Column(dates), Column(actors), Column(kinds)], file: "big.csv",
                         rowPositions: (0..<count).map { SourcePosition(line: $0 + 2, column: 0) })
    }

    static let denseSpec = """
    {"report": 1, "data": {"big": {"values": []}},
     "sections": [{"id": "t", "type": "timeline", "title": "Events 2014–2019", "data": "big", "date": "date", "lane": "actor", "color": "event_type"}]}
    """
}

/// What a timeline scene promises, checked on the scene itself.
enum TimelineSceneChecks {
    /// True when two boxes share more than a rounding error of area: layout places boxes
    /// edge to edge in lane coordinates, and moving them onto the page adds float noise.
    static func overlap(_ a: Rect, _ b: Rect) -> Bool { a.insetBy(dx: 1e-6, dy: 1e-6).intersects(b) }

    /// Every filled path: marks, bars, halos, arrows (labels must keep off them).
    static func filledShapes(_ items: [SceneItem]) -> [Rect] {
        var rects: [Rect] = []
        for item in items {
            switch item {
            case .path(let p, let fill, _) where fill != nil: if let b = p.bounds { rects.append(b) }
            case .dot(let d): rects.append(Rect(x: d.center.x - d.radius, y: d.center.y - d.radius, width: 2 * d.radius, height: 2 * d.radius))
            case .clipped(_, let inner): rects += filledShapes(inner)
            default: break
            }
        }
        return rects
    }

    /// Dashed strokes: annotation rules.
    static func rules(_ items: [SceneItem]) -> [Rect] {
        items.compactMap { item in
            if case .path(let p, nil, let stroke?) = item, !stroke.dash.isEmpty, let b = p.bounds, b.height > 20 { return b.insetBy(dx: -stroke.width / 2, dy: 0) }
            return nil
        }
    }

    /// Asserts that placed labels do not intersect each other, marks or rules, and that each
    /// label's text (as `measurer` measures it) lies inside its reserved box. Returns the labels.
    @discardableResult
    static func assertLabelsClean(_ page: ScenePage, measurer: TextMeasurer, file: StaticString = #filePath, line: UInt = #line) -> [(box: Rect, text: TextItem)] {
        let labels = PlacedLabels.find(in: page.items)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] where overlap(a.box, b.box) {
                XCTFail("labels overlap: \"\(a.text.content.plainText)\" \(a.box) and \"\(b.text.content.plainText)\" \(b.box)", file: file, line: line)
            }
            let m = measurer.measure(a.text.content)
            let text = Rect(x: a.text.origin.x, y: a.text.origin.y, width: min(m.width, a.text.content.width ?? .infinity), height: m.height)
            XCTAssertTrue(a.box.insetBy(dx: -0.01, dy: -0.01).contains(text), "text \"\(a.text.content.plainText)\" \(text) leaves its box \(a.box)", file: file, line: line)
        }
        let shapes = filledShapes(page.items.filter { if case .clipped = $0 { return false } else { return true } })
        for l in labels {
            for s in shapes where s.width > 0 && s.height > 0 && overlap(l.box, s) {
                XCTFail("label \"\(l.text.content.plainText)\" \(l.box) covers a mark at \(s)", file: file, line: line)
            }
            for r in rules(page.items) where overlap(l.box, r) {
                XCTFail("label \"\(l.text.content.plainText)\" \(l.box) crosses a rule at \(r)", file: file, line: line)
            }
        }
        return labels
    }

    /// Numbers drawn at marks (alone, or in front of a shortened label).
    static func markNumbers(_ labels: [(box: Rect, text: TextItem)]) -> [Int] {
        labels.compactMap { l in
            let spans = l.text.content.spans
            if spans.count == 1, let n = Int(spans[0].text) { return n }
            if spans.count == 2, spans[0].bold, let n = Int(spans[0].text.trimmingCharacters(in: .whitespaces)) { return n }
            return nil
        }
    }

    /// Key lines under the chart: number → text.
    static func keyLines(_ items: [SceneItem]) -> [Int: String] {
        var lines: [Int: String] = [:]
        for item in items {
            guard case .text(let t) = item, t.content.spans.count == 2, t.content.spans[0].bold,
                  let n = Int(t.content.spans[0].text), t.content.spans[1].text.hasPrefix("  ") else { continue }
            lines[n] = String(t.content.spans[1].text.dropFirst(2))
        }
        return lines
    }

    /// Every text of the scene, nested ones included.
    static func texts(_ items: [SceneItem]) -> [String] {
        items.flatMap { item -> [String] in
            switch item {
            case .text(let t): return [t.content.plainText]
            case .clipped(_, let inner): return texts(inner)
            default: return []
            }
        }
    }
}
