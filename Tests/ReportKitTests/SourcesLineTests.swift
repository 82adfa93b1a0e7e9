import ReportKit
import ReportTestSupport
import XCTest

/// The "Sources:" line under a block comes from the column that cites its rows: `source` by
/// default, another with `"sources": "column"`, none with `"sources": false` (the energy
/// `source` column of iowa-electricity is not a citation).
final class SourcesLineTests: XCTestCase {
    private func text(sources: String?) throws -> String {
        let setting = sources.map { #", "sources": \#($0)"# } ?? ""
        let report = try InMemory.compile("""
        {"report": 1, "data": {"energy": {"file": "energy.csv"}},
         "sections": [{"type": "chart", "data": "energy", "x": "year", "y": "twh", "series": "source"\(setting)}],
         "outputs": [{"file": "e.pdf"}]}
        """, files: ["energy.csv": "year,source,twh,reference\n2016,Fossil Fuels,120,EIA\n2017,Fossil Fuels,110,EIA\n2016,Nuclear Energy,35,IAEA\n2017,Nuclear Energy,36,IAEA\n"])
        let pdftotext = try XCTUnwrap(CLI.tool("pdftotext"))
        return try InMemory.withTemporaryFile(XCTUnwrap(InMemory.bytes(report, "e.pdf")), ext: "pdf") { try CLI.run(pdftotext, [$0, "-"]).out }
    }

    func testTheSourcesLineFollowsTheSetting() throws {
        XCTAssertTrue(try text(sources: nil).contains("Sources: Fossil Fuels; Nuclear Energy"), "by default, the column named source")
        let none = try text(sources: "false")
        XCTAssertFalse(none.contains("Sources:"), none)
        XCTAssertTrue(none.contains("Nuclear Energy"), "the series keep their names")
        XCTAssertTrue(try text(sources: #""reference""#).contains("Sources: EIA; IAEA"))
    }
}
