import Foundation
import ReportTestSupport
import XCTest
import ReportScene
@testable import ReportCairo

/// The lines a paragraph taller than a page is drawn in, and words too long for Pango's
/// line breaking (issue 18).
final class LineStartsTests: XCTestCase {
    private let style = TextStyle(family: "Noto Sans, Noto Sans Arabic, Noto Sans Math", size: 9.5, lineSpacing: 0.15)

    /// Found in windows of 16 KB, the lines are those of the whole paragraph laid out at once:
    /// words of every length, bold and italic spans, Arabic, and a long word across a window.
    func testLinesFoundInWindowsAreTheLinesOfTheWholeParagraph() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        var random = SeededRandom(seed: 18)
        var spans: [TextSpan] = []
        for i in 0..<3_000 {
            let length = 1 + random.next(below: 14)
            var word = String(repeating: Character(UnicodeScalar(UInt8(97 + i % 26))), count: length)
            if i % 37 == 0 { word = "الرقة" }
            if i == 2_000 { word = String(repeating: "x", count: 700) }
            spans.append(TextSpan(word + " ", bold: i % 11 == 0, italic: i % 13 == 0))
        }
        let text = TextContent(spans: spans, style: style, width: 300)
        XCTAssertGreaterThan(text.plainText.utf8.count, 3 * PangoTextMeasurer.lineWindow / 2)
        let windowed = measurer.lineStarts(text)
        let whole = measurer.session.withUncachedLayout(text) { measurer.session.lineStarts(of: $0) }
        XCTAssertGreaterThan(whole.count, 100)
        XCTAssertEqual(windowed, whole)
        // Each part drawn from them is as many lines as it was cut to.
        let bounds = windowed + [text.plainText.utf8.count]
        for i in stride(from: 0, to: windowed.count, by: 40) {
            let end = min(i + 40, windowed.count)
            XCTAssertEqual(measurer.measure(text.slice(utf8: bounds[i]..<bounds[end])).lineCount, end - i)
        }
    }

    /// A word of a million characters was never laid out (quadratic line breaking); with a
    /// break opportunity every 16 characters it takes well under a second in a release build.
    func testAMillionCharacterWordIsLaidOutInLinearTime() throws {
        let measurer = try PangoTextMeasurer(fonts: projectFonts())
        func seconds(_ n: Int) -> (Double, Int) {
            let content = TextContent(String(repeating: "y", count: n), style: style, width: 400)
            let started = Date()
            let lines = measurer.lineStarts(content).count
            return (Date().timeIntervalSince(started), lines)
        }
        let (small, smallLines) = seconds(100_000)
        let (large, largeLines) = seconds(1_000_000)
        XCTAssertEqual(Double(largeLines), Double(10 * smallLines), accuracy: 10)
        XCTAssertLessThan(large, 15 * small + 0.5, "10× the word took \(large / small)× the time")
        XCTAssertLessThan(large, 20, "a million-character word took \(large) s")
    }

    /// Words of 200 characters or fewer are given to Pango as they are.
    func testOnlyWordsOverTwoHundredCharactersGetBreakOpportunities() {
        let short = String(repeating: "z", count: 200) + " " + String(repeating: "q", count: 150)
        XCTAssertEqual(TextContent(short, style: style).plainText, short)
        let long = TextContent(spans: [TextSpan(String(repeating: "a", count: 150)), TextSpan(String(repeating: "b", count: 60), bold: true)], style: style)
        XCTAssertEqual(long.plainText.filter { $0 == BreakOpportunities.mark }.count, 13)
        XCTAssertEqual(long.plainText.filter { $0 != BreakOpportunities.mark }, String(repeating: "a", count: 150) + String(repeating: "b", count: 60))
        XCTAssertEqual(TextContent(spans: long.spans, style: style), long, "given again, the text is not changed")
    }
}
