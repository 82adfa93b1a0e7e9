import Foundation
import ReportKit
import ReportTestSupport
import XCTest

/// A compile lists the files it read (`CompiledReport.inputFiles`, `CompileOptions.readLog`):
/// what `report watch` watches. Only what was read counts, missing files included; outputs
/// and fonts never do.
final class InputFilesTests: XCTestCase {
    private func world(_ spec: String, files: [String: String] = [:]) -> MemoryWorld {
        var world = MemoryWorld(workingDirectory: "/w", fontsDirectory: Fixtures.fonts)
        world.add("brief.json", text: spec)
        for (path, text) in files { world.add(path, text: text) }
        return world
    }

    private func logging(_ log: ReadLog) -> CompileOptions {
        var options = CompileOptions()
        options.readLog = log
        return options
    }

    private let spec = """
    { "report": 1, "title": "T",
      "data": { "events": { "file": "data/events.csv" }, "inline": { "values": [{ "n": 1 }] } },
      "sections": [ { "type": "table", "data": "events" }, { "type": "table", "data": "inline" } ],
      "outputs": [ { "file": "out/brief.pdf" } ] }
    """

    func testASuccessfulCompileListsTheSpecAndItsDataFilesNotItsOutputs() throws {
        let world = world(spec, files: ["data/events.csv": "date,actor\n2017-03-01,SDF\n", "data/unused.csv": "a\n1\n"])
        let log = ReadLog()
        let report = try ReportCompiler(world: world).compile("brief.json", options: logging(log))
        XCTAssertEqual(report.inputFiles, ["/w/brief.json", "/w/data/events.csv"])
        XCTAssertEqual(Set(log.paths), ["/w/brief.json", "/w/data/events.csv", "/w/out/brief.pdf"], "the log has what was looked at")
        // Validating reads the same files.
        let validated = try ReportCompiler(world: world).compile("brief.json", options: CompileOptions(encode: false))
        XCTAssertEqual(validated.inputFiles, report.inputFiles)
    }

    func testAFailedCompileStillLogsWhatItReadAndTheFilesItDidNotFind() {
        let log = ReadLog()
        XCTAssertThrowsError(try ReportCompiler(world: world(spec)).compile("brief.json", options: logging(log)))
        XCTAssertTrue(log.paths.starts(with: ["/w/brief.json", "/w/data/events.csv"]), "\(log.paths)")
    }

    func testASpecThatDoesNotParseLogsItself() {
        let log = ReadLog()
        XCTAssertThrowsError(try ReportCompiler(world: world("{ \"report\": ")).compile("brief.json", options: logging(log)))
        XCTAssertEqual(log.paths, ["/w/brief.json"])
    }
}
