import CLibCrypto
import Foundation
import ReportTestSupport
import XCTest
@testable import ReportCore

/// The base map built into the executable (Sources/CBaseMap): the bytes are the committed
/// file, the file is the one SOURCE.md describes, and the countries come out where they are.
final class BaseMapTests: XCTestCase {
    static let data = Fixtures.root + "/Sources/CBaseMap/data"

    func testTheEmbeddedBytesAreTheCommittedFileAndItsChecksumIsInSourceMd() throws {
        let file = try XCTUnwrap(FileManager.default.contents(atPath: Self.data + "/ne_10m_admin_0_countries.bin"))
        XCTAssertEqual(Data(BaseMapData.bytes), file,
                       "the built-in base map differs from the file (touch Sources/CBaseMap/basemap.S and rebuild)")
        let sourceMd = try String(contentsOfFile: Self.data + "/SOURCE.md", encoding: .utf8)
        // SOURCE.md lists the checksum as `sha256sum` prints it, so `sha256sum -c` reads it too.
        let listed = sourceMd.split(separator: "\n").first { $0.hasSuffix("  ne_10m_admin_0_countries.bin") }
        let hash = try XCTUnwrap(listed?.split(separator: " ").first.map(String.init), "SOURCE.md lists no sha256 for the .bin")
        XCTAssertEqual(sha256(file), hash, "update the checksum in SOURCE.md after regenerating the .bin")
    }

    func testEveryCountryDecodesWithRingsInsideTheWorldAndItsBounds() {
        let all = BaseMap.countries(intersecting: GeoBox(west: -180, south: -90, east: 180, north: 90))
        XCTAssertEqual(all.count, 250)
        XCTAssertEqual(all.map(\.code), all.map(\.code).sorted(), "countries come sorted by code")
        XCTAssertEqual(Set(all.map(\.code)).count, all.count, "codes are unique")
        for country in all {
            XCTAssertEqual(country.code.count, 3, country.code)
            XCTAssertFalse(country.name.isEmpty, country.code)
            XCTAssertTrue(country.polygons.contains { $0.contains { $0.count >= 3 } }, "\(country.code) has no ring")
            var seen: GeoBox?
            for polygon in country.polygons {
                XCTAssertFalse(polygon.isEmpty, country.code)
                for ring in polygon {
                    XCTAssertGreaterThanOrEqual(ring.count, 3, country.code)
                    XCTAssertNotEqual(ring.first, ring.last, "\(country.code): rings do not repeat their first point")
                    for p in ring {
                        XCTAssertTrue(abs(p.lon) <= 180 && abs(p.lat) <= 90, "\(country.code): \(p)")
                        seen = seen.map { var b = $0; b.include(p); return b } ?? GeoBox(west: p.lon, south: p.lat, east: p.lon, north: p.lat)
                    }
                }
            }
            // The index's box is the box of the decoded points, to the stored precision.
            if let seen {
                XCTAssertEqual(seen.west, country.bounds.west, accuracy: 1e-9, country.code)
                XCTAssertEqual(seen.south, country.bounds.south, accuracy: 1e-9, country.code)
                XCTAssertEqual(seen.east, country.bounds.east, accuracy: 1e-9, country.code)
                XCTAssertEqual(seen.north, country.bounds.north, accuracy: 1e-9, country.code)
            }
        }
        XCTAssertEqual(all.first { $0.code == "PGA" }?.name, "Spratly Islands", "the corrected name (SOURCE.md)")
    }

    func testSyriaIsWhereItIs() throws {
        let box = GeoBox(west: 35, south: 32, east: 43, north: 38)
        let syria = try XCTUnwrap(BaseMap.countries(intersecting: box).first { $0.code == "SYR" })
        XCTAssertEqual(syria.name, "Syria")
        XCTAssertEqual(syria.bounds.west, 35.7, accuracy: 0.1)
        XCTAssertEqual(syria.bounds.east, 42.4, accuracy: 0.1)
        XCTAssertEqual(syria.bounds.south, 32.3, accuracy: 0.1)
        XCTAssertEqual(syria.bounds.north, 37.3, accuracy: 0.1)
        XCTAssertTrue(syria.bounds.contains(syria.labelPoint))
        XCTAssertEqual(BaseMap.country(containing: syria.labelPoint)?.code, "SYR")
    }

    func testPlacesFallInTheirCountriesAndTheSeaInNone() {
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 39.01, lat: 35.95))?.code, "SYR", "Raqqa")
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 40.14, lat: 35.34))?.code, "SYR", "Deir ez-Zor")
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 36.75, lat: 35.13))?.code, "SYR", "Hama")
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 35.50, lat: 33.89))?.code, "LBN", "Beirut")
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 13.40, lat: 52.52))?.code, "DEU", "Berlin")
        XCTAssertNil(BaseMap.country(containing: GeoPoint(lon: 34.0, lat: 34.5)), "the Mediterranean")
        // Germany's point of view gives the Golan Heights to neither Israel nor Syria
        // (SOURCE.md): Katzrin is in no country. A map of Syria should know.
        XCTAssertNil(BaseMap.country(containing: GeoPoint(lon: 35.69, lat: 32.99)), "Katzrin, Golan Heights")
        // A hole: Lesotho lies inside South Africa's outline, and belongs to Lesotho only.
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 28.3, lat: -29.5))?.code, "LSO", "the middle of Lesotho")
        XCTAssertEqual(BaseMap.country(containing: GeoPoint(lon: 28.04, lat: -26.20))?.code, "ZAF", "Johannesburg")
    }

    func testTheBoxAroundSyriaHoldsItsNeighboursAndNotFrance() {
        let codes = Set(BaseMap.countries(intersecting: GeoBox(west: 35, south: 32, east: 43, north: 38)).map(\.code))
        for code in ["SYR", "TUR", "IRQ", "JOR", "LBN"] { XCTAssertTrue(codes.contains(code), code) }
        // France's and Russia's whole boxes meet this one; none of their polygons' boxes do.
        XCTAssertFalse(codes.contains("FRA"))
        XCTAssertFalse(codes.contains("RUS"))
        let corsica = BaseMap.countries(intersecting: GeoBox(west: 8.5, south: 41.5, east: 9.5, north: 42.5))
        // Corsica's box meets it (and mainland Italy's box, which reaches west of Corsica).
        XCTAssertEqual(corsica.map(\.code), ["FRA", "ITA"])
        XCTAssertGreaterThan(corsica.first { $0.code == "FRA" }?.polygons.count ?? 0, 1, "a country comes with all its polygons")
    }

    func testSourceAndAttribution() {
        XCTAssertEqual(BaseMap.attribution, "Boundaries: Natural Earth")
        XCTAssertTrue(BaseMap.source.hasPrefix("Natural Earth 1:10m Admin 0"), BaseMap.source)
        XCTAssertTrue(BaseMap.source.contains("version 5.1.1"), BaseMap.source)
    }

    func testQueriesFromManyThreadsAtOnceAgree() {
        let box = GeoBox(west: 35, south: 32, east: 43, north: 38)
        let expected = BaseMap.countries(intersecting: box).map(\.code)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let codes = BaseMap.countries(intersecting: box).map(\.code)
            let raqqa = BaseMap.country(containing: GeoPoint(lon: 39.01, lat: 35.95))?.code
            results.add(i, codes == expected && raqqa == "SYR")
        }
        XCTAssertEqual(results.all, Array(repeating: true, count: 16))
    }

    /// Timings for the record (printed, not asserted: the machine is shared).
    func testDecodingSyriaAndItsNeighboursIsFast() {
        let box = GeoBox(west: 35, south: 32, east: 43, north: 38)
        _ = BaseMap.source  // the index, read once
        let clock = ContinuousClock()
        let indexTime = clock.measure { _ = BaseMapData.Index(BaseMapData.bytes) }
        var countries: [BaseMapCountry] = []
        let rounds = 20
        let boxTime = clock.measure { for _ in 0..<rounds { countries = BaseMap.countries(intersecting: box) } }
        let points = countries.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
        let pointTime = clock.measure { for _ in 0..<rounds { _ = BaseMap.country(containing: GeoPoint(lon: 39.01, lat: 35.95)) } }
        let worldTime = clock.measure { _ = BaseMap.countries(intersecting: GeoBox(west: -180, south: -90, east: 180, north: 90)) }
        print("BaseMap: box (35,32)-(43,38): \(countries.count) countries, \(points) points, \(boxTime / rounds) each;",
              "country(containing: Raqqa) \(pointTime / rounds) each; the whole world \(worldTime); reading the index \(indexTime)")
    }

    private func sha256(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        XCTAssertEqual(ok, 1)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// What each thread of the concurrency test saw, behind a lock.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Int: Bool] = [:]
    func add(_ i: Int, _ ok: Bool) { lock.lock(); seen[i] = ok; lock.unlock() }
    var all: [Bool] { lock.lock(); defer { lock.unlock() }; return seen.keys.sorted().map { seen[$0]! } }
}
