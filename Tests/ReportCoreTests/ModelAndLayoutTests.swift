import XCTest
import ReportScene
@testable import ReportCore

// Force levels and Sankey layout: see ChartTests.swift.

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
