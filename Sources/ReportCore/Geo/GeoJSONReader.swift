/// Reads the user layers of a map (admin boundaries such as OCHA COD-AB sets, rivers, front
/// lines) from GeoJSON (RFC 7946), with every problem located at `file:line:column`.
///
/// The text is parsed by the project's own `JSONTreeParser`, which keeps the position of every
/// value, and the tree is then walked once. The walk is linear in the size of the file and,
/// beyond the `GeoPoint` arrays it returns, allocates nothing per position: numbers are read
/// straight from the tree, and a message is only ever built for a problem that will be shown.
public enum GeoJSONReader {
    /// The most problems reported for one file; the rest are counted in one more line
    /// ("… and N more problems"). A file in a projected system has a problem at every position,
    /// and a screenful says as much as a million lines.
    public static let diagnosticLimit = 20

    /// The features of a GeoJSON text (RFC 7946): a FeatureCollection, a Feature, or a bare
    /// geometry (Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon,
    /// GeometryCollection).
    ///
    /// - A geometry becomes one feature per kind it draws: points (Point, MultiPoint), lines
    ///   (LineString, MultiLineString) or polygons (Polygon, MultiPolygon). A GeometryCollection
    ///   (nested ones too) is flattened into at most three features, one per kind it holds, in
    ///   the order each kind first appears, all with the properties of their Feature.
    /// - Properties become text: strings as they are, numbers as JSON wrote them (the literal,
    ///   "1.50" stays "1.50"), booleans "true"/"false"; null and nested values are skipped.
    /// - A Feature whose geometry is null, and a geometry with empty "coordinates" (RFC 7946
    ///   §3.1 lets readers treat both as no geometry) give no feature and no problem.
    /// - A third and later number of a position (altitude) is ignored.
    /// - A feature with any problem in its geometry is left out; the other features are still
    ///   returned, so a caller may draw what is good while it reports the rest.
    ///
    /// Every problem is an error located in `file` at the line:column of the value at fault
    /// (the diagnostic's `file` is `file.path`), at most `diagnosticLimit` of them plus one line
    /// counting the rest. Each feature's `position` is where its object starts, and names `file`
    /// (`SourcePosition.file`), so that a later message about the feature (a property a label
    /// wants and the feature lacks) points into the GeoJSON file, not the spec.
    public static func read(_ bytes: [UInt8], file: SourceName) -> (features: [GeoFeature], diagnostics: [Diagnostic]) {
        let root: SpecNode
        do throws(DiagnosticList) {
            root = try JSONTreeParser.parse(bytes)
        } catch {
            // The parser's own messages, as they are; they carry no file, so name this one.
            var reader = GeoJSONWalker(file: file)
            for diagnostic in error.diagnostics { reader.report(diagnostic.inFile(file.path)) }
            return ([], reader.finishedDiagnostics())
        }
        return read(root, file: file)
    }

    /// The features of a GeoJSON document already parsed, as `read(_:file:)` finds them. Apart,
    /// so that tests can time the walk without the parse (which is most of the time).
    static func read(_ root: SpecNode, file: SourceName) -> (features: [GeoFeature], diagnostics: [Diagnostic]) {
        var reader = GeoJSONWalker(file: file)
        reader.readRoot(root)
        return (reader.features, reader.finishedDiagnostics())
    }
}

/// The kinds of GeoJSON geometry that have coordinates, with the words messages use for
/// their shape.
private enum CoordinateShape: String {
    case point = "Point", multiPoint = "MultiPoint", lineString = "LineString"
    case multiLineString = "MultiLineString", polygon = "Polygon", multiPolygon = "MultiPolygon"

    /// What the coordinates are, as the sentence "a Polygon's coordinates are …" ends.
    var expectedCoordinates: String {
        switch self {
        case .point: return "one [longitude, latitude] position"
        case .multiPoint, .lineString: return "a list of [longitude, latitude] positions"
        case .multiLineString: return "a list of lines, each a list of [longitude, latitude] positions"
        case .polygon: return "a list of rings, each a list of [longitude, latitude] positions"
        case .multiPolygon: return "a list of polygons, each a list of rings, each a list of [longitude, latitude] positions"
        }
    }

    /// The whole rule, the first half of every message about the shape of coordinates.
    var rule: String { "a \(rawValue)'s coordinates are \(expectedCoordinates)" }
}

/// Where a GeoJSON object stands, which decides the types it may have and how messages name it.
private enum ObjectPlace {
    /// The whole file: any type.
    case root
    /// An element of a FeatureCollection's "features": a Feature.
    case featureElement
    /// A Feature's "geometry" or a member of a GeometryCollection: a geometry.
    case geometry
}

/// The kinds a geometry draws, in the order `GeoGeometry` has them.
private enum GeometryKind: Int {
    case points = 0, lines = 1, polygons = 2
}

/// The geometry of one feature as it is read: everything of each kind, gathered across the
/// members of a GeometryCollection, and the order in which the kinds first appeared.
private struct GeometryParts {
    var points: [GeoPoint] = []
    var lines: [[GeoPoint]] = []
    var polygons: [[[GeoPoint]]] = []
    /// The kinds seen, in order of first appearance; at most three (a fixed tuple, so that a
    /// feature costs no allocation for it).
    var order: (GeometryKind?, GeometryKind?, GeometryKind?) = (nil, nil, nil)

    mutating func saw(_ kind: GeometryKind) {
        if order.0 == nil { order.0 = kind } else if order.0 == kind { return }
        else if order.1 == nil { order.1 = kind } else if order.1 == kind { return }
        else if order.2 == nil { order.2 = kind }
    }

    /// The geometries, one per kind, in order of first appearance; kinds with nothing in them
    /// (empty coordinates) are left out.
    var geometries: [GeoGeometry] {
        var result: [GeoGeometry] = []
        for kind in [order.0, order.1, order.2] {
            switch kind {
            case .points?: if !points.isEmpty { result.append(.points(points)) }
            case .lines?: if !lines.isEmpty { result.append(.lines(lines)) }
            case .polygons?: if !polygons.isEmpty { result.append(.polygons(polygons)) }
            case nil: break
            }
        }
        return result
    }
}

/// One walk over a parsed GeoJSON tree: the features found and the problems met.
private struct GeoJSONWalker {
    let file: SourceName
    var features: [GeoFeature] = []
    /// The problems shown (at most `GeoJSONReader.diagnosticLimit`).
    var diagnostics: [Diagnostic] = []
    /// Every problem met, shown or not.
    var problemCount = 0
    /// Where the first problem not shown is, for the closing "… and N more problems".
    var firstOmitted: SourcePosition?

    static let geometryTypes = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                "MultiPolygon", "GeometryCollection"]
    static let allTypes = ["FeatureCollection", "Feature"] + geometryTypes
    static let geometryTypeList = "Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection"

    init(file: SourceName) { self.file = file }

    // MARK: - Problems

    /// Records a problem. The message is only built when it will be shown, so that a file with
    /// a million bad positions costs a count, not a million strings.
    mutating func report(_ message: @autoclosure () -> String, at position: SourcePosition,
                         suggestion: @autoclosure () -> String? = nil) {
        problemCount += 1
        if problemCount <= GeoJSONReader.diagnosticLimit {
            diagnostics.append(.error(message(), file: file.path, at: position, suggestion: suggestion()))
        } else if problemCount == GeoJSONReader.diagnosticLimit + 1 {
            firstOmitted = position
        }
    }

    /// Records a problem found elsewhere (the parser's).
    mutating func report(_ diagnostic: Diagnostic) {
        problemCount += 1
        if problemCount <= GeoJSONReader.diagnosticLimit {
            diagnostics.append(diagnostic)
        } else if problemCount == GeoJSONReader.diagnosticLimit + 1 {
            firstOmitted = diagnostic.position
        }
    }

    /// The problems to show, with the count of the rest as a last line.
    func finishedDiagnostics() -> [Diagnostic] {
        guard problemCount > GeoJSONReader.diagnosticLimit else { return diagnostics }
        let more = problemCount - GeoJSONReader.diagnosticLimit
        return diagnostics + [.error("… and \(more) more \(more == 1 ? "problem" : "problems")",
                                     file: file.path, at: firstOmitted)]
    }

    // MARK: - Objects

    /// The file: one object of any GeoJSON type.
    mutating func readRoot(_ root: SpecNode) {
        guard case .object = root.value else {
            report("a GeoJSON file holds one object (a FeatureCollection, a Feature or a geometry): found \(root.kindDescription)",
                   at: root.position)
            return
        }
        guard checkCRS(of: root), let type = typeName(of: root, at: .root) else { return }
        switch type {
        case "FeatureCollection": readCollection(root)
        case "Feature": readFeature(root)
        default: readGeometryFeature(root, properties: [:], position: root.position)
        }
    }

    mutating func readCollection(_ node: SpecNode) {
        guard let list = node["features"] else {
            report("a FeatureCollection needs \"features\", an array of Features", at: node.position)
            return
        }
        guard case .array(let items) = list.value else {
            report("\"features\" is \(list.kindDescription): expected an array of Features", at: list.position)
            return
        }
        features.reserveCapacity(items.count)
        for item in items {
            guard case .object = item.value else {
                report("each element of \"features\" is a Feature object: found \(item.kindDescription)", at: item.position)
                continue
            }
            guard checkCRS(of: item), typeName(of: item, at: .featureElement) != nil else { continue }
            readFeature(item)
        }
    }

    /// A Feature (its "type" already checked).
    mutating func readFeature(_ node: SpecNode) {
        let properties = readProperties(of: node)
        guard let geometry = node["geometry"] else {
            report("a Feature needs a \"geometry\": a geometry object, or null for a feature without one",
                   at: node.position)
            return
        }
        switch geometry.value {
        case .null:
            return  // RFC 7946 §3.2: an unlocated feature; there is nothing to draw
        case .object:
            readGeometryFeature(geometry, properties: properties, position: node.position)
        default:
            report("\"geometry\" is \(geometry.kindDescription): expected a geometry object (\(Self.geometryTypeList)) or null",
                   at: geometry.position)
        }
    }

    /// The features of one geometry object: one per kind it draws, unless it has a problem.
    mutating func readGeometryFeature(_ node: SpecNode, properties: [String: String], position: SourcePosition) {
        var parts = GeometryParts()
        guard readGeometry(node, into: &parts) else { return }
        let located = SourcePosition(line: position.line, column: position.column, file: file)
        for geometry in parts.geometries {
            features.append(GeoFeature(geometry: geometry, properties: properties, position: located))
        }
    }

    /// A Feature's properties as text; problems are reported, and leave the feature without them.
    mutating func readProperties(of node: SpecNode) -> [String: String] {
        guard let properties = node["properties"] else { return [:] }
        switch properties.value {
        case .object(let members):
            var text: [String: String] = [:]
            text.reserveCapacity(members.count)
            for member in members {
                switch member.value.value {
                case .string(let s): text[member.key] = s
                case .number(_, let literal): text[member.key] = literal
                case .bool(let b): text[member.key] = b ? "true" : "false"
                case .null, .array, .object: break  // nothing a label or a style could show
                }
            }
            return text
        case .null:
            return [:]
        default:
            report("\"properties\" is \(properties.kindDescription): expected an object (or null)", at: properties.position)
            return [:]
        }
    }

    /// The "type" of an object, when it is one that may stand at `place`; nil after reporting
    /// otherwise.
    mutating func typeName(of node: SpecNode, at place: ObjectPlace) -> String? {
        guard let type = node["type"] else {
            switch place {
            case .root:
                report("a GeoJSON object needs a \"type\": \"FeatureCollection\", \"Feature\" or a geometry (\(Self.geometryTypeList))",
                       at: node.position)
            case .featureElement:
                report("each element of \"features\" needs \"type\": \"Feature\"", at: node.position)
            case .geometry:
                report("a geometry needs a \"type\": \(Self.geometryTypeList)", at: node.position)
            }
            return nil
        }
        guard case .string(let name) = type.value else {
            report("\"type\" is \(type.kindDescription): expected a string such as \(place == .geometry ? "\"Polygon\"" : "\"Feature\"")",
                   at: type.position)
            return nil
        }
        let allowed: [String]
        switch place {
        case .root: allowed = Self.allTypes
        case .featureElement: allowed = ["Feature"]
        case .geometry: allowed = Self.geometryTypes
        }
        if allowed.contains(name) { return name }
        if Self.allTypes.contains(name) {
            // A real GeoJSON type in the wrong place: say what belongs there.
            switch place {
            case .featureElement:
                report("each element of \"features\" is a Feature: found a \(name) (wrap a geometry as {\"type\": \"Feature\", \"geometry\": …, \"properties\": {}})",
                       at: type.position)
            default:
                report("a geometry (\(Self.geometryTypeList)) goes here: found a \(name)", at: type.position)
            }
            return nil
        }
        let expected: String
        switch place {
        case .root: expected = "FeatureCollection, Feature, or a geometry (\(Self.geometryTypeList))"
        case .featureElement: expected = "Feature"
        case .geometry: expected = Self.geometryTypeList
        }
        report("unknown GeoJSON type \"\(name)\": expected \(expected)", at: type.position,
               suggestion: closestMatch(to: name, in: allowed).map { "did you mean \"\($0)\"?" })
        return nil
    }

    /// False, after reporting, when the object has a "crs" member (GeoJSON of 2008; RFC 7946
    /// dropped it) that names anything but WGS 84 longitude/latitude: its coordinates are then
    /// in another system, and reading on would only report every position as out of range.
    mutating func checkCRS(of node: SpecNode) -> Bool {
        guard let crs = node["crs"] else { return true }
        if case .null = crs.value { return true }  // GeoJSON 2008: "no CRS"; RFC 7946 reads degrees
        let advice = "GeoJSON coordinates are WGS 84 longitude/latitude degrees (RFC 7946); reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
        let properties = crs["properties"]
        // A named CRS ({"type": "name", "properties": {"name": "…"}}) is the only form that can
        // say WGS 84; a linked one ({"type": "link", "properties": {"href": …}}) is named by its link.
        if let nameNode = properties?["name"] ?? properties?["href"], let name = nameNode.stringValue {
            if Self.namesWGS84(name) { return true }
            report("\"crs\" is \"\(name)\", not WGS 84 (CRS84): \(advice)", at: nameNode.position)
            return false
        }
        report("\"crs\" does not name a coordinate system (expected {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\"}}): \(advice)",
               at: crs.position)
        return false
    }

    /// True for the names of WGS 84 longitude/latitude in their usual spellings: OGC's CRS84
    /// ("urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84", ".../def/crs/OGC/1.3/CRS84") and EPSG 4326
    /// ("EPSG:4326", "urn:ogc:def:crs:EPSG::4326", ".../def/crs/EPSG/0/4326"), which GeoJSON of
    /// 2008 used with longitude first as well.
    static func namesWGS84(_ name: String) -> Bool {
        let upper = name.uppercased()
        if upper.hasSuffix("CRS84") || upper.hasSuffix("CRS:84") || upper == "WGS84" || upper == "WGS 84" { return true }
        guard upper.contains("EPSG") else { return false }
        let last = upper.split(whereSeparator: { $0 == ":" || $0 == "/" }).last
        return last == "4326"
    }

    // MARK: - Geometry

    /// Reads a geometry object into `parts`; false when it has a problem (reported).
    mutating func readGeometry(_ node: SpecNode, into parts: inout GeometryParts) -> Bool {
        guard case .object = node.value else {
            report("each of \"geometries\" is a geometry object (\(Self.geometryTypeList)): found \(node.kindDescription)",
                   at: node.position)
            return false
        }
        guard checkCRS(of: node), let type = typeName(of: node, at: .geometry) else { return false }
        guard let shape = CoordinateShape(rawValue: type) else {
            // GeometryCollection: its members, flattened into the same parts.
            guard let list = node["geometries"] else {
                report("a GeometryCollection needs \"geometries\", an array of geometries", at: node.position)
                return false
            }
            guard case .array(let members) = list.value else {
                report("\"geometries\" is \(list.kindDescription): expected an array of geometries", at: list.position)
                return false
            }
            var ok = true
            for member in members where !readGeometry(member, into: &parts) { ok = false }
            return ok
        }
        guard let coordinates = node["coordinates"] else {
            report("a \(type) needs \"coordinates\": \(shape.expectedCoordinates)", at: node.position)
            return false
        }
        return readCoordinates(coordinates, shape, into: &parts)
    }

    /// Reads the "coordinates" of a geometry of `shape` into `parts`; false when they have a
    /// problem (reported). Empty coordinates are no geometry (RFC 7946 §3.1), not a problem.
    ///
    /// A problem of shape (a number where a position should be, a level of brackets too many or
    /// too few) is one mistake however many values it touches, so the first one found ends the
    /// reading of the geometry (`ShapeStop`); problems of single positions and lines (out of
    /// range, too short) are all reported.
    mutating func readCoordinates(_ node: SpecNode, _ shape: CoordinateShape, into parts: inout GeometryParts) -> Bool {
        do throws(ShapeStop) {
            let items = try list(node, shape, of: shape == .point ? "a position" : "a list")
            if items.isEmpty { return true }
            switch shape {
            case .point:
                guard let point = try readPosition(node, shape) else { return false }
                parts.saw(.points)
                parts.points.append(point)
                return true
            case .multiPoint:
                guard let points = try readPositions(node, shape, of: "a list of positions") else { return false }
                parts.saw(.points)
                parts.points.append(contentsOf: points)
                return true
            case .lineString:
                guard let line = try readLine(node, shape, of: "a list of positions") else { return false }
                parts.saw(.lines)
                parts.lines.append(line)
                return true
            case .multiLineString:
                var ok = true
                parts.lines.reserveCapacity(parts.lines.count + items.count)
                for item in items {
                    if let line = try readLine(item, shape, of: "a line (a list of positions)") { parts.lines.append(line) } else { ok = false }
                }
                if ok { parts.saw(.lines) }
                return ok
            case .polygon:
                guard let polygon = try readPolygon(node, shape, of: "a list of rings") else { return false }
                parts.saw(.polygons)
                parts.polygons.append(polygon)
                return true
            case .multiPolygon:
                var ok = true
                parts.polygons.reserveCapacity(parts.polygons.count + items.count)
                for item in items {
                    if let polygon = try readPolygon(item, shape, of: "a polygon (a list of rings)") {
                        parts.polygons.append(polygon)
                    } else {
                        ok = false
                    }
                }
                if ok { parts.saw(.polygons) }
                return ok
            }
        } catch {
            return false
        }
    }

    /// A line: positions, at least two of them.
    mutating func readLine(_ node: SpecNode, _ shape: CoordinateShape, of what: String) throws(ShapeStop) -> [GeoPoint]? {
        guard let line = try readPositions(node, shape, of: what) else { return nil }
        guard line.count >= 2 else {
            let whose = shape == .lineString ? "a LineString" : "each line of a MultiLineString"
            report("\(whose) needs at least 2 positions: found \(line.count)", at: node.position)
            return nil
        }
        return line
    }

    /// A polygon: rings, each of at least three corners (four positions when closed by repeating
    /// the first; an open ring of three is read as closed, as `GeoGeometry` allows).
    mutating func readPolygon(_ node: SpecNode, _ shape: CoordinateShape, of what: String) throws(ShapeStop) -> [[GeoPoint]]? {
        let ringNodes = try list(node, shape, of: what)
        var rings: [[GeoPoint]] = []
        rings.reserveCapacity(ringNodes.count)
        var ok = true
        for ringNode in ringNodes {
            guard let ring = try readPositions(ringNode, shape, of: "a ring (a list of positions)") else { ok = false; continue }
            let closed = ring.count > 1 && ring.first == ring.last
            let corners = closed ? ring.count - 1 : ring.count
            guard corners >= 3 else {
                let found = closed ? "found \(ring.count), the last repeating the first: only \(corners) corners"
                                   : "found \(ring.count)"
                report("a ring of a \(shape.rawValue) needs at least 4 positions, the last repeating the first (3 if left open): \(found)",
                       at: ringNode.position)
                ok = false
                continue
            }
            rings.append(ring)
        }
        return ok ? rings : nil
    }

    /// A list of positions, read into one array sized up front.
    mutating func readPositions(_ node: SpecNode, _ shape: CoordinateShape, of what: String) throws(ShapeStop) -> [GeoPoint]? {
        let items = try list(node, shape, of: what)
        var points: [GeoPoint] = []
        points.reserveCapacity(items.count)
        var ok = true
        for item in items {
            if let point = try readPosition(item, shape) { points.append(point) } else { ok = false }
        }
        return ok ? points : nil
    }

    /// One position: [longitude, latitude] in degrees, and perhaps an altitude (ignored).
    mutating func readPosition(_ node: SpecNode, _ shape: CoordinateShape) throws(ShapeStop) -> GeoPoint? {
        let numbers = try list(node, shape, of: "a position ([longitude, latitude])")
        // The kinds first: a list one level too deep is a problem of shape, whatever its length.
        for number in numbers.prefix(2) {
            guard case .number = number.value else { throw shapeProblem(shape, found: number, expected: "a number") }
        }
        guard numbers.count >= 2 else {
            report("a position needs 2 numbers, [longitude, latitude]: found \(numbers.isEmpty ? "none" : "only 1")",
                   at: node.position)
            return nil
        }
        guard case .number(let lon, let lonLiteral) = numbers[0].value,
              case .number(let lat, let latLiteral) = numbers[1].value else { return nil }
        let projected = "is it in a projected system? GeoJSON is WGS 84 degrees"
        guard lon >= -180, lon <= 180 else {
            report("longitude \(lonLiteral) is outside −180…180; \(projected)", at: numbers[0].position)
            return nil
        }
        guard lat >= -90, lat <= 90 else {
            // Swapped is only worth saying when the swap would make a place on the Earth.
            if lat >= -180, lat <= 180, lon >= -90, lon <= 90 {
                report("latitude \(latLiteral) is outside −90…90; are longitude and latitude swapped? GeoJSON writes [longitude, latitude]",
                       at: numbers[1].position)
            } else {
                report("latitude \(latLiteral) is outside −90…90; \(projected)", at: numbers[1].position)
            }
            return nil
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// The elements of a list the shape wants at `node`; a problem of shape otherwise.
    mutating func list(_ node: SpecNode, _ shape: CoordinateShape, of what: String) throws(ShapeStop) -> [SpecNode] {
        guard case .array(let items) = node.value else { throw shapeProblem(shape, found: node, expected: what) }
        return items
    }

    /// Reports coordinates of the wrong shape at the value at fault (the rule of the shape, then
    /// what stands where), and gives what stops the reading of the geometry.
    mutating func shapeProblem(_ shape: CoordinateShape, found node: SpecNode, expected: String) -> ShapeStop {
        report("\(shape.rule): found \(node.kindDescription) where \(expected) was expected", at: node.position)
        return ShapeStop()
    }
}

/// Ends the reading of a geometry's coordinates after a problem of shape (already reported).
private struct ShapeStop: Error {}
