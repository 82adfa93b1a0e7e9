import ReportTestSupport
import Foundation
import XCTest

/// `report validate` is `report render` without the encoding: for every spec, broken or
/// not, both exit with the same code and print the same diagnostics.
final class ValidateRenderParityTests: XCTestCase {
    /// What a command printed that is a diagnostic (or the error count), not a progress line.
    private func diagnostics(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("wrote ") && !$0.hasSuffix(" outputs)") }
    }

    /// Runs both commands on `spec` (relative to `cwd`) and compares them.
    private func assertSame(_ spec: String, cwd: String, extra: [String] = [], _ name: String) throws -> Int32 {
        let args = [spec, "--fonts", Fixtures.fonts] + extra
        let validate = try CLI.run(CLI.binary, ["validate"] + args, cwd: cwd)
        let render = try CLI.run(CLI.binary, ["render"] + args, cwd: cwd)
        XCTAssertEqual(validate.code, render.code, "\(name): validate exits \(validate.code), render \(render.code)\n\(validate.err)\n---\n\(render.err)")
        XCTAssertEqual(diagnostics(validate.err), diagnostics(render.err), "\(name): the two commands report differently")
        return render.code
    }

    func testEveryCorpusSpecAndExampleGivesTheSameExitCodeAndDiagnostics() throws {
        // A copy, links and all, because render writes the outputs of the specs that work.
        let copy = NSTemporaryDirectory() + "report-parity-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        XCTAssertEqual(try CLI.run("/bin/cp", ["-a", Fixtures.diagnosticCases, copy + "/cases"]).code, 0)
        let cases = try FileManager.default.contentsOfDirectory(atPath: copy + "/cases").filter { !$0.hasPrefix("_") }.sorted()
        var codes: [String: Int32] = [:]
        for name in cases {
            let dir = "\(copy)/cases/\(name)"
            guard let spec = try FileManager.default.contentsOfDirectory(atPath: dir)
                .filter({ ["spec.json", "spec.yaml", "spec.yml"].contains($0) }).sorted().first else { continue }
            var extra: [String] = []
            if let root = try? String(contentsOfFile: "\(dir)/root", encoding: .utf8) {
                extra = ["--root", "\(dir)/\(root.trimmingCharacters(in: .whitespacesAndNewlines))"]
            }
            codes[name] = try assertSame(spec, cwd: dir, extra: extra, name)
        }
        XCTAssertGreaterThanOrEqual(codes.count, 70)
        // The two that once passed validate and failed render: a theme font the fonts folder
        // lacks, and text in a script no font covers (found only by laying the text out).
        XCTAssertEqual(codes["theme-font-not-in-fonts"], 1)
        XCTAssertEqual(codes["script-no-font-covers"], 1)
        XCTAssertEqual(codes["valid-spec-loads-cleanly"], 0)

        let example = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: example) }
        XCTAssertEqual(try assertSame("report.json", cwd: example, "Reports/raqqa-2017"), 0)
        XCTAssertEqual(try CLI.run(CLI.binary, ["init", copy + "/starter"]).code, 0)
        XCTAssertEqual(try assertSame("report.json", cwd: copy + "/starter", "report init"), 0)
    }

    /// Fonts are needed from layout on: without them a broken spec still gets its located
    /// problems (exit 1) from both commands, and a sound one stops with exit 4.
    func testABrokenSpecIsReportedEvenWithoutFonts() throws {
        let dir = NSTemporaryDirectory() + "report-nofonts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"report": 1, "sections": [{"type": "txt"}]}"#.write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        try #"{"report": 1, "sections": [{"type": "text", "text": "fine"}]}"#.write(toFile: dir + "/sound.json", atomically: true, encoding: .utf8)
        for command in ["validate", "render"] {
            let broken = try CLI.run(CLI.binary, [command, "broken.json", "--fonts", dir + "/no-fonts-here"], cwd: dir)
            XCTAssertEqual(broken.code, 1, "\(command): \(broken.err)")
            XCTAssertTrue(broken.err.contains("broken.json:1:37: error:"), "\(command): \(broken.err)")
            let sound = try CLI.run(CLI.binary, [command, "sound.json", "--fonts", dir + "/no-fonts-here"], cwd: dir)
            XCTAssertEqual(sound.code, 4, "\(command): \(sound.err)")
            XCTAssertTrue(sound.err.contains("no-fonts-here"), "\(command): \(sound.err)")
            // Both specs at once: the broken one's problems are not lost behind the I/O failure.
            let both = try CLI.run(CLI.binary, [command, "broken.json", "sound.json", "--fonts", dir + "/no-fonts-here"], cwd: dir)
            XCTAssertNotEqual(both.code, 0)
            if command == "validate" { XCTAssertTrue(both.err.contains("broken.json:1:37: error:"), both.err) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/sound.pdf"))
    }
}
