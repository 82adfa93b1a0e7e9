import ReportKit
import ReportTestSupport
import XCTest

/// What a PDF's keywords record (`Provenance`): the spec's sha256 and, per block it draws,
/// how many rows it used and their digest. The rows' end-to-end story (appended rows change
/// nothing, an edited one does) is `CLITests/ProvenanceTests`.
final class ProvenanceTests: XCTestCase {
    private func spec(_ file: String) -> String {
        """
        {"report": 1, "title": "Week",
         "data": {"e": {"file": "\(file)"}},
         "sections": [{"type": "heading", "text": "Week"},
                      {"type": "chart", "data": "e", "mark": "bar", "x": "date", "y": "n", "filter": {"actor": "SDF"}},
                      {"id": "all", "type": "table", "data": "e", "sources": false}],
         "outputs": [{"file": "w.pdf"}, {"file": "t.png", "block": "all"}]}
        """
    }

    func testKeywordsNameEachBlockThatReadsDataWithItsRowCount() throws {
        let report = try InMemory.compile(spec("e.csv"), files: ["e.csv": "date,actor,n\n2017-03-06,SDF,3\n2017-03-07,IS,1\n2017-03-08,SDF,2\n"])
        let pdf = try XCTUnwrap(report.files.first { $0.output.file == "w.pdf" })
        let keywords = try XCTUnwrap(pdf.provenance)
        let entries = keywords.components(separatedBy: "; ")
        XCTAssertEqual(entries.count, 4, keywords)
        XCTAssertEqual(entries[0], ReportKit.toolName)
        XCTAssertTrue(entries[1].hasPrefix("spec report.json sha256:"), keywords)
        // A block without an id is named by its type and its index in `sections`.
        XCTAssertTrue(entries[2].range(of: #"^rows chart-1 2 sha256:[0-9a-f]{64}$"#, options: .regularExpression) != nil, keywords)
        XCTAssertTrue(entries[3].range(of: #"^rows all 3 sha256:[0-9a-f]{64}$"#, options: .regularExpression) != nil, keywords)
        XCTAssertNil(report.files.first { $0.output.file == "t.png" }?.provenance, "only PDFs record provenance")
        // The keywords are in the file.
        let pdfinfo = try XCTUnwrap(CLI.tool("pdfinfo"))
        let info = try InMemory.withTemporaryFile(pdf.bytes, ext: "pdf") { try CLI.run(pdfinfo, [$0]).out }
        XCTAssertTrue(info.contains("Keywords:        \(keywords)"), info)
        // With two threads (hashed beside layout, not before it) the same bytes.
        let two = try InMemory.compile(spec("e.csv"), files: ["e.csv": "date,actor,n\n2017-03-06,SDF,3\n2017-03-07,IS,1\n2017-03-08,SDF,2\n"],
                                       options: CompileOptions(jobs: 2))
        XCTAssertEqual(two.files.first?.bytes, pdf.bytes)
    }

    /// The digest is of the cells' texts, not of the file: the same rows from CSV, JSON or
    /// JSON Lines give the same entry.
    func testTheSameRowsFromCSVAndJSONGiveTheSameDigest() throws {
        let csv = try InMemory.compile(spec("e.csv"), files: ["e.csv": "date,actor,n\r\n2017-03-06,SDF,3\r\n\"2017-03-07\",IS,1\r\n2017-03-08,SDF,\r\n"])
        let json = try InMemory.compile(spec("e.json"), files: ["e.json": """
        [{"date": "2017-03-06", "actor": "SDF", "n": 3}, {"actor": "IS", "date": "2017-03-07", "n": 1},
         {"date": "2017-03-08", "actor": "SDF", "n": null}]
        """])
        let lines = try InMemory.compile(spec("e.jsonl"), files: ["e.jsonl": """
        {"date": "2017-03-06", "actor": "SDF", "n": 3}
        {"date": "2017-03-07", "actor": "IS", "n": 1}
        {"date": "2017-03-08", "actor": "SDF"}
        """])
        func rows(_ r: CompiledReport) -> [String] {
            (r.files.first { $0.output.file == "w.pdf" }?.provenance ?? "").components(separatedBy: "; ").filter { $0.hasPrefix("rows ") }
        }
        XCTAssertEqual(rows(csv).count, 2)
        XCTAssertEqual(rows(json), rows(csv))
        XCTAssertEqual(rows(lines), rows(csv))
    }
}
