import Foundation
@testable import ReportCore
import ReportScene
import XCTest

/// The Markdown subset of text blocks: spans, links, escapes, and time linear in the text.
final class MarkdownTests: XCTestCase {
    private func render(_ text: String) -> String {
        Markdown.inline(text).map { span in
            var s = span.text
            if span.bold { s = "B(\(s))" }
            if span.italic { s = "I(\(s))" }
            if let link = span.link { s = "L(\(s)→\(link))" }
            return s
        }.joined(separator: "|")
    }

    func testEmphasisLinksAndEscapes() {
        XCTAssertEqual(render("**300 families** left *Raqqa*"), "B(300 families)| left |I(Raqqa)")
        XCTAssertEqual(render("see [the article](https://www.newarab.com/x) now"), "see |L(the article→https://www.newarab.com/x)| now")
        XCTAssertEqual(render("a \\*literal\\* star and \\[bracket\\]"), "a *literal* star and [bracket]")
        XCTAssertEqual(render("a lone * star"), "a lone * star", "an unmatched marker stays")
        XCTAssertEqual(render("[x](ftp://host/file)"), "[x](ftp://host/file)", "only http, https and mailto links")
        XCTAssertEqual(render("[](http://) and [](https://x.org)"), "[](http://) and [](https://x.org)", "a link needs a label (found by ParserFuzzTests)")
    }

    func testURLsWithParenthesesAreWholeOrNotLinks() {
        XCTAssertEqual(render("[Raqqa](https://en.wikipedia.org/wiki/Raqqa_(city)) today"),
                       "L(Raqqa→https://en.wikipedia.org/wiki/Raqqa_(city))| today", "balanced parentheses stay in the URL")
        XCTAssertEqual(render("[Raqqa](https://en.wikipedia.org/wiki/Raqqa_(city) today"),
                       "[Raqqa](https://en.wikipedia.org/wiki/Raqqa_(city) today", "an unclosed ( makes no link")
    }

    /// Unmatched markers by the hundred thousand: each once looked ahead to the end of the
    /// text (16,000 `[` took 2.3 s). Linear now; the bound only catches a return to that.
    func testUnmatchedMarkersTakeLinearTime() {
        for marker in ["[", "*", "**", "[a](", "(", "]("] {
            let text = String(repeating: marker + "x ", count: 100_000)
            let start = Date()
            let spans = Markdown.inline(text)
            XCTAssertFalse(spans.isEmpty)
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(marker): quadratic again?")
        }
    }
}
