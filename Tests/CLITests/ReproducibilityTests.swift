import ReportTestSupport
import Foundation
import XCTest

/// Same inputs, same bytes; `--check`, `--json` and failed writes as CI relies on them.
final class ReproducibilityTests: XCTestCase {
    private let outputs = ["raqqa-brief.pdf", "timeline.png", "troops.png", "displacement.png", "map.png", "troops.svg"]

    private func render(_ dir: String, _ extra: [String] = [], env: [String: String] = [:], spec: String = "report.json") throws -> (code: Int32, out: String, err: String) {
        try CLI.run(CLI.binary, ["render", dir + "/" + spec, "--fonts", CLI.root + "/Fonts"] + extra, environment: env)
    }

    private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func testOutputsAreByteIdenticalAcrossRunsAndJobCounts() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try render(dir, ["--jobs", "1"]).code, 0)
        let first = outputs.map { bytes("\(dir)/out/\($0)") }
        XCTAssertFalse(first.contains(nil))
        for jobs in ["4", "1", "2"] {
            XCTAssertEqual(try render(dir, ["--jobs", jobs]).code, 0)
            for (name, data) in zip(outputs, first) {
                XCTAssertEqual(bytes("\(dir)/out/\(name)"), data, "\(name) differs with --jobs \(jobs)")
            }
        }
    }

    /// A file large enough to be read in parts on four threads, whose values hold quoted line
    /// feeds, doubled quotes and CRLF (most line feeds are inside values, so the parts' first
    /// guesses of where rows start are wrong): the same bytes with one job and with four.
    func testAFileWithQuotedLineBreaksAcrossPartsRendersTheSameWithOneAndFourJobs() throws {
        let dir = NSTemporaryDirectory() + "quoted-parts-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "date,actor,event_type,notes,fatalities,source\n"
        let actors = ["SDF", "Islamic State", "US-led coalition", "Syrian army"], types = ["Battles", "Shelling", "Airstrike"]
        var row = 0
        while csv.utf8.count < 20 << 20 {
            let day = String(format: "2017-%02d-%02d", 1 + row % 12, 1 + row / 12 % 28)
            let lines = (0..<(row % 9)).map { "line \($0) of row \(row), \"\"quoted\"\"" }.joined(separator: row % 5 == 0 ? "\r\n" : "\n")
            csv += "\(day),\(actors[row % 4]),\(types[row % 3]),\"\(lines)\",\(row % 7),src \(row % 11)\n"
            row += 1
        }
        try csv.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
        let spec: [String: Any] = [
            "report": 1, "title": "Quoted notes", "as_of": "2017-12-31",
            "data": ["events": ["file": "events.csv"]],
            "sections": [
                ["id": "timeline", "type": "timeline", "data": "events", "date": "date", "lane": "actor", "color": "event_type"],
                ["id": "weekly", "type": "chart", "data": "events", "mark": "bar", "x": "date", "time_unit": "week",
                 "aggregate": "count", "series": "event_type", "stack": true],
                ["id": "notes", "type": "table", "data": "events", "columns": ["date", "actor", "notes"],
                 "filter": ["source": "src 0", "date": ["from": "2017-12-01", "to": "2017-12-01"]]],
            ],
            "outputs": [["file": "out/brief.pdf"], ["file": "out/timeline.png", "block": "timeline"],
                        ["file": "out/weekly.svg", "block": "weekly"]],
        ]
        try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]).write(to: URL(fileURLWithPath: dir + "/spec.json"))
        let names = ["brief.pdf", "timeline.png", "weekly.svg"]
        var first: [Data?] = []
        for jobs in ["1", "4"] {
            let result = try render(dir, ["--jobs", jobs], spec: "spec.json")
            XCTAssertEqual(result.code, 0, result.err)
            let now = names.map { bytes("\(dir)/out/\($0)") }
            XCTAssertFalse(now.contains(nil))
            if first.isEmpty { first = now } else {
                for (name, (a, b)) in zip(names, zip(first, now)) { XCTAssertEqual(a, b, "\(name) differs with --jobs 4") }
            }
        }
        // The table shows the notes whole, line breaks and quotes as written.
        let text = try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), [dir + "/out/brief.pdf", "-"]).out
        XCTAssertTrue(text.contains("\"quoted\""), text)
    }

    func testCreationDateFollowsSourceDateEpochElseAsOf() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pdfinfo = try XCTUnwrap(CLI.tool("pdfinfo"))
        XCTAssertEqual(try render(dir, ["--only", "raqqa-brief.pdf"], env: ["SOURCE_DATE_EPOCH": "1489363200"]).code, 0)
        let epochInfo = try CLI.run(pdfinfo, ["-isodates", dir + "/out/raqqa-brief.pdf"]).out
        XCTAssertTrue(epochInfo.contains("CreationDate:    2017-03-13T00:00:00Z"), epochInfo)
        XCTAssertEqual(try render(dir, ["--only", "raqqa-brief.pdf"]).code, 0)
        let asOfInfo = try CLI.run(pdfinfo, ["-isodates", dir + "/out/raqqa-brief.pdf"]).out
        XCTAssertTrue(asOfInfo.contains("CreationDate:    2017-03-12T00:00:00Z"), asOfInfo)
        // Provenance: the tool's version, the sha256 of the spec and the rows each block used.
        XCTAssertTrue(asOfInfo.contains("Keywords:        report "), asOfInfo)
        XCTAssertTrue(asOfInfo.contains("; spec report.json sha256:"), asOfInfo)
        XCTAssertTrue(asOfInfo.contains("; rows timeline 11 sha256:"), asOfInfo)
    }

    func testCheckPassesOnFreshOutputsAndFailsAfterADataChangeTouchingNothing() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try render(dir).code, 0)
        let fresh = try render(dir, ["--check"])
        XCTAssertEqual(fresh.code, 0, fresh.err)
        // Change one data row.
        let csv = dir + "/data/displacement.csv"
        let text = try String(contentsOfFile: csv, encoding: .utf8).replacingOccurrences(of: ",180,", with: ",181,")
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted().map { name -> (String, Data?, Date?) in
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(dir)/out/\(name)")
            return (name, bytes("\(dir)/out/\(name)"), attributes[.modificationDate] as? Date)
        }
        let stale = try render(dir, ["--check"])
        XCTAssertEqual(stale.code, 3, stale.err)
        XCTAssertTrue(stale.err.contains("stale: \(dir)/out/displacement.png"), stale.err)
        XCTAssertFalse(stale.err.contains("timeline.png"), "the timeline does not read the displacement data")
        let after = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted().map { name -> (String, Data?, Date?) in
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(dir)/out/\(name)")
            return (name, bytes("\(dir)/out/\(name)"), attributes[.modificationDate] as? Date)
        }
        XCTAssertEqual(before.map(\.0), after.map(\.0), "--check must create no file")
        for (b, a) in zip(before, after) {
            XCTAssertEqual(b.1, a.1, b.0)
            XCTAssertEqual(b.2, a.2, b.0)
        }
        // A missing file is reported too.
        try FileManager.default.removeItem(atPath: dir + "/out/troops.svg")
        let missing = try render(dir, ["--check"])
        XCTAssertEqual(missing.code, 3)
        XCTAssertTrue(missing.err.contains("missing: \(dir)/out/troops.svg"), missing.err)
    }

    func testJSONSummaryHashesMatchTheFilesWritten() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try render(dir, ["--json"])
        XCTAssertEqual(result.code, 0, result.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let files = try XCTUnwrap(object["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, outputs.count)
        let sha256sum = try XCTUnwrap(CLI.tool("sha256sum"))
        for file in files {
            let path = try XCTUnwrap(file["path"] as? String)
            let expected = try CLI.run(sha256sum, [path]).out.split(separator: " ").first.map(String.init)
            XCTAssertEqual(file["sha256"] as? String, expected, path)
            XCTAssertEqual(file["bytes"] as? Int, bytes(path)?.count, path)
        }
        XCTAssertEqual(files.first?["pages"] as? Int, 7)
        XCTAssertEqual(files[1]["width"] as? Int, 1600)
    }

    func testAFailedWriteLeavesEveryOutputAsItWasAndExitsFour() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try render(dir).code, 0)
        let before = outputs.map { bytes("\(dir)/out/\($0)") }
        // Change the data so every output would change, and add an output whose folder
        // cannot be created (a plain file stands where the folder should be; this fails
        // even for root, unlike permission bits).
        let csv = dir + "/data/events.csv"
        try (String(contentsOfFile: csv, encoding: .utf8) + "2017-03-13,,SDF,Battles,Raqqa,الرقة,New row,,illustrative\n").write(toFile: csv, atomically: true, encoding: .utf8)
        // The blocked output comes last, so the render fails part-way through the writes.
        let spec = dir + "/report.json"
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: XCTUnwrap(bytes(spec))) as? [String: Any])
        object["outputs"] = (object["outputs"] as? [Any] ?? []) + [["file": "blocked/timeline.png", "block": "timeline"]]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: spec))
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: dir + "/blocked"))
        let failed = try render(dir)
        XCTAssertEqual(failed.code, 4, failed.err)
        XCTAssertTrue(failed.err.contains("cannot create folder"), failed.err)
        for (name, data) in zip(outputs, before) { XCTAssertEqual(bytes("\(dir)/out/\(name)"), data, name) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").count, outputs.count, "no temporary file left")
    }
}
