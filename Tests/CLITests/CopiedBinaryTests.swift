import ReportTestSupport
import Foundation
import XCTest

/// A `report` copied out of the build, alone, renders with its built-in fonts: the path a
/// user takes with `cp .build/release/report /usr/local/bin/`.
final class CopiedBinaryTests: XCTestCase {
    func testACopiedBinaryInitsAndRendersOutsideTheRepository() throws {
        let dir = NSTemporaryDirectory() + "report-copied-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        let binary = dir + "/bin/report"
        try FileManager.default.copyItem(atPath: CLI.binary, toPath: binary)
        // No Fonts/ anywhere near the binary, no REPORT_FONTS, a home of its own.
        let environment = ["HOME": dir + "/home", "REPORT_FONTS": "", "XDG_CACHE_HOME": ""]
        let initResult = try CLI.run(binary, ["init", "brief"], cwd: dir, environment: environment)
        XCTAssertEqual(initResult.code, 0, initResult.err)
        let render = try CLI.run(binary, ["render", "report.json"], cwd: dir + "/brief", environment: environment)
        XCTAssertEqual(render.code, 0, render.err)
        let pdf = dir + "/brief/out/brief.pdf"
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/home/.cache/report"), "the fonts were written under HOME")
        // The same bytes as the build run from the repository with Fonts/ given explicitly.
        let reference = try CLI.run(CLI.binary, ["render", "report.json", "--fonts", CLI.root + "/Fonts", "--out-dir", dir + "/ref"], cwd: dir + "/brief")
        XCTAssertEqual(reference.code, 0, reference.err)
        XCTAssertEqual(FileManager.default.contents(atPath: pdf), FileManager.default.contents(atPath: dir + "/ref/out/brief.pdf"))
    }
}
