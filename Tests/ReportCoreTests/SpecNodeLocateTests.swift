import XCTest
@testable import ReportCore

/// Text layout cannot draw is pointed at where the spec writes it, and never guessed.
final class SpecNodeLocateTests: XCTestCase {
    func testWholeStringsAndWholeLinesAreFoundPartsAreNot() throws {
        let tree = try JSONTreeParser.parse(Array("""
        {"title": "Raqqa / الرقة",
         "sections": [{"type": "text", "text": "First paragraph.\\n\\n  Second: 주간  \\nThird"}]}
        """.utf8))
        XCTAssertEqual(tree.locate("Raqqa / الرقة")?.path, "title")
        XCTAssertEqual(tree.locate("Raqqa / الرقة")?.position.line, 1)
        XCTAssertEqual(tree.locate("Second: 주간")?.path, "sections[0].text", "a whole line of a longer text")
        XCTAssertNil(tree.locate("الرقة"), "a label from data that only appears inside a spec string is not blamed on it")
        XCTAssertNil(tree.locate("nowhere"))
    }
}
