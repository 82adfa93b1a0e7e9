/// Places on the Earth as maps read them: degrees of WGS 84 longitude (east positive) and
/// latitude (north positive), the coordinates of ACLED/UCDP exports, gazetteers and GeoJSON
/// (RFC 7946). Extents never cross the antimeridian (a map of the Pacific across 180° is not
/// drawn; the reference says so).

/// One place: longitude and latitude in degrees.
public struct GeoPoint: Sendable, Hashable {
    /// Degrees east of Greenwich, −180…180.
    public var lon: Double
    /// Degrees north of the equator, −90…90.
    public var lat: Double

    public init(lon: Double, lat: Double) { self.lon = lon; self.lat = lat }
}

/// A box of longitudes and latitudes (west ≤ east, south ≤ north).
public struct GeoBox: Sendable, Hashable {
    public var west: Double
    public var south: Double
    public var east: Double
    public var north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west; self.south = south; self.east = east; self.north = north
    }

    /// The smallest box holding every point; nil for none.
    public init?<S: Sequence>(points: S) where S.Element == GeoPoint {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var box = GeoBox(west: first.lon, south: first.lat, east: first.lon, north: first.lat)
        while let p = it.next() { box.include(p) }
        self = box
    }

    /// Grows the box to hold `p`.
    public mutating func include(_ p: GeoPoint) {
        west = min(west, p.lon); east = max(east, p.lon)
        south = min(south, p.lat); north = max(north, p.lat)
    }

    /// The box holding both.
    public func union(_ other: GeoBox) -> GeoBox {
        GeoBox(west: min(west, other.west), south: min(south, other.south),
               east: max(east, other.east), north: max(north, other.north))
    }

    /// True when the boxes share a point (touching edges count).
    public func intersects(_ other: GeoBox) -> Bool {
        west <= other.east && other.west <= east && south <= other.north && other.south <= north
    }

    /// True when `p` is inside or on the edge.
    public func contains(_ p: GeoPoint) -> Bool {
        p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north
    }

    /// Width in degrees of longitude.
    public var width: Double { east - west }
    /// Height in degrees of latitude.
    public var height: Double { north - south }
    /// The middle point.
    public var center: GeoPoint { GeoPoint(lon: (west + east) / 2, lat: (south + north) / 2) }
}

/// What a feature draws, as GeoJSON has it: points, lines, or polygons (each a list of rings,
/// the outer ring first, then its holes; rings closed or not, both are read the same).
public enum GeoGeometry: Sendable, Hashable {
    case points([GeoPoint])
    case lines([[GeoPoint]])
    case polygons([[[GeoPoint]]])

    /// Every point of the geometry.
    public var allPoints: [GeoPoint] {
        switch self {
        case .points(let p): return p
        case .lines(let l): return l.flatMap { $0 }
        case .polygons(let p): return p.flatMap { $0.flatMap { $0 } }
        }
    }

    /// The box around every point; nil when the geometry is empty.
    public var bounds: GeoBox? { GeoBox(points: allPoints) }
}

/// One feature of a map layer: its geometry, and its properties as text (numbers written as
/// JSON wrote them), for labels and styles.
public struct GeoFeature: Sendable, Hashable {
    public var geometry: GeoGeometry
    public var properties: [String: String]
    /// Where the feature starts in its file, for messages about it.
    public var position: SourcePosition?

    public init(geometry: GeoGeometry, properties: [String: String] = [:], position: SourcePosition? = nil) {
        self.geometry = geometry; self.properties = properties; self.position = position
    }
}
