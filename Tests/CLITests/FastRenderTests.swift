import ReportTestSupport
import Foundation
import XCTest

/// `report render` with plain arguments is read without ArgumentParser (`FastRender.swift`);
/// everything else goes through it. Both ways must do exactly the same thing.
final class FastRenderTests: XCTestCase {
    private var dirs: [String] = []

    override func tearDown() {
        for dir in dirs { try? FileManager.default.removeItem(atPath: dir) }
        dirs = []
    }

    private func example() throws -> String {
        let dir = try CLI.copyExample()
        dirs.append(dir)
        return dir
    }

    /// Every output file under `dir/out` with its bytes.
    private func outputs(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/out") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + name))
        }
        return files
    }

    /// The same render spelt the plain way (read by the fast path) and with `--name=value`
    /// and the spec last (read by ArgumentParser): the same code, messages and bytes.
    func testPlainAndArgumentParserSpellingsRenderTheSame() throws {
        let fonts = CLI.root + "/Fonts"
        let plain = try example(), parsed = try example()
        let a = try CLI.run(CLI.binary, ["render", plain + "/report.json", "--fonts", fonts, "--jobs", "1", "--json"])
        let b = try CLI.run(CLI.binary, ["render", "--fonts=" + fonts, "--jobs=1", "--json", parsed + "/report.json"])
        XCTAssertEqual(a.code, 0, a.err)
        XCTAssertEqual(b.code, a.code)
        XCTAssertEqual(a.err, b.err)
        XCTAssertEqual(a.out.replacingOccurrences(of: plain, with: "DIR"), b.out.replacingOccurrences(of: parsed, with: "DIR"))
        let files = try outputs(plain)
        XCTAssertFalse(files.isEmpty)
        XCTAssertEqual(files, try outputs(parsed))
    }

    /// Arguments the fast path does not take are ArgumentParser's to refuse, with its exit
    /// code 2 and message: values `Render` refuses, repeated or unknown options, a missing
    /// value, no spec.
    func testRefusedArgumentsStillGetArgumentParsersAnswer() throws {
        let spec = try example() + "/report.json"
        let cases: [(args: [String], message: String)] = [
            (["render", spec, "--jobs", "0"], "--jobs must be at least 1"),
            (["render", spec, "--jobs", "two"], "--jobs"),
            (["render", spec, "--set", "week"], "--set week: expected NAME=VALUE"),
            (["render", spec, "--only", ","], "--only needs at least one output id"),
            (["render", spec, "--shard", "3/2"], "--shard"),
            (["render", spec, "--root"], "--root"),
            (["render", spec, "--no-such-option"], "--no-such-option"),
            (["render"], "SPEC"),
        ]
        for (args, message) in cases {
            let result = try CLI.run(CLI.binary, args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.err)")
            XCTAssertTrue(result.err.contains(message), "\(args): \(result.err)")
        }
        let help = try CLI.run(CLI.binary, ["render", spec, "--help"])
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue(help.out.contains("USAGE: report render"), help.out)
    }
}
