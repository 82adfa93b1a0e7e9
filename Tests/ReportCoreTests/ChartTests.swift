import ReportTestSupport
import XCTest
import ReportScene
@testable import ReportCore

/// Troop-level accumulation: levels, changes, both, dates out of order, errors.
final class ForceLevelAccumulationTests: XCTestCase {
    private func row(_ i: Int, _ day: Double, count: Double? = nil, change: Double? = nil, force: String = "US",
                     low: Double? = nil, high: Double? = nil) -> ForceRow {
        ForceRow(index: i, force: force, day: day, count: count, change: change, low: low, high: high)
    }

    private func levels(_ rows: [ForceRow]) -> [Double] {
        let (series, problems) = ForceLevels.accumulate(rows)
        XCTAssertEqual(problems, [])
        return series.first?.levels.map(\.level) ?? []
    }

    func testLevelsAloneAreDrawnAsGiven() {
        XCTAssertEqual(levels([row(0, 1, count: 300), row(1, 5, count: 500), row(2, 9, count: 450)]), [300, 500, 450])
    }

    func testChangesAddToTheLastLevelInDateOrder() {
        let (series, problems) = ForceLevels.accumulate([row(0, 30, change: 400), row(1, 10, count: 300), row(2, 20, change: 200)])
        XCTAssertEqual(problems, [])
        XCTAssertEqual(series[0].levels.map(\.level), [300, 500, 900])
        XCTAssertEqual(series[0].levels.map(\.day), [10, 20, 30])
    }

    func testALevelResetsTheRunningTotal() {
        XCTAssertEqual(levels([row(0, 1, count: 100), row(1, 2, change: 50), row(2, 3, count: 40), row(3, 4, change: -10)]), [100, 150, 40, 30])
    }

    func testRowsOnOneDateMakeOnePointInFileOrder() {
        // A level and then a change on the same day: one point, after both.
        let (series, _) = ForceLevels.accumulate([row(0, 1, count: 500), row(1, 1, change: 400), row(2, 2, change: -100)])
        XCTAssertEqual(series[0].levels.map(\.day), [1, 2])
        XCTAssertEqual(series[0].levels.map(\.level), [900, 800])
        // A change and then a level on the same day: the level, which comes later in the file, wins.
        XCTAssertEqual(levels([row(0, 1, count: 10), row(1, 3, change: 5), row(2, 3, count: 40)]), [10, 40])
    }

    func testMixedOutOfOrderRowsOfTwoForces() {
        let rows = [row(0, 40, change: 50, force: "FR"), row(1, 20, count: 300, force: "US"), row(2, 10, count: 150, force: "FR"),
                    row(3, 50, change: -100, force: "US"), row(4, 30, change: 25, force: "FR"), row(5, 35, change: 200, force: "US")]
        let (series, problems) = ForceLevels.accumulate(rows)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(series.map(\.force), ["FR", "US"], "forces in order of first appearance")
        XCTAssertEqual(series[0].levels.map(\.level), [150, 175, 225])
        XCTAssertEqual(series[0].levels.map(\.day), [10, 30, 40])
        XCTAssertEqual(series[1].levels.map(\.level), [300, 500, 400])
    }

    func testARowWithLevelAndChangeUsesTheLevelAndWarnsWhenTheyDisagree() {
        let (agree, none) = ForceLevels.accumulate([row(0, 1, count: 500), row(1, 2, count: 900, change: 400)])
        XCTAssertEqual(agree[0].levels.map(\.level), [500, 900])
        XCTAssertEqual(none, [])
        let (series, problems) = ForceLevels.accumulate([row(0, 1, count: 300), row(1, 2, count: 900, change: 400)])
        XCTAssertEqual(series[0].levels.map(\.level), [300, 900])
        XCTAssertEqual(problems, [ForceLevelProblem(rowIndex: 1, message:
            "US: +400 from the previous level 300 makes 700, but the row gives a level of 900; the level is drawn", isError: false)])
    }

    func testAChangeBeforeAnyLevelIsAnErrorNamingTheRow() {
        let (_, problems) = ForceLevels.accumulate([row(0, 9, count: 10), row(1, 5, change: 400), row(2, 6, change: -20)])
        XCTAssertEqual(problems, [ForceLevelProblem(rowIndex: 1, message:
            "US: a change of +400 comes before any level; give a \"count\" on an earlier row")],
            "the row with the earliest date is named, once: the later change has the same cause")
    }

    func testEveryForceWithAProblemIsReported() {
        let (_, problems) = ForceLevels.accumulate([row(0, 1, change: 5, force: "A"), row(1, 1, count: 10, force: "B"),
                                                    row(2, 2, change: -30, force: "B"), row(3, 1, change: -2, force: "C")])
        XCTAssertEqual(problems.map(\.rowIndex), [0, 2, 3])
        XCTAssertTrue(problems.allSatisfy(\.isError))
        XCTAssertTrue(problems[1].message.hasPrefix("B: the level falls below zero (−20)"), problems[1].message)
    }

    func testRangesTravelWithTheirLevelAndOddOnesAreWarned() {
        let (series, problems) = ForceLevels.accumulate([row(0, 1, count: 300, low: 250, high: 300), row(1, 2, change: 200),
                                                         row(2, 3, change: 400, low: 950, high: 1_100), row(3, 4)])
        XCTAssertEqual(series[0].levels.map(\.low), [250, nil, 950])
        XCTAssertEqual(series[0].levels.map(\.high), [300, nil, 1_100])
        XCTAssertEqual(problems.map(\.message), ["US: the level 900 lies outside its reported range 950–1,100",
                                                 "US: the row gives neither a count nor a change, so it is not drawn"])
        XCTAssertFalse(problems.contains(where: \.isError))
    }
}

/// Value axes: nice ticks, log ticks, exact labels, label spreading.
final class ValueAxisTests: XCTestCase {
    func testLinearAxesStartAtZeroAndUseNiceSteps() {
        XCTAssertEqual(NiceTicks.valueAxis(250, 950, count: 5).ticks, [0, 200, 400, 600, 800, 1_000])
        // The top of the domain is a tick: 0…142 with 5 ticks is 0…150 by 50, not 0…160 by 50.
        XCTAssertEqual(NiceTicks.valueAxis(0, 142, count: 5).domain.1, 150)
        XCTAssertEqual(NiceTicks.valueAxis(0, 142, count: 5).ticks, [0, 50, 100, 150])
        XCTAssertEqual(NiceTicks.valueAxis(-35, 120, count: 4).ticks, [-50, 0, 50, 100, 150])
        XCTAssertEqual(NiceTicks.valueAxis(0, 0, count: 5).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(NiceTicks.valueAxis(3, 61_000, count: 6).ticks, [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000])
        for (lo, hi, count) in [(0.0, 7.3, 5), (12.0, 987.0, 4), (0.0, 0.042, 6), (0.0, 3_450_000.0, 7)] {
            let (domain, ticks) = NiceTicks.valueAxis(lo, hi, count: count)
            XCTAssertLessThanOrEqual(domain.0, lo); XCTAssertGreaterThanOrEqual(domain.1, hi)
            XCTAssertEqual(ticks.first!, domain.0, accuracy: 1e-9 * max(1, abs(domain.0)), "the axis starts on a tick")
            XCTAssertEqual(ticks.last!, domain.1, accuracy: 1e-9 * max(1, abs(domain.1)), "the axis ends on a tick")
            let steps = zip(ticks.dropFirst(), ticks).map { $0 - $1 }
            let step = steps[0]
            let mantissa = step / pow(10, floor(log10(step)))
            XCTAssertTrue([1, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(step)")
            XCTAssertTrue(steps.allSatisfy { abs($0 - step) < step * 1e-9 })
        }
    }

    func testLogTicksAreDecadesWithTwoAndFiveBetweenWhenRoomAllows() {
        XCTAssertEqual(NiceTicks.logAxis(3, 800, maxTicks: 8).ticks, [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000])
        XCTAssertEqual(NiceTicks.logAxis(3, 61_000, maxTicks: 6).ticks, [1, 10, 100, 1_000, 10_000, 100_000])
        XCTAssertEqual(NiceTicks.logAxis(0.002, 5e8, maxTicks: 6).ticks, [0.001, 0.1, 10, 1_000, 100_000, 10_000_000, 1_000_000_000])
        XCTAssertEqual(NiceTicks.logAxis(3, 61_000, maxTicks: 4).ticks, [1, 100, 10_000, 1_000_000], "the top is widened to a tick")
        XCTAssertEqual(NiceTicks.logAxis(10, 10, maxTicks: 6).ticks, [10, 20, 50, 100])
    }

    func testLabelsAreExactGroupedOrCompact() {
        XCTAssertEqual(NumberFormat.grouped([0, 2_500, 5_000, 7_500]), ["0", "2,500", "5,000", "7,500"])
        XCTAssertEqual(NumberFormat.grouped([0, 0.5, 1, 1.5]), ["0.0", "0.5", "1.0", "1.5"])
        XCTAssertEqual(NumberFormat.grouped([-0.05, 0, 0.05]), ["−0.05", "0.00", "0.05"])
        XCTAssertEqual(NumberFormat.compact([0, 200_000, 400_000]), ["0", "200k", "400k"])
        XCTAssertEqual(NumberFormat.compact([1_000_000, 1_050_000, 1_100_000]), ["1M", "1.05M", "1.1M"], "never rounded into a wrong label")
        XCTAssertEqual(NumberFormat.compact([0, 1_200, 3_400_000]), ["0", "0.0012M", "3.4M"])
        XCTAssertEqual(NumberFormat.compact([1_200]), ["1.2k"])
        XCTAssertEqual(NumberFormat.compact([3_400_000]), ["3.4M"])
        XCTAssertEqual(NumberFormat.compact([12, 50, 950]), ["12", "50", "950"])
        XCTAssertEqual(NumberFormat.fixed(-1_234_567.891, decimals: 2), "−1,234,567.89")
        XCTAssertEqual(NumberFormat.grouped([0.01, 0.1, 1, 10, 1_000], uniform: false), ["0.01", "0.1", "1", "10", "1,000"], "log axes")
        XCTAssertEqual(NumberFormat.compact([0.5, 20, 5_000, 2_000_000], uniform: false), ["0.5", "20", "5k", "2M"])
    }

    func testCompactLabelsOnlyWhereGroupedOnesDoNotFit() {
        let ctx = context()
        XCTAssertEqual(TickLabels.shortened([0, 500_000, 1_000_000], maxWidth: 100, style: ctx.styles.axis, ctx).labels, ["0", "500,000", "1,000,000"])
        XCTAssertEqual(TickLabels.shortened([0, 500_000, 1_000_000], maxWidth: 20, style: ctx.styles.axis, ctx).labels, ["0", "0.5M", "1M"])
    }

    func testSpreadLabelsNeverOverlapAndStayInBounds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 1...12, using: &generator)
            let centres = (0..<n).map { _ in Double.random(in: -20...220, using: &generator) }
            let sizes = (0..<n).map { _ in Double.random(in: 5...20, using: &generator) }
            let placed = LabelDodge.spread(centres: centres, sizes: sizes, within: 0, 200, gap: 1)
            let boxes = zip(placed, sizes).map { (top: $0 - $1 / 2, bottom: $0 + $1 / 2) }
            if sizes.reduce(0, +) + Double(n) <= 200 {
                for b in boxes { XCTAssertGreaterThanOrEqual(b.top, -1e-9); XCTAssertLessThanOrEqual(b.bottom, 200 + 1e-9) }
            }
            for i in 0..<n { for j in 0..<n where i < j {
                XCTAssertFalse(boxes[i].top < boxes[j].bottom - 1e-9 && boxes[j].top < boxes[i].bottom - 1e-9, "\(centres) \(sizes)")
            } }
        }
        // Labels with room keep their places.
        XCTAssertEqual(LabelDodge.spread(centres: [20, 80], sizes: [10, 10], within: 0, 100), [20, 80])
    }
}

/// Sankey geometry and the flow view's labels.
final class SankeyLayoutTests: XCTestCase {
    private let flows = [Flow(from: "Raqqa", to: "Deir ez-Zor", value: 180), Flow(from: "Raqqa", to: "Hama", value: 120),
                         Flow(from: "Deir ez-Zor", to: "Mayadin", value: 60), Flow(from: "Tabqa", to: "Hama", value: 40),
                         Flow(from: "Raqqa", to: "Deir ez-Zor", value: 35), Flow(from: "Deir ez-Zor", to: "Al-Bukamal", value: 25)]

    private func checkInvariants(_ layout: SankeyLayout, _ flows: [Flow], in rect: Rect, file: StaticString = #filePath, line: UInt = #line) {
        for node in layout.nodes {
            let out = layout.links.filter { $0.source == node.name }.map(\.breadth).reduce(0, +)
            let inn = layout.links.filter { $0.target == node.name }.map(\.breadth).reduce(0, +)
            XCTAssertEqual(max(out, inn), node.rect.height, accuracy: 1e-6, node.name, file: file, line: line)
            XCTAssertTrue(rect.insetBy(dx: -0.001, dy: -0.001).contains(node.rect), node.name, file: file, line: line)
            // Bands stay on their node: they start and end inside it.
            for l in layout.links where l.source == node.name {
                XCTAssertGreaterThanOrEqual(l.sourceY - l.breadth / 2, node.rect.minY - 1e-6, file: file, line: line)
                XCTAssertLessThanOrEqual(l.sourceY + l.breadth / 2, node.rect.maxY + 1e-6, file: file, line: line)
            }
            for l in layout.links where l.target == node.name {
                XCTAssertGreaterThanOrEqual(l.targetY - l.breadth / 2, node.rect.minY - 1e-6, file: file, line: line)
                XCTAssertLessThanOrEqual(l.targetY + l.breadth / 2, node.rect.maxY + 1e-6, file: file, line: line)
            }
        }
        for a in layout.nodes { for b in layout.nodes where a != b {
            XCTAssertFalse(a.rect.intersects(b.rect), "\(a.name) overlaps \(b.name)", file: file, line: line)
        } }
        // A band that skips a column runs through a slot of its own, never behind a node.
        let slots = layout.links.flatMap(\.via)
        for (i, slot) in slots.enumerated() {
            XCTAssertTrue(rect.insetBy(dx: -0.001, dy: -0.001).contains(slot), file: file, line: line)
            for n in layout.nodes { XCTAssertFalse(slot.intersects(n.rect), "a passing band crosses \(n.name)", file: file, line: line) }
            for other in slots[(i + 1)...] { XCTAssertFalse(slot.intersects(other), file: file, line: line) }
        }
        // Values are conserved: every flow arrives in exactly one link, and breadths are one scale.
        XCTAssertEqual(layout.links.map(\.value).reduce(0, +), flows.map(\.value).reduce(0, +), accuracy: 1e-9, file: file, line: line)
        let k = layout.links[0].breadth / layout.links[0].value
        for l in layout.links { XCTAssertEqual(l.breadth, l.value * k, accuracy: 1e-9, file: file, line: line) }
        var pairs: [String: Double] = [:]
        for f in flows { pairs[f.from + ">" + f.to, default: 0] += f.value }
        XCTAssertEqual(layout.links.count, pairs.count, file: file, line: line)
        for l in layout.links { XCTAssertEqual(l.value, pairs[l.source + ">" + l.target]!, file: file, line: line) }
    }

    func testMiddleColumnWidthsAndConservation() throws {
        let rect = Rect(x: 0, y: 0, width: 600, height: 300)
        let layout = SankeyLayout(flows: flows, in: rect)
        let byName = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.name, $0) })
        XCTAssertEqual(byName["Raqqa"]?.column, 0)
        XCTAssertEqual(byName["Tabqa"]?.column, 0)
        XCTAssertEqual(byName["Deir ez-Zor"]?.column, 1, "a place both destination and origin sits in a middle column")
        XCTAssertEqual(byName["Hama"]?.column, 2, "pure destinations go to the right edge")
        XCTAssertEqual(byName["Mayadin"]?.column, 2)
        XCTAssertEqual(layout.columnCount, 3)
        XCTAssertEqual(byName["Deir ez-Zor"]?.value, 215)
        XCTAssertEqual(byName["Deir ez-Zor"]?.incoming, 215)
        XCTAssertEqual(byName["Deir ez-Zor"]?.outgoing, 85)
        XCTAssertEqual(layout.links.filter { $0.source == "Raqqa" }.map(\.value).reduce(0, +), 335)
        let skipping = try XCTUnwrap(layout.links.first { $0.source == "Raqqa" && $0.target == "Hama" })
        XCTAssertEqual(skipping.via.count, 1, "Raqqa → Hama passes the middle column in a slot of its own")
        XCTAssertEqual(skipping.via[0].height, skipping.breadth, accuracy: 1e-9)
        checkInvariants(layout, flows, in: rect)
    }

    func testManySmallNodesStillNeverOverlap() {
        var many: [Flow] = []
        for i in 0..<30 { many.append(Flow(from: "Origin \(i)", to: "Camp \(i % 7)", value: Double(1 + (i * 37) % 400))) }
        many.append(Flow(from: "Camp 0", to: "Town", value: 5))
        for rect in [Rect(x: 10, y: 20, width: 500, height: 300), Rect(x: 0, y: 0, width: 300, height: 120)] {
            checkInvariants(SankeyLayout(flows: many, in: rect), many, in: rect)
        }
    }

    func testReturnsBecomeANodeOfTheirOwnSoNoBandRunsBackwards() {
        let cycle = [Flow(from: "Raqqa", to: "Tabqa", value: 100), Flow(from: "Tabqa", to: "Raqqa", value: 30), Flow(from: "Raqqa", to: "Hama", value: 5)]
        let rect = Rect(x: 0, y: 0, width: 400, height: 200)
        let layout = SankeyLayout(flows: cycle, in: rect)
        let byName = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.name, $0) })
        XCTAssertEqual(byName["Raqqa"]?.column, 0)
        XCTAssertEqual(byName["Tabqa"]?.column, 1)
        XCTAssertEqual(byName["Raqqa (return)"]?.column, 2)
        XCTAssertEqual(byName["Raqqa (return)"]?.place, "Raqqa", "drawn in Raqqa's colour")
        XCTAssertTrue(layout.links.allSatisfy { $0.x1 > $0.x0 })
        XCTAssertEqual(layout.links.map(\.value).reduce(0, +), 135)
        let note = DisplacementModel(flows: cycle, unit: .families, personsPerFamily: 5, view: .bars)
        XCTAssertEqual(note.conversionNote, "105 families ≈ 525 persons (5 persons per family).")
        XCTAssertEqual(note.onwardNote, "Tabqa: 30 of 100 families moved on and are counted again where they arrived.")
    }

    func testNodesOrderedToAvoidCrossings() {
        // In file order Tabqa → Hama would cross the Raqqa bands; ordered by neighbours, no band crosses another.
        let layout = SankeyLayout(flows: [Flow(from: "Tabqa", to: "Hama", value: 40), Flow(from: "Raqqa", to: "Deir ez-Zor", value: 180),
                                          Flow(from: "Raqqa", to: "Hama", value: 120), Flow(from: "Manbij", to: "Deir ez-Zor", value: 30)],
                                  in: Rect(x: 0, y: 0, width: 400, height: 300))
        for (i, a) in layout.links.enumerated() {
            for b in layout.links[(i + 1)...] {
                XCTAssertGreaterThanOrEqual((a.sourceY - b.sourceY) * (a.targetY - b.targetY), 0, "\(a.source)→\(a.target) crosses \(b.source)→\(b.target)")
            }
        }
    }

    func testEveryNodeAndLinkIsLabelledAndNoLabelsOverlap() throws {
        for (w, h) in [(800.0, 400.0), (560.0, 300.0), (400.0, 220.0)] {
            let layout = DisplacementLayout(block: block(), model: DisplacementModel(flows: flows, unit: .families, personsPerFamily: 5, view: .flow),
                                            ctx: context())
            let plot = Rect(x: 12, y: 12, width: w, height: h)
            let (sankey, nodeLabels, linkLabels) = layout.flowLayout(in: plot)
            XCTAssertEqual(nodeLabels.count, sankey.nodes.count)
            XCTAssertEqual(linkLabels.count, sankey.links.count)
            for (node, label) in zip(sankey.nodes, nodeLabels.sorted { a, b in
                sankey.nodes.firstIndex { a.text.hasPrefix($0.name + " ") }! < sankey.nodes.firstIndex { b.text.hasPrefix($0.name + " ") }!
            }) {
                XCTAssertTrue(label.text.hasPrefix("\(node.name)  \(NumberFormat.grouped(node.value))"), label.text)
            }
            XCTAssertEqual(linkLabels.map(\.text), sankey.links.map { NumberFormat.grouped($0.value) })
            let boxes = (nodeLabels + linkLabels).map(\.box)
            for (i, a) in boxes.enumerated() {
                XCTAssertTrue(plot.insetBy(dx: -0.5, dy: -0.5).contains(a), "\(a) leaves the plot \(plot)")
                for b in boxes[(i + 1)...] { XCTAssertFalse(a.intersects(b), "\(a) overlaps \(b) at \(w)×\(h)") }
                for n in sankey.nodes { XCTAssertFalse(a.intersects(n.rect), "a label covers node \(n.name)") }
            }
            // The origin's label says what is counted.
            XCTAssertTrue(nodeLabels.contains { $0.text == "Raqqa  335 families" }, nodeLabels.map(\.text).description)
        }
    }

    func testConversionNoteStatesTheUnits() {
        func note(_ unit: DisplacementSpec.Unit, _ ppf: Double?) -> String? {
            DisplacementModel(flows: [Flow(from: "Raqqa", to: "Hama", value: 300)], unit: unit, personsPerFamily: ppf, view: .flow).conversionNote
        }
        XCTAssertEqual(note(.families, 5), "300 families ≈ 1,500 persons (5 persons per family).")
        XCTAssertEqual(note(.families, nil), "Counted in families; no persons-per-family figure given, so no person count is implied.")
        XCTAssertNil(note(.persons, nil))
        // People passing through a middle place are counted once.
        let through = DisplacementModel(flows: flows, unit: .families, personsPerFamily: 4.5, view: .bars)
        XCTAssertEqual(through.conversionNote, "375 families ≈ 1,688 persons (4.5 persons per family).")
        XCTAssertEqual(through.onwardNote, "Deir ez-Zor: 85 of 215 families moved on and are counted again where they arrived.")
    }
}

/// Charts drawn end to end with the fixed-width measurer: labels, colours, notes.
final class ChartLayoutTests: XCTestCase {
    func testTroopEndLabelsNeverOverlapEvenAtTheSameLevel() throws {
        var rows: [String] = []
        for (i, force) in ["US troops in Syria", "French troops in Syria", "British troops in Syria", "German troops"].enumerated() {
            rows.append("{\"date\": \"2017-01-0\(i + 1)\", \"force\": \"\(force)\", \"count\": \(i < 3 ? 500 : 505)}")
        }
        let texts = try renderBlock("""
        {"report": 1, "as_of": "2017-03-12", "data": {"t": {"values": [\(rows.joined(separator: ","))]}},
         "sections": [{"id": "b", "type": "troops", "data": "t", "date": "date", "force": "force", "count": "count"}]}
        """)
        let labels = texts.filter { $0.text.contains("troops") }
        XCTAssertEqual(Set(labels.map(\.text)), ["US troops in Syria 500", "French troops in Syria 500", "British troops in Syria 500", "German troops 505"])
        for (i, a) in labels.enumerated() { for b in labels[(i + 1)...] { XCTAssertFalse(a.box.intersects(b.box), "\(a.text) overlaps \(b.text)") } }
    }

    func testApproximateDatesAreHollowPointsAndSaidSo() throws {
        let json = """
        {"report": 1, "data": {"t": {"values": [{"date": "2017-01-01", "force": "US", "count": 500},
                                               {"date": "~2017-02-01", "force": "US", "change": "+400"}]}},
         "sections": [{"id": "b", "type": "troops", "data": "t", "date": "date", "force": "force", "count": "count", "change": "change"}]}
        """
        let (decoded, blocks) = try prepare(json)
        guard let model = blocks[0].content.model(TroopsBlock.self) else { return XCTFail("not a troops block") }
        XCTAssertEqual(model.series[0].levels.map(\.approximate), [false, true])
        let page = try XCTUnwrap(ReportLayout(spec: decoded, blocks: blocks, context: context(decoded), toolName: "t").layOutBlock("b", width: 600, height: 320)).page
        XCTAssertTrue(page.items.flatMap(texts).map(\.text).contains(ChartSeries.approximateNote))
        func hollow(_ item: SceneItem) -> Int {
            switch item {
            case .dot(let d) where d.fill == .white && (d.ring?.width ?? 0) > 1: return 1
            case .clipped(_, let items): return items.map(hollow).reduce(0, +)
            default: return 0
            }
        }
        XCTAssertEqual(page.items.map(hollow).reduce(0, +), 1, "one hollow point, for the approximate date")
    }

    func testSourcesNoteAndUnitsUnderEveryChartBlock() throws {
        let texts = try renderBlock("""
        {"report": 1, "data": {"f": {"values": [{"o": "Raqqa", "d": "Hama", "n": 300, "source": "SOHR"},
                                                {"o": "Raqqa", "d": "Idlib", "n": 20, "source": "OCHA."}]}},
         "sections": [{"id": "b", "type": "displacement", "data": "f", "from": "o", "to": "d", "value": "n", "unit": "families",
                       "persons_per_family": 5, "view": "bars"}]}
        """).map(\.text)
        XCTAssertTrue(texts.contains("Sources: SOHR; OCHA."), texts.description)
        XCTAssertTrue(texts.contains("320 families ≈ 1,600 persons (5 persons per family)."), texts.description)
        XCTAssertTrue(texts.contains("Families"), "the value axis is titled with the unit")
        XCTAssertTrue(texts.contains("from Raqqa"), "the legend names the origin the colour stands for")
    }

    func testAnnotationLabelsNeverOverlap() throws {
        let texts = try renderBlock("""
        {"report": 1, "data": {"d": {"values": [{"date": "2017-03-01", "n": 40}, {"date": "2017-03-02", "n": 55}, {"date": "2017-03-03", "n": 49}]}},
         "sections": [{"id": "b", "type": "chart", "mark": "line", "data": "d", "x": "date", "y": "n",
                       "annotations": [{"value": 50, "text": "threshold A"}, {"value": 51, "text": "threshold B"},
                                       {"date": "2017-03-02", "text": "first rule"}, {"date": "2017-03-02", "text": "second rule"},
                                       {"date": "2017-03-02", "text": "third rule"}]}]}
        """)
        let labels = texts.filter { $0.text.contains("threshold") || $0.text.contains("rule") }
        XCTAssertEqual(labels.count, 5, "every annotation is labelled")
        for (i, a) in labels.enumerated() { for b in labels[(i + 1)...] { XCTAssertFalse(a.box.intersects(b.box), "\(a.text) overlaps \(b.text)") } }
    }

    func testStackedBarsPileUpAndDown() {
        let chart = XYChart(series: [ChartSeries(name: "a", points: [(1, 5, nil, nil), (2, -3, nil, nil)]),
                                     ChartSeries(name: "b", points: [(1, 2, nil, nil), (2, -4, nil, nil)])],
                            mark: .bar, x: .number, stack: true)
        let placed = chart.placed()
        XCTAssertEqual(placed[1].map(\.base), [5, -3])
        XCTAssertEqual(placed[1].map(\.top), [7, -7])
    }

    func testStackedAreasAddOnTheUnionOfDates() {
        let chart = XYChart(series: [ChartSeries(name: "a", points: [(0, 10, nil, nil), (10, 20, nil, nil)]),
                                     ChartSeries(name: "b", points: [(5, 1, nil, nil), (10, 2, nil, nil)])],
                            mark: .area, x: .date, stack: true)
        let placed = chart.placed()
        XCTAssertEqual(placed[0].map(\.x), [0, 5, 10])
        XCTAssertEqual(placed[0].map(\.top), [10, 15, 20], "a is interpolated at b's date")
        XCTAssertEqual(placed[1].map(\.base), [15, 20])
        XCTAssertEqual(placed[1].map(\.top), [16, 22])
    }

    func testABlockDrawnAloneHasTheColoursItHasInTheReport() throws {
        let spec = """
        {"report": 1, "data": {"t": {"values": [{"date": "2017-01-01", "force": "A", "count": 1}]},
                               "f": {"values": [{"o": "Raqqa", "d": "Hama", "n": 3}]}},
         "sections": [{"id": "a", "type": "troops", "data": "t", "date": "date", "force": "force", "count": "count"},
                      {"id": "b", "type": "displacement", "data": "f", "from": "o", "to": "d", "value": "n", "unit": "persons"}]}
        """
        func nodeColours(_ id: String, _ first: String?) throws -> Set<Color> {
            let (decoded, blocks) = try prepare(spec)
            let layout = ReportLayout(spec: decoded, blocks: blocks, context: context(decoded), toolName: "t")
            if let first { _ = layout.layOutBlock(first, width: 400, height: 300) }
            let page = try XCTUnwrap(layout.layOutBlock(id, width: 400, height: 300)).page
            // The colours the block is drawn in, and those the report gives its places.
            func fills(_ item: SceneItem) -> [Color] {
                switch item {
                case .path(_, .solid(let c)?, _) where c.alpha == 1: return [c]
                case .clipped(_, let items): return items.flatMap(fills)
                default: return []
                }
            }
            let drawn = Set(page.items.flatMap(fills))
            let report = ColorMap(theme: decoded.theme, blocks: blocks)
            XCTAssertTrue(drawn.isSuperset(of: [report.color(for: "Raqqa"), report.color(for: "Hama")]), "\(drawn)")
            return [layout.ctx.colors.color(for: "Raqqa"), layout.ctx.colors.color(for: "Hama"), layout.ctx.colors.color(for: "A")]
        }
        XCTAssertEqual(try nodeColours("b", nil), try nodeColours("b", "a"))
    }

    // MARK: Support

    private func prepare(_ json: String) throws -> (ReportSpec, [PreparedBlock]) {
        let (decoded, blocks, problems) = try InlineSpec.prepare(json)
        XCTAssertEqual(problems.map(\.description), [])
        return (decoded, blocks)
    }

    /// The texts of block `b` drawn alone, with their boxes.
    private func renderBlock(_ json: String) throws -> [(text: String, box: Rect)] {
        let (decoded, blocks) = try prepare(json)
        let page = try XCTUnwrap(ReportLayout(spec: decoded, blocks: blocks, context: context(decoded), toolName: "t")
            .layOutBlock("b", width: 600, height: 320)).page
        return page.items.flatMap(texts)
    }

    private func texts(_ item: SceneItem) -> [(text: String, box: Rect)] {
        switch item {
        case .text(let t):
            let m = FixedWidthMeasurer().measure(t.content)
            return [(t.content.plainText, Rect(x: t.origin.x, y: t.origin.y, width: m.width, height: m.height))]
        case .clipped(_, let items): return items.flatMap(texts)
        default: return []
        }
    }
}

/// A spec with one page break and no data, for parts that need a spec or a block.
private let emptySpec: ReportSpec = {
    let tree = try! JSONTreeParser.parse(Array(#"{"report": 1, "sections": [{"type": "page_break"}]}"#.utf8))
    return SpecDecoder(file: "t.json", specName: "t").decode(tree).spec!
}()

/// A layout context with the fixed-width measurer and the spec's theme.
func context(_ spec: ReportSpec? = nil) -> LayoutContext {
    let spec = spec ?? emptySpec
    return LayoutContext(measurer: FixedWidthMeasurer(), styles: ReportStyles(font: "Noto Sans"),
                         colors: ColorMap(theme: spec.theme), specFile: "t.json", asOfDay: spec.asOf?.start)
}

/// A block without title, caption or note.
func block() -> PreparedBlock {
    PreparedBlock(spec: emptySpec.sections[0], content: BlockContent(PageBreakBlock.self, PageBreakBlock.Nothing()), sources: [])
}
