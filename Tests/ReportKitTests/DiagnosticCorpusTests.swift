import Foundation
import XCTest
import ReportKit
@testable import ReportCore
import ReportTestSupport

/// The diagnostics corpus: `Tests/DiagnosticCases/NAME/` holds a broken spec (`spec.json`,
/// `spec.yaml` or `spec.yml`), its data files, and `expected.txt`: exactly the lines a user
/// sees, `FILE:LINE:COLUMN: error: MESSAGE`, in order. Each case runs through
/// `ReportLoader`, the same code `report render` and `report validate` run up to layout.
///
/// - An optional file `root` holds a folder, relative to the case, passed as `--root`.
/// - An optional file `args` holds command-line options, one a line: `--set NAME=VALUE`,
///   `--params FILE`, `--matrix NAME=A,B` and `--shard K/N`. Every variant of a matrix is
///   checked, as `report validate` does.
/// - Absolute paths in messages are written with the corpus folder as `$CORPUS`, and the
///   fonts folder as `$FONTS`.
/// - An empty `expected.txt` means the case must load without any diagnostic.
///
/// `UPDATE_DIAGNOSTICS=1 swift test --filter DiagnosticCorpusTests` rewrites every
/// `expected.txt` from what the code says now; review the diff before committing it.
final class DiagnosticCorpusTests: XCTestCase {
    static let corpus = FileSystemWorld().canonical(Fixtures.diagnosticCases)

    /// The whole corpus, read once (`--root` cases reach into their neighbours).
    static let corpusInMemory = try! MemoryWorld.copying(corpus)

    /// Every case folder, sorted by name.
    static func caseNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus)
            .filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }
            .filter { FileManager.default.fileExists(atPath: "\(corpus)/\($0)/expected.txt") || specFile(in: "\(corpus)/\($0)") != nil }
            .sorted()
    }

    static func specFile(in dir: String) -> String? {
        (try? FileManager.default.contentsOfDirectory(atPath: dir))?
            .filter { ["spec.json", "spec.yaml", "spec.yml"].contains($0) }.sorted().first
    }

    /// What loading the case prints, one diagnostic a line.
    static func run(_ name: String) -> [String] {
        let dir = "\(corpus)/\(name)"
        guard let spec = specFile(in: dir) else { return ["(no spec.json, spec.yaml or spec.yml in \(name))"] }
        var root: String?
        if let text = try? String(contentsOfFile: "\(dir)/root", encoding: .utf8) {
            root = "\(dir)/\(text.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        var world = corpusInMemory
        world.workingDirectory = dir
        var options = CompileOptions(root: root, encode: false)
        if let args = try? String(contentsOfFile: "\(dir)/args", encoding: .utf8) {
            for line in args.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let (flag, value) = (parts[0], parts[1])
                let name = String(value.prefix { $0 != "=" }), rest = String(value.dropFirst(name.count + 1))
                switch flag {
                case "--set": options.settings.append(ParamSetting(name: name, text: rest, origin: "--set \(value)"))
                case "--params": options.paramsFile = value
                case "--matrix": options.matrix.append((name, rest.split(separator: ",").map(String.init)))
                case "--shard":
                    switch Shard.parse(value) {
                    case .success(let shard): options.shard = shard
                    case .failure(let error): return ["error: \(error.message)"]
                    }
                default: return ["(unknown option \(flag) in \(name)/args)"]
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        for item in ReportCompiler(world: world).compileBatch([spec], options: options) {
            switch item.result {
            case .success(let report): diagnostics += report.warnings
            case .failure(.diagnostics(let list)): diagnostics += list
            case .failure(.io(let message)): return ["io: \(message)"]
            }
        }
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        let absolute = corpus
        let fonts = FileSystemWorld().canonical(Fixtures.fonts)
        return diagnostics.map {
            $0.description.replacingOccurrences(of: absolute, with: "$CORPUS").replacingOccurrences(of: fonts, with: "$FONTS")
        }
    }

    static func expected(_ name: String) -> [String]? {
        guard let text = try? String(contentsOfFile: "\(corpus)/\(name)/expected.txt", encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    func testEveryCaseGivesExactlyItsExpectedDiagnostics() throws {
        let names = try Self.caseNames()
        let update = ProcessInfo.processInfo.environment["UPDATE_DIAGNOSTICS"] == "1"
        var broken = 0
        for name in names {
            let actual = Self.run(name)
            if update {
                let text = actual.isEmpty ? "" : actual.joined(separator: "\n") + "\n"
                try text.write(toFile: "\(Self.corpus)/\(name)/expected.txt", atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = Self.expected(name) else {
                XCTFail("\(name): no expected.txt; run with UPDATE_DIAGNOSTICS=1 and review it")
                continue
            }
            if actual != expected {
                XCTFail("""
                \(name): diagnostics differ from expected.txt
                --- expected
                \(expected.joined(separator: "\n"))
                --- actual
                \(actual.joined(separator: "\n"))
                """)
            }
            if actual.contains(where: { $0.contains(": error: ") }) { broken += 1 }
        }
        if !update { XCTAssertGreaterThanOrEqual(broken, 40, "the corpus must hold at least 40 broken specs and data files") }
    }

    /// Civil dates never shift with the machine's time zone: the whole corpus says the same
    /// under zones from UTC−9 to UTC+14 (and a quarter-hour one), and the dates a valid spec's
    /// blocks are built from are the same days, to the bit.
    func testTheCorpusAndItsDatesAreTheSameInEveryTimeZone() throws {
        let saved = ProcessInfo.processInfo.environment["TZ"]
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        func dates() throws -> [Double] {
            let loaded = try ReportLoader().load("\(Self.corpus)/valid-spec-loads-cleanly/spec.yaml", display: "spec.yaml")
            var days: [Double] = []
            for block in loaded.blocks {
                if let t = block.content.model(TimelineBlock.self) { days += t.events.flatMap { [$0.date.start, $0.date.end, $0.end?.end ?? -1] } + [t.from, t.to] }
                if let t = block.content.model(TroopsBlock.self) { days += t.series.flatMap { $0.levels.map(\.day) } }
            }
            return days
        }
        setenv("TZ", "UTC", 1); tzset()
        let names = try Self.caseNames()
        let reference = names.map(Self.run)
        let referenceDates = try dates()
        XCTAssertEqual(referenceDates.first, Double(CivilDate(year: 2017, month: 3, day: 6)!.dayNumber), "2017-03-06 starts its own day")
        for zone in ["Pacific/Kiritimati", "America/Anchorage", "Asia/Kathmandu", "LINT-14", "AKST9AKDT,M3.2.0,M11.1.0", "NPT-5:45"] {
            setenv("TZ", zone, 1); tzset()
            XCTAssertEqual(names.map(Self.run), reference, "diagnostics change under TZ=\(zone)")
            XCTAssertEqual(try dates(), referenceDates, "dates change under TZ=\(zone)")
        }
    }

    /// Every error in the corpus is located: a file and a line (a column too in the spec,
    /// where a key or value is at fault) — never a bare message the user has to hunt for.
    func testEveryErrorNamesAFileAndALine() throws {
        for name in try Self.caseNames() {
            for line in Self.expected(name) ?? [] where line.contains(": error: ") {
                let location = line.components(separatedBy: ": error: ")[0]
                let parts = location.split(separator: ":")
                XCTAssertGreaterThanOrEqual(parts.count, 2, "\(name): unlocated: \(line)")
                if parts.count >= 2 { XCTAssertNotNil(Int(parts[1]), "\(name): no line number: \(line)") }
            }
        }
    }
}
