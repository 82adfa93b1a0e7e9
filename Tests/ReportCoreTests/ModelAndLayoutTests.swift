import ReportTestSupport
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

/// Layout is a function of the prepared blocks: each call returns its pages with the problems
/// it found, and the context and colour map it was given come out as they went in.
final class PureLayoutTests: XCTestCase {
    /// The fixed-width measurer, but every character outside Latin-1 is one no font covers.
    private struct LatinOnlyMeasurer: TextMeasurer {
        func measure(_ content: TextContent) -> TextMetrics {
            var m = FixedWidthMeasurer().measure(content)
            m.unknownGlyphs = content.plainText.unicodeScalars.filter { $0.value > 0xFF }.count
            return m
        }
    }

    private let spec = """
    {"report": 1, "title": "Report 日本",
     "data": {"t": {"values": [{"date": "2017-01-01", "force": "A", "count": 1}, {"date": "2017-02-01", "force": "Б", "count": 2}]}},
     "sections": [{"type": "heading", "text": "Ελληνικά"},
                  {"id": "b", "type": "troops", "data": "t", "date": "date", "force": "force", "count": "count"}]}
    """

    private func load() throws -> (ReportSpec, [PreparedBlock]) {
        let (decoded, blocks, _) = try InlineSpec.prepare(spec)
        return (decoded, blocks)
    }

    func testEachCallReturnsWhatItFoundAndChangesNothingItWasGiven() throws {
        let (spec, blocks) = try load()
        let given = ColorMap(theme: spec.theme)
        let ctx = LayoutContext(measurer: LatinOnlyMeasurer(), styles: ReportStyles(font: "Noto Sans"), colors: given, specFile: "t.json")
        let layout = ReportLayout(spec: spec, blocks: blocks, context: ctx, toolName: "t")
        let texts = { (list: [Diagnostic]) in list.map { $0.message.components(separatedBy: "\"")[1] } }

        let block = try XCTUnwrap(layout.layOutBlock("b", width: 400, height: 300))
        XCTAssertEqual(texts(block.diagnostics), ["Б 2"], "a block alone says only what it draws (its end label)")
        let document = layout.layOutDocument()
        XCTAssertEqual(texts(document.diagnostics), ["Report 日本", "Ελληνικά", "Б 2"], "each text once, in the order met")
        XCTAssertEqual(texts(layout.layOutDocument().diagnostics), texts(document.diagnostics), "a second call says the same")
        XCTAssertNil(layout.layOutBlock("nothing", width: 400, height: 300))

        // The colour map is complete before layout and the same for the block and the report.
        XCTAssertEqual(layout.ctx.colors.color(for: "A"), ColorMap(theme: spec.theme, blocks: blocks).color(for: "A"))
        XCTAssertEqual(layout.ctx.colors.color(for: "Б"), ColorMap(theme: spec.theme, blocks: blocks).color(for: "Б"))
        XCTAssertEqual(blocks[1].content.colorCategories, ["A", "Б"])
        XCTAssertNotEqual(layout.ctx.colors.color(for: "A"), layout.ctx.colors.color(for: "Б"))
        // What the caller gave is unchanged: its map still knows no category, its context recorded nothing.
        XCTAssertEqual(given.color(for: "Б"), ColorMap(theme: spec.theme).color(for: "A"), "the given map was not filled in")
        XCTAssertNil(ctx.coverage)
    }

    func testABlockDrawnAloneAtAHeightGetsThatHeightWithoutItsSpecChanging() throws {
        let (spec, blocks) = try load()
        let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"), colors: ColorMap(theme: spec.theme), specFile: "t.json")
        let layout = ReportLayout(spec: spec, blocks: blocks, context: ctx, toolName: "t")
        for height in [200.0, 300.0] {
            let page = try XCTUnwrap(layout.layOutBlock("b", width: 400, height: height)).page
            XCTAssertEqual(page.size, Size(400, height))
        }
        XCTAssertNil(layout.blocks[1].spec.height)
    }
}
