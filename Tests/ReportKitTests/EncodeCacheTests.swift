import Foundation
import ReportKit
import ReportTestSupport
import XCTest

/// An `EncodeCache` never changes a byte: after each edit, a compile that reuses the last
/// compile's files gives exactly what a compile from nothing gives; and it encodes only the
/// files whose pages changed (`progress` is called for each file encoded).
final class EncodeCacheTests: XCTestCase {
    private final class Encoded: @unchecked Sendable {
        private let lock = NSLock()
        private var files: [String] = []
        func add(_ file: String) { lock.lock(); files.append(file); lock.unlock() }
        func take() -> [String] { lock.lock(); defer { files = []; lock.unlock() }; return files.sorted() }
    }

    private func world(title: String, rows: String, color: String) -> MemoryWorld {
        var world = MemoryWorld(workingDirectory: "/w", fontsDirectory: Fixtures.fonts)
        world.add("brief.json", text: """
        { "report": 1, "title": "\(title)",
          "data": { "e": { "file": "data/e.csv" } },
          "theme": { "colors": { "SDF": "\(color)" } },
          "sections": [ { "id": "bars", "type": "chart", "data": "e", "mark": "bar", "x": "date", "y": "n", "series": "actor" } ],
          "outputs": [ { "file": "out/brief.pdf" }, { "file": "out/bars.png", "block": "bars", "width": 300, "height": 200 },
                       { "file": "out/bars.svg", "block": "bars", "width": 300, "height": 200 } ] }
        """)
        world.add("data/e.csv", text: "date,actor,n\n" + rows)
        return world
    }

    func testReusedFilesAreTheBytesAFreshCompileMakes() throws {
        let cache = EncodeCache()
        let encoded = Encoded()
        var cached = CompileOptions(progress: { file, _ in encoded.add(file) })
        cached.encodeCache = cache
        let all = ["out/bars.png", "out/bars.svg", "out/brief.pdf"]
        let edits = [("First", "2017-03-01,SDF,1\n", "#d4a017", all),
                     ("Second", "2017-03-01,SDF,1\n", "#d4a017", ["out/brief.pdf"]),  // the title is only in the PDF
                     ("Second", "2017-03-01,SDF,2\n", "#d4a017", all),                // the data
                     ("Second", "2017-03-01,SDF,2\n", "#1f77b4", all),                // a colour
                     ("Second", "2017-03-01,SDF,2\n", "#1f77b4", [])]                  // nothing
        for (i, (title, rows, color, expected)) in edits.enumerated() {
            let world = world(title: title, rows: rows, color: color)
            let reused = try ReportCompiler(world: world).compile("brief.json", options: cached).files.map(\.bytes)
            XCTAssertEqual(encoded.take(), expected, "edit \(i)")
            let fresh = try ReportCompiler(world: world).compile("brief.json").files.map(\.bytes)
            XCTAssertEqual(reused, fresh, "edit \(i)")
        }
    }
}
