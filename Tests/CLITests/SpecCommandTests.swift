import ReportTestSupport
import Foundation
import XCTest
import ReportCore

/// The spec language from the command line: `validate`, `schema`, `init`, path rules, time
/// zones, and what a failed render leaves behind (nothing new, nothing changed).
final class SpecCommandTests: XCTestCase {
    private var cleanup: [String] = []

    override func tearDown() {
        for path in cleanup { try? FileManager.default.removeItem(atPath: path) }
        cleanup = []
    }

    private func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "report-spec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        cleanup.append(dir)
        return FileSystemWorld().canonical(dir)
    }

    private func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func render(_ args: [String], environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        try CLI.run(CLI.binary, args + ["--fonts", CLI.root + "/Fonts"], environment: environment)
    }

    /// Every file under `dir` with its bytes and modification time.
    private func snapshot(_ dir: String) throws -> [String: (Data, Date)] {
        var files: [String: (Data, Date)] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: dir)! {
            let path = dir + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files[relative] = (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as! Date)
        }
        return files
    }

    // MARK: A failed render

    func testABrokenSpecOrDataExitsOneReportsEverythingAndLeavesOutputsUntouched() throws {
        let dir = try CLI.copyExample()
        cleanup.append(dir)
        XCTAssertEqual(try render(["render", dir + "/report.json"]).code, 0)
        let before = try snapshot(dir + "/out")
        XCTAssertEqual(before.count, 6, "the example writes six outputs")

        // A typo in the spec and a bad value in a data file: both reported in one run.
        var spec = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        spec = spec.replacingOccurrences(of: "\"force\": \"force\",", with: "\"force\": \"force\", \"colour\": \"red\",")
        try write(spec, to: dir + "/report.json")
        var troops = try String(contentsOfFile: dir + "/data/troops.csv", encoding: .utf8)
        troops = troops.replacingOccurrences(of: "2016-12-10,", with: "2016-12-40,")
        try write(troops, to: dir + "/data/troops.csv")

        let result = try render(["render", dir + "/report.json"])
        XCTAssertEqual(result.code, 1, result.err)
        let lines = result.err.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(dir)/report.json:") && $0.contains(": error: unknown key \"colour\" in a troops block") }, result.err)
        XCTAssertTrue(lines.contains("\(dir)/data/troops.csv:3: error: column \"date\": \"2016-12-40\" is not a date: day 40 is out of range 1–31"), result.err)
        XCTAssertTrue(result.err.contains("nothing written"), result.err)

        let after = try snapshot(dir + "/out")
        XCTAssertEqual(Set(after.keys), Set(before.keys), "no file added or removed (no temporary files left)")
        for (name, (bytes, date)) in before {
            XCTAssertEqual(after[name]?.0, bytes, "\(name) changed")
            XCTAssertEqual(after[name]?.1, date, "\(name) was rewritten")
        }
    }

    func testNothingIsWrittenWhenOnlyTheDataIsBroken() throws {
        let dir = try CLI.copyExample()
        cleanup.append(dir)
        var flows = try String(contentsOfFile: dir + "/data/displacement.csv", encoding: .utf8)
        flows = flows.replacingOccurrences(of: ",180,", with: ",about 180,")
        try write(flows, to: dir + "/data/displacement.csv")
        let result = try render(["render", dir + "/report.json"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("\(dir)/data/displacement.csv:2: error: column \"families\": \"about 180\" is not a number"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "no output folder is created")
    }

    /// Several specs render together or not at all: a good spec's outputs are not written
    /// when another spec is broken, and every broken spec is reported.
    func testSeveralSpecsWriteNothingWhenAnyIsBroken() throws {
        let dir = try CLI.copyExample()
        cleanup.append(dir)
        let good = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        try write(good.replacingOccurrences(of: "\"out/", with: "\"out2/"), to: dir + "/second.json")
        try write(good.replacingOccurrences(of: "\"type\": \"timeline\"", with: "\"type\": \"timelime\""), to: dir + "/broken1.json")
        try write(good.replacingOccurrences(of: "\"report\": 1", with: "\"report\": 9"), to: dir + "/broken2.json")
        let result = try render(["render", dir + "/report.json", dir + "/broken1.json", dir + "/broken2.json"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("broken1.json:"), result.err)
        XCTAssertTrue(result.err.contains("broken2.json:"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "the good spec's outputs are not written either")
        let both = try render(["render", dir + "/report.json", dir + "/second.json"])
        XCTAssertEqual(both.code, 0, both.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/raqqa-brief.pdf"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out2/raqqa-brief.pdf"))
    }

    // MARK: validate

    func testValidateExitsZeroOrOneAndWritesNothing() throws {
        let dir = try CLI.copyExample()
        cleanup.append(dir)
        let ok = try CLI.run(CLI.binary, ["validate", dir + "/report.json"])
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertEqual(ok.out, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "validate writes nothing")

        // Problems only `validate` can see before rendering: an output that would leave the folder.
        var spec = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        spec = spec.replacingOccurrences(of: "\"out/raqqa-brief.pdf\"", with: "\"../raqqa-brief.pdf\"")
        spec = spec.replacingOccurrences(of: "\"persons_per_family\": 5", with: "\"persons_per_family\": 0")
        try write(spec, to: dir + "/report.json")
        let bad = try CLI.run(CLI.binary, ["validate", dir + "/report.json"])
        XCTAssertEqual(bad.code, 1)
        XCTAssertTrue(bad.err.contains(": error: output refused: \"../raqqa-brief.pdf\" leads outside the allowed folder"), bad.err)
        XCTAssertTrue(bad.err.contains(": error: \"persons_per_family\" must be greater than 0, found 0"), bad.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: (dir as NSString).deletingLastPathComponent + "/raqqa-brief.pdf"))

        // Several specs: all are checked, and the exit code says whether any failed.
        let both = try CLI.run(CLI.binary, ["validate", dir + "/report.json", CLI.root + "/Reports/raqqa-2017/report.json"])
        XCTAssertEqual(both.code, 1)
        XCTAssertTrue(both.err.contains("\(CLI.root)/Reports/raqqa-2017/report.json: ok"), both.err)
        XCTAssertTrue(both.err.contains("output refused"), both.err)
        XCTAssertEqual(try CLI.run(CLI.binary, ["validate", dir + "/missing.json"]).code, 1)
    }

    // MARK: Paths

    func testDataAndOutputsMayNotLeaveTheSpecFolderUnlessRootAllowsIt() throws {
        let top = try temporaryFolder()
        try write("date,actor\n2017-03-06,SDF\n", to: top + "/common/events.csv")
        try write("""
        {"report": 1, "data": {"e": {"file": "../common/events.csv"}},
         "sections": [{"id": "t", "type": "table", "data": "e"}],
         "outputs": [{"file": "out/t.svg", "block": "t"}]}
        """, to: top + "/brief/report.json")
        let refused = try render(["render", top + "/brief/report.json"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("error: data file refused: \"../common/events.csv\" leads outside the allowed folder \(top)/brief"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: top + "/brief/out"))

        let allowed = try render(["render", top + "/brief/report.json", "--root", top])
        XCTAssertEqual(allowed.code, 0, allowed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: top + "/brief/out/t.svg"))

        // A symlink inside the folder that points outside it is refused the same way, for
        // data and for outputs (whose folder may be a symlink to somewhere else).
        try FileManager.default.removeItem(atPath: top + "/brief/out")
        try FileManager.default.createDirectory(atPath: top + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: top + "/brief/out", withDestinationPath: top + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: top + "/brief/linked.csv", withDestinationPath: top + "/common/events.csv")
        try write("""
        {"report": 1, "data": {"e": {"file": "linked.csv"}},
         "sections": [{"id": "t", "type": "table", "data": "e"}],
         "outputs": [{"file": "out/t.svg", "block": "t"}]}
        """, to: top + "/brief/report.json")
        let linked = try render(["render", top + "/brief/report.json"])
        XCTAssertEqual(linked.code, 1)
        XCTAssertTrue(linked.err.contains("data file refused: \"linked.csv\" leads through a symlink, outside the allowed folder"), linked.err)
        XCTAssertTrue(linked.err.contains("output refused: \"out/t.svg\" leads through a symlink, outside the allowed folder"), linked.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: top + "/elsewhere"), [])
    }

    // MARK: Time zones

    /// Civil dates are the same day in every zone; `TZ` must change nothing, byte for byte.
    func testCivilDatesAndOutputsAreTheSameInEveryTimeZone() throws {
        let dir = try temporaryFolder()
        // Dates at the edges where a zone shift would show: New Year, month ends, a leap day,
        // midnight instants with offsets, approximate and month-precision dates.
        try write("""
        date,end,actor,summary
        2016-12-31,,SDF,last day of 2016
        2017-01-01,,SDF,first day of 2017
        2016-02-29,,IS,a leap day
        2017-03-31T23:30:00-02:00,,IS,half an hour before April in UTC-2
        2017-04-01T00:15:00+14:00,,SDF,a quarter past midnight in Kiritimati
        ~2017-03,,IS,sometime in March
        2017-03-10,2017-03-11,SDF,a two-day span
        2017-03-32,,SDF,no such day
        """, to: dir + "/data/events.csv")
        try write("""
        {"report": 1, "as_of": "2017-03-12",
         "data": {"events": {"file": "data/events.csv", "filter": {"date": {"from": "2016-01-01"}}}},
         "sections": [{"id": "t", "type": "timeline", "data": "events", "date": "date", "end": "end",
                       "label": "summary", "lane": "actor", "range": {"from": "2016-12-01", "to": "2017-04-30"}},
                      {"id": "tab", "type": "table", "data": "events", "sort": "date"}],
         "outputs": [{"file": "out/t.svg", "block": "t", "width": 900, "height": 400},
                     {"file": "out/t.png", "block": "t", "width": 600, "height": 300},
                     {"file": "out/tab.svg", "block": "tab"}]}
        """, to: dir + "/report.json")
        let zoneFiles = ["Pacific/Kiritimati", "America/Anchorage", "Asia/Kathmandu"]
        // Named zones where the system has them; the same offsets as POSIX TZ strings always.
        var zones = ["UTC", "LINT-14", "AKST9AKDT,M3.2.0,M11.1.0", "NPT-5:45"]
        zones += zoneFiles.filter { FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/\($0)") }

        var diagnostics: [String: String] = [:]
        var hashes: [String: String] = [:]
        for zone in zones {
            let broken = try CLI.run(CLI.binary, ["validate", dir + "/report.json"], environment: ["TZ": zone])
            XCTAssertEqual(broken.code, 1, zone)
            diagnostics[zone] = broken.err
        }
        XCTAssertEqual(Set(diagnostics.values).count, 1, "diagnostics differ between zones: \(diagnostics)")
        XCTAssertTrue(diagnostics["UTC"]!.contains("data/events.csv:9: error: column \"date\": \"2017-03-32\" is not a date: day 32 is out of range 1–31"),
                      diagnostics["UTC"]!)

        var csv = try String(contentsOfFile: dir + "/data/events.csv", encoding: .utf8)
        csv = csv.replacingOccurrences(of: "2017-03-32,,SDF,no such day", with: "")
        try write(csv, to: dir + "/data/events.csv")
        for zone in zones {
            let out = dir + "/out-\(hashes.count)"
            let result = try render(["render", dir + "/report.json", "--out-dir", out, "--json"], environment: ["TZ": zone])
            XCTAssertEqual(result.code, 0, "\(zone): \(result.err)")
            let summary = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
            let files = (summary?["files"] as? [[String: Any]]) ?? []
            XCTAssertEqual(files.count, 3, zone)
            hashes[zone] = files.map { "\(($0["path"] as? String).map { ($0 as NSString).lastPathComponent } ?? "?")=\($0["sha256"] ?? "")" }.sorted().joined(separator: " ")
        }
        XCTAssertEqual(Set(hashes.values).count, 1, "outputs differ between zones: \(hashes)")
    }

    // MARK: schema and init

    func testSchemaCommandPrintsTheGeneratedSchema() throws {
        let result = try CLI.run(CLI.binary, ["schema"])
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.out, SpecSchema.json() + "\n")
    }

    func testInitWritesAValidReportAndNeverOverwrites() throws {
        let top = try temporaryFolder()

        // A new folder, and an existing empty one: both get a report that validates (against
        // the decoder and, where python3 has jsonschema, against `report schema`).
        for dir in [top + "/new/nested", top] {
            let result = try CLI.run(CLI.binary, ["init", dir])
            XCTAssertEqual(result.code, 0, result.err)
            XCTAssertEqual(try CLI.run(CLI.binary, ["validate", dir + "/report.json"]).code, 0)
            try checkAgainstSchema(dir + "/report.json")
        }

        // A report already there: refused, nothing changed.
        let before = try snapshot(top)
        let again = try CLI.run(CLI.binary, ["init", top])
        XCTAssertNotEqual(again.code, 0)
        XCTAssertTrue(again.err.contains("\(top)/report.json already exists"), again.err)
        XCTAssertEqual(try snapshot(top).mapValues(\.0), before.mapValues(\.0))

        // A data file of the user's in the way (but no report.json): refused, the data kept.
        try write("date,actor\n2017-01-01,mine\n", to: top + "/mine/data/events.csv")
        let clash = try CLI.run(CLI.binary, ["init", top + "/mine"])
        XCTAssertNotEqual(clash.code, 0)
        XCTAssertEqual(try String(contentsOfFile: top + "/mine/data/events.csv", encoding: .utf8), "date,actor\n2017-01-01,mine\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: top + "/mine/report.json"))

        // A file where the folder should be, or where data/ should be.
        try write("not a folder", to: top + "/file")
        let file = try CLI.run(CLI.binary, ["init", top + "/file"])
        XCTAssertNotEqual(file.code, 0)
        XCTAssertTrue(file.err.contains("\(top)/file already exists"), file.err)
        XCTAssertEqual(try String(contentsOfFile: top + "/file", encoding: .utf8), "not a folder")
        try write("not a folder", to: top + "/other/data")
        XCTAssertNotEqual(try CLI.run(CLI.binary, ["init", top + "/other"]).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: top + "/other/report.json"))
    }

    /// Validates a JSON spec against `report schema` with Python's jsonschema; skips (saying
    /// so) when python3 is absent.
    private func checkAgainstSchema(_ spec: String) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let python = path.split(separator: ":").map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("SpecCommandTests: python3 is absent; \(spec) is not checked against the JSON Schema")
            return
        }
        let schema = try temporaryFolder() + "/schema.json"
        try SpecSchema.json().write(toFile: schema, atomically: true, encoding: .utf8)
        let script = """
        import json, sys
        try:
            from jsonschema import Draft202012Validator
        except ImportError:
            print("python3 has no jsonschema module: run python3 -m pip install jsonschema"); sys.exit(1)
        errors = [e.message for e in Draft202012Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2])))]
        print("\\n".join(errors)); sys.exit(1 if errors else 0)
        """
        let result = try CLI.run(python, ["-c", script, schema, spec])
        XCTAssertEqual(result.code, 0, "\(spec) is not valid against report schema: \(result.out)\(result.err)")
    }
}
