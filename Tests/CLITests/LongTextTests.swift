import Foundation
import ReportTestSupport
import XCTest

/// Text that does not fit a page is never cut without a word (issue 18): a paragraph taller
/// than a page continues line by line, a 100,000-word text block is drawn whole, and what
/// cannot continue (a table row, a block drawn alone taller than 200 inches) is an error.
/// Every word of the input is counted in `pdftotext`'s output: none missing, none twice.
final class LongTextTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "report-longtext-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Words `w0000001` … that tell themselves apart from the page furniture.
    private func words(_ count: Int, from first: Int = 0) -> [String] {
        (first..<(first + count)).map { String(format: "w%07d", $0) }
    }

    private func render(_ spec: [String: Any], name: String = "spec") throws -> (code: Int32, err: String) {
        let data = try JSONSerialization.data(withJSONObject: spec)
        try data.write(to: URL(fileURLWithPath: "\(dir)/\(name).json"))
        let result = try CLI.run(CLI.binary, ["render", "\(name).json", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        return (result.code, result.err)
    }

    /// The `w…` words of a PDF, in reading order, after `qpdf --check` passes it.
    private func wordsIn(_ pdf: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let check = try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf])
        XCTAssertEqual(check.code, 0, check.out + check.err, file: file, line: line)
        let text = try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), [pdf, "-"]).out
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "." }).map(String.init).filter { $0.hasPrefix("w") && $0.count == 8 }
    }

    private func pages(_ pdf: String) throws -> Int {
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out
        return Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
    }

    /// 150 sentences in one paragraph, between two short ones: the page flow fills the first
    /// page and goes on line by line (74 sentences were kept before, the rest drawn off the page).
    func testAParagraphTallerThanAPageContinuesOnTheNextPage() throws {
        let all = words(150 * 12 + 2)
        let sentences = stride(from: 1, to: 150 * 12 + 1, by: 12).map { all[$0..<($0 + 12)].joined(separator: " ") + "." }
        let text = "\(all[0]) opens.\n\n" + sentences.joined(separator: " ") + "\n\n- \(all[all.count - 1]) closes."
        let result = try render(["report": 1, "title": "Long", "sections": [["type": "text", "title": "Notes", "text": text]],
                                 "outputs": [["file": "long.pdf"]]])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(try wordsIn(dir + "/long.pdf"), all)
        XCTAssertGreaterThanOrEqual(try pages(dir + "/long.pdf"), 2)
    }

    /// A 100,000-word block, the report's only one, fills as many pages as it needs (it was a
    /// page with 31 words: Pango lays a paragraph that long out as one line). Drawn alone as
    /// an output it is taller than a page can be: an error, and nothing written.
    func testAHundredThousandWordTextIsDrawnWhole() throws {
        let all = words(100_000)
        var started = Date()
        let result = try render(["report": 1, "sections": [["id": "all", "type": "text", "text": all.joined(separator: " ")]],
                                 "outputs": [["file": "words.pdf"]]])
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(result.code, 0, result.err)
        let found = try wordsIn(dir + "/words.pdf")
        XCTAssertEqual(found.count, all.count)
        XCTAssertEqual(found, all)
        XCTAssertLessThan(seconds, 60, "100,000 words took \(seconds) s")

        started = Date()
        let alone = try render(["report": 1, "sections": [["id": "all", "type": "text", "text": all.joined(separator: " ")]],
                                "outputs": [["file": "alone.pdf", "block": "all"]]], name: "alone")
        XCTAssertEqual(alone.code, 1, alone.err)
        XCTAssertTrue(alone.err.contains("alone.json:1:"), alone.err)
        XCTAssertTrue(alone.err.contains("block \"all\" drawn alone is"), alone.err)
        XCTAssertTrue(alone.err.contains("shorten its text, or draw it in the whole report"), alone.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/alone.pdf"))
    }

    /// A bullet taller than a page continues too, its dot on its first part only.
    func testALongBulletContinuesOnTheNextPage() throws {
        let all = words(3_000)
        let text = "- " + all[0..<2_990].joined(separator: " ") + "\n- " + all[2_990...].joined(separator: " ")
        let result = try render(["report": 1, "sections": [["type": "text", "text": text]], "outputs": [["file": "bullets.pdf"]]])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(try wordsIn(dir + "/bullets.pdf"), all)
    }

    /// A table row taller than a page cannot continue on the next: a located error naming the
    /// data file and row, the table and the column.
    func testATableCellTallerThanAPageIsAnErrorAtItsRow() throws {
        let cell = words(1_000).joined(separator: " ")
        try "id,notes\n1,short\n2,\"\(cell)\"\n".write(toFile: dir + "/cells.csv", atomically: true, encoding: .utf8)
        let result = try render(["report": 1, "page": ["size": [500, 400]], "data": ["d": ["file": "cells.csv"]],
                                 "sections": [["id": "events", "type": "table", "data": "d"]], "outputs": [["file": "cells.pdf"]]])
        XCTAssertEqual(result.code, 1, result.err)
        XCTAssertTrue(result.err.hasPrefix("cells.csv:3: error: row 2 of table \"events\" is "), result.err)
        XCTAssertTrue(result.err.contains("its cell in column \"notes\" holds 8999 characters"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/cells.pdf"))
    }

    /// A CSV field of 20 MB used as a label is refused at its row in a second or two (Pango's
    /// line breaking of it was killed after minutes); a value of 10,000 characters is drawn.
    func testATwentyMegabyteFieldIsAnErrorAtItsRowInSeconds() throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: { FileManager.default.createFile(atPath: dir + "/places.csv", contents: nil); return dir + "/places.csv" }()))
        handle.write(Data("place,deaths\nRaqqa,3\n\(String(repeating: "y", count: 10_000)),4\n".utf8))
        handle.write(Data(repeating: UInt8(ascii: "x"), count: 20 << 20))
        handle.write(Data(",5\n".utf8))
        try handle.close()
        let started = Date()
        let result = try render(["report": 1, "data": ["d": ["file": "places.csv"]],
                                 "sections": [["type": "chart", "data": "d", "x": "place", "y": "deaths", "mark": "bar"]], "outputs": [["file": "places.pdf"]]])
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(result.code, 1, result.err)
        XCTAssertEqual(result.err, "places.csv:4: error: column \"place\": a value is 20,971,520 characters long, more than the 10,000 a value drawn in a report may hold (a long note runs to 2,000, and a table cell of 10,000 fills most of a page); shorten it, or leave the column out of the blocks that read it\n1 error; nothing written.\n")
        XCTAssertLessThan(seconds, 10, "a 20 MB field took \(seconds) s (1.3 s in a debug build)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/places.pdf"))
    }
}
