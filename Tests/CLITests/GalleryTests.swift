import Foundation
import ReportTestSupport
import XCTest

/// The gallery in `docs/gallery/` never goes stale: every spec there is rendered with
/// `report render --check`, so a change that alters a picture fails here until the gallery
/// is re-rendered (`report render docs/gallery/*.json`, see docs/gallery/README.md) and
/// committed. One process renders them all, in memory.
final class GalleryTests: XCTestCase {
    private static let gallery = CLI.root + "/docs/gallery"

    private func specs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.gallery).filter { $0.hasSuffix(".json") }.sorted()
    }

    func testEveryGalleryPictureIsUpToDate() throws {
        let names = try specs()
        XCTAssertGreaterThanOrEqual(names.count, 25, "the gallery should hold at least 25 specs")
        let result = try CLI.run(CLI.binary, ["render", "--check", "--fonts", CLI.root + "/Fonts"] + names.map { Self.gallery + "/" + $0 },
                                 environment: ["SOURCE_DATE_EPOCH": ""])
        XCTAssertEqual(result.code, 0, "stale or missing gallery pictures; re-render them with `report render docs/gallery/*.json`:\n\(result.out)\(result.err)")
    }

    /// Each spec draws one PNG named after it, which the gallery's README shows and links.
    func testEverySpecHasItsPictureInTheReadme() throws {
        let readme = try String(contentsOfFile: Self.gallery + "/README.md", encoding: .utf8)
        for name in try specs() {
            let stem = String(name.dropLast(".json".count))
            XCTAssertTrue(FileManager.default.fileExists(atPath: Self.gallery + "/" + stem + ".png"), "\(stem).png is missing")
            XCTAssertTrue(readme.contains("](\(stem).png)"), "docs/gallery/README.md does not show \(stem).png")
            XCTAssertTrue(readme.contains("](\(name))"), "docs/gallery/README.md does not link \(name)")
        }
    }

    /// Every data row is marked ILLUSTRATIVE in its `source` column.
    func testEveryDataRowIsMarkedIllustrative() throws {
        let data = Self.gallery + "/data"
        for file in try FileManager.default.contentsOfDirectory(atPath: data).filter({ $0.hasSuffix(".csv") }) {
            let lines = try String(contentsOfFile: data + "/" + file, encoding: .utf8).split(separator: "\n")
            XCTAssertTrue(lines.first?.split(separator: ",").contains("source") ?? false, "\(file) has no source column")
            for (i, line) in lines.dropFirst().enumerated() {
                XCTAssertTrue(line.contains("ILLUSTRATIVE"), "data/\(file):\(i + 2) is not marked ILLUSTRATIVE")
            }
        }
    }
}
