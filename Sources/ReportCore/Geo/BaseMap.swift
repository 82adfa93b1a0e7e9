import CBaseMap

// The base map built into the executable: Natural Earth's 1:10m countries (Sources/CBaseMap,
// data/SOURCE.md), so that a map block draws its borders offline and every copy of `report`
// draws the same ones.
//
// The bytes are data/ne_10m_admin_0_countries.bin, written by Sources/CBaseMap/make-basemap.py,
// whose comment is the reference for the format. In short (little-endian; coordinates are
// integers of 1e-5 degree):
//
//   header    48 bytes: "RBASEMAP", then u32s: version 1, countryCount N, polygonCount P,
//             sourceLength, indexOffset, polygonsOffset, stringsOffset, bodiesOffset,
//             bodiesLength, 0
//   index     N × 44 bytes, sorted by code: code (3 ASCII + NUL), bbox west/south/east/north
//             (i32 ×4), label lon/lat (i32 ×2), name offset/length, first polygon, polygon
//             count (u32 ×4)
//   polygons  P × 24 bytes: the outer ring's bbox (i32 ×4), body offset/length (u32 ×2)
//   strings   the source line, then the names (UTF-8)
//   bodies    per polygon: varint rings; per ring varint points, then per point zigzag-varint
//             Δlon, Δlat from the polygon's previous point (from its bbox's west/south for
//             the first); rings never repeat their first point.
//
// Only the header, index and polygon table are read up front (once, lazily: a `static let`,
// which Swift initialises exactly once even when several threads ask at the same time); a
// polygon's body is decoded when a query needs it, and nothing decoded is kept, so there is no
// shared mutable state to guard.

/// One country of the bundled base map.
public struct BaseMapCountry: Sendable {
    /// The English name (Natural Earth's NAME_EN, one corrected: see data/SOURCE.md), e.g.
    /// "Syria", "People's Republic of China".
    public let name: String
    /// Natural Earth's ADM0_A3, e.g. "SYR" (ISO 3166-1 alpha-3 for most countries; Natural
    /// Earth's own codes for others, e.g. "PSX", "KOS", "SAH").
    public let code: String
    /// The box around every point of `polygons`.
    public let bounds: GeoBox
    /// Where Natural Earth places the country's label (LABEL_X/LABEL_Y): inside the country,
    /// on its main part, not its centroid.
    public let labelPoint: GeoPoint
    /// Polygons, each a list of rings (outer ring first, then holes), rings not repeating their first point.
    public let polygons: [[[GeoPoint]]]
}

/// The countries of the bundled base map, found by box or by point. Safe to call from any
/// thread.
public enum BaseMap {
    /// Countries whose bounds intersect `box`, in a fixed order (by code); decodes only those (fast: the header with bboxes is read once, lazily, thread-safe).
    ///
    /// "Bounds" is tested polygon by polygon: a country is returned when the box of one of its
    /// polygons meets `box`, so that France (its box reaches from French Guiana to Réunion)
    /// does not come with every map of the Middle East, nor Russia with every map of the north.
    /// A country returned has all its polygons, and `bounds` is its whole box.
    public static func countries(intersecting box: GeoBox) -> [BaseMapCountry] {
        let bytes = BaseMapData.bytes
        return BaseMapData.index.entries.compactMap { entry in
            entry.bounds.intersects(box) && entry.polygons.contains { $0.bounds.intersects(box) } ? entry.decode(bytes) : nil
        }
    }

    /// The country containing `p` (point in polygon, even-odd with holes), nil at sea.
    ///
    /// Land outside every country is nil too: the Golan Heights, which this point of view
    /// (Germany's) leaves to neither Israel nor Syria. A point exactly on a border shared by two
    /// countries may be given to either; the first by code is returned.
    public static func country(containing p: GeoPoint) -> BaseMapCountry? {
        let bytes = BaseMapData.bytes
        // The test walks the encoded rings without building arrays, and only of the polygons
        // whose box holds `p`; only the country found is decoded.
        for entry in BaseMapData.index.entries where entry.bounds.contains(p) {
            if entry.polygons.contains(where: { $0.bounds.contains(p) && $0.contains(p, bytes) }) {
                return entry.decode(bytes)
            }
        }
        return nil
    }

    /// The attribution line drawn on maps: "Boundaries: Natural Earth".
    public static let attribution: String = "Boundaries: Natural Earth"

    /// One line naming the data set and version, for docs and PDF metadata.
    ///
    /// Written into the data by its generator, so it always names the data built in:
    /// "Natural Earth 1:10m Admin 0 – Countries, version 5.1.1, Germany point of view
    /// (ne_10m_admin_0_countries_deu), public domain".
    public static let source: String = BaseMapData.index.source
}

/// The embedded bytes and their index. Internal so that the tests can compare the bytes with
/// the file and decode every country.
enum BaseMapData {
    /// The bytes of data/ne_10m_admin_0_countries.bin in the executable's read-only data. Made
    /// afresh on each call (a pointer and a size) rather than stored, because a buffer pointer
    /// is not Sendable and a `static let` of one would need an unchecked promise.
    static var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: report_basemap_bytes(), count: report_basemap_size())
    }

    /// The header and index, read on first use (once, thread-safely: a `static let`).
    static let index: Index = Index(bytes)

    /// The format version this reader knows.
    static let version: UInt32 = 1
    static let headerSize = 48
    static let entrySize = 44
    static let polygonSize = 24

    /// Degrees from a stored integer. Divided, not multiplied by 1e-5: the quotient is
    /// correctly rounded, so 18000000 gives exactly 180 (times 1e-5 gives 180.00000000000003,
    /// outside the world).
    @inline(__always) static func degrees(_ q: Int) -> Double { Double(q) / 100_000 }

    /// What the header and index say: the source line and every country's entry, by code.
    struct Index: Sendable {
        var source: String
        var entries: [Entry]

        /// Reads the header, index and polygon table. The bytes are part of the build, checked
        /// by the tests, so damage here is a broken build, not bad input: it stops with a message.
        init(_ bytes: UnsafeRawBufferPointer) {
            func fail(_ why: String) -> Never {
                fatalError("The bundled base map (Sources/CBaseMap) is damaged: \(why). Rebuild after touching basemap.S.")
            }
            guard bytes.count >= headerSize, Array(bytes[0..<8]) == Array("RBASEMAP".utf8) else { fail("no header") }
            guard u32(bytes, 8) == version else { fail("format version \(u32(bytes, 8)), expected \(version)") }
            let count = Int(u32(bytes, 12)), polygonCount = Int(u32(bytes, 16)), sourceLength = Int(u32(bytes, 20))
            let indexOffset = Int(u32(bytes, 24)), polygonsOffset = Int(u32(bytes, 28))
            let stringsOffset = Int(u32(bytes, 32)), bodiesOffset = Int(u32(bytes, 36)), bodiesLength = Int(u32(bytes, 40))
            guard indexOffset >= headerSize, indexOffset + count * entrySize <= polygonsOffset,
                  polygonsOffset + polygonCount * polygonSize <= stringsOffset,
                  stringsOffset + sourceLength <= bodiesOffset, bodiesOffset + bodiesLength <= bytes.count else {
                fail("sizes out of range")
            }
            func text(_ offset: Int, _ length: Int) -> String {
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
            }
            func i32(_ offset: Int) -> Int { Int(Int32(bitPattern: u32(bytes, offset))) }
            func box(_ at: Int) -> (GeoBox, origin: (x: Int, y: Int)) {
                (GeoBox(west: degrees(i32(at)), south: degrees(i32(at + 4)), east: degrees(i32(at + 8)), north: degrees(i32(at + 12))),
                 (i32(at), i32(at + 4)))
            }
            source = text(stringsOffset, sourceLength)
            entries = (0..<count).map { i in
                let at = indexOffset + i * entrySize
                let nameOffset = stringsOffset + Int(u32(bytes, at + 28)), nameLength = Int(u32(bytes, at + 32))
                let first = Int(u32(bytes, at + 36)), polygons = Int(u32(bytes, at + 40))
                guard nameOffset + nameLength <= bodiesOffset, first + polygons <= polygonCount else {
                    fail("country \(i) out of range")
                }
                return Entry(
                    code: text(at, 3), name: text(nameOffset, nameLength), bounds: box(at + 4).0,
                    labelPoint: GeoPoint(lon: degrees(i32(at + 20)), lat: degrees(i32(at + 24))),
                    polygons: (first..<first + polygons).map { j in
                        let at = polygonsOffset + j * polygonSize
                        let body = bodiesOffset + Int(u32(bytes, at + 16)), length = Int(u32(bytes, at + 20))
                        guard body + length <= bodiesOffset + bodiesLength else { fail("polygon \(j) out of range") }
                        let (bounds, origin) = box(at)
                        return Polygon(bounds: bounds, originX: origin.x, originY: origin.y, body: body..<body + length)
                    })
            }
        }
    }

    /// One country's index entry: everything but its geometry, and where that is.
    struct Entry: Sendable {
        var code: String
        var name: String
        var bounds: GeoBox
        var labelPoint: GeoPoint
        var polygons: [Polygon]

        /// The country with its polygons decoded.
        func decode(_ bytes: UnsafeRawBufferPointer) -> BaseMapCountry {
            BaseMapCountry(name: name, code: code, bounds: bounds, labelPoint: labelPoint,
                           polygons: polygons.map { $0.decode(bytes) })
        }
    }

    /// One polygon's table entry: the box of its outer ring and where its rings are.
    struct Polygon: Sendable {
        var bounds: GeoBox
        /// The stored west and south of `bounds`, where the deltas of the first point start.
        var originX: Int, originY: Int
        /// The byte range of the encoded rings in the whole file.
        var body: Range<Int>

        /// The rings, outer first.
        func decode(_ bytes: UnsafeRawBufferPointer) -> [[GeoPoint]] {
            var reader = Reader(bytes: bytes, at: body.lowerBound, end: body.upperBound)
            var x = originX, y = originY
            let ringCount = reader.count()
            var rings: [[GeoPoint]] = []
            rings.reserveCapacity(ringCount)
            for _ in 0..<ringCount {
                let pointCount = reader.count()
                var ring: [GeoPoint] = []
                ring.reserveCapacity(pointCount)
                for _ in 0..<pointCount {
                    x += reader.signed(); y += reader.signed()
                    ring.append(GeoPoint(lon: degrees(x), lat: degrees(y)))
                }
                rings.append(ring)
            }
            return rings
        }

        /// Even-odd point in polygon over its rings, read straight from the encoded bytes: a
        /// ray to the east crosses the outline an odd number of times from inside. Holes need no
        /// special case: their crossings count like the outer ring's.
        func contains(_ p: GeoPoint, _ bytes: UnsafeRawBufferPointer) -> Bool {
            // In stored units, so that the edges need no conversion.
            let px = p.lon * 100_000, py = p.lat * 100_000
            var reader = Reader(bytes: bytes, at: body.lowerBound, end: body.upperBound)
            var x = originX, y = originY
            var inside = false
            func cross(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) {
                let fy1 = Double(y1), fy2 = Double(y2)
                if (fy1 > py) != (fy2 > py) {
                    let fx1 = Double(x1)
                    if px < (Double(x2) - fx1) * (py - fy1) / (fy2 - fy1) + fx1 { inside.toggle() }
                }
            }
            for _ in 0..<reader.count() {
                let pointCount = reader.count()
                guard pointCount > 0 else { continue }
                x += reader.signed(); y += reader.signed()
                let firstX = x, firstY = y
                for _ in 1..<pointCount {
                    let lastX = x, lastY = y
                    x += reader.signed(); y += reader.signed()
                    cross(lastX, lastY, x, y)
                }
                // The closing edge, back to the first point the ring does not repeat.
                cross(x, y, firstX, firstY)
            }
            return inside
        }
    }

    /// Reads varints from one country's body, never past its end (a truncated body reads as
    /// zeros, which the tests would catch as a wrong shape, rather than reading other memory).
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var at: Int
        let end: Int

        /// An unsigned LEB128 varint.
        mutating func unsigned() -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while at < end, shift < 64 {
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return value
        }

        /// A count (of polygons, rings or points), capped by the bytes left so that damaged
        /// data cannot ask for a huge allocation: every item takes at least one byte.
        mutating func count() -> Int { Int(min(unsigned(), UInt64(end - at))) }

        /// A zigzag-encoded signed varint.
        mutating func signed() -> Int {
            let u = unsigned()
            return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
        }
    }

    /// The little-endian u32 at `offset`.
    static func u32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
