import Foundation
import ReportCore
import ReportKit
import ReportTestSupport
import XCTest

/// PNG and SVG files say what they show: a block drawn alone carries its alt text (PNG
/// Description text chunk, SVG <desc>) and title (SVG <title>); a whole report its title.
/// (The alt text is the block's `alt`, else the sentence worked out from its model.)
/// PDFs always have a title, which a tagged PDF asks viewers to show.
final class PictureTextTests: XCTestCase {
    private let spec = """
        {"report": 1, "title": "Brief",
         "data": {"d": {"values": [{"date": "2017-03-01", "n": 3}, {"date": "2017-03-02", "n": 5}]}},
         "sections": [{"id": "c", "type": "chart", "title": "Events per day", "data": "d", "x": "date", "y": "n"},
                      {"id": "arabic", "type": "chart", "title": "Raqqa", "alt": "Events in Raqqa (الرقة) per day", "data": "d", "x": "date", "y": "n"}],
         "outputs": [{"file": "c.png", "block": "c"}, {"file": "c.svg", "block": "c"}, {"file": "a.png", "block": "arabic"},
                     {"file": "all.png"}, {"file": "c.pdf", "block": "c"}]}
        """

    /// The text chunks of a PNG: (type, bytes after the type).
    private func textChunks(_ png: [UInt8]) -> [(type: String, body: [UInt8])] {
        var out: [(type: String, body: [UInt8])] = []
        var i = 8
        while i + 8 <= png.count {
            let length = png[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            if type == "tEXt" || type == "iTXt" { out.append((type, Array(png[(i + 8)..<(i + 8 + length)]))) }
            i += 12 + length
        }
        return out
    }

    func testPicturesCarryTheirBlocksAltTextOrTheReportsTitle() throws {
        let report = try InMemory.compile(spec)
        var world = MemoryWorld(workingDirectory: "/report", fontsDirectory: Fixtures.fonts)
        world.add("report.json", text: spec)
        let loaded = try ReportLoader(world: world).load("report.json")
        let alt = try XCTUnwrap(loaded.blocks.first?.altText), arabicAlt = try XCTUnwrap(loaded.blocks.last?.altText)

        let png = try XCTUnwrap(InMemory.bytes(report, "c.png"))
        XCTAssertEqual(textChunks(png).map(\.type), ["tEXt"])
        XCTAssertEqual(textChunks(png).first?.body, Array("Description".utf8) + [0] + Array(alt.utf8), "Latin-1 text as tEXt")
        // Text outside Latin-1 goes in the chunk for UTF-8 (no compression, no language).
        let arabic = try XCTUnwrap(InMemory.bytes(report, "a.png"))
        XCTAssertEqual(textChunks(arabic).map(\.type), ["iTXt"])
        XCTAssertEqual(textChunks(arabic).first?.body, Array("Description".utf8) + [0, 0, 0, 0, 0] + Array(arabicAlt.utf8))
        let whole = try XCTUnwrap(InMemory.bytes(report, "all.png"))
        XCTAssertEqual(textChunks(whole).first?.body, Array("Description".utf8) + [0] + Array("Brief".utf8))

        let svg = String(decoding: try XCTUnwrap(InMemory.bytes(report, "c.svg")), as: UTF8.self)
        let lines = svg.split(separator: "\n")
        XCTAssertTrue(lines[1].hasPrefix("<svg "), "the root element first")
        XCTAssertEqual(lines[2], "<title>Events per day</title>", "then its title")
        if alt != "Events per day" { XCTAssertEqual(lines[3], "<desc>\(alt)</desc>") }
    }

    /// A PDF of a block, in a report with no title, takes the block's title as its own.
    func testAPDFWithoutAReportTitleTakesItsBlocksTitle() throws {
        let untitled = spec.replacingOccurrences(of: "\"title\": \"Brief\",", with: "")
        let pdf = try XCTUnwrap(InMemory.bytes(try InMemory.compile(untitled), "c.pdf"))
        let pdfinfo = try XCTUnwrap(CLI.tool("pdfinfo"))
        let info = try InMemory.withTemporaryFile(pdf, ext: "pdf") { try CLI.run(pdfinfo, [$0]).out }
        XCTAssertTrue(info.contains("Title:           Events per day"), info)
        XCTAssertTrue(info.contains("Tagged:          yes"), info)
    }
}
