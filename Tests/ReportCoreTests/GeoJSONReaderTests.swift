import Foundation
import XCTest
@testable import ReportCore

/// GeoJSONReader: every geometry type, properties as text, and each problem with its exact
/// place and words.
final class GeoJSONReaderTests: XCTestCase {
    // MARK: - Helpers

    private let file = SourceName("layers/adm1.geojson")

    /// The features of a text that must read without problems.
    private func features(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [GeoFeature] {
        let result = GeoJSONReader.read(Array(text.utf8), file: self.file)
        XCTAssertEqual(result.diagnostics.map(\.description), [], file: file, line: line)
        return result.features
    }

    /// The problems of a text as `LINE:COLUMN message` lines (with the suggestion, if any),
    /// checking that each names the GeoJSON file and is an error.
    private func problems(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        problems(Array(text.utf8), file: file, line: line)
    }

    private func problems(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let result = GeoJSONReader.read(bytes, file: self.file)
        return result.diagnostics.map { d in
            XCTAssertEqual(d.file, "layers/adm1.geojson", file: file, line: line)
            XCTAssertEqual(d.severity, .error, file: file, line: line)
            let place = d.position.map(\.description) ?? "-"
            return "\(place) \(d.message)" + (d.suggestion.map { " (\($0))" } ?? "")
        }
    }

    private func p(_ lon: Double, _ lat: Double) -> GeoPoint { GeoPoint(lon: lon, lat: lat) }

    private func geometry(_ type: String, _ coordinates: String) -> String {
        #"{"type": "\#(type)", "coordinates": \#(coordinates)}"#
    }

    // MARK: - Geometry types

    func testPoint() {
        let read = features(geometry("Point", "[36.2, 37.1]"))
        XCTAssertEqual(read, [GeoFeature(geometry: .points([p(36.2, 37.1)]), properties: [:],
                                         position: SourcePosition(line: 1, column: 1, file: file))])
        XCTAssertEqual(read.first?.position?.file?.path, "layers/adm1.geojson")
    }

    func testMultiPoint() {
        XCTAssertEqual(features(geometry("MultiPoint", "[[36.2, 37.1], [-0.5, 51.5]]")).map(\.geometry),
                       [.points([p(36.2, 37.1), p(-0.5, 51.5)])])
    }

    func testLineString() {
        XCTAssertEqual(features(geometry("LineString", "[[30, 10], [10, 30], [40, 40]]")).map(\.geometry),
                       [.lines([[p(30, 10), p(10, 30), p(40, 40)]])])
    }

    func testMultiLineString() {
        XCTAssertEqual(features(geometry("MultiLineString", "[[[10, 10], [20, 20]], [[40, 40], [30, 30], [20, 40]]]")).map(\.geometry),
                       [.lines([[p(10, 10), p(20, 20)], [p(40, 40), p(30, 30), p(20, 40)]])])
    }

    func testPolygonWithHole() {
        let coordinates = "[[[35, 10], [45, 45], [15, 40], [10, 20], [35, 10]], [[20, 30], [35, 35], [30, 20], [20, 30]]]"
        XCTAssertEqual(features(geometry("Polygon", coordinates)).map(\.geometry),
                       [.polygons([[[p(35, 10), p(45, 45), p(15, 40), p(10, 20), p(35, 10)],
                                    [p(20, 30), p(35, 35), p(30, 20), p(20, 30)]]])])
    }

    func testOpenRingOfThreePositionsIsAccepted() {
        XCTAssertEqual(features(geometry("Polygon", "[[[0, 0], [1, 0], [0, 1]]]")).map(\.geometry),
                       [.polygons([[[p(0, 0), p(1, 0), p(0, 1)]]])])
    }

    func testMultiPolygon() {
        let coordinates = "[[[[30, 20], [45, 40], [10, 40], [30, 20]]], [[[15, 5], [40, 10], [10, 20], [5, 10], [15, 5]]]]"
        XCTAssertEqual(features(geometry("MultiPolygon", coordinates)).map(\.geometry),
                       [.polygons([[[p(30, 20), p(45, 40), p(10, 40), p(30, 20)]],
                                   [[p(15, 5), p(40, 10), p(10, 20), p(5, 10), p(15, 5)]]])])
    }

    func testGeometryCollectionIsFlattenedIntoOneFeaturePerKind() {
        let text = """
        {"type": "Feature", "properties": {"name": "Idlib"},
         "geometry": {"type": "GeometryCollection", "geometries": [
           {"type": "LineString", "coordinates": [[1, 1], [2, 2]]},
           {"type": "Point", "coordinates": [3, 3]},
           {"type": "GeometryCollection", "geometries": [{"type": "MultiPoint", "coordinates": [[4, 4], [5, 5]]}]},
           {"type": "MultiLineString", "coordinates": [[[6, 6], [7, 7]]]}
         ]}}
        """
        let read = features(text)
        XCTAssertEqual(read.map(\.geometry), [.lines([[p(1, 1), p(2, 2)], [p(6, 6), p(7, 7)]]),
                                              .points([p(3, 3), p(4, 4), p(5, 5)])])
        XCTAssertEqual(read.map(\.properties), [["name": "Idlib"], ["name": "Idlib"]])
        XCTAssertEqual(read.map { $0.position?.description }, ["1:1", "1:1"])
    }

    func testEmptyCoordinatesAndEmptyCollectionsGiveNoFeature() {
        XCTAssertEqual(features(geometry("LineString", "[]")), [])
        XCTAssertEqual(features(geometry("Point", "[]")), [])
        XCTAssertEqual(features(#"{"type": "GeometryCollection", "geometries": []}"#), [])
        XCTAssertEqual(features(#"{"type": "FeatureCollection", "features": []}"#), [])
    }

    // MARK: - Features and properties

    func testFeatureCollectionWithProperties() {
        let text = """
        {"type": "FeatureCollection",
         "features": [
          {"type": "Feature", "id": 7,
           "properties": {"ADM1_EN": "Aleppo", "ADM1_PCODE": "SY02", "area": 1.50, "rank": 2, "big": 1e3,
                          "capital": true, "coastal": false, "note": null, "codes": [1, 2], "meta": {"a": 1}},
           "geometry": {"type": "Point", "coordinates": [37.16, 36.2]}},
          {"type": "Feature", "properties": null, "geometry": {"type": "Point", "coordinates": [36.7, 34.7]}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.8, 35.5]}}
         ]}
        """
        let read = features(text)
        XCTAssertEqual(read.count, 3)
        XCTAssertEqual(read.first?.properties, ["ADM1_EN": "Aleppo", "ADM1_PCODE": "SY02", "area": "1.50", "rank": "2",
                                                "big": "1e3", "capital": "true", "coastal": "false"])
        XCTAssertEqual(read.dropFirst().map(\.properties), [[:], [:]])
        XCTAssertEqual(read.map { $0.position?.description }, ["3:3", "7:3", "8:3"])
    }

    func testTopLevelFeature() {
        let read = features(#"{"type": "Feature", "properties": {"name": "Homs"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}"#)
        XCTAssertEqual(read, [GeoFeature(geometry: .polygons([[[p(0, 0), p(1, 0), p(1, 1), p(0, 0)]]]), properties: ["name": "Homs"],
                                         position: SourcePosition(line: 1, column: 1, file: file))])
    }

    func testNullGeometryIsSkippedSilently() {
        let text = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"n": "a"}, "geometry": null},
          {"type": "Feature", "properties": {"n": "b"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
        ]}
        """
        XCTAssertEqual(features(text).map(\.properties), [["n": "b"]])
    }

    func testAltitudeIsIgnored() {
        XCTAssertEqual(features(geometry("LineString", "[[36.2, 37.1, 410.5], [36.3, 37.2, 0, 99]]")).map(\.geometry),
                       [.lines([[p(36.2, 37.1), p(36.3, 37.2)]])])
    }

    func testByteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"type": "Point", "coordinates": [1, 2]}"#.utf8)
        let read = GeoJSONReader.read(bytes, file: file)
        XCTAssertEqual(read.diagnostics, [])
        XCTAssertEqual(read.features.map(\.geometry), [.points([p(1, 2)])])
        // And a problem after the mark is still at its column: the mark is not one.
        let bad: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"type": "Point", "coordinates": [200, 2]}"#.utf8)
        XCTAssertEqual(problems(bad), ["1:35 longitude 200 is outside −180…180; is it in a projected system? GeoJSON is WGS 84 degrees"])
    }

    func testWGS84CRSIsAccepted() {
        for name in ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326",
                     "http://www.opengis.net/def/crs/OGC/1.3/CRS84"] {
            let text = #"{"type": "Point", "crs": {"type": "name", "properties": {"name": "\#(name)"}}, "coordinates": [1, 2]}"#
            XCTAssertEqual(features(text).count, 1, name)
        }
        XCTAssertEqual(features(#"{"type": "Point", "crs": null, "coordinates": [1, 2]}"#).count, 1)
    }

    // MARK: - Problems

    func testNotJSONGivesTheParsersErrorInTheFile() {
        XCTAssertEqual(problems("{\"type\": \"Point\",\n \"coordinates\" [1, 2]}"),
                       ["2:16 expected ':' after object key, found '['"])
        XCTAssertEqual(problems(""), ["1:1 empty input: expected a JSON value"])
    }

    func testTopLevelMustBeAnObject() {
        XCTAssertEqual(problems("  [1, 2]"),
                       ["1:3 a GeoJSON file holds one object (a FeatureCollection, a Feature or a geometry): found an array"])
    }

    func testMissingOrUnknownType() {
        XCTAssertEqual(problems(#"{"coordinates": [1, 2]}"#),
                       [#"1:1 a GeoJSON object needs a "type": "FeatureCollection", "Feature" or a geometry (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection)"#])
        XCTAssertEqual(problems(#"{"type": "Featurecollection", "features": []}"#),
                       [#"1:10 unknown GeoJSON type "Featurecollection": expected FeatureCollection, Feature, or a geometry (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection) (did you mean "FeatureCollection"?)"#])
        XCTAssertEqual(problems(#"{"type": "Feature", "geometry": {"type": "Polgon", "coordinates": []}}"#),
                       [#"1:42 unknown GeoJSON type "Polgon": expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection (did you mean "Polygon"?)"#])
        XCTAssertEqual(problems(#"{"type": "Feature", "geometry": {"coordinates": [1, 2]}}"#),
                       [#"1:33 a geometry needs a "type": Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection"#])
        XCTAssertEqual(problems(#"{"type": 3}"#), [#"1:10 "type" is a number: expected a string such as "Feature""#])
    }

    func testFeaturesMustBeAnArrayOfFeatures() {
        XCTAssertEqual(problems(#"{"type": "FeatureCollection", "features": {"type": "Feature"}}"#),
                       [#"1:43 "features" is an object: expected an array of Features"#])
        XCTAssertEqual(problems(#"{"type": "FeatureCollection"}"#),
                       [#"1:1 a FeatureCollection needs "features", an array of Features"#])
        let text = """
        {"type": "FeatureCollection", "features": [
          {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1]]]},
          {"properties": {}},
          "Feature",
          {"type": "feature", "geometry": null}
        ]}
        """
        XCTAssertEqual(problems(text), [
            #"2:12 each element of "features" is a Feature: found a Polygon (wrap a geometry as {"type": "Feature", "geometry": …, "properties": {}})"#,
            #"3:3 each element of "features" needs "type": "Feature""#,
            #"4:3 each element of "features" is a Feature object: found a string"#,
            #"5:12 unknown GeoJSON type "feature": expected Feature (did you mean "Feature"?)"#,
        ])
    }

    func testGeometryCollectionProblems() {
        XCTAssertEqual(problems(#"{"type": "GeometryCollection", "geometries": [[1, 2], {"type": "Point", "coordinates": [1, 2]}]}"#), [
            "1:47 each of \"geometries\" is a geometry object (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection): found an array",
        ])
        XCTAssertEqual(problems(#"{"type": "GeometryCollection"}"#),
                       [#"1:1 a GeometryCollection needs "geometries", an array of geometries"#])
        XCTAssertEqual(problems(#"{"type": "Feature", "geometry": {"type": "Feature"}}"#), [
            "1:42 a geometry (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection) goes here: found a Feature",
        ])
    }

    func testFeatureWithoutGeometry() {
        let text = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"n": 1}},
          {"type": "Feature", "geometry": "Point"},
          {"type": "Feature", "properties": [1], "geometry": {"type": "Point", "coordinates": [1, 2]}}
        ]}
        """
        XCTAssertEqual(problems(text), [
            #"2:3 a Feature needs a "geometry": a geometry object, or null for a feature without one"#,
            #"3:35 "geometry" is a string: expected a geometry object (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection) or null"#,
            #"4:37 "properties" is an array: expected an object (or null)"#,
        ])
    }

    func testCoordinatesOfTheWrongShape() {
        // LineString coordinates given to a Polygon: numbers where positions stand. One
        // mistake, one message, at the first value of the wrong kind.
        XCTAssertEqual(problems(geometry("Polygon", "[[0, 0], [1, 0], [0, 1], [0, 0]]")), [
            "1:38 a Polygon's coordinates are a list of rings, each a list of [longitude, latitude] positions: found a number where a position ([longitude, latitude]) was expected",
        ])
        // Polygon coordinates given to a LineString: one level too deep.
        XCTAssertEqual(problems(geometry("LineString", "[[[0, 0], [1, 1]]]")), [
            "1:41 a LineString's coordinates are a list of [longitude, latitude] positions: found an array where a number was expected",
        ])
        XCTAssertEqual(problems(geometry("Point", "\"36.2, 37.1\"")), [
            "1:34 a Point's coordinates are one [longitude, latitude] position: found a string where a position was expected",
        ])
        XCTAssertEqual(problems(geometry("Point", "[[36.2, 37.1]]")), [
            "1:35 a Point's coordinates are one [longitude, latitude] position: found an array where a number was expected",
        ])
        // Polygon coordinates given to a MultiPolygon: one level too few.
        XCTAssertEqual(problems(geometry("MultiPolygon", "[[[0, 0], [1, 0], [0, 1]]]")), [
            "1:44 a MultiPolygon's coordinates are a list of polygons, each a list of rings, each a list of [longitude, latitude] positions: found a number where a position ([longitude, latitude]) was expected",
        ])
        XCTAssertEqual(problems(geometry("MultiLineString", "{\"lines\": []}")), [
            "1:44 a MultiLineString's coordinates are a list of lines, each a list of [longitude, latitude] positions: found an object where a list was expected",
        ])
        XCTAssertEqual(problems(#"{"type": "MultiLineString"}"#),
                       [#"1:1 a MultiLineString needs "coordinates": a list of lines, each a list of [longitude, latitude] positions"#])
        XCTAssertEqual(problems(geometry("LineString", #"[[0, "1"], [1, 1]]"#)), [
            #"1:44 a LineString's coordinates are a list of [longitude, latitude] positions: found a string where a number was expected"#,
        ])
    }

    func testPositionWithFewerThanTwoNumbers() {
        XCTAssertEqual(problems(geometry("LineString", "[[0, 0],\n [1]]")),
                       ["2:2 a position needs 2 numbers, [longitude, latitude]: found only 1"])
        XCTAssertEqual(problems(geometry("MultiPoint", "[[]]")),
                       ["1:40 a position needs 2 numbers, [longitude, latitude]: found none"])
    }

    func testCoordinatesOutOfRange() {
        let text = """
        {"type": "MultiPoint", "coordinates": [
          [212.5, 10],
          [500000.0, 4649776.22],
          [36.2, 120.5],
          [36.2, -4649776]
        ]}
        """
        XCTAssertEqual(problems(text), [
            "2:4 longitude 212.5 is outside −180…180; is it in a projected system? GeoJSON is WGS 84 degrees",
            "3:4 longitude 500000.0 is outside −180…180; is it in a projected system? GeoJSON is WGS 84 degrees",
            "4:10 latitude 120.5 is outside −90…90; are longitude and latitude swapped? GeoJSON writes [longitude, latitude]",
            "5:10 latitude -4649776 is outside −90…90; is it in a projected system? GeoJSON is WGS 84 degrees",
        ])
        // No swap to suggest when the longitude could not be a latitude.
        XCTAssertEqual(problems(geometry("Point", "[120, 100]")),
                       ["1:40 latitude 100 is outside −90…90; is it in a projected system? GeoJSON is WGS 84 degrees"])
    }

    func testLineStringOfOnePosition() {
        XCTAssertEqual(problems(geometry("LineString", "[[0, 0]]")),
                       ["1:39 a LineString needs at least 2 positions: found 1"])
        XCTAssertEqual(problems(geometry("MultiLineString", "[[[0, 0], [1, 1]], [[0, 0]]]")),
                       ["1:63 each line of a MultiLineString needs at least 2 positions: found 1"])
    }

    func testRingOfTooFewPositions() {
        XCTAssertEqual(problems(geometry("Polygon", "[[[0, 0], [1, 0], [0, 0]]]")), [
            "1:37 a ring of a Polygon needs at least 4 positions, the last repeating the first (3 if left open): found 3, the last repeating the first: only 2 corners",
        ])
        XCTAssertEqual(problems(geometry("MultiPolygon", "[[[[0, 0], [1, 0]]]]")), [
            "1:43 a ring of a MultiPolygon needs at least 4 positions, the last repeating the first (3 if left open): found 2",
        ])
    }

    func testCRSOtherThanWGS84() {
        let text = """
        {"type": "FeatureCollection",
         "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32637"}},
         "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [500000, 4000000]}}]}
        """
        XCTAssertEqual(problems(text), [
            #"2:49 "crs" is "urn:ogc:def:crs:EPSG::32637", not WGS 84 (CRS84): GeoJSON coordinates are WGS 84 longitude/latitude degrees (RFC 7946); reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"#,
        ])
        XCTAssertEqual(problems(#"{"type": "Point", "crs": "EPSG:3857", "coordinates": [0, 0]}"#), [
            #"1:26 "crs" does not name a coordinate system (expected {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}): GeoJSON coordinates are WGS 84 longitude/latitude degrees (RFC 7946); reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"#,
        ])
    }

    func testProblemsAreCappedAtTwentyAndCounted() {
        let positions = (0..<25).map { "[\(300 + $0), 0]" }.joined(separator: ",\n")
        let found = problems(#"{"type": "MultiPoint", "coordinates": ["# + "\n" + positions + "]}")
        XCTAssertEqual(found.count, 21)
        XCTAssertEqual(found[0], "2:2 longitude 300 is outside −180…180; is it in a projected system? GeoJSON is WGS 84 degrees")
        XCTAssertEqual(found[19], "21:2 longitude 319 is outside −180…180; is it in a projected system? GeoJSON is WGS 84 degrees")
        XCTAssertEqual(found[20], "22:2 … and 5 more problems")
    }

    func testOnlyTheFeaturesWithProblemsAreLeftOut() {
        let text = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"n": "a"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
          {"type": "Feature", "properties": {"n": "b"}, "geometry": {"type": "Point", "coordinates": [1, 200]}}
        ]}
        """
        let read = GeoJSONReader.read(Array(text.utf8), file: file)
        XCTAssertEqual(read.features.map(\.properties), [["n": "a"]])
        XCTAssertEqual(read.diagnostics.count, 1)
    }

    // MARK: - Size

    /// A 100,000-point line (a front line digitised at full precision) is read whole, every
    /// position in order. How fast is measured by the benchmarks, not here: a timed unit test
    /// flakes on a loaded machine.
    func testLargeLineStringReadsWhole() throws {
        var text = #"{"type": "Feature", "properties": {"name": "front line"}, "geometry": {"type": "LineString", "coordinates": ["#
        text.reserveCapacity(3_000_000)
        for i in 0..<100_000 {
            if i > 0 { text += "," }
            text += "[\(Double(i % 36_000) / 100.0 - 180.0),\(Double(i % 18_000) / 200.0 - 45.0)]"
        }
        text += "]}}"
        let bytes = Array(text.utf8)
        let last = p(Double(99_999 % 36_000) / 100.0 - 180.0, Double(99_999 % 18_000) / 200.0 - 45.0)
        let read = GeoJSONReader.read(bytes, file: file)
        XCTAssertEqual(read.diagnostics, [])
        guard case .lines(let lines)? = read.features.first?.geometry else { return XCTFail("no line") }
        XCTAssertEqual(lines.first?.count, 100_000)
        XCTAssertEqual(lines.first?.last, last)
    }
}
