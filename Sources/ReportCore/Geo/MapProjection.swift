import Foundation
import ReportScene

/// The projection every map uses: Lambert azimuthal equal-area, centred on the map's extent
/// (Snyder, "Map Projections: A Working Manual", 1987, §24, spherical form), on a sphere of
/// the Earth's authalic radius. Equal-area, so a hexagon of the density layer covers the same
/// ground wherever it is and counts compare like with like; over a country-sized extent its
/// shapes stay close to true as well (about 1 % scale error 1,000 km from the centre).
public struct MapProjection: Sendable, Hashable {
    /// The point that projects to (0, 0).
    public let center: GeoPoint
    private let lambda0: Double
    private let sinPhi0: Double
    private let cosPhi0: Double

    /// The sphere's radius, kilometres (the authalic radius of WGS 84).
    public static let earthRadiusKm = 6371.0072
    /// The projection's name, as the reference and the alt text give it.
    public static let name = "Lambert azimuthal equal-area"

    /// A projection centred on `center`.
    public init(center: GeoPoint) {
        self.center = center
        lambda0 = center.lon * .pi / 180
        let phi0 = center.lat * .pi / 180
        sinPhi0 = sin(phi0); cosPhi0 = cos(phi0)
    }

    /// Kilometres east (x) and north (y) of the centre; nil for the point opposite the centre,
    /// which has no single image.
    public func project(_ p: GeoPoint) -> (x: Double, y: Double)? {
        let lambda = p.lon * .pi / 180 - lambda0, phi = p.lat * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi), cosLambda = cos(lambda)
        let denominator = 1 + sinPhi0 * sinPhi + cosPhi0 * cosPhi * cosLambda
        guard denominator > 1e-12 else { return nil }
        let k = (2 / denominator).squareRoot() * Self.earthRadiusKm
        return (k * cosPhi * sin(lambda), k * (cosPhi0 * sinPhi - sinPhi0 * cosPhi * cosLambda))
    }

    /// The place at `x`, `y` kilometres from the centre; nil beyond the projection's disc.
    public func invert(x: Double, y: Double) -> GeoPoint? {
        let rho = (x * x + y * y).squareRoot()
        guard rho > 1e-12 else { return center }
        let s = rho / (2 * Self.earthRadiusKm)
        guard s <= 1 else { return nil }
        let c = 2 * asin(s), sinC = sin(c), cosC = cos(c)
        let phi = asin(min(1, max(-1, cosC * sinPhi0 + y * sinC * cosPhi0 / rho)))
        let lambda = atan2(x * sinC, rho * cosPhi0 * cosC - y * sinPhi0 * sinC)
        var lon = (lambda + lambda0) * 180 / .pi
        if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
        return GeoPoint(lon: lon, lat: phi * 180 / .pi)
    }
}

/// A projection fitted into a rectangle of the page: where each place is drawn, and which
/// places the rectangle shows. The extent is centred and as large as the rectangle allows
/// without distortion; the rectangle's spare width or height shows more of the world around it.
public struct MapFrame: Sendable {
    public let projection: MapProjection
    /// The rectangle the map fills, in page points.
    public let rect: Rect
    /// Page points per projected kilometre.
    public let pointsPerKm: Double
    private let centerX: Double
    private let centerY: Double

    /// Fits `extent` into `rect`.
    public init(extent: GeoBox, in rect: Rect) {
        let projection = MapProjection(center: extent.center)
        // The extent's outline, densely sampled: its edges are curves once projected.
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for p in Self.outline(extent) {
            guard let q = projection.project(p) else { continue }
            minX = min(minX, q.x); maxX = max(maxX, q.x); minY = min(minY, q.y); maxY = max(maxY, q.y)
        }
        let spanX = max(maxX - minX, 1e-6), spanY = max(maxY - minY, 1e-6)
        self.projection = projection
        self.rect = rect
        pointsPerKm = min(rect.width / spanX, rect.height / spanY)
        centerX = (minX + maxX) / 2; centerY = (minY + maxY) / 2
    }

    /// Points along the box's edges, 16 a side.
    static func outline(_ box: GeoBox) -> [GeoPoint] {
        var points: [GeoPoint] = []
        for i in 0...16 {
            let t = Double(i) / 16
            let lon = box.west + t * box.width, lat = box.south + t * box.height
            points += [GeoPoint(lon: lon, lat: box.south), GeoPoint(lon: lon, lat: box.north),
                       GeoPoint(lon: box.west, lat: lat), GeoPoint(lon: box.east, lat: lat)]
        }
        return points
    }

    /// Where `p` is drawn (page points, y down); nil only for the point opposite the centre.
    public func point(_ p: GeoPoint) -> Point? {
        guard let q = projection.project(p) else { return nil }
        return Point(rect.midX + (q.x - centerX) * pointsPerKm, rect.midY - (q.y - centerY) * pointsPerKm)
    }

    /// The place drawn at page point `p`.
    public func place(at p: Point) -> GeoPoint? {
        projection.invert(x: (p.x - rect.midX) / pointsPerKm + centerX, y: (rect.midY - p.y) / pointsPerKm + centerY)
    }

    /// Every place the rectangle shows, as a box of longitudes and latitudes (a little more:
    /// the box around the rectangle's edges, inverted).
    public var visibleBox: GeoBox {
        var places: [GeoPoint] = []
        for i in 0...16 {
            let t = Double(i) / 16
            let x = rect.minX + t * rect.width, y = rect.minY + t * rect.height
            places += [Point(x, rect.minY), Point(x, rect.maxY), Point(rect.minX, y), Point(rect.maxX, y)].compactMap(place(at:))
        }
        let box = GeoBox(points: places) ?? GeoBox(west: -180, south: -90, east: 180, north: 90)
        let pad = 0.02 * max(box.width, box.height)
        return GeoBox(west: max(-180, box.west - pad), south: max(-90, box.south - pad),
                      east: min(180, box.east + pad), north: min(90, box.north + pad))
    }
}
