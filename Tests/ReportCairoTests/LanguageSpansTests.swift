import Foundation
@testable import ReportCairo
import ReportKit
import ReportTestSupport
import XCTest

/// Text in the Arabic font is marked with its language; nothing else is.
final class LanguageSpansTests: XCTestCase {
    private func marked(_ content: String, _ fonts: [String: String]) -> String {
        String(decoding: LanguageSpans.mark(Array(content.utf8), languageOfFont: fonts), as: UTF8.self)
    }

    func testRunsInAnArabicFontAreSpannedAndOthersLeftAlone() {
        let content = """
        /P << /MCID 0 >> BDC
        BT
        /f-1-0 1 Tf
        (northern Syria \\()Tj
        /f-2-1 1 Tf
        [()-1559<0001>498<0002>]TJ
        /f-1-0 1 Tf
        (\\), March)Tj
        ET
        EMC
        """
        XCTAssertEqual(marked(content, ["f-2-1": "ar"]), """
        /P << /MCID 0 >> BDC
        BT
        /f-1-0 1 Tf
        (northern Syria \\()Tj
        /f-2-1 1 Tf
        /Span << /Lang (ar) >> BDC
        [()-1559<0001>498<0002>]TJ
        EMC
        /f-1-0 1 Tf
        (\\), March)Tj
        ET
        EMC
        """)
        XCTAssertEqual(marked(content, [:]), content, "no font of another language: the bytes as they were")
    }

    func testTheFontsLanguageCountsOnlyWhenItIsNotTheDocuments() {
        XCTAssertEqual(LanguageSpans.language(ofFont: "ABCDEF+NotoSansArabic-Regular", document: "en"), "ar")
        XCTAssertNil(LanguageSpans.language(ofFont: "ABCDEF+NotoSansArabic-Regular", document: "ar-SY"))
        XCTAssertNil(LanguageSpans.language(ofFont: "ABCDEF+NotoSans-Bold", document: "en"))
    }

    /// A brief in English naming الرقة: its Arabic runs carry `/Lang (ar)`; in a brief whose
    /// `lang` is Arabic they carry nothing more.
    func testABriefMarksItsArabicRuns() throws {
        func spans(lang: String) throws -> Int {
            let report = try InMemory.compile(#"{"report": 1, "lang": "\#(lang)", "title": "Raqqa (الرقة)", "sections": [{"type": "text", "text": "Families left Raqqa (الرقة) for Deir ez-Zor (دير الزور)."}]}"#)
            return try InMemory.withTemporaryFile(report.files[0].bytes, ext: "pdf") { pdf in
                let qdf = pdf + ".qdf"
                defer { try? FileManager.default.removeItem(atPath: qdf) }
                XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf]).code, 0)
                _ = try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--qdf", "--object-streams=disable", pdf, qdf])
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: qdf)), as: UTF8.self)
                return text.components(separatedBy: "/Span << /Lang (ar) >> BDC").count - 1
            }
        }
        XCTAssertGreaterThanOrEqual(try spans(lang: "en"), 3, "the title's Arabic run and the text's (a run a word or more)")
        XCTAssertEqual(try spans(lang: "ar"), 0)
    }
}
