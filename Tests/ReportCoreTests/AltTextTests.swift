import ReportTestSupport
import XCTest
@testable import ReportCore

/// The alternative text of each block type (`PreparedBlock.altText`, issue 16), checked
/// against numbers worked out by hand from each spec's rows (in the comments); the `alt`
/// key over it; and `lang`.
final class AltTextTests: XCTestCase {
    /// The alt text of each block of `sections`, reading the rows of `data`.
    private func altTexts(data: String = "{}", _ sections: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String?] {
        let (_, blocks, problems) = try InlineSpec.prepare(#"{"report": 1, "data": \#(data), "sections": \#(sections)}"#)
        XCTAssertEqual(problems.filter { $0.severity == .error }.map(\.description), [], file: file, line: line)
        return blocks.map(\.altText)
    }

    // MARK: Charts

    func testALineChartSaysItsCourseWithEachDateAsPreciselyAsItWasWritten() throws {
        // 300 in the month 2016-10, 500 on 10 December, 900 on 9 March: it rose, ending at its peak.
        let data = #"{"t": {"values": [{"date": "2016-10", "n": 300}, {"date": "2016-12-10", "n": 500}, {"date": "2017-03-09", "n": 900}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "t", "x": "date", "y": "n", "y_title": "US troops in Syria"}]"#),
                       ["Line chart: US troops in Syria rose from 300 in October 2016 to a peak of 900 on 9 March 2017."])
    }

    func testALineChartNamesItsPeakAndLowWhereTheyAreNotAtTheEnds() throws {
        // 5, 12, 2, 8 on 1, 3, 5 and 9 March: from 5 to 8; the peak (12) and the low (2) lie between.
        let data = #"{"e": {"values": [{"date": "2017-03-01", "fatalities": 5}, {"date": "2017-03-03", "fatalities": 12}, {"date": "2017-03-05", "fatalities": 2}, {"date": "2017-03-09", "fatalities": 8}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "x": "date", "y": "fatalities"}]"#),
                       ["Line chart: Fatalities rose from 5 on 1 March 2017 to 8 on 9 March 2017; peak 12 on 3 March 2017; lowest 2 on 5 March 2017."])
    }

    func testStackedWeeklyCountsSayTheLargestSeriesAndTheTotalsCourse() throws {
        // ISO weeks: 1–3 March fall in the week of Monday 27 February (SDF 2, IS 1: 3 in all),
        // 6 March in the week of 6 March (SDF 1), 14–16 March in the week of 13 March (IS 3).
        // SDF 3 rows in all, IS 4: IS is the largest. The total is 3, 1, 3: the same at both
        // ends, lowest in the week of 6 March.
        let rows = [("2017-03-01", "SDF"), ("2017-03-02", "SDF"), ("2017-03-03", "IS"), ("2017-03-06", "SDF"),
                    ("2017-03-14", "IS"), ("2017-03-15", "IS"), ("2017-03-16", "IS")]
        let data = #"{"e": {"values": ["# + rows.map { #"{"date": "\#($0.0)", "actor": "\#($0.1)"}"# }.joined(separator: ", ") + "]}}"
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "actor", "stack": true}]"#),
                       ["Stacked bar chart: Rows per week in the weeks of 27 February to 13 March 2017, in 2 series: SDF and IS. Largest: IS, 4 in all. "
                        + "Total was 3 in the week of 27 February and again in the week of 13 March; lowest 1 in the week of 6 March."])
    }

    func testBarsOverCategoriesSayTheirHighestAndLowest() throws {
        // Fatalities by actor: SDF 40, IS 3, YPG 12.
        let data = #"{"e": {"values": [{"actor": "SDF", "fatalities": 40}, {"actor": "IS", "fatalities": 3}, {"actor": "YPG", "fatalities": 12}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "mark": "bar", "x": "actor", "y": "fatalities"}]"#),
                       ["Bar chart: Fatalities for 3 categories of actor: highest 40 for SDF, lowest 3 for IS."])
    }

    func testAHistogramSaysItsBins() throws {
        // Bins of 5 from 0: 1, 2 and 3 in 0–5 (3 rows), 7 in 5–10 (1), 12 in 10–15 (1).
        let data = #"{"e": {"values": [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 7}, {"n": 12}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "mark": "bar", "x": "n", "bin": {"step": 5}, "aggregate": "count"}]"#),
                       ["Histogram: Rows per bin against n from 0 to 15: highest 3 for n 0–5, lowest 1 for n 5–10."])
    }

    func testSeriesSideBySideSayTheirExtremesAndLatestValuesUnderTheTitle() throws {
        // Two columns of values, neither summed: sdf 2, 4, 6 and is 5, 1, 3 on 1–3 March. The
        // highest is sdf's 6 (3 March), the lowest is's 1 (2 March); on 3 March sdf 6, is 3.
        // Two columns have no one axis title: the block's title says what they are.
        let data = #"{"e": {"values": [{"date": "2017-03-01", "sdf": 2, "is": 5}, {"date": "2017-03-02", "sdf": 4, "is": 1}, {"date": "2017-03-03", "sdf": 6, "is": 3}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "title": "Fighters", "data": "e", "x": "date", "y": ["sdf", "is"]}]"#),
                       ["Line chart: Fighters from 1 to 3 March 2017, in 2 series: sdf and is. Highest 6 (sdf) on 3 March, lowest 1 (is) on 2 March. "
                        + "Latest on 3 March: sdf 6 and is 3."])
    }

    func testANormalisedStackSaysTheLatestShares() throws {
        // 1 March: SDF 1 row, IS 3 (25% and 75%); 2 March: SDF 2, IS none (100% and 0%).
        let data = #"{"e": {"values": [{"date": "2017-03-01", "actor": "SDF"}, {"date": "2017-03-01", "actor": "IS"}, {"date": "2017-03-01", "actor": "IS"}, {"date": "2017-03-01", "actor": "IS"}, {"date": "2017-03-02", "actor": "SDF"}, {"date": "2017-03-02", "actor": "SDF"}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "mark": "bar", "x": "date", "time_unit": "day", "aggregate": "count", "series": "actor", "stack": "normalize"}]"#),
                       ["100% stacked bar chart: Share of rows (%) from 1 to 2 March 2017, in 2 series: SDF and IS. Latest shares on 2 March: SDF 100% and IS 0%."])
    }

    // MARK: Timeline, troops, displacement

    func testATimelineSaysItsDatesEventsAndBusiestLane() throws {
        // Five events, 1 to 12 March (the span 10–11 March ends before the event of 12 March):
        // SDF 3, IS 1, IS families 1. With the range 2–9 March only 3 March (SDF) and about 8
        // March (IS) show: one each, so no lane is the busiest.
        let data = #"""
        {"e": {"values": [{"date": "2017-03-01", "actor": "SDF"}, {"date": "2017-03-03", "actor": "SDF"}, {"date": "~2017-03-08", "actor": "IS"},
                          {"date": "2017-03-10", "end": "2017-03-11", "actor": "IS families"}, {"date": "2017-03-12", "actor": "SDF"}]}}
        """#
        XCTAssertEqual(try altTexts(data: data, #"""
            [{"type": "timeline", "data": "e", "date": "date", "end": "end", "lane": "actor"},
             {"type": "timeline", "data": "e", "date": "date", "end": "end", "lane": "actor", "range": {"from": "2017-03-02", "to": "2017-03-09"}}]
            """#), ["Timeline from 1 to 12 March 2017: 5 events in 3 lanes: SDF (3), IS (1) and IS families (1); the busiest is SDF.",
                    "Timeline from 2 to 9 March 2017: 2 events in 2 lanes: SDF (1) and IS (1)."])
    }

    func testTroopLevelsSayEachForcesStartLatestAndPeakTheLargestFirst() throws {
        // US: 300 in October 2016, +200 on 10 December (500), +400 on 9 March 2017 (900, its peak).
        // RU: 100 on 1 January, 400 on 1 February, 200 on 1 March: said second (200 < 900).
        let data = #"""
        {"t": {"values": [{"date": "2017-01-01", "force": "RU", "count": 100, "change": ""}, {"date": "2016-10", "force": "US", "count": 300, "change": ""},
                          {"date": "2016-12-10", "force": "US", "count": "", "change": "+200"}, {"date": "2017-02-01", "force": "RU", "count": 400, "change": ""},
                          {"date": "2017-03-09", "force": "US", "count": "", "change": "+400"}, {"date": "2017-03-01", "force": "RU", "count": 200, "change": ""}]}}
        """#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "troops", "data": "t", "date": "date", "force": "force", "count": "count", "change": "change"}]"#),
                       ["Step chart of troop levels of 2 forces. US rose from 300 in October 2016 to a peak of 900 on 9 March 2017. "
                        + "RU rose from 100 on 1 January 2017 to 200 on 1 March 2017; peak 400 on 1 February 2017."])
    }

    func testDisplacementSaysWhoLeftWhereTheLargestFlowsAndThePersons() throws {
        // Raqqa sent 180 + 120 + 20 = 320 and received none; Tabqa sent 30; Deir ez-Zor sent on 50
        // of the 180 it received (no one new): 350 families displaced, from Raqqa and Tabqa.
        // Raqqa to Hama is 120 + 20 = 140. 350 families × 5 = 1,750 persons.
        let data = #"""
        {"f": {"values": [{"from": "Raqqa", "to": "Deir ez-Zor", "n": 180}, {"from": "Raqqa", "to": "Hama", "n": 120}, {"from": "Deir ez-Zor", "to": "Hama", "n": 50},
                          {"from": "Tabqa", "to": "Hama", "n": 30}, {"from": "Raqqa", "to": "Hama", "n": 20}]}}
        """#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "displacement", "data": "f", "from": "from", "to": "to", "value": "n", "unit": "families", "persons_per_family": 5}]"#),
                       ["Flow diagram: 350 families displaced from Raqqa and Tabqa; largest flows: Raqqa to Deir ez-Zor 180, Raqqa to Hama 140, Deir ez-Zor to Hama 50 and 1 more. "
                        + "350 families ≈ 1,750 persons (5 persons per family)."])
    }

    // MARK: Figures and tables

    func testFiguresSayEachValueWithItsLabel() throws {
        // 3 rows; fatalities 3 + 5 = 8; no number in "n", so its mean has no value ("–" in the box).
        let data = #"{"e": {"values": [{"fatalities": 3, "n": ""}, {"fatalities": 5, "n": ""}, {"fatalities": "", "n": ""}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"""
            [{"type": "figures", "title": "At a glance", "items": [{"label": "Events", "value": {"data": "e", "count": true}},
              {"label": "Fatalities", "unit": "killed", "value": {"data": "e", "sum": "fatalities"}},
              {"label": "Mean", "value": {"data": "e", "mean": "n"}}, {"label": "Provinces", "value": 2}]},
             {"type": "figures", "items": [{"label": "Families", "value": "300"}]}]
            """#), ["At a glance: 3 (Events); 8 killed (Fatalities); no value (Mean); 2 (Provinces).", "Key figures: 300 (Families)."])
    }

    func testATableSaysItsColumnsRowsAndFirstRowsAsShown() throws {
        // Sorted by n, descending, two rows kept: Tabqa 9, Raqqa 5 (Hama 1 left out).
        let data = #"{"e": {"values": [{"location": "Raqqa", "n": 5}, {"location": "Tabqa", "n": 9}, {"location": "Hama", "n": 1}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"""
            [{"type": "table", "data": "e", "columns": ["location", "n"], "sort": "-n", "limit": 2},
             {"type": "table", "data": "e", "columns": ["location"], "filter": {"location": "Hama"}}]
            """#), ["Table of 2 rows and 2 columns (location and n). First rows: Tabqa, 9; Raqqa, 5.",
                    "Table of 1 row and 1 column (location). The row: Hama."])
    }

    // MARK: What is not a figure, the alt key, an empty block

    func testHeadingsTextAndPageBreaksHaveNone() throws {
        XCTAssertEqual(try altTexts(#"[{"type": "heading", "text": "Raqqa"}, {"type": "text", "text": "**300** left."}, {"type": "page_break"}]"#),
                       [nil, nil, nil])
    }

    func testTheAltKeyWinsOverTheGeneratedText() throws {
        let data = #"{"e": {"values": [{"date": "2017-03-01", "n": 5}, {"date": "2017-03-02", "n": 6}]}}"#
        XCTAssertEqual(try altTexts(data: data, #"[{"type": "chart", "data": "e", "x": "date", "y": "n", "alt": "Five, then six."}]"#),
                       ["Five, then six."])
    }

    func testABlockWhoseFilterKeepsNoRowSaysWhatThePageSays() throws {
        let data = #"{"e": {"values": [{"date": "2017-03-01", "actor": "SDF"}, {"date": "2017-03-02", "actor": "IS"}]}}"#
        let (_, blocks, _) = try InlineSpec.prepare(#"""
            {"report": 1, "data": \#(data), "sections": [{"type": "timeline", "data": "e", "date": "date", "filter": {"actor": "YPG"}}]}
            """#)
        XCTAssertNotNil(blocks[0].emptyNote)
        XCTAssertEqual(blocks[0].altText, blocks[0].emptyNote)
    }

    // MARK: The example

    /// Every block of the example report that draws something gets a sentence with its numbers.
    func testTheExampleReportsBlocks() throws {
        let loaded = try ReportLoader().load(Fixtures.example + "/report.json")
        let byID = Dictionary(loaded.blocks.compactMap { b in b.spec.id.map { ($0, b.altText) } }) { a, _ in a }
        for block in loaded.blocks {
            let figure = !["heading", "text", "page_break"].contains(block.content.typeName)
            XCTAssertEqual(block.altText != nil, figure, "\(block.spec.path): \(block.altText ?? "nil")")
            XCTAssertLessThan(block.altText?.count ?? 0, 400, block.altText ?? "")
        }
        // data/troops.csv: 300 on 1 October 2016, +200, +400 on 9 March 2017.
        XCTAssertEqual(byID["troops"], "Step chart of troop levels: US troops in Syria rose from 300 on 1 October 2016 to a peak of 900 on 9 March 2017.")
        // data/displacement.csv: 180 to Deir ez-Zor and 120 to Hama, 5 persons a family.
        XCTAssertEqual(byID["flows"], "Flow diagram: 300 families displaced from Raqqa; largest flows: Raqqa to Deir ez-Zor 180 and Raqqa to Hama 120. 300 families ≈ 1,500 persons (5 persons per family).")
        // data/event-log.csv by ISO week: 7 events in the week of 2 January, 28 in that of 6
        // March, 5 in that of 16 January (the fewest); Battles 67 of 176.
        XCTAssertEqual(byID["weekly"]??.contains("Largest: Battles, 67 in all. Total rose from 7 in the week of 2 January to a peak of 28 in the week of 6 March; lowest 5 in the week of 16 January."), true,
                       byID["weekly"]! ?? "nil")
    }

    // MARK: The shared words

    func testTheWordsEveryTypeShares() throws {
        func date(_ text: String) throws -> EventDate { try EventDate.parse(text).get() }
        XCTAssertEqual(AltText.list(["A"]), "A")
        XCTAssertEqual(AltText.list(["A", "B", "C"]), "A, B and C")
        XCTAssertEqual(AltText.list(["A", "B", "C", "D", "E"], limit: 3), "A, B, C and 2 more")
        XCTAssertEqual(AltText.count(1, "family", "families") + ", " + AltText.count(1500, "event"), "1 family, 1,500 events")
        XCTAssertEqual(AltText.largestFirst([("a", 1.0), ("b", 3), ("c", 1), ("d", 3)]) { $0.1 }.map(\.0), ["b", "d", "a", "c"])
        XCTAssertEqual(AltText.short("Iraqi offensive on Mosul", 10), "Iraqi off…")
        XCTAssertEqual(AltText.range(try date("2017-01-02"), try date("2017-03-06")), "2 January to 6 March 2017")
        XCTAssertEqual(AltText.range(try date("2017-03-10"), try date("2017-03-11")), "10 to 11 March 2017")
        XCTAssertEqual(AltText.range(try date("2016-10"), try date("2017-03-09")), "October 2016 to 9 March 2017")
        XCTAssertEqual(AltText.range(try date("2017-01"), try date("2017-03-09")), "January to 9 March 2017")
        XCTAssertEqual(AltText.range(try date("~2017-03-08"), try date("2017-03-09")), "about 8 March 2017 to 9 March 2017")
        XCTAssertEqual(AltText.on(try date("~2017-03-08")), "around 8 March 2017")
        XCTAssertEqual(AltText.on(try date("2017")), "in 2017")
        XCTAssertEqual(AltText.on(try date("2017-03-10T23:30:00Z")), "on 10 March 2017")
        let falling = [AltText.Point(value: 12, at: "on 1 March"), AltText.Point(value: 15, at: "on 4 March"), AltText.Point(value: 3, at: "on 9 March")]
        XCTAssertEqual(AltText.course(falling), "fell from 12 on 1 March to 3 on 9 March; peak 15 on 4 March")
        XCTAssertEqual(AltText.course(Array(falling.dropFirst())), "fell from a peak of 15 on 4 March to 3 on 9 March")
        XCTAssertEqual(AltText.course([falling[0]]), "12 on 1 March")
    }

    // MARK: lang

    func testLangIsABCP47TagInItsCanonicalCase() throws {
        let cases: [(String, String?)] = [
            ("en", "en"), ("AR", "ar"), ("fr-ca", "fr-CA"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"), ("de-ch-1901", "de-CH-1901"),
            ("sl-rozaj-biske", "sl-rozaj-biske"), ("zh-yue-HK", "zh-yue-HK"), ("en-US-u-ca-gregory", "en-US-u-ca-gregory"), ("en-x-Brief", "en-x-brief"),
            ("english", nil), ("en_US", nil), ("e", nil), ("", nil), ("en-", nil), ("-en", nil), ("en--US", nil), ("x-private", nil),
            ("en-US-u", nil), ("en-x", nil), ("en-Latn-Latn", nil), ("fr-CA ", nil), ("ﬀ", nil), ("en-a-bcd-a", nil), ("i-klingon", nil),
        ]
        for (text, canonical) in cases { XCTAssertEqual(LanguageTag.canonical(text), canonical, text) }
        XCTAssertEqual(try InlineSpec.prepare(#"{"report": 1, "sections": []}"#).spec.language, "en")
        XCTAssertEqual(try InlineSpec.prepare(#"{"report": 1, "lang": "fr-ca", "sections": []}"#).spec.language, "fr-CA")
    }

    /// The schema's pattern reads exactly the tags the decoder reads.
    func testTheSchemaPatternAgreesWithTheDecoder() throws {
        let regex = try NSRegularExpression(pattern: LanguageTag.pattern)
        let tags = ["en", "AR", "fr-ca", "zh-hant-tw", "es-419", "de-CH-1901", "en-US-u-ca-gregory", "en-x-Brief", "english", "en_US",
                    "e", "en-", "en--US", "x-private", "en-US-u", "en-x", "en-Latn-Latn", "fr-CA ", "i-klingon", "abc-def-ghi-jkl-mno", "en-1abc",
                    "en-a-bc-b-cd-x-1", "sgn-BE-FR", "en-123", "en-12", "en-abcdefghi"]
        for tag in tags {
            let matches = regex.firstMatch(in: tag, range: NSRange(tag.startIndex..., in: tag)) != nil
            XCTAssertEqual(matches, LanguageTag.canonical(tag) != nil, tag)
        }
    }
}
