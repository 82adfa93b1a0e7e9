import Foundation
import ReportTestSupport
import XCTest

/// The example report is a template: `report.json` renders any week through `--set`, and
/// `weekly.json` (which extends it) renders one brief per place of its matrix.
final class TemplateExampleTests: XCTestCase {
    private var example: String { CLI.root + "/Reports/raqqa-2017" }

    private func render(_ args: [String], cwd: String? = nil, input: [UInt8]? = nil) throws -> (out: String, dir: String) {
        let dir = NSTemporaryDirectory() + "report-template-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render"] + args + ["--out-dir", dir, "--fonts", CLI.root + "/Fonts"], cwd: cwd,
                                 environment: ["SOURCE_DATE_EPOCH": ""], input: input)
        XCTAssertEqual(result.code, 0, result.err)
        return (result.err, dir)
    }

    private func pdfs(in dir: String) throws -> [String] {
        let folder = dir + "/out/weekly"
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { "\(folder)/\($0)" }
    }

    private func text(_ pdf: String) throws -> String {
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", pdf]).code, 0, "qpdf --check \(pdf)")
        return try CLI.run(XCTUnwrap(CLI.tool("pdftotext")), [pdf, "-"]).out
    }

    private func title(_ pdf: String) throws -> String? {
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [pdf]).out
        return info.split(separator: "\n").first { $0.hasPrefix("Title:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) }
    }

    func testTheReportRendersAnyWeekThroughSet() throws {
        let (_, dir) = try render([example + "/report.json", "--set", "week=2017-02-27", "--only", "out/raqqa-brief.pdf"])
        let text = try text(dir + "/out/raqqa-brief.pdf")
        XCTAssertTrue(text.contains("Raqqa: events in the week of 27 February 2017"), text)
        XCTAssertTrue(text.contains("As of 5 Mar 2017"), "as_of is {{week + 6d}}")
        XCTAssertTrue(text.contains("dated 2017-02-27 to 2017-03-05"))
        XCTAssertFalse(text.contains("the week of 6 March 2017"), "the default week is replaced everywhere")
    }

    func testTheWeeklyMatrixWritesOneBriefPerPlace() throws {
        let (out, dir) = try render([example + "/weekly.json"])
        let files = try pdfs(in: dir)
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["Ain Issa-2017-03-06.pdf", "Raqqa-2017-03-06.pdf", "Tabqa-2017-03-06.pdf"])
        XCTAssertEqual(out.split(separator: "\n").filter { $0.hasPrefix("wrote ") }.count, 3, out)
        for (file, place) in zip(files, ["Ain Issa", "Raqqa", "Tabqa"]) {
            XCTAssertEqual(try title(file), "\(place): the week of 6 March 2017")
            let text = try text(file)
            XCTAssertTrue(text.contains("Events at \(place), 6 March to 12 March 2017"), text)
            XCTAssertTrue(text.contains("The week of Monday 6 March 2017 at \(place)"), "the text file's placeholders")
        }
        // Tabqa's week: exactly the three rows of data/event-log.csv at Tabqa, 6–12 March 2017.
        let tabqa = try text(files[2])
        XCTAssertEqual(["07 March 2017", "09 March 2017", "11 March 2017"].filter { tabqa.contains($0) }.count, 3)
        XCTAssertFalse(tabqa.contains("08 March 2017"), "a row of another place")
    }

    func testAShardRendersItsShareAndSetTakesAPlaceOutOfTheMatrix() throws {
        let (_, second) = try render([example + "/weekly.json", "--shard", "2/3"])
        XCTAssertEqual(try pdfs(in: second).map { ($0 as NSString).lastPathComponent }, ["Tabqa-2017-03-06.pdf"])
        let (_, one) = try render([example + "/weekly.json", "--set", "place=Suluk", "--set", "week=2017-02-27"])
        XCTAssertEqual(try pdfs(in: one).map { ($0 as NSString).lastPathComponent }, ["Suluk-2017-02-27.pdf"])
        let (_, weeks) = try render([example + "/weekly.json", "--matrix", "week=2017-02-27,2017-03-06", "--set", "place=Raqqa"])
        XCTAssertEqual(try pdfs(in: weeks).map { ($0 as NSString).lastPathComponent }, ["Raqqa-2017-02-27.pdf", "Raqqa-2017-03-06.pdf"])

        let bad = try CLI.run(CLI.binary, ["render", example + "/weekly.json", "--shard", "4/3"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.err.contains("--shard 4/3: K must be between 1 and 3"), bad.err)
    }

    func testASpecFromStandardInput() throws {
        let spec = try [UInt8](Data(contentsOf: URL(fileURLWithPath: example + "/weekly.json")))
        let (_, dir) = try render(["-", "--set", "place=Raqqa"], cwd: example, input: spec)
        XCTAssertEqual(try pdfs(in: dir).map { ($0 as NSString).lastPathComponent }, ["Raqqa-2017-03-06.pdf"])

        let broken = try CLI.run(CLI.binary, ["validate", "-"], cwd: example, input: Array("{\"report\": 1, \"sections\": [{\"type\": \"txet\"}]}".utf8))
        XCTAssertEqual(broken.code, 1)
        XCTAssertTrue(broken.err.contains("<stdin>:1:37: error: \"type\" must be one of") && broken.err.contains("(did you mean \"text\"?)"), broken.err)
    }
}
