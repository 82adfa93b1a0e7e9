import Foundation
import ReportTestSupport
import XCTest

/// The second example, `Reports/acled-example`, renders from its ACLED-format export as it is
/// (`10 March 2017` dates, `time_precision`), and its pages say what the uncertain marks mean.
final class ACLEDExampleTests: XCTestCase {
    func testTheACLEDExampleRendersAndExplainsItsUncertainDates() throws {
        let dir = NSTemporaryDirectory() + "report-acled-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render", CLI.root + "/Reports/acled-example/report.json", "--out-dir", dir,
                                              "--fonts", CLI.root + "/Fonts"], environment: ["SOURCE_DATE_EPOCH": ""])
        XCTAssertEqual(result.code, 0, result.err)
        let pdf = dir + "/out/acled-brief.pdf"
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/timeline.png"))
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf]).code, 0, "qpdf --check")

        let text = try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), [pdf, "-"]).out
        for expected in ["ILLUSTRATIVE", "approximate date (~)", "date known only to the month",
                         "Reported fatalities per month", "Fatalities per month",
                         "Sources: ILLUSTRATIVE (not ACLED data).", "SYR90057"] {
            XCTAssertTrue(text.contains(expected), "\(expected) not in the PDF")
        }
        // The figures: 57 events, 507 fatalities, 15 with a day not known (codes 2 and 3).
        let page1 = try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), ["-f", "1", "-l", "1", pdf, "-"]).out
        let lines = page1.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for figure in ["57 events", "507", "15 events", "events in the export", "reported fatalities"] {
            XCTAssertTrue(lines.contains(figure), "\(figure) not on page 1")
        }
    }
}
