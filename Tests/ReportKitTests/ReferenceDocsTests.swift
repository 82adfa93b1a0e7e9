import Foundation
import ReportKit
import ReportTestSupport
import XCTest

/// The reference in `docs/` is kept true by these tests: every key `report schema` lists has
/// a row in a key table there, every key in a key table is in the schema, every value word
/// the schema allows is named, every complete example compiles without errors, and every
/// quoted broken spec gets exactly the messages quoted under it.
///
/// The Markdown conventions the tests read (docs/README.md says them to readers):
/// - a key table is a table whose header's first cell is `key`; its rows' first cells name
///   keys in backticks (`` `file` ``);
/// - ```` ```json report-example ```` opens a complete spec that must compile;
/// - ```` ```csv report-file data/events.csv ```` opens a data file the examples of the
///   same page read;
/// - ```` ```json report-error ```` opens a broken spec; the fenced block after it holds
///   its messages, one a line, exactly as `report validate` prints them for `spec.json`.
final class ReferenceDocsTests: XCTestCase {
    private static let docs = Fixtures.root + "/docs"

    /// The Markdown pages of the reference, by file name.
    private func pages() throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.docs).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertFalse(names.isEmpty, "no Markdown files in docs/")
        return try names.map { ($0, try String(contentsOfFile: Self.docs + "/" + $0, encoding: .utf8)) }
    }

    // MARK: Keys

    /// Every property name in the schema, through properties, $defs, block variants and
    /// rules; and every word an `enum` or `const` allows.
    private func schemaKeysAndWords() -> (keys: Set<String>, words: Set<String>) {
        var keys = Set<String>(), words = Set<String>()
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, inner) in object {
                    if key == "properties", let properties = inner as? [String: Any] { keys.formUnion(properties.keys) }
                    if key == "enum", let list = inner as? [Any] { words.formUnion(list.compactMap { $0 as? String }) }
                    if key == "const", let word = inner as? String { words.insert(word) }
                    walk(inner)
                }
            } else if let list = value as? [Any] {
                list.forEach(walk)
            }
        }
        walk(SpecSchema.object())
        return (keys, words)
    }

    /// The keys named in the first column of the key tables of `text`, with their lines.
    private func documentedKeys(_ text: String) -> [(key: String, line: Int)] {
        var found: [(String, Int)] = []
        var inKeyTable = false
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|") else { inKeyTable = false; continue }
            let cells = trimmed.dropFirst().components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = cells.first else { continue }
            if first == "key" { inKeyTable = true; continue }
            guard inKeyTable, !first.hasPrefix("---") else { continue }
            let parts = first.components(separatedBy: "`")
            for (k, part) in parts.enumerated() where k % 2 == 1 && !part.isEmpty { found.append((part, i + 1)) }
        }
        return found
    }

    func testEveryKeyOfTheSchemaHasARowInAKeyTableAndNoRowIsStale() throws {
        let (schemaKeys, _) = schemaKeysAndWords()
        XCTAssertTrue(schemaKeys.isSuperset(of: ["report", "sections", "time_unit", "precision_codes", "maxbins", "change"]),
                      "the schema walk found too few keys: \(schemaKeys.sorted())")
        var documented = Set<String>()
        for page in try pages() {
            for (key, line) in documentedKeys(page.text) {
                documented.insert(key)
                XCTAssertTrue(schemaKeys.contains(key), "docs/\(page.name):\(line): key table row `\(key)` is not a key of `report schema` (stale or misspelt)")
            }
        }
        for key in schemaKeys.sorted() where !documented.contains(key) {
            XCTFail("`report schema` has the key \"\(key)\" but no key table in docs/ has a row for it")
        }
    }

    func testEveryValueWordTheSchemaAllowsIsNamed() throws {
        let text = try pages().map(\.text).joined(separator: "\n")
        for word in schemaKeysAndWords().words.sorted() {
            let quoted = "\"" + word.replacingOccurrences(of: "\t", with: "\\t") + "\""
            XCTAssertTrue(text.contains("`\(word)`") || text.contains(quoted), "docs/ never names the value \(quoted) that `report schema` allows")
        }
    }

    // MARK: Examples

    /// A fenced block: its info string (`json report-example`) and its text.
    private struct Fence { var info: [String]; var body: String; var line: Int }

    private func fences(_ text: String) -> [Fence] {
        var result: [Fence] = []
        var open: Fence?
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if var fence = open {
                    if fence.body.hasSuffix("\n") { fence.body.removeLast() }
                    result.append(fence); open = nil
                } else {
                    open = Fence(info: line.dropFirst(3).split(separator: " ").map(String.init), body: "", line: i + 1)
                }
            } else if open != nil {
                open!.body += line + "\n"
            }
        }
        XCTAssertNil(open, "a fenced block is not closed")
        return result
    }

    /// A world holding the page's data files and `spec`.
    private func world(_ spec: String, files: [Fence]) -> MemoryWorld {
        var world = MemoryWorld(workingDirectory: "/docs-example", fontsDirectory: Fixtures.fonts)
        for file in files { world.add(file.info[2], text: file.body + "\n") }
        world.add("spec.json", text: spec)
        return world
    }

    func testEveryMarkedExampleCompilesWithoutErrors() throws {
        var examples = 0
        for page in try pages() {
            let all = fences(page.text)
            let files = all.filter { $0.info.count == 3 && $0.info[1] == "report-file" }
            for example in all where example.info.dropFirst().first == "report-example" {
                examples += 1
                do throws(CompileFailure) {
                    _ = try ReportCompiler(world: world(example.body, files: files)).compile("spec.json", options: CompileOptions(encode: false))
                } catch {
                    XCTFail("docs/\(page.name):\(example.line): the example does not compile:\n\(error)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(examples, 20, "too few ```json report-example blocks found")
    }

    func testEveryQuotedBrokenSpecGetsExactlyTheQuotedMessages() throws {
        var quoted = 0
        for page in try pages() {
            let all = fences(page.text)
            let files = all.filter { $0.info.count == 3 && $0.info[1] == "report-file" }
            for (i, broken) in all.enumerated() where broken.info.dropFirst().first == "report-error" {
                quoted += 1
                guard i + 1 < all.count else { XCTFail("docs/\(page.name):\(broken.line): no messages after the broken spec"); continue }
                let expected = Set(all[i + 1].body.components(separatedBy: "\n").filter { !$0.isEmpty })
                do throws(CompileFailure) {
                    _ = try ReportCompiler(world: world(broken.body, files: files)).compile("spec.json", options: CompileOptions(encode: false))
                    XCTFail("docs/\(page.name):\(broken.line): the broken spec compiles")
                } catch {
                    guard case .diagnostics(let list) = error else { XCTFail("\(error)"); continue }
                    XCTAssertEqual(Set(list.map(\.description)), expected, "docs/\(page.name):\(broken.line): the messages differ")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(quoted, 1)
    }

    // MARK: Links

    /// Links between the pages reach files that exist, and nothing user-facing points outside
    /// the repository.
    func testLinksStayInsideTheRepository() throws {
        var texts = try pages().map { ("docs/" + $0.name, $0.text) }
        texts.append(("README.md", try String(contentsOfFile: Fixtures.root + "/README.md", encoding: .utf8)))
        for (name, text) in texts {
            XCTAssertFalse(text.contains("../shared") || text.contains("SPEC.md"), "\(name) points outside the repository")
        }
        for (name, text) in texts where name.hasPrefix("docs/") {
            let scanner = text.components(separatedBy: "](").dropFirst()
            for rest in scanner {
                guard let end = rest.firstIndex(of: ")") else { continue }
                let target = String(rest[..<end])
                guard !target.hasPrefix("http"), let file = target.split(separator: "#", omittingEmptySubsequences: false).first, !file.isEmpty else { continue }
                XCTAssertTrue(FileManager.default.fileExists(atPath: Self.docs + "/" + file), "\(name) links to \(target), which does not exist")
            }
        }
    }
}
