import ReportTestSupport
import Foundation
import XCTest

/// The PDF read back as a reader's tools see it: pages, text, outline, links, metadata.
/// Reports other than the example are compiled in memory; the PDF goes to a temporary file
/// only for poppler to read.
final class DocumentTests: XCTestCase {
    private func stripDirectionMarks(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }))
    }

    private func pageTexts(_ pdf: String) throws -> [String] {
        let pdfinfo = try XCTUnwrap(CLI.tool("pdfinfo")), pdftotext = try XCTUnwrap(CLI.tool("pdftotext"))
        let info = try CLI.run(pdfinfo, [pdf]).out
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        return try (1...max(1, pages)).map { stripDirectionMarks(try CLI.run(pdftotext, ["-layout", "-f", "\($0)", "-l", "\($0)", pdf, "-"]).out) }
    }

    /// The PDF `file` of a report compiled in memory, read back with `body`.
    private func withPDF<T>(_ spec: String, csv: String? = nil, _ file: String, _ body: (String) throws -> T) throws -> T {
        let report = try InMemory.compile(spec, files: csv.map { ["data/rows.csv": $0] } ?? [:])
        return try InMemory.withTemporaryFile(XCTUnwrap(InMemory.bytes(report, file)), ext: "pdf", body)
    }

    func testExampleHasMarkingHeaderAndPageNumbersOnEveryPage() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try CLI.run(CLI.binary, ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts", "--only", "raqqa-brief.pdf"]).code, 0)
        let pdf = dir + "/out/raqqa-brief.pdf"
        let pages = try pageTexts(pdf)
        XCTAssertGreaterThanOrEqual(pages.count, 3)
        for (i, text) in pages.enumerated() {
            XCTAssertEqual(text.components(separatedBy: "UNCLASSIFIED — FOR TRAINING").count - 1, 2, "marking top and bottom on page \(i + 1)")
            XCTAssertTrue(text.contains("Page \(i + 1) of \(pages.count)"), "page number on page \(i + 1)")
            if i > 0 { XCTAssertTrue(text.contains("As of 12 Mar 2017"), "running header on page \(i + 1)") }
        }
        // Metadata.
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out
        XCTAssertTrue(info.contains("Title:           Raqqa: families of foreign fighters flee"), info)
        XCTAssertTrue(info.contains("Author:          Monitoring desk"), info)
        XCTAssertTrue(info.contains("Creator:         report "), info)
        // Outline and links through qpdf's JSON.
        let qpdf = try XCTUnwrap(CLI.tool("qpdf"))
        XCTAssertEqual(try CLI.run(qpdf, ["--check", pdf]).code, 0, "qpdf --check")
        let json = try CLI.run(qpdf, ["--json", pdf]).out
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let outlines = try XCTUnwrap(object["outlines"] as? [[String: Any]])
        let top = outlines.map { $0["title"] as? String }
        XCTAssertEqual(top.first, "Raqqa: families of foreign fighters flee")
        let kids = (outlines.first?["kids"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        XCTAssertTrue(kids.contains("Events around Raqqa, March 2017"), "\(kids)")
        // A heading starts a new top-level entry; the block titles after it nest under it.
        let heading = try XCTUnwrap(outlines.first { $0["title"] as? String == "Displacement and the event log" })
        let nested = (heading["kids"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        XCTAssertEqual(nested, ["Families who left Raqqa, 10–11 March 2017", "Where the fighting was, and where the families went", "Event log"])
        XCTAssertTrue(json.contains("https://www.newarab.com/news/families-foreign-fighters-flee-raqqa"), "link target")
    }

    func testPageSizesAndOrientation() throws {
        let cases: [(String, String)] = [
            ("{\"size\": \"Letter\", \"orientation\": \"portrait\"}", "612 x 792 pts (letter)"),
            ("{\"size\": \"A3\", \"orientation\": \"landscape\"}", "1190.55 x 841.89 pts (A3)"),
            ("{\"size\": [500, 300]}", "500 x 300 pts"),
            ("{\"size\": [500, 300], \"orientation\": \"portrait\"}", "300 x 500 pts"),
        ]
        for (page, expected) in cases {
            let spec = "{\"report\": 1, \"title\": \"T\", \"page\": \(page), \"sections\": [{\"type\": \"text\", \"text\": \"Hello\"}], \"outputs\": [{\"file\": \"a.pdf\"}]}"
            let info = try withPDF(spec, "a.pdf") { try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [$0]).out }
            XCTAssertTrue(info.contains("Page size:       \(expected)"), "\(page): \(info)")
        }
    }

    /// A 500-row table: every row appears once, the header repeats on every page it spans,
    /// and no row is cut between pages.
    func testLongTableContinuesWithItsHeaderRepeated() throws {
        var csv = "id,name,note\n"
        for i in 1...500 {
            let note = i % 7 == 0 ? "\"a longer note for row \(i), wrapped over several lines \(String(repeating: "because it keeps going and going ", count: 8))ENDNOTE\"" : "short"
            csv += "R\(String(format: "%03d", i)),Place \(i),\(note)\n"
        }
        let pages = try withPDF("""
        {"report": 1, "title": "Long table", "marking": "TEST",
         "data": {"rows": {"file": "data/rows.csv"}},
         "sections": [{"type": "table", "title": "Rows", "data": "rows"}],
         "outputs": [{"file": "t.pdf"}]}
        """, csv: csv, "t.pdf", pageTexts)
        XCTAssertGreaterThan(pages.count, 5)
        var seen: [String] = []
        for (i, text) in pages.enumerated() {
            let lines = text.split(separator: "\n").map(String.init)
            XCTAssertTrue(lines.contains { $0.contains("id") && $0.contains("name") && $0.contains("note") }, "header on page \(i + 1)")
            for line in lines {
                let words = line.split(separator: " ")
                if let first = words.first, first.hasPrefix("R"), first.count == 4, Int(first.dropFirst()) != nil { seen.append(String(first)) }
            }
            // A wrapped note never continues at the top of the next page: each page's
            // first row starts with its id.
        }
        XCTAssertEqual(seen, (1...500).map { "R" + String(format: "%03d", $0) }, "every row once, in order")
        // Rows are never cut: every ENDNOTE ending sits on the same page as its id.
        for text in pages {
            let starts = text.components(separatedBy: "a longer note for row").count - 1
            let ends = text.components(separatedBy: "ENDNOTE").count - 1
            XCTAssertEqual(starts, ends, "a row was cut between pages")
            XCTAssertGreaterThan(starts, 0, "every page holds a wrapped row")
        }
    }

    func testABlockOutputIsOnePageSizedToTheBlock() throws {
        let (info, text) = try withPDF("""
        {"report": 1, "data": {"e": {"values": [{"date": "2017-03-09", "what": "400 more US troops"}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "what", "title": "Events"}],
         "outputs": [{"file": "block.pdf", "block": "t", "width": 500, "height": 200}]}
        """, "block.pdf") { pdf in (try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out, try pageTexts(pdf)[0]) }
        XCTAssertTrue(info.contains("Pages:           1"), info)
        XCTAssertTrue(info.contains("Page size:       500 x 200 pts"), info)
        XCTAssertTrue(text.contains("400 more US troops"))
    }
}

