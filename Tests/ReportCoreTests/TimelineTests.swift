import Foundation
import ReportTestSupport
import XCTest
import ReportScene
@testable import ReportCore

final class TimelineLabelTests: XCTestCase {
    /// A crowded week: 100 events with long labels in 3 lanes. On the scene: no two placed
    /// label boxes intersect, none covers a mark or crosses the annotation rule, each text
    /// stays in its box, and every event is either labelled or numbered with a key line.
    func testCrowdedWeekLabelsNeverOverlap() throws {
        let page = try TimelineFixture.page(TimelineSpecs.crowdedWeek(), id: "t")
        let labels = TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
        let full = labels.filter { $0.text.content.plainText.hasPrefix("Event") }
        XCTAssertGreaterThanOrEqual(full.count, 15, "a good part of the labels find a place on the chart")
        let numbers = TimelineSceneChecks.markNumbers(labels)
        let key = TimelineSceneChecks.keyLines(page.items)
        XCTAssertEqual(Set(numbers), Set(key.keys), "every number at a mark has its key line, and no key line lacks its number")
        XCTAssertEqual(Set(numbers).count, numbers.count, "each number appears once")
        XCTAssertEqual(Array(key.keys).sorted(), Array(1...max(1, key.count)).prefix(key.count).map { $0 })
        // Every event is accounted for: labelled in full on the chart, or listed in the key.
        func eventName(_ text: String) -> String? {
            guard let r = text.range(of: "Event ") else { return nil }
            return String(text[r.lowerBound...].prefix { $0 != ":" })
        }
        let fullyShown = Set(full.filter { $0.text.content.spans.count == 1 }.compactMap { eventName($0.text.content.plainText) })
        let listed = Set(key.values.compactMap(eventName))
        XCTAssertEqual(fullyShown.union(listed).count, 100)
        XCTAssertTrue(fullyShown.isDisjoint(with: listed))
    }

    /// The same week in a narrow block: fewer labels fit, more go to the key, none overlap.
    func testCrowdedWeekStaysCleanWhenNarrowAndShort() throws {
        for (w, h) in [(420.0, 300.0), (600.0, 260.0), (1000.0, 700.0)] {
            let page = try TimelineFixture.page(TimelineSpecs.crowdedWeek(), id: "t", width: w, height: h)
            let labels = TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
            XCTAssertFalse(labels.isEmpty)
            XCTAssertEqual(page.size.height, h)
        }
    }

    /// Labels keep to their lane's band: none crosses a lane separator.
    func testLabelsStayInTheirLane() throws {
        let page = try TimelineFixture.page(TimelineSpecs.crowdedWeek(), id: "t")
        let separators = page.items.compactMap { item -> Double? in
            if case .path(let p, nil, let s?) = item, s.dash.isEmpty, let b = p.bounds, b.height == 0, b.width > 700 { return b.minY }
            return nil
        }
        XCTAssertGreaterThanOrEqual(separators.count, 2)
        for l in PlacedLabels.find(in: page.items) {
            for y in separators { XCTAssertFalse(l.box.minY < y - 0.01 && l.box.maxY > y + 0.01, "\(l.text.content.plainText) crosses the lane line at \(y)") }
        }
    }

    /// The example report, as the command line lays it out (page and PNG block), with the
    /// deterministic measurer.
    func testExampleReportLabelsNeverOverlap() throws {
        let path = Fixtures.root + "/Reports/raqqa-2017/report.json"
        let loaded = try ReportLoader().load(path)
        for (width, height) in [(800.0, 450.0), (1000.0, 600.0)] {
            let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"),
                                    colors: ColorMap(theme: loaded.spec.theme), specFile: path)
            let layout = ReportLayout(spec: loaded.spec, blocks: loaded.blocks, context: ctx, toolName: "test")
            let page = try XCTUnwrap(layout.layOutBlock("timeline", width: width, height: height)).page
            let labels = TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
            XCTAssertGreaterThanOrEqual(labels.count, 10)
            XCTAssertEqual(Set(TimelineSceneChecks.markNumbers(labels)), Set(TimelineSceneChecks.keyLines(page.items).keys))
            for document in layout.layOutDocument().pages { TimelineSceneChecks.assertLabelsClean(document, measurer: FixedWidthMeasurer()) }
        }
    }

    func testLongLabelsWrapOrAreShortenedWithTheFullTextInTheKey() throws {
        let long = "A very long description of an event that goes on and on about who did what to whom and where exactly it happened"
        let spec = """
        {"report": 1, "data": {"e": {"values": [
          {"date": "2017-03-05", "label": "\(long)"},
          {"date": "2017-03-06", "label": "Short and wrapped: a label longer than one line allows"}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "label",
                       "range": {"from": "2017-03-01", "to": "2017-03-10"}}]}
        """
        let page = try TimelineFixture.page(spec, id: "t", width: 500)
        let labels = TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
        let wrapped = labels.first { $0.text.content.plainText.hasPrefix("Short and wrapped") }
        XCTAssertNotNil(wrapped?.text.content.width, "a label a little too long wraps")
        XCTAssertEqual(FixedWidthMeasurer().measure(wrapped!.text.content).lineCount, 2)
        // The very long one is shortened behind a number; the key has all of it.
        let key = TimelineSceneChecks.keyLines(page.items)
        XCTAssertEqual(key.count, 1)
        XCTAssertTrue(key[1]!.hasSuffix(long), key[1]!)
        XCTAssertTrue(key[1]!.hasPrefix("5 Mar ·"), "the key leaves out the year when the range lies in one: \(key[1]!)")
        XCTAssertEqual(TimelineSceneChecks.markNumbers(labels), [1])
    }

    func testKeyNumbersFollowTheDates() throws {
        // Five events on one day with labels too long to place: numbered left to right.
        var rows: [String] = []
        for i in (0..<12).reversed() {
            rows.append("{\"date\": \"2017-03-\(10 + i % 3)\", \"label\": \"Number \(i) is a label long enough that it cannot fit anywhere near its mark at all\"}")
        }
        let spec = """
        {"report": 1, "data": {"e": {"values": [\(rows.joined(separator: ","))]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "label",
                       "range": {"from": "2017-03-09", "to": "2017-03-13"}}]}
        """
        let page = try TimelineFixture.page(spec, id: "t", width: 400, height: 200)
        TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
        let key = TimelineSceneChecks.keyLines(page.items)
        XCTAssertFalse(key.isEmpty)
        let days = key.keys.sorted().map { key[$0]!.prefix(2) }
        XCTAssertEqual(days, days.sorted(), "key numbers run in date order: \(days)")
    }

    func testEventsOnOneDaySpreadAcrossTheDay() throws {
        let rows = (0..<5).map { "{\"date\": \"2017-03-10\", \"lane\": \"A\", \"label\": \"e\($0)\"}" }.joined(separator: ",")
        let spec = """
        {"report": 1, "data": {"e": {"values": [\(rows)]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "label": "label", "lane": "lane",
                       "range": {"from": "2017-03-08", "to": "2017-03-12"}}]}
        """
        let page = try TimelineFixture.page(spec, id: "t", width: 600)
        let dots = page.items.compactMap { item -> Double? in
            if case .dot(let d) = item, d.ring?.color == .white, d.radius < 5 { return d.center.x }
            return nil
        }
        XCTAssertEqual(dots.count, 5)
        let sorted = dots.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertGreaterThanOrEqual(b - a, 3, "marks of one day are told apart") }
        // …and stay inside that day.
        let scale = 600.0 - 24
        XCTAssertLessThan(sorted.last! - sorted.first!, scale / 4)
    }
}

final class TimelineMarkTests: XCTestCase {
    private func spec(_ rows: String, extra: String = "", range: String = "\"range\": {\"from\": \"2017-03-01\", \"to\": \"2017-03-31\"}") -> String {
        """
        {"report": 1, "data": {"e": {"values": [\(rows)]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", \(rows.contains("\"end\"") ? "\"end\": \"end\", " : "")"label": "label", "lane": "lane", \(range)\(extra)}]}
        """
    }

    func testPrecisionAndApproximationAreDrawnAndExplained() throws {
        let page = try TimelineFixture.page(spec("""
            {"date": "2017-03", "lane": "A", "label": "sometime in March"},
            {"date": "~2017-03-08", "lane": "A", "label": "about the 8th"},
            {"date": "2017-03-10", "lane": "A", "label": "the 10th"}
            """), id: "t")
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains("approximate date (~)"), "\(texts)")
        XCTAssertTrue(texts.contains("date known only to the month"))
        XCTAssertFalse(texts.contains("continues beyond the range"))
        let gradients = page.items.filter { if case .path(_, .linearGradient?, _) = $0 { return true } else { return false } }
        XCTAssertEqual(gradients.count, 2, "the soft edge of the ~ date, and its legend sample")
        // The month bracket spans March: from the first to the last day of the range.
        let brackets = page.items.compactMap { item -> Rect? in
            if case .path(let p, nil, let s?) = item, s.width == 1.2, p.elements.count == 4 { return p.bounds }
            return nil
        }
        XCTAssertEqual(brackets.count, 2, "the bracket and its legend sample")
        XCTAssertGreaterThan(brackets.map(\.width).max()!, 600)
    }

    func testSpansCrossingTheRangeShowThatTheyContinue() throws {
        let page = try TimelineFixture.page(spec("""
            {"date": "2017-02-10", "end": "2017-04-20", "lane": "A", "label": "long siege"},
            {"date": "2017-03-10", "end": "2017-03-12", "lane": "A", "label": "inside"},
            {"date": "2017-05-01", "lane": "A", "label": "outside the range"}
            """), id: "t")
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains("continues beyond the range"))
        XCTAssertFalse(texts.contains("outside the range"), "events outside the range are not drawn")
        let triangles = page.items.filter { if case .path(let p, .solid?, nil) = $0, p.elements.count == 4, case .close = p.elements[3] { return true } else { return false } }
        XCTAssertEqual(triangles.count, 3, "two arrows on the long span, one in the legend")
    }

    func testAnnotationsDrawALabelledRule() throws {
        let page = try TimelineFixture.page(spec("{\"date\": \"2017-03-10\", \"lane\": \"A\", \"label\": \"x\"}",
                                                 extra: ", \"annotations\": [{\"date\": \"2017-03-09\", \"text\": \"+400 US troops\"}]"), id: "t")
        XCTAssertEqual(TimelineSceneChecks.rules(page.items).count, 1)
        XCTAssertTrue(PlacedLabels.find(in: page.items).contains { $0.text.content.plainText == "+400 US troops" })
    }

    /// Instants are placed at their moment in UTC, and the axis says so; a day written
    /// without a time is never shifted by an offset.
    func testInstantsArePlacedInUTCAndTheAxisSaysSo() throws {
        let page = try TimelineFixture.page(spec("""
            {"date": "2017-03-10T23:30:00-02:00", "lane": "A", "label": "late strike"},
            {"date": "2017-03-11", "lane": "B", "label": "a day"}
            """, range: "\"range\": {\"from\": \"2017-03-01\", \"to\": \"2017-03-20\"}"), id: "t")
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains("2017 UTC"), "\(texts)")
        let dots = page.items.compactMap { item -> Double? in
            if case .dot(let d) = item, d.ring?.color == .white { return d.center.x }
            return nil
        }
        // 23:30 at UTC-2 is 01:30 UTC on the 11th; the civil day 11 March is drawn at its noon.
        XCTAssertEqual(dots.count, 2)
        XCTAssertLessThan(dots[0], dots[1])
        let day = (dots[1] - dots[0]) / (0.5 - 1.5 / 24)
        XCTAssertGreaterThan(day, 20, "one day is wide enough to tell the two apart")
    }

    /// Odd but valid inputs lay out: one event, no lane or label column, the whole calendar,
    /// an hour-long range, a range before every event.
    func testOddInputsLayOut() throws {
        let cases: [(String, String)] = [
            ("{\"date\": \"2017-03-10\"}", ""),
            ("{\"date\": \"0001-01-01\"}, {\"date\": \"9999-12-31\"}", ""),
            ("{\"date\": \"2017-03-10T10:00:00Z\"}, {\"date\": \"2017-03-10T10:20:00Z\"}", ""),
            ("{\"date\": \"2017-03-10\"}", ", \"range\": {\"from\": \"2016-01-01\", \"to\": \"2016-01-02\"}"),
            ("{\"date\": \"2017\", \"end\": \"2019\"}", ""),
        ]
        for (rows, extra) in cases {
            let json = """
            {"report": 1, "data": {"e": {"values": [\(rows)]}},
             "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date"\(rows.contains("end") ? ", \"end\": \"end\"" : "")\(extra)}]}
            """
            for (w, h) in [(800.0, 300.0), (200.0, 120.0)] {
                let page = try TimelineFixture.page(json, id: "t", width: w, height: h)
                TimelineSceneChecks.assertLabelsClean(page, measurer: FixedWidthMeasurer())
                XCTAssertFalse(page.items.isEmpty, rows)
            }
        }
    }

    /// A range read from the data keeps its first and last events (an instant exactly at
    /// the start is in), with minute ticks for a range of minutes.
    func testDataRangeKeepsItsEndsAndMinutesGetTicks() throws {
        let json = """
        {"report": 1, "data": {"b": {"values": [{"date": "2017-03-10T10:00:00Z", "l": "Shots heard"},
          {"date": "2017-03-10T10:20:00Z", "l": "Convoy stops"}, {"date": "2017-03-10T10:21:00Z", "l": "Second convoy stops"}]}},
         "sections": [{"id": "b", "type": "timeline", "data": "b", "date": "date", "label": "l"}]}
        """
        let page = try TimelineFixture.page(json, id: "b", width: 600, height: 180)
        XCTAssertEqual(Set(PlacedLabels.find(in: page.items).map(\.text.content.plainText)), ["Shots heard", "Convoy stops", "Second convoy stops"])
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains("10:05") && texts.contains("10:15"), "\(texts)")
        XCTAssertFalse(texts.contains("—"), "one unnamed lane needs no name")
    }

    func testEmptyRangeSaysNoEventsInRange() throws {
        let page = try TimelineFixture.page(spec("{\"date\": \"2016-01-01\", \"lane\": \"A\", \"label\": \"x\"}"), id: "t")
        XCTAssertTrue(TimelineSceneChecks.texts(page.items).contains("No events in range"))
        // The axis is still drawn for the range asked for.
        XCTAssertTrue(TimelineSceneChecks.texts(page.items).contains("1 Mar"), "\(TimelineSceneChecks.texts(page.items))")
    }

    func testLanesFollowTheSpecThenFirstAppearance() throws {
        let page = try TimelineFixture.page(spec("""
            {"date": "2017-03-10", "lane": "C", "label": "c"}, {"date": "2017-03-11", "lane": "B", "label": "b"},
            {"date": "2017-03-12", "lane": "A", "label": "a"}, {"date": "2017-03-13", "lane": "D", "label": "d"}
            """, extra: ", \"lanes\": [\"A\", \"E\", \"B\"]"), id: "t")
        let names = page.items.compactMap { item -> (String, Double)? in
            if case .text(let t) = item, t.content.style.bold, ["A", "B", "C", "D", "E"].contains(t.content.plainText) { return (t.content.plainText, t.origin.y) }
            return nil
        }
        XCTAssertEqual(names.sorted { $0.1 < $1.1 }.map(\.0), ["A", "E", "B", "C", "D"], "listed lanes first (even empty), then in order of appearance")
    }

    func testColourAndSizeHaveLegends() throws {
        let spec = """
        {"report": 1, "data": {"e": {"values": [
          {"date": "2017-03-10", "actor": "SDF", "type": "Battles", "dead": 12},
          {"date": "2017-03-12", "actor": "SDF", "type": "Protests", "dead": 0},
          {"date": "2017-03-14", "actor": "IS", "type": "Battles", "dead": 140}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "lane": "actor", "color": "type", "size": "dead"}]}
        """
        let page = try TimelineFixture.page(spec, id: "t")
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains("Battles") && texts.contains("Protests"), "\(texts)")
        XCTAssertTrue(texts.contains("Dead"), "the size legend is titled after its column")
        XCTAssertTrue(texts.contains("100"), "\(texts)")
        // Dot areas follow the values: 140 dead is the biggest dot, 0 the smallest.
        let dots = page.items.compactMap { item -> Rect? in
            if case .dot(let d) = item, d.ring?.color == .white { return Rect(x: d.center.x - d.radius, y: d.center.y - d.radius, width: 2 * d.radius, height: 2 * d.radius) }
            return nil
        }
        // The legend's sample dots sit on its line, above every lane.
        let legendY = dots.map(\.midY).min()!
        let radii = dots.filter { abs($0.midY - legendY) > 0.5 }.map { $0.width / 2 }
        XCTAssertEqual(radii.count, 3)
        XCTAssertEqual(radii.max()!, SizeScale.maxRadius, accuracy: 0.01)
        XCTAssertEqual(radii.min()!, SizeScale.minRadius, accuracy: 0.01)
    }

    func testSizeScaleIsByArea() {
        let s = SizeScale(maxValue: 400)
        XCTAssertEqual(s.radius(400), 8, accuracy: 1e-9)
        XCTAssertEqual(s.radius(100), 4, accuracy: 1e-9, "a quarter of the value, a quarter of the area")
        XCTAssertEqual(s.radius(0), SizeScale.minRadius)
        XCTAssertEqual(s.radius(nil), SizeScale.minRadius)
        XCTAssertEqual(SizeScale(maxValue: nil).radius(5), SizeScale.defaultRadius)
        XCTAssertEqual(TimelineLayout.sizeLegendValues(SizeScale(maxValue: 500)), [100, 500])
        XCTAssertEqual(TimelineLayout.sizeLegendValues(SizeScale(maxValue: 37)), [5, 30])
        XCTAssertEqual(TimelineLayout.sizeLegendValues(SizeScale(maxValue: 5000)), [1000, 5000])
    }
}

final class TimelineDensityTests: XCTestCase {
    /// 200,000 events: the crowded lanes become density strips whose counts add up to every
    /// event, and the scene stays small (no mark per event).
    func testTwoHundredThousandEventsBecomeDensityStrips() throws {
        let count = 200_000
        let started = Date()
        let page = try TimelineFixture.page(TimelineFixture.denseSpec, id: "t", width: 800, height: 450,
                                            extraTables: ["big": TimelineFixture.denseTable(count: count)])
        let elapsed = Date().timeIntervalSince(started)
        var itemCount = 0
        func countItems(_ items: [SceneItem]) { for i in items { itemCount += 1; if case .clipped(_, let inner) = i { countItems(inner) } } }
        countItems(page.items)
        XCTAssertLessThan(itemCount, 300, "a strip is a few paths, not a mark per event")
        let dots = page.items.filter { if case .dot = $0 { return true } else { return false } }
        XCTAssertEqual(dots.count, 0)
        let texts = TimelineSceneChecks.texts(page.items)
        let totals = texts.compactMap { t -> Int? in
            guard t.hasSuffix(" events") else { return nil }
            return Int(t.dropLast(7).replacingOccurrences(of: ",", with: ""))
        }
        XCTAssertEqual(totals.count, 4, "\(texts)")
        XCTAssertEqual(totals.reduce(0, +), count, "every event is counted in some strip")
        XCTAssertTrue(texts.contains("events per week, scale at right"), "\(texts)")
        XCTAssertTrue(texts.contains("Battles") && texts.contains("Protests"), "strips are stacked by colour, with its legend")
        XCTAssertLessThan(elapsed, 30, "laid out in \(elapsed) s")
    }

    func testStripCountsEqualTheEventsInRange() throws {
        let table = TimelineFixture.denseTable(count: 20_000)
        let json = TimelineFixture.denseSpec.replacingOccurrences(of: "\"color\": \"event_type\"",
                                                                   with: "\"color\": \"event_type\", \"range\": {\"from\": \"2016-01-01\", \"to\": \"2016-12-31\"}")
        let (spec, blocks) = try TimelineFixture.load(json, extraTables: ["big": table])
        guard let model = blocks[0].content.model(TimelineBlock.self) else { return XCTFail() }
        let scale = TimeScale(start: model.from, end: model.to, range: 100, 800)
        let ctx = LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"), colors: ColorMap(theme: spec.theme), specFile: "t")
        let lane = PointLane(model: model, ctx: ctx, scale: scale, sizes: SizeScale(maxValue: nil),
                             metrics: LaneMetrics(lineHeight: 10, maxLineWidth: 200, maxLabelWidth: 100, numberWidth: 10, style: ctx.styles.label))
        let lanes = TimelineLanes.make(model, scale: scale, maxLanes: 10, markCenters: lane.centers)
        let inRange = table.columns[0].filter { $0 >= "2016-01-01" && $0 <= "2016-12-31" }.count
        var counted = 0
        for l in lanes.lanes {
            switch l.content {
            case .density(let bins):
                counted += bins.total
                XCTAssertEqual(bins.interval, CalendarInterval(unit: .week, step: 1))
                XCTAssertEqual(bins.layers, 3)
            case .events(let list): counted += list.count
            }
        }
        XCTAssertEqual(counted, inRange)
        XCTAssertEqual(lanes.visibleCount, inRange)
    }

    func testTooManyLanesShareTheLast() throws {
        var rows: [String] = []
        for i in 0..<60 { rows.append("{\"date\": \"2017-03-\(10 + i % 5)\", \"lane\": \"Lane \(i)\"}") }
        let spec = """
        {"report": 1, "data": {"e": {"values": [\(rows.joined(separator: ","))]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "lane": "lane"}]}
        """
        let page = try TimelineFixture.page(spec, id: "t", width: 600, height: 400)
        let texts = TimelineSceneChecks.texts(page.items)
        XCTAssertTrue(texts.contains { $0.hasSuffix("other lanes") }, "\(texts)")
        XCTAssertTrue(texts.contains { $0.contains("drawn together as one") })
    }

    func testHiddenShare() {
        XCTAssertEqual(TimelineLanes.hiddenShare([0, 10, 20]), 0)
        XCTAssertEqual(TimelineLanes.hiddenShare([0, 1, 2, 10]), 0.5)
        XCTAssertEqual(TimelineLanes.hiddenShare([5, 5, 5, 5]), 0.75)
    }

    func testBinLookupMatchesBoundaries() {
        let interval = CalendarInterval(unit: .month, step: 1)
        let edges = interval.boundaries(from: 17000, to: 17400)
        var cursor = 0
        for t in stride(from: 17000.0, to: 17400, by: 0.7) {
            let b = TimelineLanes.bin(of: t, edges, &cursor)
            XCTAssertTrue(edges[b] <= t && t < edges[b + 1], "\(t) in bin \(b)")
        }
    }
}

final class TimelineModelTests: XCTestCase {
    func testColumnsRoundTripEvents() {
        var events = TimelineEvents()
        let a = TimelineEvent(date: try! EventDate.parse("2017-03").get(), end: nil, label: "", lane: "A", category: "A", size: nil)
        let b = TimelineEvent(date: try! EventDate.parse("~2017-03-10").get(), end: try! EventDate.parse("2017-04").get(),
                              label: "span", lane: "B", category: "x", size: 4)
        events.append(a); events.append(b)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0], a)
        XCTAssertEqual(events[1], b)
        XCTAssertEqual(events.laneNames, ["A", "B"])
        XCTAssertEqual(events.categoryNames, ["A", "x"])
        XCTAssertEqual(events.lastDay(1), try! EventDate.parse("2017-04").get().end)
    }

    func testPreparedModelKeepsLaneOrderAndRange() throws {
        let (_, blocks) = try TimelineFixture.load(TimelineSpecs.sparse)
        guard let model = blocks[0].content.model(TimelineBlock.self) else { return XCTFail() }
        XCTAssertEqual(model.lanes, ["SDF", "Islamic State", "US-led coalition", "IS families", "SOHR", "Turkish-backed rebels", "Syrian government", "Iraqi forces"])
        XCTAssertEqual(model.from, try EventDate.parse("2017-03-01").get().start)
        XCTAssertEqual(model.to, try EventDate.parse("2017-03-16").get().end)
        XCTAssertEqual(model.events.count, 11)
        XCTAssertEqual(model.events[5].end?.isoString, "2017-03-11")
    }
}

/// The walk that names lanes and categories without a date per row gives what the row-by-row
/// loop gives: lanes and colours in order of first appearance among the rows kept (a filter
/// keeps them in another order than the file's), moments for every date used, the range.
final class TimelineCodedWalkTests: XCTestCase {
    private func model(_ filter: String, size: Bool) throws -> TimelineModel {
        let spec = """
        {"report": 1, "data": {"e": {"values": [
          {"date": "2017-03-01", "actor": "A", "type": "x", "n": 1},
          {"date": "2017-03-02", "actor": "B", "type": "y", "n": 2},
          {"date": "2017-03-03", "actor": "C", "type": "x", "n": 3},
          {"date": "2017-03-04", "actor": "B", "type": "z", "n": 4},
          {"date": "2017-03-05", "actor": "D", "type": "y", "n": 5},
          {"date": "2017-03-01", "actor": "A", "type": "z", "n": 6}]}},
         "sections": [{"id": "t", "type": "timeline", "data": "e", "date": "date", "lane": "actor", "color": "type"\(size ? ", \"size\": \"n\"" : "")\(filter)}]}
        """
        let (_, blocks) = try TimelineFixture.load(spec)
        return try XCTUnwrap(blocks[0].content.model(TimelineBlock.self))
    }

    func testTheWalkAndTheLoopAgree() throws {
        for filter in ["", #", "filter": {"actor": {"not": "A"}}"#, #", "filter": {"type": ["z", "y"]}"#] {
            // With a size column every row is read one by one; without, the walk names them.
            let walked = try model(filter, size: false), looped = try model(filter, size: true)
            XCTAssertEqual(walked.lanes, looped.lanes, filter)
            XCTAssertEqual(walked.categories, looped.categories, filter)
            XCTAssertEqual(walked.from, looped.from, filter)
            XCTAssertEqual(walked.to, looped.to, filter)
            XCTAssertEqual(walked.events.count, looped.events.count, filter)
            for i in walked.events.indices {
                XCTAssertEqual(walked.events[i].date, looped.events[i].date, filter)
                XCTAssertEqual(walked.events[i].lane, looped.events[i].lane, filter)
                XCTAssertEqual(walked.events[i].category, looped.events[i].category, filter)
            }
        }
        XCTAssertEqual(try model(#", "filter": {"type": ["z", "y"]}"#, size: false).lanes, ["B", "D", "A"])
        XCTAssertEqual(try model(#", "filter": {"type": ["z", "y"]}"#, size: false).categories, ["y", "z"])
    }
}
