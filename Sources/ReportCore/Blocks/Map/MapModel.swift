import ReportScene

/// What a map draws, worked out from its rows: dots by place and category, flows between
/// located places, the user's layers, the labels, and the extent.
public struct MapModel: Sendable {
    /// The rows at one place (and of one category, when the map colours by one).
    public struct Symbol: Sendable, Hashable {
        public var point: GeoPoint
        public var category: String?
        /// Rows here.
        public var count: Int
        /// The sum of the `size` column here (the row count when the map has no `size`).
        public var value: Double
        /// The label column's text at the first row here.
        public var label: String?
    }
    /// People moving from one located place to another (rows with the same two places summed).
    public struct MapFlow: Sendable, Hashable {
        public var from: String
        public var to: String
        public var fromPoint: GeoPoint
        public var toPoint: GeoPoint
        public var value: Double
    }
    /// One of the user's layers, its features and style.
    public struct Layer: Sendable {
        public var features: [(geometry: GeoGeometry, label: String?)]
        public var stroke: Color?
        public var fill: Color?
        public var width: Double
        public var dash: Bool
        public var title: String?
    }

    public var symbols: [Symbol]
    /// The categories of the dots, in the order first met.
    public var categories: [String]
    public var flows: [MapFlow]
    public var flowUnit: DisplacementSpec.Unit
    /// Notes the flows need (families as persons).
    public var flowNotes: [String]
    public var layers: [Layer]
    /// The column that sizes the dots, for the size legend; nil when dots count rows.
    public var sizeName: String?
    /// Rows drawn (all of them: a row that cannot be located is an error).
    public var rowCount: Int
    /// The distinct places of the rows (names, or coordinate pairs as written).
    public var placeCount: Int
    /// The largest sum of `size` (or count of rows) at one place: the largest dot.
    public var largestPlaceValue: Double
    public var extent: GeoBox
    public var density: MapSpec.Density
    public var basemap: Bool
    public var disclaimer: String?

    /// Hexagons rather than dots.
    public var isDense: Bool { Self.isDense(density, places: placeCount) }

    /// Hexagons rather than dots, for `places` places.
    static func isDense(_ density: MapSpec.Density, places: Int) -> Bool {
        density == .hexagons || (density == .auto && places > MapSpec.crowded)
    }

    /// The margin around what the map draws, as a share of its larger side.
    static let margin = 0.12
    /// The smallest extent fitted to data, degrees: one town still shows its surroundings.
    static let minimumSpan = 0.6

    // MARK: Preparing

    static func prepare(_ s: MapSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> MapModel? {
        let p = input.preparer, v = input.rows
        let before = d.count
        var gazetteer: Gazetteer?
        if let places = s.places, let view = p.rows(of: places.name, filter: nil, &d) {
            gazetteer = Gazetteer(view, at: places, p, &d)
            if gazetteer == nil { return nil }
        }
        let latitude = s.latitude ?? s.defaultColumn("latitude"), longitude = s.longitude ?? s.defaultColumn("longitude")
        if s.latitude == nil, s.place == nil, v.table.columnIndex("latitude") == nil || v.table.columnIndex("longitude") == nil {
            // Neither named nor there: say what a map needs rather than two missing columns.
            d.append(.error("a map needs to know where each row is, and data source \"\(v.table.name)\" has no columns \"latitude\" and \"longitude\" (columns: \(v.table.columnNames.joined(separator: ", ")))",
                            file: p.specFile, at: input.block.position, path: input.block.path,
                            suggestion: "name its coordinate columns with \"latitude\" and \"longitude\", or its place names with \"place\" and a gazetteer with \"places\""))
            return nil
        }
        guard p.check([s.place, s.color, s.label, latitude, longitude],
                      numbers: [(s.size, "a map's \"size\"")], in: v, &d) else { return nil }

        guard let (points, placeKey) = locate(s, v, gazetteer: gazetteer, latitude: latitude, longitude: longitude, p, &d) else { return nil }
        let sizes = s.size.map { p.readNumbers($0, v, "a map's \"size\"", &d) }
        if let sizes, let size = s.size, let cells = v.table.column(size.name) {
            for (i, value) in sizes.enumerated() where (value ?? 0) < 0 {
                d.append(v.cellError(row: v.rows[i], column: size.name, value: cells[v.rows[i]], problem: "is negative; a dot's area shows how much, so sizes are 0 or more"))
            }
        }
        let colors = s.color.flatMap { v.table.column($0.name) }
        let labels = (s.label ?? s.place).flatMap { v.table.column($0.name) }

        // Rows at one place (and of one category) make one dot. Rows are matched by the codes
        // of their cells, not by their text or numbers: hashing a million strings and points
        // was most of the time of a 1M-row map. (Two spellings of one number, "35.9" and
        // "35.90", make two dots at the same point, drawn as one.)
        var symbols: [Symbol] = []
        var index = CodeIndex(), places = CodeIndex()
        var placeTotals: [Double] = []
        var categories: [String] = [], seenCategory = [Bool](repeating: false, count: colors?.values.count ?? 0)
        for (i, row) in v.rows.enumerated() {
            guard let point = points[i] else { continue }
            let colorCode = colors.map { Int($0.codes[row]) }
            if let c = colorCode, !seenCategory[c] { seenCategory[c] = true; categories.append(colors!.values[c]) }
            let value = sizes.map { max(0, $0[i] ?? 0) } ?? 1
            let place = placeKey(row)
            let (k, isNew) = index.index(place: place, category: UInt32(colorCode ?? 0))
            // Without categories a dot is a place: one look-up serves both.
            let (at, isNewPlace) = colors == nil ? (k, isNew) : places.index(place: place, category: 0)
            if isNewPlace { placeTotals.append(0) }
            placeTotals[at] += value
            if isNew {
                symbols.append(Symbol(point: point, category: colorCode.map { colors!.values[$0] }, count: 1, value: value, label: labels?[row]))
            } else {
                symbols[k].count += 1; symbols[k].value += value
            }
        }

        // A legend of thousands of categories cannot be read, nor its colours told apart, and
        // it is slow to lay out (50,000 took a minute): a column of ids by mistake. (Hexagons
        // count rows whatever their category, and draw no legend.)
        if let color = s.color, !isDense(s.density, places: placeTotals.count), categories.count > MapSpec.maxCategories {
            d.append(.error("a map colours by at most \(MapSpec.maxCategories) categories (its legend names each, and colours repeat long before), but column \"\(color.name)\" has \(NumberFormat.grouped(Double(categories.count))) different values; choose a column with fewer values, or filter the rows",
                            file: p.specFile, at: color.position, path: color.path))
            return nil
        }

        // Flows between named places.
        var flows: [MapFlow] = []
        var flowNotes: [String] = []
        if let f = s.flows, gazetteer != nil || f.coordinates != nil, let view = p.rows(of: f.data.name, filter: nil, &d) {
            if let model = flowModel(f, view, gazetteer, p, &d) { (flows, flowNotes) = model }
        }

        let layers = layerModels(s.layers, p, &d)
        guard d.count == before else { return nil }

        // Filters that keep no row make the page show a note instead of the map (as for every
        // block, `BlockPieces.make`): the extent is then never drawn, so any box will do.
        let filteredAway = v.count == 0 && v.table.rowCount > 0
        guard let extent = s.bbox ?? fittedExtent(symbols: symbols, flows: flows, layers: layers)
                ?? (filteredAway ? GeoBox(west: -1, south: -1, east: 1, north: 1) : nil) else {
            d.append(.error("the map has nothing to show: its data source has no rows, and it has no flows and no layer features, so it has no extent",
                            file: p.specFile, at: input.block.position, path: input.block.path,
                            suggestion: "give \"bbox\": [west, south, east, north]"))
            return nil
        }
        let flowUnit = s.flows?.unit ?? .persons
        return MapModel(symbols: symbols, categories: categories, flows: flows, flowUnit: flowUnit, flowNotes: flowNotes, layers: layers,
                        sizeName: s.size?.name, rowCount: v.count, placeCount: placeTotals.count, largestPlaceValue: placeTotals.max() ?? 0, extent: extent, density: s.density,
                        basemap: s.basemap, disclaimer: s.disclaimer)
    }

    /// Where each row is, and a key of the cells that place it (the code of its place name, or
    /// the codes of its latitude and longitude); nil when the columns are missing (reported).
    private static func locate(_ s: MapSpec, _ v: DataView, gazetteer: Gazetteer?, latitude: FieldRef?, longitude: FieldRef?,
                               _ p: BlockPreparer, _ d: inout [Diagnostic]) -> (points: [GeoPoint?], placeKey: (Int) -> UInt64)? {
        if let place = s.place, let gazetteer, let cells = v.table.column(place.name) {
            // Each distinct name is looked up once.
            let located = cells.values.map { gazetteer[$0] }
            let points = v.rows.map { located[Int(cells.codes[$0])] }
            for (i, row) in v.rows.enumerated() where points[i] == nil {
                let name = cells[row]
                d.append(v.cellError(row: row, column: place.name, value: name,
                                     problem: name.isEmpty ? "is empty; a map needs the place of every row (filter out the rows without one)" : gazetteer.unknown(name)))
            }
            return (points, { UInt64(cells.codes[$0]) })
        }
        if let latitude, let longitude, let lats = v.table.column(latitude.name), let lons = v.table.column(longitude.name) {
            return (coordinates(v, latitude: latitude, longitude: longitude, p, &d), { UInt64(lats.codes[$0]) << 32 | UInt64(lons.codes[$0]) })
        }
        return nil
    }

    /// The user's layers: each GeoJSON source's features with the label column's text; a layer
    /// that is not GeoJSON, or names a property it lacks, is an error.
    private static func layerModels(_ specs: [MapSpec.Layer], _ p: BlockPreparer, _ d: inout [Diagnostic]) -> [Layer] {
        var layers: [Layer] = []
        for l in specs {
            guard let view = p.rows(of: l.data.name, filter: nil, &d) else { continue }
            guard let geometries = view.table.geometries else {
                d.append(.error("layer \"\(l.data.name)\" is not a GeoJSON source; a map layer reads a .geojson file",
                                file: p.specFile, at: l.data.position, path: l.data.path,
                                suggestion: "declare it as {\"file\": \"….geojson\"}"))
                continue
            }
            guard p.require([l.label], in: view, &d) else { continue }
            let names = l.label.map { view.strings($0.name) }
            let features = view.rows.enumerated().map { i, row in (geometry: geometries[row], label: names?[i]) }
            layers.append(Layer(features: features, stroke: l.stroke, fill: l.fill, width: l.width, dash: l.dash, title: l.title))
        }
        return layers
    }

    /// Each row's place from two coordinate columns; a cell out of range or missing is an
    /// error at its row (a swapped pair is named as such).
    static func coordinates(_ v: DataView, latitude: FieldRef, longitude: FieldRef, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> [GeoPoint?] {
        let lats = p.readNumbers(latitude, v, "a map's \"latitude\"", &d), lons = p.readNumbers(longitude, v, "a map's \"longitude\"", &d)
        guard let latCells = v.table.column(latitude.name), let lonCells = v.table.column(longitude.name) else { return [] }
        return v.rows.enumerated().map { i, row in
            guard let lat = lats[i], let lon = lons[i] else {
                if latCells[row].isEmpty || lonCells[row].isEmpty {
                    let column = latCells[row].isEmpty ? latitude.name : longitude.name
                    d.append(v.cellError(row: row, column: column, value: "", problem: "is empty; a map needs both coordinates of every row (filter out the rows without them)"))
                }
                return nil
            }
            let latitudeOK = (-90...90).contains(lat), longitudeOK = (-180...180).contains(lon)
            if !latitudeOK {
                // A latitude beyond 90 that would be a fine longitude, beside a longitude that
                // would be a fine latitude, is most likely a swapped pair.
                let swapped = abs(lon) <= 90 && abs(lat) <= 180 ? " (are \"\(latitude.name)\" and \"\(longitude.name)\" swapped?)" : ""
                d.append(v.cellError(row: row, column: latitude.name, value: latCells[row], problem: "is not a latitude: latitudes run from −90 to 90 degrees\(swapped)"))
            }
            if !longitudeOK {
                d.append(v.cellError(row: row, column: longitude.name, value: lonCells[row], problem: "is not a longitude: longitudes run from −180 to 180 degrees"))
            }
            return latitudeOK && longitudeOK ? GeoPoint(lon: lon, lat: lat) : nil
        }
    }

    /// The flows of `view`, located through the gazetteer or by their own coordinate columns,
    /// with the notes their unit needs.
    private static func flowModel(_ f: MapSpec.Flows, _ view: DataView, _ gazetteer: Gazetteer?, _ p: BlockPreparer,
                                  _ d: inout [Diagnostic]) -> ([MapFlow], [String])? {
        guard p.check([f.from, f.to], numbers: [(f.value, "a map's flow \"value\"")] + (f.coordinates ?? []).map { ($0, "a flow's coordinate") },
                      in: view, &d) else { return nil }
        let spec = DisplacementSpec(date: nil, from: f.from, to: f.to, value: f.value, unit: f.unit, personsPerFamily: f.personsPerFamily, view: .flow)
        guard let displacement = DisplacementBlock.model(spec, view, p, &d) else { return nil }
        guard let columns = f.coordinates else {
            guard let gazetteer, gazetteer.locates([f.from, f.to], view, &d) else { return nil }
            let flows = located(displacement.flows, gazetteer)
            guard within(flows, at: f.data, p, &d) else { return nil }
            return (flows, displacement.notes)
        }
        // Each row's own places; a name keeps the coordinates of its first row.
        let before = d.count
        let starts = coordinates(view, latitude: columns[0], longitude: columns[1], p, &d)
        let ends = coordinates(view, latitude: columns[2], longitude: columns[3], p, &d)
        guard d.count == before else { return nil }
        var points: [String: GeoPoint] = [:]
        let from = view.strings(f.from.name), to = view.strings(f.to.name)
        for i in 0..<view.count {
            if points[from[i]] == nil { points[from[i]] = starts[i] }
            if points[to[i]] == nil { points[to[i]] = ends[i] }
        }
        let flows = located(displacement.flows) { points[$0] }
        guard within(flows, at: f.data, p, &d) else { return nil }
        return (flows, displacement.notes)
    }

    /// True when a map can draw `flows`; otherwise an error at `field`: more arrows than a
    /// reader can follow (5,000 took 11 s to label) are a table's job, or a filter's.
    static func within(_ flows: [MapFlow], at field: FieldRef, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> Bool {
        guard flows.count > MapSpec.maxFlows else { return true }
        d.append(.error("a map draws at most \(MapSpec.maxFlows) flows (an arrow for each pair of places), but these rows make \(NumberFormat.grouped(Double(flows.count))); filter the rows, or draw them as a table",
                        file: p.specFile, at: field.position, path: field.path))
        return false
    }

    /// Flows with their places' coordinates, rows between the same two places summed, in the
    /// order first met.
    static func located(_ flows: [Flow], _ gazetteer: Gazetteer) -> [MapFlow] {
        located(flows) { gazetteer[$0] }
    }

    /// Flows with the coordinates `place` gives their places (rows between the same two places
    /// summed, in the order first met).
    static func located(_ flows: [Flow], _ place: (String) -> GeoPoint?) -> [MapFlow] {
        var out: [MapFlow] = []
        var index: [String: Int] = [:]
        for f in flows {
            guard let a = place(f.from), let b = place(f.to) else { continue }
            let key = f.from + "\u{0}" + f.to
            if let k = index[key] { out[k].value += f.value; continue }
            index[key] = out.count
            out.append(MapFlow(from: f.from, to: f.to, fromPoint: a, toPoint: b, value: f.value))
        }
        return out
    }

    /// The box around what the map draws, with a margin; nil when it draws nothing.
    static func fittedExtent(symbols: [Symbol], flows: [MapFlow], layers: [Layer]) -> GeoBox? {
        var points = symbols.map(\.point) + flows.flatMap { [$0.fromPoint, $0.toPoint] }
        if points.isEmpty {
            // Only layers: their features set the extent.
            points = layers.flatMap { $0.features.flatMap { $0.geometry.allPoints } }
        }
        guard let box = GeoBox(points: points) else { return nil }
        let side = max(box.width, box.height, minimumSpan)
        let padX = max(side * margin, (minimumSpan - box.width) / 2), padY = max(side * margin, (minimumSpan - box.height) / 2)
        return GeoBox(west: max(-180, box.west - padX), south: max(-89, box.south - padY),
                      east: min(180, box.east + padX), north: min(89, box.north + padY))
    }
}

extension MapModel {
    /// The `displacement` block's map view: its flows located through the gazetteer `places`,
    /// on a base map fitted to them; every place the gazetteer lacks is an error at its row.
    static func flowsOnly(_ displacement: DisplacementModel, from: FieldRef, to: FieldRef, places: FieldRef,
                          _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> MapModel? {
        guard let view = p.rows(of: places.name, filter: nil, &d), let gazetteer = Gazetteer(view, at: places, p, &d) else { return nil }
        guard gazetteer.locates([from, to], v, &d) else { return nil }
        let flows = located(displacement.flows, gazetteer)
        guard within(flows, at: from, p, &d) else { return nil }
        guard let extent = fittedExtent(symbols: [], flows: flows, layers: []) else { return nil }
        return MapModel(symbols: [], categories: [], flows: flows, flowUnit: displacement.unit, flowNotes: displacement.notes, layers: [],
                        sizeName: nil, rowCount: v.count, placeCount: 0, largestPlaceValue: 0, extent: extent, density: .points, basemap: true, disclaimer: nil)
    }
}
