import ReportScene

/// `map`: where events happened (dots sized and coloured by columns, hexagons when crowded),
/// where people went (curved arrows as wide as the flow), and the user's own layers, on the
/// bundled Natural Earth base map.
enum MapBlock: BlockType {
    static let name = "map"
    static var keys: [BlockKey] { [
        .data, .sources,
        .field("latitude", "the column of latitudes, degrees north (default: the column \"latitude\"); with \"longitude\""),
        .field("longitude", "the column of longitudes, degrees east (default: the column \"longitude\"); with \"latitude\""),
        .field("place", "the column of place names, located through \"places\" instead of coordinates"),
        placesKey,
        .field("size", "the column whose sum at each place sizes its dot (area proportional to the value), with a size legend; default: the number of rows"),
        .field("color", "the column of categories that colour the dots, in the report's colours"),
        .field("label", "the column that names the dots (default: \"place\"); labels never overlap, and a label that finds no room is left out"),
        .word("density", MapSpec.Density.allCases.map(\.rawValue),
              "auto (default): hexagons counting the rows when more than \(MapSpec.crowded) places would be dotted; hexagons; or points"),
        BlockKey("flows", [
            "type": "object", "additionalProperties": false, "required": ["data", "from", "to", "value"],
            "properties": [
                "data": ["type": "string", "minLength": 1, "description": "the data source of the flows"],
                "from": ["$ref": "#/$defs/field", "description": "the column of the places people left, located through \"places\""],
                "to": ["$ref": "#/$defs/field", "description": "the column of the places people reached, located through \"places\""],
                "value": ["$ref": "#/$defs/field", "description": "the column of how many moved, in \"unit\""],
                "unit": ["enum": DisplacementSpec.Unit.allCases.map(\.rawValue), "description": "what \"value\" counts: persons (default) or families"],
                "persons_per_family": ["type": "number", "exclusiveMinimum": 0, "description": "persons in a family, to state families as persons in a note"],
                "from_latitude": ["$ref": "#/$defs/field", "description": "the column of the latitudes people left from, instead of \"places\" (with the other three coordinate columns)"],
                "from_longitude": ["$ref": "#/$defs/field", "description": "the column of the longitudes people left from (with the other three coordinate columns)"],
                "to_latitude": ["$ref": "#/$defs/field", "description": "the column of the latitudes people reached (with the other three coordinate columns)"],
                "to_longitude": ["$ref": "#/$defs/field", "description": "the column of the longitudes people reached (with the other three coordinate columns)"],
            ],
            "dependentRequired": ["from_latitude": MapSpec.Flows.coordinateKeys, "from_longitude": MapSpec.Flows.coordinateKeys,
                                  "to_latitude": MapSpec.Flows.coordinateKeys, "to_longitude": MapSpec.Flows.coordinateKeys],
            "description": "arrows from place to place, as wide as the number who moved and labelled with it: {\"data\": \"displacement\", \"from\": \"origin\", \"to\": \"destination\", \"value\": \"families\"}; the places are located through \"places\", or by four coordinate columns",
        ]),
        BlockKey("layers", [
            "type": "array", "items": layerSchema,
            "description": "the user's own layers, drawn over the base map in order: [{\"data\": \"fronts\", \"stroke\": \"#8b1a1a\"}], each a GeoJSON data source",
        ]),
        BlockKey("bbox", ["type": "array", "items": ["type": "number"], "minItems": 4, "maxItems": 4,
                          "description": "the extent, [west, south, east, north] in degrees (default: fitted to what the map draws, with a margin)"]),
        .flag("basemap", "false leaves out the Natural Earth countries (default true)"),
        BlockKey("disclaimer", ["anyOf": [["type": "boolean"], ["type": "string", "minLength": 1]],
                                "description": "a line under the attribution: true for \"\(MapSpec.defaultDisclaimer)\", or your own words"]),
    ] }

    /// `places`, shared with `displacement`'s map view.
    static var placesKey: BlockKey {
        BlockKey("places", ["type": "string", "minLength": 1,
                            "description": "a data source of places (a gazetteer) with the columns name, latitude and longitude"])
    }

    static var layerSchema: [String: Any] {
        ["type": "object", "additionalProperties": false, "required": ["data"],
         "properties": [
            "data": ["type": "string", "minLength": 1, "description": "a data source read from a .geojson file"],
            "stroke": ["$ref": "#/$defs/color", "description": "the colour of lines and outlines (default: the report's muted ink)"],
            "fill": ["$ref": "#/$defs/color", "description": "the colour inside polygons (default: none)"],
            "width": ["type": "number", "minimum": 0, "maximum": 20, "description": "line width in points (default 1)"],
            "dash": ["type": "boolean", "description": "dashed lines (for front lines and boundaries in dispute)"],
            "label": ["$ref": "#/$defs/field", "description": "the property that names each feature on the map"],
            "title": ["type": "string", "minLength": 1, "description": "the layer's name in the legend"],
         ]]
    }

    static var schemaRules: [[String: Any]] { [
        ["dependentRequired": ["latitude": ["longitude"], "longitude": ["latitude"], "place": ["places"]]],
        // Flows are located through "places" unless they bring their own coordinates.
        ["if": ["required": ["flows"], "properties": ["flows": ["not": ["required": ["from_latitude"]]]]], "then": ["required": ["places"]]],
        ["not": ["required": ["place", "latitude"]]],
    ] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> MapSpec? {
        var spec = MapSpec()
        spec.blockPosition = r.node.position; spec.blockPath = r.path
        spec.latitude = r.field("latitude"); spec.longitude = r.field("longitude")
        spec.place = r.field("place")
        if spec.place != nil, r.has("latitude") || r.has("longitude") {
            r.error("a map locates its rows either by \"place\" or by \"latitude\" and \"longitude\", not both", at: r.node("place")!, key: "place",
                    suggestion: "remove \"place\", or \"latitude\" and \"longitude\"")
        }
        if r.has("latitude") != r.has("longitude") {
            let (given, other) = r.has("latitude") ? ("latitude", "longitude") : ("longitude", "latitude")
            r.error("\"\(given)\" needs \"\(other)\" too", at: r.node(given)!, key: given)
        }
        spec.places = source(r, "places", decoder)
        spec.size = r.field("size"); spec.color = r.field("color"); spec.label = r.field("label")
        spec.density = r.word("density", oneOf: MapSpec.Density.allCases.map(\.rawValue)).flatMap(MapSpec.Density.init) ?? .auto
        if let node = r.node("flows") { spec.flows = flows(node, r, decoder) }
        if let node = r.node("layers") { spec.layers = layers(node, r, decoder) }
        if let node = r.node("bbox") { spec.bbox = bbox(node, r) }
        spec.basemap = r.bool("basemap") ?? true
        if let node = r.node("disclaimer") {
            if case .bool(let b) = node.value { spec.disclaimer = b ? MapSpec.defaultDisclaimer : nil }
            else if let s = node.stringValue, !s.isEmpty { spec.disclaimer = s }
            else { r.error("\"disclaimer\" must be true, false or a line of text, found \(node.kindDescription)", at: node, key: "disclaimer") }
        }
        if spec.places == nil, !r.has("places") {
            if spec.place != nil {
                r.error("\"place\" names places, so the map needs \"places\": a data source with the columns name, latitude and longitude",
                        at: r.node("place")!, key: "place")
            }
            let flowsHaveCoordinates = r.node("flows")?.members?.contains { MapSpec.Flows.coordinateKeys.contains($0.key) } ?? false
            if spec.flows != nil || r.has("flows"), !flowsHaveCoordinates {
                r.error("\"flows\" go between named places, so the map needs \"places\": a data source with the columns name, latitude and longitude",
                        at: r.node("flows")!, key: "flows")
            }
        }
        return spec
    }

    /// A key naming a data source, checked against the declared ones.
    static func source(_ r: ObjectReader, _ key: String, _ decoder: BlockDecoder) -> FieldRef? {
        guard let name = r.field(key) else { return nil }
        return decoder.checkSource(name, at: r.node(key)!) ? name : nil
    }

    private static func flows(_ node: SpecNode, _ r: ObjectReader, _ decoder: BlockDecoder) -> MapSpec.Flows? {
        guard var f = decoder.reader(node, path: r.childPath("flows")) else { return nil }
        f.context = "a map's \"flows\""
        f.rejectUnknownKeys(allowed: ["data", "from", "to", "value", "unit", "persons_per_family"] + MapSpec.Flows.coordinateKeys, context: "a map's \"flows\"")
        let data = f.field("data", required: true).flatMap { decoder.checkSource($0, at: f.node("data")!) ? $0 : nil }
        let from = f.field("from", required: true), to = f.field("to", required: true), value = f.field("value", required: true)
        let unit = f.word("unit", oneOf: DisplacementSpec.Unit.allCases.map(\.rawValue)).flatMap(DisplacementSpec.Unit.init) ?? .persons
        let ppf = f.number("persons_per_family", min: 0, exclusiveMin: true)
        if ppf != nil, unit != .families {
            f.error("\"persons_per_family\" converts families to persons, so it needs \"unit\": \"families\"", at: f.node("persons_per_family")!, key: "persons_per_family")
        }
        let coordinates = MapSpec.Flows.coordinateKeys.map { f.field($0) }
        let given = MapSpec.Flows.coordinateKeys.filter { f.has($0) }
        if !given.isEmpty, given.count < 4 {
            let missing = MapSpec.Flows.coordinateKeys.filter { !f.has($0) }
            f.error("flows located by coordinates need all four columns: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing",
                    at: f.node(given[0])!, key: given[0])
        }
        guard let data, let from, let to, let value else { return nil }
        var flows = MapSpec.Flows(data: data, from: from, to: to, value: value, unit: unit, personsPerFamily: ppf)
        if coordinates.allSatisfy({ $0 != nil }) { flows.coordinates = coordinates.map { $0! } }
        return flows
    }

    private static func layers(_ node: SpecNode, _ r: ObjectReader, _ decoder: BlockDecoder) -> [MapSpec.Layer] {
        guard let items = node.elements else {
            r.error("\"layers\" must be an array of {\"data\": ...} objects, found \(node.kindDescription)", at: node, key: "layers")
            return []
        }
        return items.enumerated().compactMap { i, item in
            guard var l = decoder.reader(item, path: r.childPath("layers[\(i)]")) else { return nil }
            l.context = "a map layer"
            l.rejectUnknownKeys(allowed: ["data", "stroke", "fill", "width", "dash", "label", "title"], context: "a map layer")
            let data = l.field("data", required: true).flatMap { decoder.checkSource($0, at: l.node("data")!) ? $0 : nil }
            var layer = MapSpec.Layer(data: data ?? FieldRef("", at: item.position, path: l.path))
            layer.stroke = l.node("stroke").flatMap { decoder.decoder.color($0, path: l.childPath("stroke")) }
            layer.fill = l.node("fill").flatMap { decoder.decoder.color($0, path: l.childPath("fill")) }
            layer.width = l.number("width", min: 0, max: 20) ?? 1
            layer.dash = l.bool("dash") ?? false
            layer.label = l.field("label")
            layer.title = l.string("title")
            return data == nil ? nil : layer
        }
    }

    private static func bbox(_ node: SpecNode, _ r: ObjectReader) -> GeoBox? {
        guard let items = node.elements, items.count == 4, let n = Optional(items.compactMap(\.numberValue)), n.count == 4 else {
            r.error("\"bbox\" must be four numbers, [west, south, east, north] in degrees, found \(node.kindDescription)", at: node, key: "bbox")
            return nil
        }
        let box = GeoBox(west: n[0], south: n[1], east: n[2], north: n[3])
        if !(-180...180).contains(box.west) || !(-180...180).contains(box.east) || !(-90...90).contains(box.south) || !(-90...90).contains(box.north) {
            r.error("\"bbox\" is out of range: longitudes run from −180 to 180 and latitudes from −90 to 90", at: node, key: "bbox")
            return nil
        }
        if box.west >= box.east || box.south >= box.north {
            r.error("\"bbox\" is empty or backwards: west must be less than east and south less than north ([west, south, east, north])", at: node, key: "bbox",
                    suggestion: box.west >= box.east && box.west > 0 && box.east < 0 ? "a map across the 180th meridian is not drawn" : nil)
            return nil
        }
        return box
    }

    static func columnsRead(_ s: MapSpec) -> ColumnsRead {
        var read = ColumnsRead(own: [s.latitude ?? s.defaultColumn("latitude"), s.longitude ?? s.defaultColumn("longitude"),
                                     s.place, s.size, s.color, s.label])
        if let places = s.places { read.whole.append((places.name, Gazetteer.columns(at: places))) }
        if let f = s.flows {
            // The flows are data the map draws: their sources are cited with the events'.
            read.whole.append((f.data.name, [f.from, f.to, f.value, FieldRef("source", at: f.data.position, path: f.data.path)] + (f.coordinates ?? [])))
            read.cited = [f.data.name]
        }
        for layer in s.layers { read.whole.append((layer.data.name, [layer.label])) }
        return read
    }

    static func prepare(_ s: MapSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> MapModel? {
        MapModel.prepare(s, input, &d)
    }

    static func colorCategories(_ model: MapModel) -> [String] {
        model.categories + model.flows.flatMap { [$0.from, $0.to] }
    }

    static func altText(_ model: MapModel, _ spec: MapSpec, title: String?) -> String? {
        MapAltText.text(model)
    }

    static func layout(_ model: MapModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        [MapLayout(block: block, model: model, ctx: ctx).piece(width: area.width, height: area.height ?? min(area.width * 0.72, area.bodyHeight * 0.85))]
    }
}

/// `map` keys.
public struct MapSpec: Sendable {
    /// When crowded places become hexagons.
    public enum Density: String, Sendable, CaseIterable { case auto, hexagons, points }
    /// `flows`.
    public struct Flows: Sendable {
        public var data: FieldRef
        public var from: FieldRef
        public var to: FieldRef
        public var value: FieldRef
        public var unit: DisplacementSpec.Unit
        public var personsPerFamily: Double?
        /// The columns of `coordinateKeys`, in that order, when the flows bring their own
        /// coordinates; nil to locate them through `places`.
        public var coordinates: [FieldRef]?

        /// The four coordinate columns' keys.
        public static let coordinateKeys = ["from_latitude", "from_longitude", "to_latitude", "to_longitude"]
    }
    /// One of `layers`.
    public struct Layer: Sendable {
        public var data: FieldRef
        public var stroke: Color?
        public var fill: Color?
        public var width = 1.0
        public var dash = false
        public var label: FieldRef?
        public var title: String?
    }

    /// More places than this make `auto` draw hexagons.
    public static let crowded = 600
    /// The most categories `color` may have: a legend of more cannot be read.
    public static let maxCategories = 100
    /// The most flows (pairs of places) a map draws: past a few dozen arrows a map is hard to
    /// read; past this, it is a tangle no label can find room in.
    public static let maxFlows = 500
    /// The words of `"disclaimer": true`.
    public static let defaultDisclaimer = "Boundaries and names shown do not imply endorsement or acceptance."

    public var latitude: FieldRef?
    public var longitude: FieldRef?
    public var place: FieldRef?
    public var places: FieldRef?
    public var size: FieldRef?
    public var color: FieldRef?
    public var label: FieldRef?
    public var density: Density = .auto
    public var flows: Flows?
    public var layers: [Layer] = []
    public var bbox: GeoBox?
    public var basemap = true
    public var disclaimer: String?
    /// Where the block is, for the columns it reads by default.
    var blockPosition = SourcePosition(line: 1, column: 1)
    var blockPath = ""

    /// A column the map reads when the spec names none (`latitude`, `longitude`), unless it
    /// locates rows by `place`.
    func defaultColumn(_ name: String) -> FieldRef? {
        place == nil ? FieldRef(name, at: blockPosition, path: blockPath) : nil
    }
}
