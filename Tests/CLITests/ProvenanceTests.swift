import ReportTestSupport
import Foundation
import XCTest

/// A weekly brief's PDF records the rows each block used, not the whole data file: last
/// week's brief stays byte-identical (and `--check` passes) when next week's rows are added
/// to the file, and changes when a row it drew changes.
final class ProvenanceTests: XCTestCase {
    private let header = "date,actor,event_type,fatalities,source\n"
    /// The week of 6 to 12 March 2017, and a row of the week before.
    private let rows = """
    2017-03-02,IS,Battles,4,Reuters
    2017-03-06,SDF,Battles,3,SOHR
    2017-03-08,IS,Explosions,12,Reuters
    2017-03-08,SDF,Battles,1,SOHR
    2017-03-11,Syrian Army,Shelling,5,SANA

    """

    /// Blocks windowed on the week by their filters: a chart of fatalities per day, a
    /// timeline of actors (which reads no fatalities) and a figure summing them.
    private let spec = """
    {"report": 1, "title": "Raqqa, week of 6 March 2017", "as_of": "2017-03-12",
     "data": {"events": {"file": "data/events.csv"}},
     "sections": [
       {"id": "kpis", "type": "figures", "filter": {"date": {"from": "2017-03-06", "to": "2017-03-12"}},
        "items": [{"label": "killed", "value": {"data": "events", "sum": "fatalities"}}]},
       {"id": "daily", "type": "chart", "data": "events", "mark": "bar", "x": "date", "y": "fatalities", "aggregate": "sum",
        "filter": {"date": {"from": "2017-03-06", "to": "2017-03-12"}}},
       {"id": "who", "type": "timeline", "data": "events", "date": "date", "lane": "actor",
        "filter": {"date": {"from": "2017-03-06", "to": "2017-03-12"}}}],
     "outputs": [{"file": "out/week.pdf"}, {"file": "out/daily.pdf", "block": "daily"}]}
    """

    private func render(_ dir: String, _ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
        try CLI.run(CLI.binary, ["render", "week.json", "--fonts", CLI.root + "/Fonts"] + extra, cwd: dir,
                    environment: ["SOURCE_DATE_EPOCH": ""])
    }

    /// The PDF's bytes, checked by qpdf, and its keywords by block ("daily" → "rows daily 3 sha256:…").
    private func pdf(_ path: String) throws -> (bytes: Data, rows: [String: String]) {
        XCTAssertEqual(try CLI.run(XCTUnwrap(CLI.tool("qpdf")), ["--check", path]).code, 0, "qpdf --check \(path)")
        let info = try CLI.run(XCTUnwrap(CLI.tool("pdfinfo")), [path]).out
        let keywords = try XCTUnwrap(info.split(separator: "\n").first { $0.hasPrefix("Keywords:") })
            .dropFirst("Keywords:".count).trimmingCharacters(in: .whitespaces)
        var rows: [String: String] = [:]
        for entry in keywords.components(separatedBy: "; ") where entry.hasPrefix("rows ") {
            rows[String(entry.split(separator: " ")[1])] = entry
        }
        return (try XCTUnwrap(FileManager.default.contents(atPath: path)), rows)
    }

    func testAppendedRowsLeaveLastWeeksBriefUnchangedAndAnEditedRowChangesIt() throws {
        let dir = NSTemporaryDirectory() + "report-provenance-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/data/events.csv"
        try spec.write(toFile: dir + "/week.json", atomically: true, encoding: .utf8)
        try (header + rows).write(toFile: csv, atomically: true, encoding: .utf8)
        let first = try render(dir)
        XCTAssertEqual(first.code, 0, first.err)
        let week = try pdf(dir + "/out/week.pdf"), daily = try pdf(dir + "/out/daily.pdf")
        XCTAssertEqual(week.rows.keys.sorted(), ["daily", "kpis", "who"])
        XCTAssertTrue(week.rows["daily"]?.hasPrefix("rows daily 4 sha256:") == true, "\(week.rows)")
        XCTAssertTrue(week.rows["kpis"]?.hasPrefix("rows kpis 4 sha256:") == true, "\(week.rows)")
        // A PDF of one block records that block's rows alone.
        XCTAssertEqual(daily.rows, ["daily": week.rows["daily"]!])

        // Next week's rows appended, and a late report of February inserted at the top: rows
        // outside the window, with actors and sources the week does not have.
        try (header + "2017-02-27,YPG,Protests,0,ANHA\n" + rows + """
        2017-03-13,YPG,Battles,2,ANHA
        2017-03-15,IS,Explosions,30,Reuters
        2017-03-19,Turkey,Air strikes,6,Anadolu

        """).write(toFile: csv, atomically: true, encoding: .utf8)
        let check = try render(dir, ["--check"])
        XCTAssertEqual(check.code, 0, "last week's outputs are not stale: \(check.err)")
        XCTAssertEqual(try render(dir).code, 0)
        XCTAssertEqual(try pdf(dir + "/out/week.pdf").bytes, week.bytes, "appended rows changed last week's brief")
        XCTAssertEqual(try pdf(dir + "/out/daily.pdf").bytes, daily.bytes)

        // A row inside the window edited in a column the chart and the figure read, and the
        // timeline does not: 12 killed on 8 March becomes 13.
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        try text.replacingOccurrences(of: "2017-03-08,IS,Explosions,12,", with: "2017-03-08,IS,Explosions,13,")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let stale = try render(dir, ["--check"])
        XCTAssertEqual(stale.code, 3, stale.err)
        XCTAssertEqual(try render(dir).code, 0)
        let edited = try pdf(dir + "/out/week.pdf")
        XCTAssertNotEqual(edited.bytes, week.bytes)
        XCTAssertNotEqual(edited.rows["daily"], week.rows["daily"])
        XCTAssertNotEqual(edited.rows["kpis"], week.rows["kpis"])
        XCTAssertEqual(edited.rows["who"], week.rows["who"], "the timeline reads no fatalities")
        XCTAssertNotEqual(try pdf(dir + "/out/daily.pdf").bytes, daily.bytes)
    }
}
