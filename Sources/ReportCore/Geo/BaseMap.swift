import CBaseMap

// The base map built into the executable: Natural Earth's 1:10m countries (Sources/CBaseMap,
// data/SOURCE.md), so that a map block draws its borders offline and every copy of `report`
// draws the same ones.
//
// The bytes are data/ne_10m_admin_0_countries.bin, written by Sources/CBaseMap/make-basemap.py,
// whose comment is the reference for the format. In short (little-endian; coordinates are
// integers of 1e-5 degree):
//
//   header   32 bytes: "RBASEMAP", version 1, count N, sourceLength, stringsOffset,
//            bodiesOffset, bodiesLength (u32 each)
//   index    N × 44 bytes, sorted by code: code (3 ASCII + NUL), bbox west/south/east/north
//            (i32 ×4), label lon/lat (i32 ×2), name offset/length, body offset/length (u32 ×4)
//   strings  the source line, then the names (UTF-8)
//   bodies   per country: varint polygons; per polygon varint rings; per ring varint points,
//            then per point zigzag-varint Δlon, Δlat from the country's previous point
//            (from (0, 0) for its first); rings never repeat their first point.
//
// Only the header and index are read up front (once, lazily: a `static let`, which Swift
// initialises exactly once even when several threads ask at the same time); a country's body is
// decoded when a query needs it, and nothing decoded is kept, so there is no shared mutable
// state to guard.

/// One country of the bundled base map.
public struct BaseMapCountry: Sendable {
    /// The English name (Natural Earth's NAME_EN), e.g. "Syria".
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
    public static func countries(intersecting box: GeoBox) -> [BaseMapCountry] {
        let bytes = BaseMapData.bytes
        return BaseMapData.index.entries.compactMap { entry in
            entry.bounds.intersects(box) ? entry.decode(bytes) : nil
        }
    }

    /// The country containing `p` (point in polygon, even-odd with holes), nil at sea.
    ///
    /// Land outside every country is nil too: the Golan Heights, which this point of view
    /// (Germany's) leaves to neither Israel nor Syria. A point exactly on a border shared by two
    /// countries may be given to either; the first by code is returned.
    public static func country(containing p: GeoPoint) -> BaseMapCountry? {
        let bytes = BaseMapData.bytes
        // The test walks the encoded rings without building arrays (Russia's box covers the
        // whole north, and its 1:10m outline is large); only the country found is decoded.
        for entry in BaseMapData.index.entries where entry.bounds.contains(p) {
            if entry.contains(p, bytes) { return entry.decode(bytes) }
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
    static let headerSize = 32
    static let entrySize = 44
    /// Degrees per unit of the stored integers.
    static let unit = 1e-5

    /// What the header and index say: the source line and every country's entry, by code.
    struct Index: Sendable {
        var source: String
        var entries: [Entry]

        /// Reads the header and index. The bytes are part of the build, checked by the tests,
        /// so damage here is a broken build, not bad input: it stops with a message.
        init(_ bytes: UnsafeRawBufferPointer) {
            func fail(_ why: String) -> Never {
                fatalError("The bundled base map (Sources/CBaseMap) is damaged: \(why). Rebuild after touching basemap.S.")
            }
            guard bytes.count >= headerSize, Array(bytes[0..<8]) == Array("RBASEMAP".utf8) else { fail("no header") }
            guard u32(bytes, 8) == version else { fail("format version \(u32(bytes, 8)), expected \(version)") }
            let count = Int(u32(bytes, 12)), sourceLength = Int(u32(bytes, 16))
            let stringsOffset = Int(u32(bytes, 20)), bodiesOffset = Int(u32(bytes, 24))
            let bodiesLength = Int(u32(bytes, 28))
            guard headerSize + count * entrySize <= stringsOffset, stringsOffset + sourceLength <= bodiesOffset,
                  bodiesOffset + bodiesLength <= bytes.count else { fail("sizes out of range") }
            func text(_ offset: Int, _ length: Int) -> String {
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
            }
            source = text(stringsOffset, sourceLength)
            entries = (0..<count).map { i in
                let at = headerSize + i * entrySize
                let q = (0..<6).map { Double(Int32(bitPattern: u32(bytes, at + 4 + 4 * $0))) * unit }
                let nameOffset = stringsOffset + Int(u32(bytes, at + 28)), nameLength = Int(u32(bytes, at + 32))
                let bodyOffset = bodiesOffset + Int(u32(bytes, at + 36)), bodyLength = Int(u32(bytes, at + 40))
                guard nameOffset + nameLength <= bodiesOffset, bodyOffset + bodyLength <= bodiesOffset + bodiesLength else {
                    fail("entry \(i) out of range")
                }
                return Entry(code: text(at, 3), name: text(nameOffset, nameLength),
                             bounds: GeoBox(west: q[0], south: q[1], east: q[2], north: q[3]),
                             labelPoint: GeoPoint(lon: q[4], lat: q[5]),
                             body: bodyOffset..<bodyOffset + bodyLength)
            }
        }
    }

    /// One country's index entry: everything but its geometry, and where that is.
    struct Entry: Sendable {
        var code: String
        var name: String
        var bounds: GeoBox
        var labelPoint: GeoPoint
        /// The byte range of the encoded polygons in the whole file.
        var body: Range<Int>

        /// The country with its polygons decoded.
        func decode(_ bytes: UnsafeRawBufferPointer) -> BaseMapCountry {
            var reader = Reader(bytes: bytes, at: body.lowerBound, end: body.upperBound)
            var x = 0, y = 0
            let polygonCount = reader.count()
            var polygons: [[[GeoPoint]]] = []
            polygons.reserveCapacity(polygonCount)
            for _ in 0..<polygonCount {
                let ringCount = reader.count()
                var rings: [[GeoPoint]] = []
                rings.reserveCapacity(ringCount)
                for _ in 0..<ringCount {
                    let pointCount = reader.count()
                    var ring: [GeoPoint] = []
                    ring.reserveCapacity(pointCount)
                    for _ in 0..<pointCount {
                        x += reader.signed(); y += reader.signed()
                        ring.append(GeoPoint(lon: Double(x) * unit, lat: Double(y) * unit))
                    }
                    rings.append(ring)
                }
                polygons.append(rings)
            }
            return BaseMapCountry(name: name, code: code, bounds: bounds, labelPoint: labelPoint, polygons: polygons)
        }

        /// Even-odd point in polygon over every ring of every polygon, read straight from the
        /// encoded bytes: a ray to the east crosses the outline an odd number of times from
        /// inside. Holes need no special case (they add their crossings), and neither do the
        /// separate polygons, which never overlap.
        func contains(_ p: GeoPoint, _ bytes: UnsafeRawBufferPointer) -> Bool {
            // In stored units, so that the edges need no conversion.
            let px = p.lon / unit, py = p.lat / unit
            var reader = Reader(bytes: bytes, at: body.lowerBound, end: body.upperBound)
            var x = 0, y = 0
            var inside = false
            func cross(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) {
                let fy1 = Double(y1), fy2 = Double(y2)
                if (fy1 > py) != (fy2 > py) {
                    let fx1 = Double(x1)
                    if px < (Double(x2) - fx1) * (py - fy1) / (fy2 - fy1) + fx1 { inside.toggle() }
                }
            }
            for _ in 0..<reader.count() {
                for _ in 0..<reader.count() {
                    let pointCount = reader.count()
                    guard pointCount > 0 else { continue }
                    x += reader.signed(); y += reader.signed()
                    let firstX = x, firstY = y
                    for _ in 1..<max(pointCount, 1) {
                        let lastX = x, lastY = y
                        x += reader.signed(); y += reader.signed()
                        cross(lastX, lastY, x, y)
                    }
                    // The closing edge, back to the first point the ring does not repeat.
                    cross(x, y, firstX, firstY)
                }
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
