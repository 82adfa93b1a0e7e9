import ReportTestSupport
import Foundation
import XCTest
import ReportScene
import ReportCore
@testable import ReportCairo

/// Golden PNGs of maps, drawn through the whole pipeline with the bundled base map and the
/// fonts in Fonts/: dots sized and coloured, hexagons, flows, and a GeoJSON layer. Each image
/// was looked at when it was made; regenerate with `UPDATE_GOLDEN=1 swift test --filter
/// MapGoldenTests` after an intended change, and look again.
final class MapGoldenTests: XCTestCase {
    static let events = """
    location,type,fatalities,source
    Raqqa,Air strike,12,illustrative
    Raqqa,Battles,4,illustrative
    Tabqa,Battles,21,illustrative
    Tabqa,Air strike,3,illustrative
    Ain Issa,Battles,9,illustrative
    Suluk,Shelling,2,illustrative
    Mansoura,Battles,14,illustrative
    al-Karamah,Battles,7,illustrative
    Maadan,Air strike,5,illustrative
    Jaabar,Shelling,0,illustrative
    """

    static let flows = """
    origin,destination,families,source
    Raqqa,Deir ez-Zor,180,SOHR via The New Arab (12 Mar 2017); split illustrative
    Raqqa,Hama,120,SOHR via The New Arab (12 Mar 2017); split illustrative
    """

    func testPointsSizedAndColoured() throws {
        try golden("map-points", block: """
        {"id": "b", "type": "map", "data": "events", "place": "location", "places": "places", "size": "fatalities", "color": "type",
         "title": "Fatalities by place, March 2017 (illustrative)"}
        """)
    }

    func testDenseRowsBecomeHexagons() throws {
        try golden("map-dense", block: """
        {"id": "b", "type": "map", "data": "incidents", "title": "4,000 generated events around northern Syria"}
        """)
    }

    func testFlowsBetweenPlaces() throws {
        try golden("map-flows", block: """
        {"id": "b", "type": "displacement", "data": "flows", "from": "origin", "to": "destination", "value": "families",
         "unit": "families", "persons_per_family": 5, "view": "map", "places": "places", "title": "300 families fled Raqqa"}
        """)
    }

    func testGeoJSONLayerUnderPointsAndFlows() throws {
        try golden("map-layer", block: """
        {"id": "b", "type": "map", "data": "events", "place": "location", "places": "places", "size": "fatalities",
         "flows": {"data": "flows", "from": "origin", "to": "destination", "value": "families", "unit": "families"},
         "layers": [{"data": "layers", "stroke": "#4a7fb0", "fill": "#4a7fb022", "width": 1.6, "label": "name", "title": "Euphrates; area of operations"}],
         "disclaimer": true, "title": "Events, flows and the Euphrates"}
        """)
    }

    // MARK: Support

    private func golden(_ name: String, block: String, width: Double = 560, height: Double = 400,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = NSTemporaryDirectory() + "report-map-golden-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = Fixtures.root + "/Tests/ReportCairoTests/MapData"
        for f in ["places.csv", "dense.csv", "layers.geojson"] {
            try FileManager.default.copyItem(atPath: "\(data)/\(f)", toPath: "\(dir)/\(f)")
        }
        try Data(Self.events.utf8).write(to: URL(fileURLWithPath: dir + "/events.csv"))
        try Data(Self.flows.utf8).write(to: URL(fileURLWithPath: dir + "/flows.csv"))
        let spec = """
        {"report": 1, "data": {"events": {"file": "events.csv"}, "places": {"file": "places.csv"}, "flows": {"file": "flows.csv"},
                               "incidents": {"file": "dense.csv"}, "layers": {"file": "layers.geojson"}},
         "theme": {"colors": {"Raqqa": "#d4a017"}}, "sections": [\(block)]}
        """
        try compareBlockWithGolden(name, spec: spec, in: dir, width: width, height: height, file: file, line: line)
    }
}
