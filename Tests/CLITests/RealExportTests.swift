import ReportTestSupport
import Foundation
import XCTest
import ReportKit

/// A real export as it comes: `;`-separated, Windows-1252, numbers written 1.500,5.
final class RealExportTests: XCTestCase {
    /// "date;place;fatalities;note" in Windows-1252: é is E9, € is 80, « » are AB BB.
    private let export: [UInt8] = Array("date;place;fatalities;note\r\n2017-03-10;D".utf8) + [0xE9] + Array("rn".utf8) + [0xE9]
        + Array(";1.500,5;\"co".utf8) + [0xFB] + Array("t: 5 ".utf8) + [0x80] + Array("; ".utf8) + [0xAB] + Array("x".utf8) + [0xBB]
        + Array("\"\r\n2017-03-11;Raqqa;12;\r\n".utf8)

    private func spec(_ source: String) -> String {
        """
        {"report": 1, "title": "Export",
         "data": {"events": \(source)},
         "sections": [{"type": "figures", "items": [{"label": "Fatalities", "value": {"sum": "fatalities", "data": "events"}}]},
                      {"type": "table", "data": "events", "sort": "fatalities"}],
         "outputs": [{"file": "r.pdf"}]}
        """
    }

    private func text(_ report: CompiledReport) throws -> String {
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"), "poppler-utils is needed")
        return try InMemory.withTemporaryFile(XCTUnwrap(InMemory.bytes(report, "r.pdf")), ext: "pdf") { try CLI.run(pdftotext, [$0, "-"]).out }
    }

    func testASemicolonWindows1252ExportWithDecimalCommasRenders() throws {
        let report = try InMemory.compile(spec(#"{"file": "events.csv", "encoding": "windows-1252", "decimal": ",", "thousands": "."}"#),
                                          bytes: ["events.csv": export])
        let text = try text(report)
        XCTAssertTrue(text.contains("1,512.5"), text)          // 1.500,5 + 12, in the report's own number format
        XCTAssertTrue(text.contains("Dérné"), text)
        XCTAssertTrue(text.contains("coût: 5 €; «x»"), text)  // the quoted ; stays in its field
        XCTAssertTrue(text.contains("1.500,5"), text)          // cells are shown as written
        // Sorted as numbers, smallest first: 12 before 1.500,5 (as text, "1.500,5" < "12").
        let small = try XCTUnwrap(text.range(of: "Raqqa")), big = try XCTUnwrap(text.range(of: "Dérné"))
        XCTAssertLessThan(small.lowerBound, big.lowerBound, text)
    }

    func testWithoutTheKeysTheSameExportIsRefusedNotGuessed() throws {
        XCTAssertThrowsError(try InMemory.compile(spec(#"{"file": "events.csv"}"#), bytes: ["events.csv": export])) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.description), ["events.csv:2: error: column \"place\": invalid UTF-8 (save the file as UTF-8)"])
        }
        XCTAssertThrowsError(try InMemory.compile(spec(#"{"file": "events.csv", "encoding": "windows-1252"}"#), bytes: ["events.csv": export])) { error in
            guard case CompileFailure.diagnostics(let list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.description).first?.hasPrefix("events.csv:2: error: column \"fatalities\": \"1.500,5\" is not a number"), true, "\(list)")
        }
    }
}
