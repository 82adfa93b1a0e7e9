@testable import ReportKit
import ReportTestSupport
import XCTest

/// A report of several pages drawn as PNG or SVG writes every page, numbered; never the
/// first page alone with the rest dropped.
final class PagedImageTests: XCTestCase {
    private let twoPages = """
    {"report": 1, "title": "Two pages", "sections": [{"id": "one", "type": "text", "text": "Page one"}, {"type": "page_break"},
                                                      {"type": "text", "text": "Page two"}],
     "outputs": [%@]}
    """

    private func spec(_ outputs: String) -> String { twoPages.replacingOccurrences(of: "%@", with: outputs) }

    func testEveryPageIsAFileOfItsOwn() throws {
        let report = try InMemory.compile(spec(#"{"file": "out/brief.png"}, {"file": "out/brief.svg"}, {"file": "out/brief.pdf"}"#))
        XCTAssertEqual(report.files.map(\.displayPath), ["out/brief-1.png", "out/brief-2.png", "out/brief-1.svg", "out/brief-2.svg", "out/brief.pdf"])
        XCTAssertEqual(report.files.map(\.page), [1, 2, 1, 2, nil])
        XCTAssertEqual(report.files.map(\.path), ["/report/out/brief-1.png", "/report/out/brief-2.png", "/report/out/brief-1.svg",
                                                  "/report/out/brief-2.svg", "/report/out/brief.pdf"])
        XCTAssertEqual(report.files.last?.pages, 2)
        XCTAssertNotEqual(report.files[0].bytes, report.files[1].bytes, "two different pages")
        XCTAssertTrue(report.files.allSatisfy { !$0.bytes.isEmpty })
    }

    func testAOnePageReportKeepsItsName() throws {
        let report = try InMemory.compile(#"{"report": 1, "sections": [{"type": "text", "text": "One"}], "outputs": [{"file": "a.png"}]}"#)
        XCTAssertEqual(report.files.map(\.displayPath), ["a.png"])
        XCTAssertNil(report.files[0].page)
    }

    func testAPageNamedLikeAnotherOutputIsAnError() {
        XCTAssertThrowsError(try InMemory.compile(spec(#"{"file": "b.png"}, {"file": "b-2.png", "block": "one"}"#))) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(list.contains { $0.message.contains("page 2 of this 2-page report would be written to b-2.png") }, "\(list)")
        }
    }

    func testPagedNames() {
        XCTAssertEqual(PagedFile.name("out/brief.png", page: 3), "out/brief-3.png")
        XCTAssertEqual(PagedFile.name("out.d/brief", page: 1), "out.d/brief-1")
        XCTAssertEqual(PagedFile.name(".hidden", page: 2), ".hidden-2")
    }
}
