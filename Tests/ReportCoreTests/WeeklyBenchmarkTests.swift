import Foundation
import ReportTestSupport
import XCTest
@testable import ReportCore
@testable import ReportKit

/// The benchmark's weekly chart ("events per week by event type", Benchmarks/bench.py)
/// counts what DuckDB, pandas and a plain standard-library count of the same file count.
///
/// The fixed numbers below were computed from `events_10k.csv` of Benchmarks/gen_data.py
/// by Benchmarks/weekly_duckdb.py (DuckDB's `GROUP BY`), Benchmarks/weekly_pandas.py
/// (pandas) and bench.py's `independent_count` (Python's csv module), which all printed
/// `rows 10000 groups 1596 digest 561c846e380f8792`: the digest is the first 16 hex digits
/// of the sha256 of the sorted `YYYY-MM-DD,type,count` lines (the week's Monday, the
/// groups with rows). Generating the file needs python3; without it the test says so.
final class WeeklyBenchmarkTests: XCTestCase {
    func testWeeklyCountsByTypeMatchDuckDBAndPandasOnTheBenchmarkFile() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let python = path.split(separator: ":").map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("python3 is absent: Benchmarks/gen_data.py cannot write the benchmark file")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weekly-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: python)
        generate.arguments = [repo.appendingPathComponent("Benchmarks/gen_data.py").path, dir.path, "--sizes", "10k"]
        try generate.run()
        generate.waitUntilExit()
        XCTAssertEqual(generate.terminationStatus, 0)
        let csv = try Data(contentsOf: dir.appendingPathComponent("events_10k.csv"))

        // The block bench.py writes.
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("events.csv", text: String(decoding: csv, as: UTF8.self))
        world.add("report.json", text: """
        {"report": 1, "data": {"events": {"file": "events.csv"}},
         "sections": [{"id": "weekly", "type": "chart", "data": "events", "title": "Events per week by event type",
                       "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "event_type", "stack": true}]}
        """)
        let loaded = try ReportLoader(world: world).load("report.json")
        let model = try XCTUnwrap(loaded.blocks.first?.content.model(ChartBlock.self))
        var lines: [String] = []
        var rows = 0.0
        for series in model.series {
            for point in series.points where point.y > 0 {
                // A bar's x is its week's Monday, as a day number.
                let monday = CivilDate(dayNumber: Int(point.x))
                XCTAssertEqual(monday.weekday, CivilDate(year: 2017, month: 3, day: 6)!.weekday)
                lines.append(String(format: "%04d-%02d-%02d", monday.year, monday.month, monday.day) + ",\(series.name),\(Int(point.y))")
                rows += point.y
            }
        }
        lines.sort()
        let digest = String(sha256Hex(Array(lines.joined(separator: "\n").utf8)).prefix(16))
        XCTAssertEqual("rows \(Int(rows)) groups \(lines.count) digest \(digest)", "rows 10000 groups 1596 digest 561c846e380f8792")
        XCTAssertEqual(model.series.map(\.name).sorted(), ["Battles", "Explosions/Remote violence", "Protests", "Riots",
                                                          "Strategic developments", "Violence against civilians"])
    }
}
