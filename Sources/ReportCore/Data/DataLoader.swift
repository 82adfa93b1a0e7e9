import Foundation

/// Loads every data source of a spec into `DataTable`s, reporting all problems found.
public struct DataLoader {
    /// Where files are read from.
    public var world: any World
    /// Path rules for data files.
    public var paths: PathPolicy
    /// The spec file as named in messages (for inline values).
    public var specFile: String
    /// How a data file is shown in messages: its path as written in the spec, joined to the
    /// spec's folder as the user named it.
    public var displayPrefix: String

    /// The most threads a large CSV file is read on (the table is the same for any number).
    public var threads = 1
    /// Per source, the columns whose cells a CSV file keeps (`ColumnUse`); a source not
    /// named keeps them all. The other columns' names are kept, not their cells.
    public var columnsRead: [String: Set<String>] = [:]
    /// Told which CSV file is read and how far it has got (nil: nobody is watching).
    public var progress: RenderProgress?

    /// Creates a loader.
    public init(world: any World, paths: PathPolicy, specFile: String, displayPrefix: String) {
        self.world = world; self.paths = paths; self.specFile = specFile; self.displayPrefix = displayPrefix
    }

    /// Loads each source; a source that fails is left out and its problems returned.
    public func loadAll(_ sources: [DataSourceSpec]) -> (tables: [String: DataTable], diagnostics: [Diagnostic]) {
        var tables: [String: DataTable] = [:]
        var diagnostics: [Diagnostic] = []
        for source in sources {
            do {
                tables[source.name] = try load(source)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        return (tables, diagnostics)
    }

    /// Loads one source and checks its declared types.
    public func load(_ source: DataSourceSpec) throws(DiagnosticList) -> DataTable {
        var table: DataTable
        if let file = source.file {
            let display = displayPrefix + file
            let fileNode = source.filePosition ?? source.position
            let specPosition = Diagnostic.error("", file: specFile, at: fileNode, path: "\(source.path).file")
            let path: String
            switch paths.resolve(file) {
            case .success(let p): path = p
            case .failure(let refusal):
                throw DiagnosticList([with(specPosition, "data file refused: \(refusal.message)")])
            }
            // A plain UTF-8 CSV file is parsed where it is mapped, never held whole (a 585 MB
            // file is not 585 MB of memory): nothing needs its bytes once its cells are read.
            let (ext, gzip) = SourceFormat.fileKind(file)
            if ext == "csv", !gzip, leavesBytesAsTheyAre(source.format),
               let mapped = world.map(path), !mapped.bytes.starts(with: [0xFF, 0xFE]), !mapped.bytes.starts(with: [0xFE, 0xFF]) {
                do {
                    let delimiter = source.format.delimiter ?? DelimiterDetection.detect(mapped.bytes)
                    progress?.startReading(display, bytes: mapped.bytes.count)
                    let csv = try CSVReader.read(mapped: mapped, delimiter: delimiter, threads: threads, keeping: columnsRead[source.name],
                                                 progress: progress)
                    var mappedTable = DataTable(name: source.name, columnNames: csv.header, columns: csv.columns, file: display, rowLines: csv.rowLines)
                    mappedTable.unreadColumns = csv.unread
                    mappedTable.numberSyntax = source.format.numbers
                    mappedTable.declaredTypes = source.types
                    mappedTable.dateFormats = source.dateFormats
                    mappedTable.datePrecisions = source.datePrecisions
                    try checkDeclaredTypes(mappedTable, source: source)
                    try checkLengths(mappedTable, source: source)
                    return mappedTable
                } catch {
                    throw DiagnosticList(error.diagnostics.map { $0.inFile(display) })
                }
            }
            guard let bytes = world.read(path) else {
                let kind = world.kind(of: path)
                let problem = kind == .missing ? "data file \"\(file)\" does not exist" + (display == file ? "" : " (looked for \(display))")
                    : kind == .folder ? "data file \"\(file)\" is a folder; expected a \(SourceFormat.extensionList) file"
                    : "cannot read data file \"\(file)\" (check its permissions)"
                throw DiagnosticList([with(specPosition, problem)])
            }
            do {
                table = try parse(bytes, file: file, display: display, name: source.name, format: source.format,
                                  keeping: columnsRead[source.name])
            } catch {
                throw DiagnosticList(error.diagnostics.map { $0.inFile(display) })
            }
        } else {
            table = try InlineRows.table(source.values!, name: source.name, specFile: specFile, path: "\(source.path).values")
        }
        table.declaredTypes = source.types
        table.dateFormats = source.dateFormats
        table.datePrecisions = source.datePrecisions
        try checkDeclaredTypes(table, source: source)
        try checkLengths(table, source: source)
        return table
    }

    /// The most characters a cell the spec reads, or a column's name, may hold: four times a
    /// long note (ACLED's run to 2,000), and about what a table cell across a page holds
    /// before it is taller than the page. Pango's work grows with the text (a 20 MB label
    /// took minutes), and no chart or table can draw more.
    public static let longestCell = 10_000

    /// Cells of the columns the spec reads, and column names, no longer than `longestCell`:
    /// an error at the row of each too long value (at most 10).
    private func checkLengths(_ table: DataTable, source: DataSourceSpec) throws(DiagnosticList) {
        let limit = DataLoader.longestCell
        var diagnostics: [Diagnostic] = []
        func tooLong(_ text: String) -> Int? {
            guard text.utf8.count > limit else { return nil }
            let count = text.count
            return count > limit ? count : nil
        }
        func say(_ what: String, _ count: Int, at position: SourcePosition?) {
            diagnostics.append(.error("\(what) is \(NumberFormat.grouped(Double(count))) characters long, more than the \(NumberFormat.grouped(Double(limit))) a value drawn in a report may hold (a long note runs to 2,000, and a table cell of 10,000 fills most of a page); shorten it, or leave the column out of the blocks that read it",
                                      file: table.file, at: position))
        }
        let read = columnsRead[source.name]
        for (c, name) in table.columnNames.enumerated() where diagnostics.count < 10 {
            if let count = tooLong(name) {
                say("the name of column \(c + 1)", count, at: table.file.lowercased().contains(".csv") ? SourcePosition(line: 1, column: 1) : table.rowPositions.first)
                continue
            }
            guard read?.contains(name) ?? true, !table.unreadColumns.contains(name) else { continue }
            let column = table.columns[c]
            for (code, value) in column.values.enumerated() where diagnostics.count < 10 {
                guard let count = tooLong(value), let row = column.codes.firstIndex(where: { Int($0) == code }) else { continue }
                say("column \"\(name)\": a value", count, at: table.rowPositions[row])
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
    }

    /// Whether a source's declared encoding leaves its bytes as they are (UTF-8, or none).
    private func leavesBytesAsTheyAre(_ format: SourceFormat) -> Bool {
        format.encoding == nil || format.encoding == .utf8
    }

    private func with(_ template: Diagnostic, _ message: String) -> Diagnostic {
        var d = template
        d.message = message
        return d
    }

    private func parse(_ raw: [UInt8], file: String, display: String, name: String, format: SourceFormat,
                       keeping: Set<String>? = nil) throws(DiagnosticList) -> DataTable {
        let (ext, gzip) = SourceFormat.fileKind(file)
        // A UTF-8 file (most) is passed on as it is; others are inflated and turned into UTF-8 first.
        let bytes = try TextDecoding.utf8(gzip ? Gzip.inflate(raw) : raw, declared: format.encoding)
        switch ext {
        case "csv":
            progress?.startReading(display, bytes: bytes.count)
            let csv = try CSVReader.read(bytes, delimiter: format.delimiter ?? DelimiterDetection.detect(bytes), threads: threads,
                                         keeping: keeping, progress: progress)
            var table = DataTable(name: name, columnNames: csv.header, columns: csv.columns, file: display, rowLines: csv.rowLines)
            table.unreadColumns = csv.unread
            table.numberSyntax = format.numbers
            return table
        case "json":
            let tree = try JSONTreeParser.parse(bytes)
            if let keys = format.rows {
                let (rows, path) = try InlineRows.rows(in: tree, keys: keys, file: display, declaredAt: format.rowsPath ?? "rows")
                return try InlineRows.table(rows, name: name, specFile: display, path: path)
            }
            return try InlineRows.table(tree, name: name, specFile: display, path: "")
        case "geojson":
            return try Self.geoJSON(bytes, name: name, display: display)
        default:
            return try InlineRows.jsonLines(bytes, name: name, file: display)
        }
    }

    /// A GeoJSON file as a table: a row per feature, a column per property (first met first),
    /// each row's geometry beside it (`DataTable.geometries`) for map layers.
    static func geoJSON(_ bytes: [UInt8], name: String, display: String) throws(DiagnosticList) -> DataTable {
        let (features, diagnostics) = GeoJSONReader.read(bytes, file: SourceName(display))
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        var names: [String] = [], index: [String: Int] = [:], columns: [[String]] = []
        for (row, feature) in features.enumerated() {
            for key in feature.properties.keys.sorted() where index[key] == nil {
                index[key] = columns.count
                names.append(key)
                columns.append([String](repeating: "", count: row))
            }
            for (key, c) in index { columns[c].append(feature.properties[key] ?? "") }
        }
        var table = DataTable(name: name, columnNames: names, columns: columns.map { Column($0) }, file: display,
                              rowPositions: features.map { $0.position ?? SourcePosition(line: 1, column: 1) })
        table.geometries = features.map(\.geometry)
        return table
    }

    /// Declared types are promises about every cell: check them all up front.
    private func checkDeclaredTypes(_ table: DataTable, source: DataSourceSpec) throws(DiagnosticList) {
        var diagnostics: [Diagnostic] = []
        let view = DataView(table: table)
        for (column, type) in source.types.sorted(by: { $0.key < $1.key }) {
            guard table.columnIndex(column) != nil else {
                let ref = source.typeRefs[column]
                diagnostics.append(.error("\"types\" names column \"\(column)\", which data source \"\(source.name)\" does not have",
                                          file: specFile, at: ref?.position ?? source.position, path: ref?.path ?? "\(source.path).types.\(column)",
                                          suggestion: closestMatch(to: column, in: table.columnNames).map { "did you mean \"\($0)\"?" }
                                            ?? "columns: \(table.columnNames.joined(separator: ", "))"))
                continue
            }
            if let precision = source.datePrecisions[column], table.columnIndex(precision.column) == nil {
                let ref = source.precisionRefs[column]
                let others = table.columnNames.filter { $0 != column }
                diagnostics.append(.error("\"precision\" of column \"\(column)\" names column \"\(precision.column)\", which data source \"\(source.name)\" does not have",
                                          file: specFile, at: ref?.position ?? source.position, path: ref?.path ?? "\(source.path).types.\(column).precision",
                                          suggestion: closestMatch(to: precision.column, in: others).map { "did you mean \"\($0)\"?" }
                                            ?? "columns: \(table.columnNames.joined(separator: ", "))"))
                continue
            }
            var found: [Diagnostic] = []
            switch type {
            case .number: _ = view.numbers(column, diagnostics: &found)
            case .date: _ = view.dates(column, diagnostics: &found)
            case .string: break
            }
            let declaration = source.typeRefs[column]?.path ?? "\(source.path).types.\(column)"
            diagnostics += found.map { var d = $0; d.message += " (declared \"\(type.rawValue)\" at \(declaration))"; return d }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(capped(diagnostics)) }
    }
}

/// At most 50 diagnostics from one source, then a count of the rest.
func capped(_ diagnostics: [Diagnostic], limit: Int = 50) -> [Diagnostic] {
    guard diagnostics.count > limit else { return diagnostics }
    var kept = Array(diagnostics.prefix(limit))
    var more = diagnostics[limit]
    more.message = "… and \(diagnostics.count - limit) more problems like these"
    kept.append(more)
    return kept
}

/// Rows written as JSON objects: inline `values`, `.json` arrays and JSON Lines.
enum InlineRows {
    /// Columnar table from an array of flat objects; columns in order of first appearance.
    static func table(_ node: SpecNode, name: String, specFile: String, path: String) throws(DiagnosticList) -> DataTable {
        guard let items = node.elements else {
            throw DiagnosticList([.error("expected an array of row objects, found \(node.kindDescription)", file: specFile, at: node.position, path: path)])
        }
        var builder = Builder(name: name, file: specFile)
        for (i, item) in items.enumerated() {
            builder.add(item, path: path.isEmpty ? "[\(i)]" : "\(path)[\(i)]")
        }
        return try builder.finish()
    }

    /// The node a `rows` path (`["result", "items"]`) leads to from the top of a JSON file,
    /// and its path; a key that is not there is an error at the object that lacks it, naming
    /// the keys it has.
    static func rows(in tree: SpecNode, keys: [String], file: String, declaredAt: String) throws(DiagnosticList) -> (SpecNode, String) {
        var node = tree
        var path = ""
        for key in keys {
            let place = path.isEmpty ? "the top of the file" : "\"\(path)\""
            guard let members = node.members else {
                throw DiagnosticList([.error("\"rows\" (at \(declaredAt)) looks for key \"\(key)\" in an object at \(place), found \(node.kindDescription)",
                                             file: file, at: node.position, path: path,
                                             suggestion: node.elements != nil ? "the rows are \(path.isEmpty ? "the file itself" : "at \"\(path)\""): \(path.isEmpty ? "leave \"rows\" out" : "write \"rows\": \"\(path)\"")" : nil)])
            }
            guard let member = members.first(where: { $0.key == key }) else {
                let names = members.map(\.key)
                throw DiagnosticList([.error("\"rows\" (at \(declaredAt)) names key \"\(key)\", which the object at \(place) does not have"
                                                + (names.isEmpty ? " (it is empty)" : " (keys found: \(names.map { "\"\($0)\"" }.joined(separator: ", ")))"),
                                             file: file, at: node.position, path: path,
                                             suggestion: closestMatch(to: key, in: names).map { "did you mean \"\($0)\"?" })])
            }
            node = member.value
            path = path.isEmpty ? key : "\(path).\(key)"
        }
        return (node, path)
    }

    /// One JSON object per non-blank line.
    static func jsonLines(_ bytes: [UInt8], name: String, file: String) throws(DiagnosticList) -> DataTable {
        var builder = Builder(name: name, file: file)
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            lineNumber += 1
            var line = Array(bytes[start..<end])
            if line.last == 13 { line.removeLast() }
            if !line.allSatisfy({ $0 == 32 || $0 == 9 }) {
                do {
                    var node = try JSONTreeParser.parse(line)
                    node.position = SourcePosition(line: lineNumber, column: node.position.column)
                    builder.add(node, path: "line \(lineNumber)", line: lineNumber)
                } catch {
                    builder.diagnostics.append(contentsOf: error.diagnostics.map {
                        var d = $0; d.file = file
                        d.position = SourcePosition(line: lineNumber, column: $0.position?.column ?? 0)
                        return d
                    })
                }
            }
            start = end + 1
        }
        return try builder.finish()
    }

    private struct Builder {
        let name: String
        let file: String
        var names: [String] = []
        var index: [String: Int] = [:]
        var columns: [[String]] = []
        var positions: [SourcePosition] = []
        var diagnostics: [Diagnostic] = []

        init(name: String, file: String) { self.name = name; self.file = file }

        mutating func add(_ item: SpecNode, path: String, line: Int? = nil) {
            guard let members = item.members else {
                diagnostics.append(.error("each row must be an object, found \(item.kindDescription)", file: file, at: item.position, path: path))
                return
            }
            let row = positions.count
            positions.append(item.position)
            for c in columns.indices { columns[c].append("") }
            for member in members {
                let text: String
                switch member.value.value {
                case .string(let s): text = s
                case .number(_, let literal): text = literal
                case .bool(let b): text = b ? "true" : "false"
                case .null: text = ""
                case .object, .array:
                    var position = member.value.position
                    if let line { position.line = line }
                    diagnostics.append(.error("\"\(member.key)\" must be a string, number, boolean or null, found \(member.value.kindDescription)",
                                              file: file, at: position, path: "\(path).\(member.key)"))
                    continue
                }
                if index[member.key] == nil {
                    index[member.key] = columns.count
                    names.append(member.key)
                    columns.append([String](repeating: "", count: row + 1))
                }
                columns[index[member.key]!][row] = text
            }
        }

        func finish() throws(DiagnosticList) -> DataTable {
            if !diagnostics.isEmpty { throw DiagnosticList(capped(diagnostics)) }
            return DataTable(name: name, columnNames: names, columns: columns.map { Column($0) }, file: file, rowPositions: positions)
        }
    }
}
