import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

/// The spec decoder (and the block preparer behind it) over thousands of random spec trees
/// shaped like real ones, some right and some wrong: it never crashes or hangs, and what it
/// says always keeps its own promises.
final class SpecDecoderPropertyTests: XCTestCase {
    func testRandomValidShapedTreesNeverCrashAndAlwaysExplainThemselves() {
        let start = Date()
        var valid = 0, invalid = 0, prepared = 0
        for seed in 0..<3000 {
            let generator = SpecGenerator(seed: UInt64(seed), wrongness: seed % 3 == 0 ? 0 : 0.08)
            let tree = generator.spec()
            let (spec, diagnostics) = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree)
            let (strict, _) = SpecDecoder(file: "spec.json", specName: "spec").decode(tree)
            let errors = diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(strict == nil, !errors.isEmpty, "seed \(seed): decode() and decodeAll() disagree")
            for d in diagnostics {
                XCTAssertEqual(d.file, "spec.json", "seed \(seed): \(d)")
                XCTAssertNotNil(d.position, "seed \(seed): unlocated: \(d)")
                XCTAssertFalse(d.message.isEmpty, "seed \(seed)")
            }
            if errors.isEmpty { valid += 1 } else { invalid += 1 }

            // Inline rows go on through the block preparer, as `report validate` would take them.
            var tables: [String: DataTable] = [:]
            for source in spec.data where source.loadable {
                guard let values = source.values,
                      var table = try? InlineRows.table(values, name: source.name, specFile: "spec.json", path: source.path) else { continue }
                table.declaredTypes = source.types
                tables[source.name] = table
            }
            let (blocks, problems) = BlockPreparer(spec: spec, tables: tables, specFile: "spec.json").prepareAll()
            prepared += blocks.count
            for d in problems { XCTAssertNotNil(d.position, "seed \(seed): unlocated: \(d)") }
        }
        let seconds = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(valid, 100, "the generator should make valid specs too")
        XCTAssertGreaterThan(invalid, 100)
        XCTAssertGreaterThan(prepared, 1000)
        XCTAssertLessThan(seconds, 20, "3000 specs took \(seconds) s")
        print("SpecDecoderPropertyTests: \(valid) valid, \(invalid) invalid specs, \(prepared) blocks prepared in \(String(format: "%.2f", seconds)) s")
    }

    /// Mutations of the example spec's JSON text (bytes flipped, cut, duplicated) through the
    /// whole spec stage: parse, then decode whatever parses.
    func testMutatedExampleSpecNeverCrashes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let original = try XCTUnwrap(FileManager.default.contents(atPath: root + "/Reports/raqqa-2017/report.json")).map { $0 }
        var rng = SeededRandom(seed: 7)
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 12)], at: i)
                default: bytes[i] = Array("{}[],:\"1 -".utf8).randomElement(using: &rng)!
                }
            }
            guard let tree = try? JSONTreeParser.parse(bytes) else { continue }
            _ = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree)
        }
    }
}
