import ReportTestSupport
import Foundation
import XCTest
import ReportScene
import ReportCore
@testable import ReportCairo

/// Golden PNGs of every chart mark and every troops and displacement view, drawn through
/// the whole pipeline (spec → data → model → layout → Cairo) with the fonts in Fonts/.
///
/// Each image was looked at when it was made. A difference of more than 1 per channel
/// fails and writes the actual image to a temporary folder; after an intended change,
/// regenerate with `UPDATE_GOLDEN=1 swift test --filter ChartGoldenTests` and look again.
final class ChartGoldenTests: XCTestCase {
    // MARK: chart marks

    func testLineWithTwoSeriesAndAnnotations() throws {
        try golden("chart-line", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "y": ["killed", "injured"],
         "title": "Casualties reported per week", "y_title": "Persons",
         "annotations": [{"date": "2017-03-06", "text": "SDF cuts the road"}, {"value": 90, "text": "monthly average"}]}
        """, rows: weekly { i in ["killed": [12, 30, 44, 25, 61, 80, 52, 40][i], "injured": [20, 41, 90, 70, 122, 150, 96, 64][i]] })
    }

    func testStepWithSeriesColumn() throws {
        var rows: [[String: Any]] = []
        for (i, d) in ["2017-01-01", "2017-01-20", "2017-02-11", "2017-03-02", "2017-03-25"].enumerated() {
            rows.append(["date": d, "side": "Checkpoints held by SDF", "n": [4, 7, 7, 12, 15][i], "source": "illustrative"])
            rows.append(["date": d, "side": "Checkpoints held by IS", "n": [18, 16, 12, 9, 5][i], "source": "illustrative"])
        }
        try golden("chart-step", block: """
        {"id": "b", "type": "chart", "mark": "step", "data": "d", "x": "date", "y": "n", "series": "side",
         "title": "Checkpoints around Raqqa", "y_title": "Checkpoints"}
        """, rows: rows)
    }

    func testCumulativeArea() throws {
        try golden("chart-area", block: """
        {"id": "b", "type": "chart", "mark": "area", "data": "d", "x": "date", "y": "families", "cumulative": true,
         "title": "Families registered at camps, cumulative"}
        """, rows: weekly { i in ["families": [120, 340, 210, 980, 1450, 800, 2300, 640][i], "source": "UNHCR (illustrative)"] })
    }

    func testStackedArea() throws {
        var rows: [[String: Any]] = []
        for (i, d) in ["2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06"].enumerated() {
            rows.append(["month": d, "camp": "Ain Issa", "persons": [2_000, 5_500, 9_000, 14_000, 21_000, 26_500][i]])
            rows.append(["month": d, "camp": "Mabrouka", "persons": [1_200, 1_800, 4_000, 6_500, 7_200, 9_800][i]])
        }
        try golden("chart-area-stacked", block: """
        {"id": "b", "type": "chart", "mark": "area", "stack": true, "data": "d", "x": "month", "y": "persons", "series": "camp",
         "title": "Camp population by camp"}
        """, rows: rows)
    }

    func testBarsByCategory() throws {
        let places = ["Raqqa city", "Tabqa", "Deir ez-Zor countryside", "Mayadin", "Hama (eastern rural areas)", "Manbij"]
        try golden("chart-bar", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "place", "y": "incidents", "title": "Incidents by place, March 2017"}
        """, rows: places.enumerated().map { ["place": $1, "incidents": [142, 38, 97, 61, 12, 25][$0], "source": "ACLED (illustrative)"] })
    }

    func testLongNamesLayBarsDown() throws {
        // Names too long for upright bars: the bars lie down and the names read normally.
        let places = ["Raqqa city (old town)", "Tabqa and the Euphrates dam", "Deir ez-Zor countryside", "Mayadin district",
                      "Hama (eastern rural areas)", "Manbij and surroundings", "Al-Bukamal crossing with Iraq", "Ain Issa camp",
                      "Suluk"]
        try golden("chart-bar-horizontal", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "place", "y": ["2016", "2017"], "y_title": "Incidents",
         "title": "Incidents by place, first quarter", "annotations": [{"value": 100, "text": "alert level"}]}
        """, rows: places.enumerated().map { i, p in ["place": p, "2016": [142, 38, 97, 61, 12, 25, 40, 8, 3][i], "2017": [120, 55, 130, 48, 30, 18, 72, 15, 0][i]] })
    }

    func testStackedBarsOverDates() throws {
        var rows: [[String: Any]] = []
        for (i, d) in ["2017-03-06", "2017-03-07", "2017-03-08", "2017-03-09", "2017-03-10", "2017-03-11", "2017-03-12"].enumerated() {
            rows.append(["date": d, "type": "Air strikes", "events": [5, 8, 6, 11, 14, 9, 7][i]])
            rows.append(["date": d, "type": "Shelling", "events": [3, 2, 6, 4, 5, 8, 3][i]])
            rows.append(["date": d, "type": "Clashes", "events": [1, 4, 2, 2, 6, 3, 5][i]])
        }
        try golden("chart-bar-stacked", block: """
        {"id": "b", "type": "chart", "mark": "bar", "stack": true, "data": "d", "x": "date", "y": "events", "series": "type",
         "title": "Events per day by type", "y_title": "Events"}
        """, rows: rows)
    }

    func testLogScale() throws {
        let values = [3.0, 14, 60, 240, 1_150, 4_800, 22_000, 61_000]
        try golden("chart-log", block: """
        {"id": "b", "type": "chart", "mark": "line", "log": true, "data": "d", "x": "date", "y": "displaced",
         "title": "Displaced persons (log scale)", "y_title": "Persons"}
        """, rows: weekly { ["displaced": values[$0]] })
    }

    func testBandsAndALoneWhisker() throws {
        // A lone ranged point (week 2) gets a whisker, runs of ranged points a band.
        let y = [40.0, 55, 48, 70, 92, 85, 110, 96]
        try golden("chart-band", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "y": "estimate", "y_low": "low", "y_high": "high",
         "title": "Estimated fighters in the old city", "y_title": "Fighters"}
        """, rows: weekly { i in
            var row: [String: Any] = ["estimate": y[i]]
            if i == 1 || i >= 4 { row["low"] = y[i] * 0.75; row["high"] = y[i] * 1.3 }
            return row
        })
    }

    func testBarsWithWhiskers() throws {
        let places = ["Raqqa", "Tabqa", "Mansoura", "Karama"]
        try golden("chart-bar-whisker", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "place", "y": "civilians", "y_low": "low", "y_high": "high",
         "title": "Civilians remaining (estimates)", "y_title": "Persons"}
        """, rows: places.enumerated().map { i, p in
            ["place": p, "civilians": [45_000, 12_000, 6_500, 3_000][i], "low": [30_000, 9_000, 5_000, 2_000][i], "high": [60_000, 15_000, 8_000, 4_500][i]]
        })
    }

    func testCompactNumbersInANarrowChart() throws {
        try golden("chart-compact", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "y": "persons", "title": "Displaced in Syria",
         "y_title": "Persons"}
        """, rows: [["date": "2016-01", "persons": 6_500_000], ["date": "2016-07", "persons": 6_300_000], ["date": "2017-01", "persons": 6_100_000],
                    ["date": "2017-07", "persons": 6_150_000]], width: 300, height: 200)
    }

    func testNumericXAxis() throws {
        try golden("chart-number-x", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "distance_km", "y": "strikes",
         "title": "Strikes by distance from the city centre"}
        """, rows: (0..<9).map { ["distance_km": $0 * 5, "strikes": [88, 74, 51, 40, 22, 18, 9, 6, 2][$0]] })
    }

    // MARK: troops

    func testTroopsTwoForcesWithBands() throws {
        try golden("troops", block: """
        {"id": "b", "type": "troops", "data": "d", "date": "date", "force": "force", "count": "count", "change": "change",
         "count_low": "low", "count_high": "high", "title": "Foreign troop levels in Syria",
         "annotations": [{"date": "2017-03-09", "text": "+400 US troops"}]}
        """, rows: [
            ["date": "2016-10-01", "force": "US troops in Syria", "count": 300, "low": 250, "high": 300, "source": "illustrative"],
            ["date": "2016-12-10", "force": "US troops in Syria", "change": "+200", "low": 450, "high": 550, "source": "illustrative"],
            ["date": "2017-03-09", "force": "US troops in Syria", "change": "+400", "low": 850, "high": 950, "source": "The New Arab"],
            ["date": "2016-10-15", "force": "French troops in Syria", "count": 150, "source": "illustrative"],
            ["date": "~2017-01-20", "force": "French troops in Syria", "change": "+50", "source": "illustrative"],
            ["date": "2017-02-25", "force": "French troops in Syria", "count": 250, "low": 200, "high": 300, "source": "illustrative"],
        ], asOf: "2017-03-12")
    }

    // MARK: displacement

    private let flows: [[String: Any]] = [
        ["date": "2017-03-10", "from": "Raqqa", "to": "Deir ez-Zor", "families": 180, "source": "SOHR"],
        ["date": "2017-03-10", "from": "Raqqa", "to": "Hama", "families": 120, "source": "SOHR"],
        ["date": "2017-03-11", "from": "Tabqa", "to": "Hama", "families": 40, "source": "illustrative"],
        ["date": "2017-03-11", "from": "Deir ez-Zor", "to": "Mayadin", "families": 60, "source": "illustrative"],
        ["date": "2017-03-12", "from": "Deir ez-Zor", "to": "Al-Bukamal", "families": 25, "source": "illustrative"],
        ["date": "2017-03-12", "from": "Raqqa", "to": "Deir ez-Zor", "families": 35, "source": "illustrative"],
    ]

    func testSankeyWithAMiddleColumn() throws {
        try golden("displacement-flow", block: """
        {"id": "b", "type": "displacement", "data": "d", "date": "date", "from": "from", "to": "to", "value": "families",
         "unit": "families", "persons_per_family": 5, "view": "flow", "title": "Families displaced, 10–12 March 2017"}
        """, rows: flows)
    }

    func testDisplacementBars() throws {
        try golden("displacement-bars", block: """
        {"id": "b", "type": "displacement", "data": "d", "date": "date", "from": "from", "to": "to", "value": "families",
         "unit": "families", "persons_per_family": 5, "view": "bars", "title": "Arrivals by destination"}
        """, rows: flows)
    }

    func testDisplacementTimeline() throws {
        try golden("displacement-timeline", block: """
        {"id": "b", "type": "displacement", "data": "d", "date": "date", "from": "from", "to": "to", "value": "families",
         "unit": "families", "persons_per_family": 5, "view": "timeline", "title": "Arrivals over time, cumulative"}
        """, rows: flows, asOf: "2017-03-14")
    }

    // MARK: Support

    /// Made once for all the images: setting up fonts takes about a second each time.
    // MARK: transforms over raw rows

    /// 600 raw events from 2 January to 30 April 2017 (deterministic): a date, an event
    /// type, an actor and fatalities (mostly few, now and then many), as an event log has.
    private func rawEvents() -> [[String: Any]] {
        var random = SeededRandom(seed: 2017)
        let types = ["Battles", "Battles", "Battles", "Explosions/Remote violence", "Explosions/Remote violence",
                     "Violence against civilians", "Strategic developments"]
        let actors = ["SDF", "SDF", "Islamic State", "Islamic State", "Islamic State", "Syrian Army", "US-led coalition",
                      "Turkish-backed rebels", "Russia", "Civilians"]
        let start = CivilDate(year: 2017, month: 1, day: 2)!.dayNumber
        return (0..<600).map { i in
            // Activity peaks in early March, as around Raqqa (the mean of two uniform days).
            let day = start + (random.next(below: 119) + random.next(below: 119)) / 2
            // Most events kill few or none; now and then one kills many.
            var fatalities = 0
            while random.next(below: 100) < 62 { fatalities += 1 }
            if random.next(below: 40) == 0 { fatalities += 20 + random.next(below: 30) }
            return ["date": CivilDate(dayNumber: day).isoString, "event_type": types[random.next(below: types.count)],
                    "actor": actors[random.next(below: actors.count)], "fatalities": fatalities, "source": "illustrative"]
        }
    }

    func testEventsPerWeekByTypeAsStackedBars() throws {
        try golden("transform-weekly-stacked", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "date", "time_unit": "week", "aggregate": "count",
         "series": "event_type", "stack": true, "title": "Events per week by type", "y_title": "Events per week"}
        """, rows: rawEvents())
    }

    func testHistogramOfFatalities() throws {
        try golden("transform-histogram", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "fatalities", "bin": {"step": 2}, "aggregate": "count",
         "title": "Events by fatalities reported", "y_title": "Events"}
        """, rows: rawEvents())
    }

    func testNormalisedStackedAreaOnAPercentAxis() throws {
        try golden("transform-normalized-area", block: """
        {"id": "b", "type": "chart", "mark": "area", "data": "d", "x": "date", "time_unit": "week", "aggregate": "count",
         "series": "event_type", "stack": "normalize", "title": "Share of events by type, per week"}
        """, rows: rawEvents())
    }

    func testTopActorsWithTheRestAsOther() throws {
        try golden("transform-top-other", block: """
        {"id": "b", "type": "chart", "mark": "bar", "data": "d", "x": "date", "time_unit": "month", "aggregate": {"sum": "fatalities"},
         "series": "actor", "top": 3, "stack": true, "title": "Fatalities per month, three deadliest actors"}
        """, rows: rawEvents())
    }

    func testLineWithAValueAxisFittedToTheData() throws {
        let levels = [212, 218, 215, 224, 231, 229, 236, 244]
        try golden("transform-zero-false", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "y": "price", "zero": false,
         "title": "Bread price in Raqqa market (SYP per bundle)", "y_title": "SYP"}
        """, rows: weekly { ["price": levels[$0], "source": "WFP (illustrative)"] })
    }

    func testWeeklyMeanWithAStandardDeviationBand() throws {
        try golden("transform-mean-stdev", block: """
        {"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "time_unit": "week", "aggregate": {"mean": "fatalities"},
         "band": "stdev", "title": "Fatalities per event, weekly mean ± one standard deviation"}
        """, rows: rawEvents())
    }

    /// Eight weekly rows from 6 February 2017, with the columns `make` gives.
    private func weekly(_ make: (Int) -> [String: Any]) -> [[String: Any]] {
        let dates = ["2017-02-06", "2017-02-13", "2017-02-20", "2017-02-27", "2017-03-06", "2017-03-13", "2017-03-20", "2017-03-27"]
        return dates.enumerated().map { i, d in make(i).merging(["date": d]) { a, _ in a } }
    }

    /// Renders block `b` of a one-block spec over inline `rows` at 560 × 300 points (unless
    /// told otherwise), scale 2,
    /// and compares it with `Golden/NAME.png`.
    private func golden(_ name: String, block: String, rows: [[String: Any]], asOf: String? = nil, width: Double = 560, height: Double = 300,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let values = String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self)
        let spec = """
        {"report": 1, \(asOf.map { "\"as_of\": \"\($0)\"," } ?? "")
         "data": {"d": {"values": \(values)}}, "sections": [\(block)]}
        """
        let dir = NSTemporaryDirectory() + "report-chart-golden-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try compareBlockWithGolden(name, spec: spec, in: dir, width: width, height: height, file: file, line: line)
    }
}

/// Made once for all the golden images: setting up fonts takes about a second each time.
nonisolated(unsafe) private let goldenTools: (PangoTextMeasurer, CairoRenderer)? = {
    guard let fonts = try? projectFonts(), let m = try? PangoTextMeasurer(fonts: fonts), let r = try? CairoRenderer(fonts: fonts) else { return nil }
    return (m, r)
}()

/// Writes `spec` to `dir/NAME.json`, lays out its block `b` alone at `width` × `height` points,
/// draws it at scale 2 and compares it with `Golden/NAME.png` (`compareWithGolden`).
func compareBlockWithGolden(_ name: String, spec: String, in dir: String, width: Double, height: Double,
                            file: StaticString = #filePath, line: UInt = #line) throws {
    let specPath = dir + "/\(name).json"
    try Data(spec.utf8).write(to: URL(fileURLWithPath: specPath))
    let loaded: ReportLoader.Loaded
    do { loaded = try ReportLoader().load(specPath) } catch {
        return XCTFail("spec did not load:\n\(error)", file: file, line: line)
    }
    let (measurer, renderer) = try XCTUnwrap(goldenTools, "the fonts in Fonts/ did not load")
    let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: "Noto Sans"),
                            colors: ColorMap(theme: loaded.spec.theme), specFile: specPath, asOfDay: loaded.spec.asOf?.start)
    let layout = ReportLayout(spec: loaded.spec, blocks: loaded.blocks, context: ctx, toolName: "test")
    let (page, diagnostics) = try XCTUnwrap(layout.layOutBlock("b", width: width, height: height), file: file, line: line)
    XCTAssertEqual(diagnostics.map(\.description), [], file: file, line: line)
    let bytes = try renderer.png(page, scale: 2)
    try compareWithGolden(bytes, name: name, file: file, line: line)
}

/// Compares PNG bytes with `Tests/ReportCairoTests/Golden/NAME.png`: same size, every channel
/// within 1. `UPDATE_GOLDEN=1` (or a missing golden) writes the image instead; a mismatch
/// writes the actual image to a temporary folder and names it in the failure.
func compareWithGolden(_ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let goldenPath = Fixtures.root + "/Tests/ReportCairoTests/Golden/\(name).png"
    let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    if update || !FileManager.default.fileExists(atPath: goldenPath) {
        try Data(bytes).write(to: URL(fileURLWithPath: goldenPath))
        if !update { XCTFail("golden image was missing; wrote \(goldenPath) (look at it before committing)", file: file, line: line) }
        return
    }
    let actual = try decodePNG(bytes)
    let golden = try decodePNG([UInt8](Data(contentsOf: URL(fileURLWithPath: goldenPath))))
    var worst = 0
    if actual.width == golden.width, actual.height == golden.height {
        // Byte-identical is the usual case: one memcmp instead of a slow debug-build loop.
        let identical = actual.pixels.count == golden.pixels.count && actual.pixels.withUnsafeBytes { a in
            golden.pixels.withUnsafeBytes { g in memcmp(a.baseAddress!, g.baseAddress!, a.count) == 0 }
        }
        if !identical {
            for (a, g) in zip(actual.pixels, golden.pixels) { worst = max(worst, abs(Int(a) - Int(g))) }
        }
    }
    if actual.width != golden.width || actual.height != golden.height || worst > 1 {
        let dir = NSTemporaryDirectory() + "report-golden-actual"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = dir + "/\(name).png"
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        XCTFail("\(name): differs from the golden image (\(actual.width)×\(actual.height) vs \(golden.width)×\(golden.height), up to \(worst) per channel); actual written to \(out)",
                file: file, line: line)
    }
}
