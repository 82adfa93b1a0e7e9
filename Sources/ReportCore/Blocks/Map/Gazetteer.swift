import Foundation

/// Places by name (a `places` data source with the columns name, latitude and longitude):
/// how a map finds the places an event log or a displacement table names.
struct Gazetteer {
    /// Each name's place, and the table row it came from.
    private(set) var places: [String: GeoPoint] = [:]
    /// The names, in file order, for "did you mean".
    private(set) var names: [String] = []
    /// The source's name in the spec.
    let source: String

    /// The columns a gazetteer has, as the block reads them (named at the block's `places` key).
    static func columns(at places: FieldRef) -> [FieldRef?] {
        ["name", "latitude", "longitude"].map { FieldRef($0, at: places.position, path: places.path) }
    }

    /// The gazetteer of `view`, each bad row reported (a missing column, a coordinate that is
    /// not a number or is out of range, a name given twice with other coordinates).
    init?(_ view: DataView, at places: FieldRef, _ p: BlockPreparer, _ d: inout [Diagnostic]) {
        source = places.name
        let columns = Self.columns(at: places)
        guard p.check([columns[0]], numbers: [(columns[1], "a gazetteer's \"latitude\""), (columns[2], "a gazetteer's \"longitude\"")], in: view, &d)
        else { return nil }
        let before = d.count
        let names = view.strings("name")
        let points = MapModel.coordinates(view, latitude: columns[1]!, longitude: columns[2]!, p, &d)
        for i in 0..<view.count {
            let name = names[i].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                d.append(view.cellError(row: view.rows[i], column: "name", value: "", problem: "is empty; every place in a gazetteer needs a name"))
                continue
            }
            guard let point = points[i] else { continue }
            if let earlier = self.places[name] {
                if earlier != point {
                    d.append(view.cellError(row: view.rows[i], column: "name", value: name,
                                            problem: "is given twice with other coordinates (\(Self.describe(earlier)) and \(Self.describe(point))); a map cannot tell which is meant"))
                }
                continue
            }
            self.places[name] = point
            self.names.append(name)
        }
        guard d.count == before else { return nil }
    }

    /// The place called `name`.
    subscript(_ name: String) -> GeoPoint? { places[name.trimmingCharacters(in: .whitespaces)] }

    /// True when every cell of `columns` names a place here; otherwise each one that does not
    /// is an error at its row, with the closest name.
    func locates(_ columns: [FieldRef], _ v: DataView, _ d: inout [Diagnostic]) -> Bool {
        let before = d.count
        for column in columns {
            let cells = v.strings(column.name)
            for i in 0..<v.count where self[cells[i]] == nil {
                d.append(v.cellError(row: v.rows[i], column: column.name, value: cells[i], problem: unknown(cells[i])))
            }
        }
        return d.count == before
    }

    /// "is not in the gazetteer "places"; did you mean "Raqqa"?", for a cell naming no place.
    func unknown(_ name: String) -> String {
        let hint = closestMatch(to: name, in: names).map { "; did you mean \"\($0)\"?" } ?? ""
        return "is not a place in \"\(source)\" (its \"name\" column)\(hint)"
    }

    static func describe(_ p: GeoPoint) -> String {
        "\(NumberFormat.spec(p.lat)), \(NumberFormat.spec(p.lon))"
    }
}
