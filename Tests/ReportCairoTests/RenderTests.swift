import ReportTestSupport
import Foundation
import XCTest
import ReportScene
@testable import ReportCairo


final class TextMeasurementTests: XCTestCase {
    func testFontsComeOnlyFromTheFontsFolder() throws {
        let fonts = try projectFonts()
        XCTAssertEqual(fonts.families, ["Noto Sans", "Noto Sans Arabic", "Noto Sans Math"])
    }

    func testMeasurementGrowsWithTextAndBoldIsWider() throws {
        let m = try PangoTextMeasurer(fonts: projectFonts())
        let style = TextStyle(family: "Noto Sans, Noto Sans Arabic", size: 10)
        let short = m.measure(TextContent("Raqqa", style: style))
        let long = m.measure(TextContent("Raqqa and Deir ez-Zor", style: style))
        let bold = m.measure(TextContent("Raqqa", style: style.bolded()))
        XCTAssertGreaterThan(short.width, 20)
        XCTAssertGreaterThan(long.width, short.width * 3)
        XCTAssertGreaterThan(bold.width, short.width)
        XCTAssertEqual(short.lineCount, 1)
        XCTAssertEqual(short.height, 13, accuracy: 0.5, "line height is fixed at 1.3 × size")
    }

    func testWrappingUsesTheWidth() throws {
        let m = try PangoTextMeasurer(fonts: projectFonts())
        let content = TextContent(String(repeating: "Families fled Raqqa. ", count: 10), style: TextStyle(family: "Noto Sans", size: 10), width: 120)
        let metrics = m.measure(content)
        XCTAssertGreaterThan(metrics.lineCount, 3)
        XCTAssertLessThanOrEqual(metrics.width, 120.5)
    }

    func testArabicIsShapedWithTheArabicFace() throws {
        let m = try PangoTextMeasurer(fonts: projectFonts())
        let style = TextStyle(family: "Noto Sans, Noto Sans Arabic", size: 10)
        let arabic = m.measure(TextContent("الرقة", style: style))
        XCTAssertEqual(arabic.unknownGlyphs, 0)
        // Shaped Arabic joins its letters: the word is narrower than its isolated forms.
        let isolated = m.measure(TextContent("ا ل ر ق ة", style: style))
        XCTAssertLessThan(arabic.width, isolated.width)
    }

    func testUncoveredScriptIsDetected() throws {
        let m = try PangoTextMeasurer(fonts: projectFonts())
        let metrics = m.measure(TextContent("ᚠᛇᚻ", style: TextStyle(family: "Noto Sans", size: 10)))
        XCTAssertEqual(metrics.unknownGlyphs, 3)
    }
}

final class GoldenImageTests: XCTestCase {
    /// A small scene with every item kind: shapes, a gradient, a dashed rule, Latin and Arabic text.
    private func smallScene() -> ScenePage {
        let style = TextStyle(family: "Noto Sans, Noto Sans Arabic", size: 12)
        let blue = Color(hex: "#0072B2")!
        return ScenePage(size: Size(200, 100), items: [
            .path(.rect(Rect(x: 10, y: 10, width: 80, height: 30)), fill: .solid(blue), stroke: nil),
            .path(.circle(center: Point(150, 25), radius: 15), fill: .solid(Color(hex: "#D55E00")!), stroke: Stroke(.black, width: 1)),
            .path(.rect(Rect(x: 10, y: 50, width: 180, height: 6)),
                  fill: .linearGradient(from: Point(10, 0), to: Point(190, 0), stops: [GradientStop(0, blue.withAlpha(0)), GradientStop(1, blue)]), stroke: nil),
            .path(.line(Point(10, 62), Point(190, 62)), fill: nil, stroke: Stroke(.black, width: 1, dash: [3, 2])),
            .text(TextItem(TextContent("Raqqa الرقة", style: style), at: Point(10, 70))),
            .dot(Dot(center: Point(120, 25), radius: 6, fill: blue, ring: Stroke(.white, width: 1))),
            .dot(Dot(center: Point(126, 28), radius: 6, fill: .white, ring: Stroke(blue, width: 1.4))),
        ])
    }

    func testSmallSceneMatchesGoldenPNG() throws {
        let renderer = try CairoRenderer(fonts: projectFonts())
        let bytes = try renderer.png(smallScene(), scale: 2)
        let goldenPath = Fixtures.root + "/Tests/ReportCairoTests/Golden/small-scene.png"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" || !FileManager.default.fileExists(atPath: goldenPath) {
            try Data(bytes).write(to: URL(fileURLWithPath: goldenPath))
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != "1" { XCTFail("golden image was missing; wrote \(goldenPath)") }
            return
        }
        let actual = try decodePNG(bytes)
        let golden = try decodePNG([UInt8](Data(contentsOf: URL(fileURLWithPath: goldenPath))))
        XCTAssertEqual(actual.width, 400)
        XCTAssertEqual(actual.height, 200)
        XCTAssertEqual(actual.width, golden.width)
        XCTAssertEqual(actual.height, golden.height)
        var worst = 0
        for (a, g) in zip(actual.pixels, golden.pixels) { worst = max(worst, abs(Int(a) - Int(g))) }
        if worst > 1 {
            let out = NSTemporaryDirectory() + "small-scene-actual.png"
            try Data(bytes).write(to: URL(fileURLWithPath: out))
            XCTFail("PNG differs from the golden image by up to \(worst) per channel; actual written to \(out)")
        }
    }

    func testPDFHasEveryPageAndIsDeterministic() throws {
        let renderer = try CairoRenderer(fonts: projectFonts())
        let scene = Scene(pages: [smallScene(), smallScene()], info: DocumentInfo(title: "T", creationDate: "2017-03-12T00:00:00Z"))
        let a = try renderer.pdf(scene), b = try renderer.pdf(scene)
        XCTAssertEqual(a, b)
        XCTAssertTrue(String(decoding: a.prefix(8), as: UTF8.self).hasPrefix("%PDF-"))
        // The page objects sit in a compressed object stream (see PDFWriter): poppler counts them.
        let info = try InMemory.withTemporaryFile(a, ext: "pdf") { try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [$0]).out }
        XCTAssertTrue(info.contains("Pages:           2"), info)
    }

    /// A dot is drawn as round-capped strokes of zero length; its pixels must still be a
    /// disc of the fill colour inside a ring of the ring colour, centred where it says.
    func testDotIsADiscInsideItsRing() throws {
        let orange = Color(hex: "#D55E00")!
        let page = ScenePage(size: Size(40, 40), items: [
            .path(.rect(Rect(x: 0, y: 0, width: 40, height: 40)), fill: .solid(.black), stroke: nil),
            .dot(Dot(center: Point(20, 20), radius: 8, fill: orange, ring: Stroke(.white, width: 2))),
        ])
        let image = try decodePNG(CairoRenderer(fonts: projectFonts()).png(page, scale: 4))
        func rgb(_ x: Double, _ y: Double) -> (Int, Int, Int) {
            let i = Int(y * 4) * image.stride + Int(x * 4) * 4  // BGRA in memory on little-endian
            return (Int(image.pixels[i + 2]), Int(image.pixels[i + 1]), Int(image.pixels[i]))
        }
        let inside = rgb(20, 20), nearEdge = rgb(20 + 6.5, 20), ring = rgb(20, 20 - 8.2), outside = rgb(20 + 9.6, 20)
        XCTAssertEqual(inside.0, 0xD5); XCTAssertEqual(inside.1, 0x5E); XCTAssertEqual(inside.2, 0)
        XCTAssertEqual(nearEdge.0, 0xD5, "the fill reaches radius − ring/2")
        XCTAssertEqual(ring.0, 255); XCTAssertEqual(ring.1, 255); XCTAssertEqual(ring.2, 255)
        XCTAssertEqual(outside.0, 0, "nothing beyond radius + ring/2")
        let svg = String(decoding: try CairoRenderer(fonts: projectFonts()).svg(page), as: UTF8.self)
        XCTAssertTrue(svg.contains("stroke-linecap:round"), svg)
    }

    /// Consecutive dots are drawn in batches; the pixels must match drawing them one by
    /// one (an empty path between dots stops the batching).
    func testBatchedDotsLookLikeDotsDrawnOneByOne() throws {
        let colors = [Color(hex: "#0072B2")!, Color(hex: "#D55E00")!, Color(hex: "#009E73")!]
        var dots: [SceneItem] = [], separated: [SceneItem] = []
        for i in 0..<300 {
            let d = Dot(center: Point(Double((i * 37) % 190) + 5, Double((i * 11) % 40) + 5), radius: 3,
                        fill: colors[i % 3], ring: Stroke(.white, width: 0.6))
            dots.append(.dot(d))
            separated += [.dot(d), .path(Path(), fill: nil, stroke: nil)]
        }
        let renderer = try CairoRenderer(fonts: projectFonts())
        let batched = try decodePNG(renderer.png(ScenePage(size: Size(200, 50), items: dots), scale: 2))
        let single = try decodePNG(renderer.png(ScenePage(size: Size(200, 50), items: separated), scale: 2))
        var worst = 0
        for (a, b) in zip(batched.pixels, single.pixels) { worst = max(worst, abs(Int(a) - Int(b))) }
        XCTAssertLessThanOrEqual(worst, 2, "batched dots differ from single dots by up to \(worst) per channel")
    }

    /// PNGs are compressed in strips on several threads: the bytes must not depend on how
    /// many, and libpng (through Cairo) must read them back pixel for pixel.
    func testPNGBytesDoNotDependOnThreads() throws {
        let renderer = try CairoRenderer(fonts: projectFonts())
        let page = ScenePage(size: Size(300, 250), items: smallScene().items)  // 500 rows at 2×: six strips
        let one = try renderer.png(page, scale: 2, threads: 1)
        XCTAssertEqual(try renderer.png(page, scale: 2, threads: 2), one)
        XCTAssertEqual(try renderer.png(page, scale: 2, threads: 7), one)
        let decoded = try decodePNG(one)
        XCTAssertEqual(decoded.width, 600)
        XCTAssertEqual(decoded.height, 500)
    }

    func testSVGIsWritten() throws {
        let svg = String(decoding: try CairoRenderer(fonts: projectFonts()).svg(smallScene()), as: UTF8.self)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("width=\"200pt\""))
    }
}
