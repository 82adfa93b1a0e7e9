import XCTest
import ReportScene
@testable import ReportCore

final class ForceLevelTests: XCTestCase {
    private func row(_ i: Int, _ day: Double, count: Double? = nil, change: Double? = nil, force: String = "US") -> ForceRow {
        ForceRow(index: i, force: force, day: day, count: count, change: change)
    }

    func testChangesAddToTheLastLevelInDateOrder() throws {
        let rows = [row(0, 30, change: 400), row(1, 10, count: 300), row(2, 20, change: 200)]
        let series = try ForceLevels.accumulate(rows).get()
        XCTAssertEqual(series.count, 1)
        XCTAssertEqual(series[0].levels.map(\.level), [300, 500, 900])
        XCTAssertEqual(series[0].levels.map(\.day), [10, 20, 30])
    }

    func testALevelResetsTheRunningTotal() throws {
        let series = try ForceLevels.accumulate([row(0, 1, count: 100), row(1, 2, change: 50), row(2, 3, count: 40), row(3, 4, change: -10)]).get()
        XCTAssertEqual(series[0].levels.map(\.level), [100, 150, 40, 30])
    }

    func testAChangeBeforeAnyLevelIsAnErrorNamingTheRow() {
        switch ForceLevels.accumulate([row(0, 5, change: 400), row(1, 9, count: 10)]) {
        case .success: XCTFail("expected an error")
        case .failure(let problem):
            XCTAssertEqual(problem.rowIndex, 0)
            XCTAssertEqual(problem.message, "US: a change of +400 comes before any level; give a \"count\" on an earlier row")
        }
    }

    func testForcesStaySeparate() throws {
        let series = try ForceLevels.accumulate([row(0, 1, count: 10, force: "A"), row(1, 1, count: 20, force: "B"), row(2, 2, change: 5, force: "A")]).get()
        XCTAssertEqual(series.map(\.force), ["A", "B"])
        XCTAssertEqual(series[0].levels.map(\.level), [10, 15])
    }
}

final class SankeyTests: XCTestCase {
    func testLinkWidthsSumToNodeHeightsAndNodesNeverOverlap() {
        let flows = [Flow(from: "Raqqa", to: "Deir ez-Zor", value: 180), Flow(from: "Raqqa", to: "Hama", value: 120),
                     Flow(from: "Deir ez-Zor", to: "Mayadin", value: 60), Flow(from: "Tabqa", to: "Hama", value: 40)]
        let rect = Rect(x: 0, y: 0, width: 600, height: 300)
        let layout = SankeyLayout(flows: flows, in: rect)
        let byName = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.name, $0) })
        XCTAssertEqual(byName["Raqqa"]?.column, 0)
        XCTAssertEqual(byName["Deir ez-Zor"]?.column, 1, "a place both destination and origin sits in a middle column")
        XCTAssertEqual(byName["Mayadin"]?.column, 2)
        for node in layout.nodes {
            let out = layout.links.filter { $0.source == node.name }.map(\.breadth).reduce(0, +)
            let inn = layout.links.filter { $0.target == node.name }.map(\.breadth).reduce(0, +)
            XCTAssertEqual(max(out, inn), node.rect.height, accuracy: 1e-6, node.name)
            XCTAssertTrue(rect.insetBy(dx: -0.001, dy: -0.001).contains(node.rect), node.name)
        }
        for a in layout.nodes { for b in layout.nodes where a != b { XCTAssertFalse(a.rect.intersects(b.rect), "\(a.name) overlaps \(b.name)") } }
        // Values are conserved: what leaves Raqqa arrives somewhere.
        XCTAssertEqual(layout.links.filter { $0.source == "Raqqa" }.map(\.value).reduce(0, +), 300)
    }
}

final class SpecDecoderTests: XCTestCase {
    private func decode(_ json: String) -> [Diagnostic] {
        let tree = try! JSONTreeParser.parse(Array(json.utf8))
        return SpecDecoder(file: "spec.json", specName: "spec").decode(tree).diagnostics
    }

    func testUnknownKeysAreLocatedWithASuggestion() {
        let diagnostics = decode("""
        {"report": 1,
         "titel": "x",
         "sections": [{"type": "timeline", "data": "events", "date": "date", "colour": "actor"}],
         "data": {"events": {"values": []}}}
        """)
        XCTAssertEqual(diagnostics.map(\.description), [
            "spec.json:2:2: error: unknown key \"titel\" in the report (did you mean \"title\"?) [at titel]",
            "spec.json:3:70: error: unknown key \"colour\" in a timeline block (did you mean \"color\"?) [at sections[0].colour]",
        ])
    }

    func testEveryProblemIsReportedNotJustTheFirst() {
        let diagnostics = decode("""
        {"report": 2, "sections": [{"type": "tmeline"}, {"type": "table", "data": "evnts"}],
         "data": {"events": {"values": []}}, "outputs": [{"file": "a.gif"}]}
        """)
        XCTAssertEqual(diagnostics.count, 4, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(diagnostics[1].description.contains("did you mean \"timeline\"?"))
        XCTAssertTrue(diagnostics[2].description.contains("no data source named \"evnts\" (did you mean \"events\"?)"))
        XCTAssertTrue(diagnostics[3].description.contains("must end in .pdf, .png or .svg"))
    }

    func testRangesMustRunForwards() {
        let diagnostics = decode("""
        {"report": 1, "data": {"e": {"values": []}}, "sections": [{"type": "timeline", "data": "e", "date": "d",
          "range": {"from": "2017-03-31", "to": "2017-03-01"}}]}
        """)
        XCTAssertEqual(diagnostics.map(\.message), ["range runs backwards: \"to\" (2017-03-01) is before \"from\" (2017-03-31)"])
    }
}

final class TimelineLayoutTests: XCTestCase {
    /// A crowded week: 100 events with long labels in 3 lanes. No two placed labels may
    /// intersect, and no label may cover another event's mark.
    func testCrowdedWeekLabelsNeverOverlap() throws {
        var rows: [String] = []
        let lanes = ["Islamic State", "SDF", "US-led coalition"]
        for i in 0..<100 {
            let day = 6 + i % 7
            rows.append("{\"date\": \"2017-03-\(day < 10 ? "0" : "")\(day)\", \"lane\": \"\(lanes[i % 3])\", \"label\": \"Event \(i): a long description of what happened near Raqqa that day\"}")
        }
        let spec = """
        {"report": 1, "data": {"e": {"values": [\(rows.joined(separator: ","))]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "label", "lane": "lane",
                       "range": {"from": "2017-03-05", "to": "2017-03-14"}}]}
        """
        let items = try renderBlock(spec, id: "t")
        let labels = items.compactMap { item -> Rect? in
            guard case .text(let t) = item, t.content.plainText.contains("Event"), t.content.width ?? 0 < 400 else { return nil }
            let m = FixedWidthMeasurer().measure(t.content)
            return Rect(x: t.origin.x, y: t.origin.y, width: min(m.width, t.content.width ?? .infinity), height: m.height / Double(max(1, m.lineCount)))
        }
        XCTAssertGreaterThan(labels.count, 3)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] { XCTAssertFalse(a.insetBy(dx: 0.5, dy: 0.5).intersects(b), "\(a) overlaps \(b)") }
        }
    }

    func testEmptyRangeSaysNoEvents() throws {
        let spec = """
        {"report": 1, "data": {"e": {"values": [{"date": "2016-01-01", "label": "x"}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "label",
                       "range": {"from": "2017-03-01", "to": "2017-03-31"}}]}
        """
        let texts = try renderBlock(spec, id: "t").compactMap { item -> String? in
            if case .text(let t) = item { return t.content.plainText } else { return nil }
        }
        XCTAssertTrue(texts.contains("No events in range"))
    }

    private func renderBlock(_ json: String, id: String) throws -> [SceneItem] {
        let tree = try JSONTreeParser.parse(Array(json.utf8))
        let (spec, diagnostics) = SpecDecoder(file: "t.json", specName: "t").decode(tree)
        let decoded = try XCTUnwrap(spec, diagnostics.map(\.description).joined(separator: "\n"))
        var tables: [String: DataTable] = [:]
        for source in decoded.data {
            tables[source.name] = try InlineRows.table(source.values!, name: source.name, specFile: "t.json", path: source.path)
        }
        let (blocks, problems) = BlockPreparer(spec: decoded, tables: tables, specFile: "t.json").prepareAll()
        XCTAssertEqual(problems.map(\.description), [])
        let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"),
                                colors: ColorMap(theme: decoded.theme), specFile: "t.json")
        let page = try XCTUnwrap(ReportLayout(spec: decoded, blocks: blocks, context: ctx, toolName: "test").single(blockID: id, width: 800, height: nil))
        return page.items
    }
}
