import XCTest
import ReportScene
import ReportTestSupport
@testable import ReportCore

/// Maps laid out from specs with the fixed-width measurer: labels that never overlap, flows as
/// wide as their values, nothing drawn outside the frame, and the model's arithmetic.
final class MapLayoutTests: XCTestCase {
    static let places = """
    name,latitude,longitude
    Raqqa,35.95,39.02
    Tabqa,35.84,38.55
    Ain Issa,36.39,38.86
    Suluk,36.62,39.22
    Mansoura,35.83,38.75
    al-Karamah,35.98,39.20
    Maadan,35.75,39.66
    Jaabar,35.90,38.48
    Deir ez-Zor,35.33,40.14
    Hama,35.13,36.75
    """

    static let flows = """
    origin,destination,families
    Raqqa,Deir ez-Zor,180
    Raqqa,Hama,120
    Tabqa,Hama,30
    """

    /// Events at every place, fatalities 0–30.
    static var events: String {
        let names = ["Raqqa", "Tabqa", "Ain Issa", "Suluk", "Mansoura", "al-Karamah", "Maadan", "Jaabar"]
        var rows = ["location,type,fatalities"]
        for i in 0..<120 { rows.append("\(names[(i * 7) % names.count]),\(["Battles", "Shelling", "Air strike"][i % 3]),\((i * 13) % 31)") }
        return rows.joined(separator: "\n")
    }

    private func load(_ block: String, extra: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> (ReportLoader.Loaded, PreparedBlock) {
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("places.csv", text: Self.places)
        world.add("flows.csv", text: Self.flows)
        world.add("events.csv", text: Self.events)
        for (name, text) in extra { world.add(name, text: text) }
        world.add("report.json", text: """
        {"report": 1, "data": {"events": {"file": "events.csv"}, "places": {"file": "places.csv"}, "flows": {"file": "flows.csv"}\(extra.keys.sorted().map { ", \"\(($0 as NSString).deletingPathExtension)\": {\"file\": \"\($0)\"}" }.joined())},
         "sections": [\(block)]}
        """)
        let loaded: ReportLoader.Loaded
        do { loaded = try ReportLoader(world: world).load("report.json") } catch {
            XCTFail("did not load:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))", file: file, line: line)
            throw error
        }
        return (loaded, try XCTUnwrap(loaded.blocks.first, file: file, line: line))
    }

    private func layout(_ loaded: ReportLoader.Loaded, _ block: PreparedBlock) -> MapLayout {
        let model = block.content.model(MapBlock.self) ?? block.content.model(DisplacementBlock.self)!.map!
        let ctx = context(loaded.spec).with(colors: ColorMap(theme: loaded.spec.theme).adding(block.content.colorCategories))
        return MapLayout(block: block, model: model, ctx: ctx)
    }

    static let pointsAndFlows = """
    {"type": "map", "data": "events", "place": "location", "places": "places", "size": "fatalities", "color": "type",
     "flows": {"data": "flows", "from": "origin", "to": "destination", "value": "families", "unit": "families"}}
    """

    func testLabelsNeverOverlapEachOtherOrTheMarks() throws {
        let (loaded, block) = try load(Self.pointsAndFlows)
        for (w, h) in [(800.0, 560.0), (500.0, 340.0), (300.0, 220.0)] {
            let plot = Rect(x: 20, y: 30, width: w, height: h)
            let scene = layout(loaded, block).scene(in: plot)
            XCTAssertFalse(scene.labels.isEmpty)
            for (i, a) in scene.labels.enumerated() {
                XCTAssertTrue(plot.contains(a), "\(a) leaves the map \(plot)")
                for b in scene.labels[(i + 1)...] { XCTAssertFalse(a.intersects(b), "\(a) overlaps \(b) at \(w)×\(h)") }
            }
            // Every label drawn is one of the boxes the placer promised.
            let drawn = PlacedLabels.find(in: scene.items).map(\.box)
            XCTAssertEqual(Set(drawn.map { "\($0)" }), Set(scene.labels.map { "\($0)" }))
            // No label covers a dot.
            for item in allItems(scene.items) {
                guard case .dot(let dot) = item else { continue }
                for label in scene.labels { XCTAssertFalse(label.insetBy(dx: 0.5, dy: 0.5).intersects(dot.bounds.insetBy(dx: 0.5, dy: 0.5)), "label \(label) covers a dot at \(dot.center)") }
            }
        }
        // At a generous size every place and both flow ends are named.
        let scene = layout(loaded, block).scene(in: Rect(x: 0, y: 0, width: 900, height: 640))
        let texts = Set(PlacedLabels.find(in: scene.items).map { $0.text.content.plainText })
        for name in ["Raqqa", "Tabqa", "Deir ez-Zor", "Hama", "Ain Issa", "Suluk", "180 families", "120 families", "30 families"] {
            XCTAssertTrue(texts.contains(name), "\(name) is not labelled: \(texts.sorted())")
        }
    }

    func testFlowWidthsAreProportionalToTheirValues() throws {
        let (loaded, block) = try load(Self.pointsAndFlows)
        let scene = layout(loaded, block).scene(in: Rect(x: 0, y: 0, width: 700, height: 480))
        let model = block.content.model(MapBlock.self)!
        XCTAssertEqual(model.flows.map(\.value), [180, 120, 30])
        XCTAssertEqual(scene.flowWidths.count, 3)
        for (f, w) in zip(model.flows, scene.flowWidths) {
            XCTAssertEqual(w / scene.flowWidths[0], f.value / 180, accuracy: 1e-12)
        }
        XCTAssertEqual(scene.flowWidths[0], MapLayout.maxFlowWidth)
        // The strokes drawn have those widths.
        let strokes = allItems(scene.items).compactMap { item -> Double? in
            if case .path(_, nil, let stroke?) = item, stroke.color.alpha == 0.8 { return stroke.width }
            return nil
        }
        XCTAssertEqual(strokes, scene.flowWidths)
    }

    func testNoCoordinateLeavesTheFrame() throws {
        // A map zoomed in on Raqqa: Syria's and Turkey's outlines run far outside it.
        let (loaded, block) = try load("""
        {"type": "map", "data": "events", "place": "location", "places": "places", "bbox": [38.9, 35.9, 39.1, 36.0]}
        """)
        let plot = Rect(x: 40, y: 50, width: 400, height: 300)
        let scene = layout(loaded, block).scene(in: plot)
        let allowed = plot.insetBy(dx: -2.01, dy: -2.01)
        var paths = 0
        for item in allItems(scene.items) {
            guard case .path(let path, _, _) = item else { continue }
            paths += 1
            for element in path.elements {
                switch element {
                case .move(let p), .line(let p):
                    XCTAssertTrue(allowed.contains(Rect(x: p.x, y: p.y, width: 0, height: 0)), "\(p) is outside \(plot)")
                case .curve(let a, let b, let c):
                    for p in [a, b, c] { XCTAssertTrue(allowed.insetBy(dx: -20, dy: -20).contains(Rect(x: p.x, y: p.y, width: 0, height: 0)), "\(p)") }
                case .close: break
                }
            }
        }
        XCTAssertGreaterThan(paths, 3)
    }

    func testModelSumsRowsByPlaceAndCategory() throws {
        let (_, block) = try load(Self.pointsAndFlows)
        let model = try XCTUnwrap(block.content.model(MapBlock.self))
        XCTAssertEqual(model.rowCount, 120)
        XCTAssertEqual(model.symbols.map(\.count).reduce(0, +), 120)
        let expected = (0..<120).map { Double(($0 * 13) % 31) }.reduce(0, +)
        XCTAssertEqual(model.symbols.map(\.value).reduce(0, +), expected)
        XCTAssertEqual(model.categories, ["Battles", "Shelling", "Air strike"])
        XCTAssertFalse(model.isDense)
        // The extent holds every place drawn, with a margin.
        for s in model.symbols { XCTAssertTrue(model.extent.contains(s.point)) }
        XCTAssertTrue(model.extent.contains(GeoPoint(lon: 36.75, lat: 35.13)))  // Hama, a flow's end
        XCTAssertTrue(MapAltText.text(model).hasPrefix("Map centred on Syria"), MapAltText.text(model))
    }

    func testDenseMapsCountRowsInHexagons() throws {
        var rows = ["latitude,longitude"]
        for i in 0..<3_000 { rows.append("\(35 + Double(i % 97) / 50),\(38 + Double(i % 89) / 40)") }
        let (loaded, block) = try load("""
        {"type": "map", "data": "points"}
        """, extra: ["points.csv": rows.joined(separator: "\n")])
        let model = try XCTUnwrap(block.content.model(MapBlock.self))
        XCTAssertTrue(model.isDense)
        let l = layout(loaded, block)
        let plot = Rect(x: 0, y: 0, width: 500, height: 360)
        let bins = l.hexBins(MapFrame(extent: model.extent, in: plot), plot)
        XCTAssertEqual(bins.map(\.count).reduce(0, +), 3_000)
        XCTAssertEqual(MapLayout.hexShare(1, max: 1), 1)
        XCTAssertEqual(MapLayout.hexShare(100, max: 100), 1, accuracy: 1e-12)
        XCTAssertEqual(MapLayout.hexShare(10, max: 100), 0.5, accuracy: 1e-12)
    }

    func testDisplacementMapViewDrawsItsFlows() throws {
        let (loaded, block) = try load("""
        {"type": "displacement", "data": "flows", "from": "origin", "to": "destination", "value": "families", "unit": "families",
         "persons_per_family": 5, "view": "map", "places": "places"}
        """)
        let model = try XCTUnwrap(block.content.model(DisplacementBlock.self)?.map)
        XCTAssertEqual(model.flows.map { "\($0.from)→\($0.to) \(Int($0.value))" }, ["Raqqa→Deir ez-Zor 180", "Raqqa→Hama 120", "Tabqa→Hama 30"])
        XCTAssertEqual(model.flowNotes, ["330 families ≈ 1,650 persons (5 persons per family)."])
        let scene = layout(loaded, block).scene(in: Rect(x: 0, y: 0, width: 600, height: 400))
        XCTAssertEqual(scene.flowWidths.count, 3)
    }

    func testFlowsLocatedByTheirOwnCoordinateColumns() throws {
        let (loaded, block) = try load("""
        {"type": "map", "data": "events", "place": "location", "places": "places",
         "flows": {"data": "moves", "from": "origin", "to": "destination", "value": "persons",
                   "from_latitude": "olat", "from_longitude": "olon", "to_latitude": "dlat", "to_longitude": "dlon"}}
        """, extra: ["moves.csv": """
        origin,olat,olon,destination,dlat,dlon,persons
        Raqqa,35.95,39.02,Camp A,36.10,39.90,400
        Raqqa,35.95,39.02,Camp A,36.10,39.90,100
        Tabqa,35.84,38.55,Camp B,35.50,38.00,250
        """])
        let model = try XCTUnwrap(block.content.model(MapBlock.self))
        XCTAssertEqual(model.flows.map { "\($0.from)→\($0.to) \(Int($0.value))" }, ["Raqqa→Camp A 500", "Tabqa→Camp B 250"])
        XCTAssertEqual(model.flows[0].toPoint, GeoPoint(lon: 39.90, lat: 36.10))
        XCTAssertTrue(model.extent.contains(GeoPoint(lon: 38.00, lat: 35.50)))
        let scene = layout(loaded, block).scene(in: Rect(x: 0, y: 0, width: 600, height: 420))
        XCTAssertEqual(scene.flowWidths, [MapLayout.maxFlowWidth, MapLayout.maxFlowWidth / 2])
    }

    func testSizeKeyValuesAreRound() {
        XCTAssertEqual(MapLayout.sizeKeyValues(45), [50, 10, 2])
        XCTAssertEqual(MapLayout.sizeKeyValues(1), [1])
        XCTAssertEqual(MapLayout.sizeKeyValues(12_500), [15_000, 3_000, 500])
        XCTAssertEqual(MapLayout.sizeKeyValues(190), [200, 50, 10])
        XCTAssertEqual(MapLayout.sizeKeyValues(0), [])
    }

    private func allItems(_ items: [SceneItem]) -> [SceneItem] {
        items.flatMap { item -> [SceneItem] in
            if case .clipped(_, let inner) = item { return [item] + allItems(inner) }
            return [item]
        }
    }
}
