import Foundation
import ReportTestSupport
import XCTest
import ReportScene
@testable import ReportCore
@testable import ReportCairo

/// The structure layout gives the Scene, and what the PDF renderer makes of it: Cairo's
/// tags with what `AccessiblePDF` adds (alt text, boxes, header scope, link descriptions,
/// artifacts, catalog and XMP), read back from the file.
final class TaggedPDFTests: XCTestCase {
    private func layout(_ path: String, measurer: PangoTextMeasurer) throws -> ReportLayout {
        let loaded = try ReportLoader().load(path)
        let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: loaded.spec.theme.font),
                                colors: ColorMap(theme: loaded.spec.theme, blocks: loaded.blocks),
                                specFile: "report.json", asOfDay: loaded.spec.asOf?.start)
        return ReportLayout(spec: loaded.spec, blocks: loaded.blocks, context: ctx, toolName: "test")
    }

    /// The example and every gallery spec, as a document and block by block: the brackets
    /// follow `StructureCheck`'s rules, and each bookmark is a heading of its level.
    func testExampleAndGalleryScenesHaveSoundStructure() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        let gallery = Fixtures.root + "/docs/gallery"
        let specs = [Fixtures.example + "/report.json"] + (try FileManager.default.contentsOfDirectory(atPath: gallery))
            .filter { $0.hasSuffix(".json") }.sorted().map { gallery + "/" + $0 }
        for spec in specs {
            let layout = try layout(spec, measurer: measurer)
            let pages = layout.layOutDocument().pages
            XCTAssertEqual(StructureCheck.problems(pages), [], spec)
            for block in layout.blocks {
                guard let id = block.spec.id, let page = layout.layOutBlock(id, width: nil, height: nil)?.page else { continue }
                XCTAssertEqual(StructureCheck.problems([page]), [], "\(spec) block \(id)")
            }
            for page in pages {
                let headings = Self.headings(page.items)
                for entry in page.outline {
                    XCTAssertTrue(headings.contains { $0.level == entry.level && $0.text == entry.title },
                                  "\(spec): bookmark \"\(entry.title)\" (level \(entry.level)) is no heading of its level on its page")
                }
            }
        }
    }

    /// A table longer than a page is one table element: the header row opens it, the rows
    /// continue it on the next page, and the header drawn again there is an artifact.
    func testATableContinuesAcrossPagesAndItsRepeatedHeaderIsAnArtifact() throws {
        let dir = NSTemporaryDirectory() + "report-tagged-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = (1...80).map { "2017-03-\(String(format: "%02d", $0 % 28 + 1)),Event number \($0)" }
        try ("date,what\n" + rows.joined(separator: "\n") + "\n").write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        try #"{"report": 1, "data": {"t": {"file": "t.csv"}}, "sections": [{"type": "table", "title": "Log", "data": "t"}], "outputs": [{"file": "t.pdf"}]}"#
            .write(toFile: dir + "/report.json", atomically: true, encoding: .utf8)
        let pages = try layout(dir + "/report.json", measurer: PangoTextMeasurer(fonts: projectFonts())).layOutDocument().pages
        XCTAssertGreaterThan(pages.count, 1)
        XCTAssertEqual(StructureCheck.problems(pages), [])
        let roles = pages.flatMap(\.items).compactMap { item -> StructureRole? in
            if case .beginStructure(let role) = item { return role }
            return nil
        }
        XCTAssertEqual(roles.filter { if case .table = $0 { return true } else { return false } }.count, 1, "one table element")
        XCTAssertEqual(roles.filter { $0 == .tableRow }.count, 81, "the header row and 80 rows")
        XCTAssertEqual(roles.filter { $0 == .tableHeader }.count, 2, "the header's two cells, once")
        // Page 2 opens with the header again, as furniture.
        let second = SceneSnapshot.lines(pages[1].items, structure: true)
        XCTAssertEqual(second.first, "begin artifact")
        XCTAssertTrue(second.prefix(5).contains { $0.contains("text \"date\"") }, second.prefix(5).joined(separator: "\n"))
    }

    /// A run of bullets is one list of items; the dots are furniture.
    func testBulletsFormOneList() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: "Noto Sans"), colors: ColorMap(theme: ThemeSpec(font: "Noto Sans", palette: ThemeSpec.colorBlindSafe, colors: [:])), specFile: "r.json")
        let items = Paragraphs.paragraphs("Intro.\n\n- one\n- two\n- three\n\nAfter.", width: 400, ctx).flatMap { $0.draw(.zero) }
        let lines = SceneSnapshot.lines(items, structure: true).map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(lines.compactMap { $0.hasPrefix("begin") ? $0 : $0.hasPrefix("dot") ? "dot" : nil }, [
            "begin paragraph",
            "begin list",
            "begin listItem", "begin listBody", "begin artifact", "dot",
            "begin listItem", "begin listBody", "begin artifact", "dot",
            "begin listItem", "begin listBody", "begin artifact", "dot",
            "begin paragraph",
        ])
        XCTAssertEqual(StructureCheck.problems([ScenePage(size: Size(400, 400), items: items)]), [])
    }

    /// A scene with every kind of element, drawn to PDF and read back: the tree is in
    /// drawing order, the figure has its alt text and its box in PDF space, header cells
    /// their scope, the link a description, and no drawing is left unmarked.
    func testThePDFDescribesItsElementsAndMarksItsFurniture() throws {
        let style = TextStyle(family: "Noto Sans", size: 10)
        func text(_ s: String, _ y: Double, link: String? = nil) -> SceneItem {
            .text(TextItem(TextContent(spans: [TextSpan(s, link: link)], style: style), at: Point(20, y)))
        }
        let rule = SceneItem.path(.line(Point(20, 200), Point(180, 200)), fill: nil, stroke: Stroke(.black))
        var first: [SceneItem] = .structured(.heading(level: 1), [text("Title", 20)])
        first += .structured(.paragraph, [text("Read the ", 40), text("source", 55, link: "https://example.org/a")])
        first += [.beginStructure(.table(summary: "A table of two rows")), .beginStructure(.tableRow)] + .structured(.tableHeader, [text("Head", 70)]) + [.endStructure]
        first += [.beginStructure(.tableRow)] + .structured(.tableCell, [text("one", 85)]) + [.endStructure]
        first += .artifact([rule, text("Page 1", 210)])
        var second: [SceneItem] = .artifact([text("Head", 20)])
        second += [.beginStructure(.tableRow)] + .structured(.tableCell, [text("two", 40)]) + [.endStructure, .endStructure]
        second += .structured(.figure(alt: "A square, drawn «in black»", bounds: Rect(x: 20, y: 60, width: 50, height: 40)),
                              [.path(.rect(Rect(x: 20, y: 60, width: 50, height: 40)), fill: .solid(.black), stroke: nil)])
        let pages = [ScenePage(size: Size(200, 240), items: first), ScenePage(size: Size(200, 240), items: second)]
        XCTAssertEqual(StructureCheck.problems(pages), [])
        let info = DocumentInfo(title: "Test", creator: "test", language: "en-GB")
        let bytes = try CairoRenderer(fonts: projectFonts()).pdf(Scene(pages: pages, info: info))

        // Read back through qpdf, which checks the file and writes it with a classic
        // cross-reference table (the output packs its small objects in an object stream).
        let qpdf = try XCTUnwrap(CLI.tool("qpdf"))
        let check = try InMemory.withTemporaryFile(bytes, ext: "pdf") { try CLI.run(qpdf, ["--check", $0]) }
        XCTAssertEqual(check.code, 0, check.out + check.err)
        let classic = try InMemory.withTemporaryFile(bytes, ext: "pdf") { path in
            XCTAssertEqual(try CLI.run(qpdf, ["--object-streams=disable", "--stream-data=preserve", path, path + ".classic.pdf"]).code, 0)
            defer { try? FileManager.default.removeItem(atPath: path + ".classic.pdf") }
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".classic.pdf")))
        }
        let file = try PDFFile(classic)
        guard case .reference(let root)? = file.trailer["Root"] else { return XCTFail("no catalog") }
        let catalog = try file.dictionary(root)
        XCTAssertEqual(Self.written(catalog["Lang"]), "(en-GB)")
        XCTAssertEqual(Self.written(catalog["MarkInfo"]), "<< /Marked true >>")
        XCTAssertEqual(Self.written(catalog["ViewerPreferences"]), "<< /DisplayDocTitle true >>")
        guard case .reference(let metadata)? = catalog["Metadata"] else { return XCTFail("no XMP") }
        let xmp = String(decoding: try file.stream(metadata).data, as: UTF8.self)
        for field in ["<pdfuaid:part>1</pdfuaid:part>", "<rdf:li xml:lang=\"x-default\">Test</rdf:li>", "<rdf:li>en-GB</rdf:li>"] {
            XCTAssertTrue(xmp.contains(field), "XMP lacks \(field):\n\(xmp)")
        }

        // The tree, depth first: names, and what was added to them.
        guard case .reference(let tree)? = catalog["StructTreeRoot"] else { return XCTFail("no structure tree") }
        var elements: [(name: String, element: PDFDictionary)] = []
        func walk(_ kids: PDFObject?) throws {
            for case .reference(let n) in kids?.elements ?? [] {
                let element = try file.dictionary(n)
                guard let name = element["S"]?.nameValue else { continue }
                elements.append((name, element))
                try walk(element["K"])
            }
        }
        try walk(try file.dictionary(tree)["K"])
        XCTAssertEqual(elements.map(\.name), ["Document", "H1", "P", "Span", "Span", "Link", "Table", "TR", "TH", "TR", "TD", "TR", "TD", "Figure"])
        let figure = try XCTUnwrap(elements.last?.element)
        // (qpdf writes hex strings in lower case and dictionaries with their keys sorted.)
        XCTAssertEqual(Self.written(figure["Alt"]), Self.written(.text("A square, drawn «in black»"))?.lowercased())
        XCTAssertEqual(Self.written(figure["A"]), "<< /BBox [20.00 140.00 70.00 180.00] /O /Layout >>", "y measured from the bottom of a 240-point page")
        XCTAssertEqual(Self.written(elements[6].element["A"]), "<< /O /Table /Summary (A table of two rows) >>")
        XCTAssertEqual(Self.written(elements[8].element["A"]), "<< /O /Table /Scope /Column >>")
        let link = elements[5].element
        guard case .dictionary(let objr)? = link["K"]?.elements.first(where: { $0.dictionaryValue?["Type"]?.nameValue == "OBJR" }),
              case .reference(let annotation)? = objr["Obj"] else { return XCTFail("the Link element has no annotation") }
        XCTAssertEqual(Self.written(try file.dictionary(annotation)["Contents"]), "(source \\(https://example.org/a\\))")

        // Every page: nothing drawn outside a tagged or artifact sequence; /Tabs where there
        // are annotations.
        guard case .reference(let pagesNode)? = catalog["Pages"] else { return XCTFail("no pages") }
        for case .reference(let page) in try file.dictionary(pagesNode)["Kids"]?.elements ?? [] {
            let dictionary = try file.dictionary(page)
            if dictionary["Annots"] != nil { XCTAssertEqual(Self.written(dictionary["Tabs"]), "/S") }
            guard case .reference(let contents)? = dictionary["Contents"] else { return XCTFail("no content") }
            let content = try Flate.inflate(try file.stream(contents).data)
            XCTAssertEqual(content.withUnsafeBufferPointer { ArtifactMarking.untaggedRuns($0) }, [], String(decoding: content, as: UTF8.self))
            XCTAssertTrue(String(decoding: content, as: UTF8.self).contains("/Artifact BMC"))
        }
    }

    /// The same scene gives the same bytes, however often it is drawn.
    func testTaggedPDFsAreReproducible() throws {
        let renderer = try CairoRenderer(fonts: projectFonts())
        let page = ScenePage(size: Size(200, 100), items: .structured(.figure(alt: "A dot", bounds: Rect(x: 0, y: 0, width: 20, height: 20)),
                                                                       [.dot(Dot(center: Point(10, 10), radius: 5, fill: .black))]))
        let scene = Scene(pages: [page], info: DocumentInfo(title: "Dot", language: "en"))
        XCTAssertEqual(try renderer.pdf(scene), try renderer.pdf(scene))
    }

    private static func written(_ object: PDFObject?) -> String? {
        guard let object else { return nil }
        var out: [UInt8] = []
        object.write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The headings of a page: level and text.
    private static func headings(_ items: [SceneItem]) -> [(level: Int, text: String)] {
        var out: [(level: Int, text: String)] = []
        var level: Int?
        for item in items {
            switch item {
            case .beginStructure(.heading(let l)): level = l
            case .endStructure: level = nil
            case .text(let t): if let l = level { out.append((l, t.content.plainText)) }
            default: break
            }
        }
        return out
    }
}
