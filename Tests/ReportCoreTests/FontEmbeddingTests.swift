import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

/// The fonts built into the executable are exactly the files in Fonts/, and the folder they
/// are written to is reused, not rewritten.
final class FontEmbeddingTests: XCTestCase {
    func testEveryFontInFontsIsBuiltInByteForByte() throws {
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedFonts.files.map { ($0.name, Data($0.bytes)) })
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Fixtures.fonts).filter { $0.hasSuffix(".ttf") || $0 == "OFL.txt" }
        XCTAssertEqual(Set(embedded.keys), Set(onDisk), "a font added to Fonts/ must be added to Sources/CFonts too")
        for name in onDisk {
            XCTAssertEqual(embedded[name], FileManager.default.contents(atPath: "\(Fixtures.fonts)/\(name)"),
                           "\(name) differs from Fonts/ (touch Sources/CFonts/fonts.S and rebuild)")
        }
    }

    func testTheFontsAreWrittenOnceIntoAFolderNamedAfterThem() throws {
        let cache = NSTemporaryDirectory() + "report-font-cache-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let folder = try XCTUnwrap(EmbeddedFonts.directory(environment: ["XDG_CACHE_HOME": cache]))
        XCTAssertTrue(folder.hasPrefix(cache + "/report/fonts-"), folder)
        let regular = folder + "/NotoSans-Regular.ttf"
        XCTAssertEqual(FileManager.default.contents(atPath: regular), FileManager.default.contents(atPath: Fixtures.fonts + "/NotoSans-Regular.ttf"))
        // A second run finds the same bytes and leaves the file alone.
        let before = try FileManager.default.attributesOfItem(atPath: regular)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        XCTAssertEqual(EmbeddedFonts.directory(environment: ["XDG_CACHE_HOME": cache]), folder)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: regular)[.modificationDate] as? Date, before)
        // A damaged file is written again.
        try Data("not a font".utf8).write(to: URL(fileURLWithPath: regular))
        XCTAssertEqual(EmbeddedFonts.directory(environment: ["XDG_CACHE_HOME": cache]), folder)
        XCTAssertEqual(FileManager.default.contents(atPath: regular), FileManager.default.contents(atPath: Fixtures.fonts + "/NotoSans-Regular.ttf"))
    }

    func testAnUnwritableCacheFallsBackToTheTemporaryFolder() throws {
        let tmp = NSTemporaryDirectory() + "report-font-tmp-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let folder = try XCTUnwrap(EmbeddedFonts.directory(environment: ["XDG_CACHE_HOME": "/proc/no-such-place", "TMPDIR": tmp]))
        XCTAssertTrue(folder.hasPrefix(tmp + "/report-"), folder)
    }
}
