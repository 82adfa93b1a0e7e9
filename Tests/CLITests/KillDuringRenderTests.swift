import Foundation
import ReportTestSupport
import XCTest

/// A render killed with SIGKILL at any moment (issue 18): each output is the old file or the
/// new one, whole; a set left part old, part new is reported by `render --check`; and the
/// next run leaves no temporary file and no record of the stopped one.
final class KillDuringRenderTests: XCTestCase {
    private let outputs = ["out/report.pdf", "out/chart.png", "out/chart.svg", "out/notes.png"]

    private func write(_ dir: String, deaths: [Int]) throws {
        let rows = deaths.enumerated().map { "2017-06-\(String(format: "%02d", $0.offset + 1)),\($0.element)" }
        try (["date,deaths"] + rows).joined(separator: "\n").appending("\n").write(toFile: dir + "/deaths.csv", atomically: true, encoding: .utf8)
    }

    private func outputBytes(_ dir: String) -> [Data?] {
        outputs.map { FileManager.default.contents(atPath: "\(dir)/\($0)") }
    }

    private func leftovers(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.contains(".tmp-") || $0.hasPrefix(".report-renames-") }
    }

    func testARenderKilledAtAnyMomentLeavesOldOrNewFilesAndTheNextRunCleansUp() throws {
        let dir = NSTemporaryDirectory() + "report-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        {"report": 1, "title": "Deaths",
         "data": {"d": {"file": "deaths.csv"}},
         "sections": [{"id": "chart", "type": "chart", "data": "d", "x": "date", "y": "deaths", "mark": "bar"},
                      {"id": "notes", "type": "table", "data": "d"}],
         "outputs": [{"file": "out/report.pdf"}, {"file": "out/chart.png", "block": "chart"},
                     {"file": "out/chart.svg", "block": "chart"}, {"file": "out/notes.png", "block": "notes"}]}
        """.write(toFile: dir + "/spec.json", atomically: true, encoding: .utf8)
        let render = ["render", "spec.json", "--fonts", CLI.root + "/Fonts", "--quiet"]

        try write(dir, deaths: [3, 5, 8, 2])
        XCTAssertEqual(try CLI.run(CLI.binary, render, cwd: dir).code, 0)
        let old = outputBytes(dir)
        try write(dir, deaths: [4, 1, 9, 7])
        let started = Date()
        XCTAssertEqual(try CLI.run(CLI.binary, render, cwd: dir).code, 0)
        let duration = Date().timeIntervalSince(started)
        let new = outputBytes(dir)
        for i in outputs.indices { XCTAssertNotEqual(old[i], new[i], outputs[i]) }

        var random = SeededRandom(seed: 18)
        var mixed = 0, partlyKilled = 0
        let pause = 0.05
        for run in 0..<50 {
            for (i, file) in outputs.enumerated() { try old[i]!.write(to: URL(fileURLWithPath: "\(dir)/\(file)")) }
            // Every other run waits before each rename, so that kills land between renames too.
            let pausing = run % 2 == 1
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = render
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            process.environment = ProcessInfo.processInfo.environment.merging(["REPORT_TEST_RENAME_PAUSE": pausing ? "\(pause)" : "0"]) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            let window = duration + (pausing ? pause * Double(outputs.count + 1) : 0)
            usleep(useconds_t(Double(random.next(below: 1000)) / 1000 * window * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { partlyKilled += 1 }

            let now = outputBytes(dir)
            for i in outputs.indices {
                XCTAssertTrue(now[i] == old[i] || now[i] == new[i], "run \(run): \(outputs[i]) is neither the old nor the new file")
            }
            let newCount = outputs.indices.filter { now[$0] == new[$0] }.count
            if newCount > 0, newCount < outputs.count {
                mixed += 1
                let check = try CLI.run(CLI.binary, ["render", "spec.json", "--check", "--fonts", CLI.root + "/Fonts"], cwd: dir)
                XCTAssertEqual(check.code, 3, check.err)
                XCTAssertTrue(check.err.contains("interrupted: a render (process \(process.processIdentifier)) was stopped while putting its 4 files in place:"), check.err)
            }
            // The next run puts every new file in place and leaves nothing of the stopped one.
            let next = try CLI.run(CLI.binary, render, cwd: dir)
            XCTAssertEqual(next.code, 0, next.err)
            XCTAssertEqual(outputBytes(dir), new, "run \(run)")
            XCTAssertEqual(try leftovers(dir), [], "run \(run)")
        }
        XCTAssertGreaterThan(partlyKilled, 10, "most runs must be killed before they finish")
        XCTAssertGreaterThan(mixed, 0, "no kill landed between two renames")
        let check = try CLI.run(CLI.binary, ["render", "spec.json", "--check", "--fonts", CLI.root + "/Fonts"], cwd: dir)
        XCTAssertEqual(check.code, 0, check.err)
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", dir + "/out/report.pdf"]).code, 0)
        print("kill -9 loop: \(partlyKilled) of 50 runs killed before they finished, \(mixed) between two renames")
    }

    /// A killed run's files whose process number now belongs to another process (numbers are
    /// reused) are still stale: that process started after they were written. So is a record
    /// cut short by the kill (CI's kill -9 loop met one: kept for ever, it failed every run after).
    func testFilesOfADeadRunWhoseNumberIsReusedAreCleanedUp() throws {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let render = ["render", dir + "/report.json", "--fonts", CLI.root + "/Fonts"]
        XCTAssertEqual(try CLI.run(CLI.binary, render).code, 0)
        // A live process of a number the dead run had: one started after its files were written.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: try XCTUnwrap(CLI.tool("sleep")))
        other.arguments = ["30"]
        try other.run()
        defer { other.terminate(); other.waitUntilExit() }
        let pid = other.processIdentifier
        let out = dir + "/out"
        let record = "\(out)/.report-renames-\(pid)", temp = "\(out)/.timeline.png.tmp-\(pid)"
        let lines = ["timeline.png", "troops.png"].map { "\(String(repeating: "0", count: 64))\t\(out)/\($0)\tout/\($0)\n" }
        try ("report renames 1\n" + lines.joined()).write(toFile: record, atomically: false, encoding: .utf8)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: temp))
        // Written an hour before that process started.
        let hourAgo = Date().addingTimeInterval(-3600)
        for path in [record, temp] { try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: path) }
        XCTAssertEqual(try leftovers(dir).sorted(), [".report-renames-\(pid)", ".timeline.png.tmp-\(pid)"])
        let next = try CLI.run(CLI.binary, render)
        XCTAssertEqual(next.code, 0, next.err)
        XCTAssertEqual(try leftovers(dir), [], "files of a dead run were kept because another process has its number")
        // A record its run was killed while writing (cut short, so unreadable) goes too.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: try XCTUnwrap(CLI.tool("true")))
        try dead.run()
        dead.waitUntilExit()
        try Data("report ren".utf8).write(to: URL(fileURLWithPath: "\(out)/.report-renames-\(dead.processIdentifier)"))
        XCTAssertEqual(try CLI.run(CLI.binary, render).code, 0)
        XCTAssertEqual(try leftovers(dir), [], "a record cut short by a kill was kept")
        // A file written after that process started is left alone: it may be that process's.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: temp))
        XCTAssertEqual(try CLI.run(CLI.binary, render).code, 0)
        XCTAssertEqual(try leftovers(dir), [".timeline.png.tmp-\(pid)"])
    }
}
