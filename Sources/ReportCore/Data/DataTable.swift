/// Data stage: typed access to loaded rows, with every bad value traced to its file and line.
///
/// A table keeps each column as the text it was read as (each distinct text once, see
/// `Column`); typed views (numbers, dates) are made on demand by the block that needs them,
/// because the same column may be a label in one block and a number in another, and each
/// bad value must be reported where it is used. They parse each distinct text once.

/// Where one row came from: a data file line, or a position inside the spec (inline values).
public struct RowOrigin: Sendable, Hashable {
    public var file: String
    public var position: SourcePosition
}

/// A loaded data source: named columns of raw text, and where each row came from.
public struct DataTable: Sendable {
    /// The source's name in the spec.
    public var name: String
    /// Column names in file order.
    public var columnNames: [String]
    /// `columns[c][row]`: the text of each cell; an empty string is a missing value.
    public var columns: [Column]
    /// The file that holds the rows (the spec itself for inline values), as shown in messages.
    public var file: String
    /// Per row: its line (and for inline/JSON rows, column) in `file`.
    public var rowPositions: RowPositions
    /// Types declared in the spec (`types`); other columns are inferred where used.
    public var declaredTypes: [String: ColumnType]
    /// Date formats declared in the spec (`"types": {"c": {"type": "date", "format": "%d %B %Y"}}`).
    public var dateFormats: [String: DateFormat] = [:]
    /// Date columns whose precision another column states (`"precision": "time_precision"`),
    /// by date column.
    public var datePrecisions: [String: DatePrecisionColumn] = [:]
    /// The separators the source declares for its numbers (`decimal`, `thousands`), or nil
    /// for plain numbers.
    public var numberSyntax: NumberSyntax?
    /// For a GeoJSON source, each row's (feature's) geometry, row by row; nil for the others.
    public var geometries: [GeoGeometry]?

    /// Creates a table.
    public init(name: String, columnNames: [String], columns: [Column], file: String,
                rowPositions: [SourcePosition], declaredTypes: [String: ColumnType] = [:]) {
        self.name = name; self.columnNames = columnNames; self.columns = columns
        self.file = file; self.rowPositions = RowPositions(rowPositions); self.declaredTypes = declaredTypes
    }

    /// A table of a CSV file: each row's line, 4 bytes a row (a position is 16).
    public init(name: String, columnNames: [String], columns: [Column], file: String, rowLines: RowLines) {
        self.name = name; self.columnNames = columnNames; self.columns = columns
        self.file = file; self.rowPositions = RowPositions(lines: rowLines); self.declaredTypes = [:]
    }

    /// Number of rows.
    public var rowCount: Int { rowPositions.count }

    /// Columns whose names are known but whose cells were not kept, because no part of the
    /// spec reads them (`ColumnUse`): their `columns` entry is empty.
    public var unreadColumns: Set<String> = []

    /// Index of the column called `name`.
    public func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// The cells of a column by name, or nil when there is no such column. Reading a column
    /// the loader was told no one reads is a bug (`BlockType.columnsRead` left it out): it
    /// stops here rather than draw from no cells.
    public func column(_ name: String) -> Column? {
        guard let c = columnIndex(name) else { return nil }
        precondition(unreadColumns.isEmpty || !unreadColumns.contains(name),
                     "column \"\(name)\" of \"\(self.name)\" is read, but was left out as unread (ColumnUse)")
        return columns[c]
    }

    /// Reads a cell of `column` as a date: with the column's declared format when it has
    /// one, else in any form `EventDate.parseData` reads.
    public func parseDate(_ text: String, column: String) -> Result<EventDate, DateParseError> {
        if let format = dateFormats[column] { return format.parse(Substring(text)) }
        return EventDate.parseData(Substring(text))
    }

    /// What is wrong with a cell of `column` that `parseDate` refused, after the quoted
    /// value: `is not a date: …`, or `does not match the format "%d %B %Y": …`.
    public func dateProblem(_ error: DateParseError, column: String) -> String {
        if let format = dateFormats[column] { return "does not match the format \"\(format.text)\": \(error.message)" }
        return "is not a date: \(error.message)"
    }

    /// The number a cell holds, read with the source's separators (`numberSyntax`), or nil.
    public func readNumber(_ text: String) -> Double? {
        if let numberSyntax { return numberSyntax.parse(text) }
        return parseNumber(text)
    }

    /// Why a cell `readNumber` refused is not a number.
    func whyNotNumber(_ text: String) -> String {
        numberSyntax?.problem(text) ?? numberProblem(text)
    }

    /// The largest magnitude a number in the data may have: beyond it a sum stops being exact
    /// (doubles count whole numbers exactly up to 2^53) and an axis cannot be drawn (1e308 and
    /// its sums and ticks overflow to infinity). Far above any count of people, events or
    /// money a report shows.
    public static let largestNumber = 1e15

    /// Per distinct value of `cells`, its number (nil when empty, unreadable, ambiguous or
    /// too large), and the problem of each ambiguous (see `dottedThousandsAmbiguity`) or too
    /// large one.
    func numberValues(_ cells: Column) -> (numbers: [Double?], problems: [Int: String]) {
        var numbers = cells.mapValues { $0.isEmpty ? nil : readNumber($0) }
        var problems = numberSyntax == nil ? dottedThousandsAmbiguity(cells.values) : [:]
        for (code, n) in numbers.enumerated() where n.map({ !(abs($0) <= DataTable.largestNumber) }) == true {
            problems[code] = "is beyond ±1,000,000,000,000,000 (1e15), more than a chart, a sum or an axis can hold exactly"
        }
        for code in problems.keys { numbers[code] = nil }
        return (numbers, problems)
    }
}

/// Where each row of a table starts: a line per row for CSV files (column 0), kept as
/// 4 bytes a row (10M rows as positions took 160 MB), or full positions (JSON, inline rows).
public struct RowPositions: RandomAccessCollection, Sendable, Hashable {
    private let lines: RowLines
    private let positions: [SourcePosition]
    private let byLine: Bool

    /// Positions as they are.
    public init(_ positions: [SourcePosition]) {
        self.positions = positions; lines = RowLines(); byLine = false
    }

    /// The 1-based line of each row, at column 0.
    public init(lines: RowLines) {
        self.lines = lines; positions = []; byLine = true
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { byLine ? lines.count : positions.count }
    public subscript(row: Int) -> SourcePosition {
        byLine ? SourcePosition(line: Int(lines[row]), column: 0) : positions[row]
    }
}

/// The rows of a view, in order: all of a table's, as a range that takes no memory (an
/// array of them was 80 MB at 10M rows), or those a filter kept.
public struct RowList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private let kept: [Int]?
    public let endIndex: Int

    /// Rows 0..<count.
    public init(all count: Int) { kept = nil; endIndex = count }
    /// These rows.
    public init(_ rows: [Int]) { kept = rows; endIndex = rows.count }
    public init(arrayLiteral rows: Int...) { self.init(rows) }

    public var startIndex: Int { 0 }
    @inline(__always) public subscript(position: Int) -> Int { kept?[position] ?? position }

    public static func == (a: RowList, b: RowList) -> Bool { a.elementsEqual(b) }

    /// Calls `body` with the rows kept through a pointer, or nil when the list is every row.
    func withUnsafeKept<R>(_ body: (UnsafePointer<Int>?) -> R) -> R {
        guard let kept else { return body(nil) }
        return kept.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// Rows of a table kept after filters, in order; the unit blocks draw from.
public struct DataView: Sendable {
    public var table: DataTable
    /// Indices into `table`'s rows.
    public var rows: RowList

    /// A view of every row.
    public init(table: DataTable) {
        self.table = table
        self.rows = RowList(all: table.rowCount)
    }

    /// A view of some rows.
    public init(table: DataTable, rows: [Int]) {
        self.table = table
        self.rows = RowList(rows)
    }

    /// Row count after filtering.
    public var count: Int { rows.count }
}

/// Typed reads of view columns. Every unreadable value becomes a located diagnostic.
extension DataView {
    /// Diagnostic for a bad cell in `row`: `FILE:LINE: error: column "c": "v" is not a date`.
    func cellError(row: Int, column: String, value: String, problem: String) -> Diagnostic {
        Diagnostic.error("column \"\(column)\": \"\(value)\" \(problem)", file: table.file, at: table.rowPositions[row])
    }

    /// The text of `column` for each row in the view (empty strings for missing values).
    public func strings(_ column: String) -> [String] {
        guard let cells = table.column(column) else { return [] }
        return rows.map { cells[$0] }
    }

    /// Numbers of `column` (nil where the cell is empty). Accepts a leading `+` (changes
    /// such as `+400`) and `_`/thin spaces are not accepted: "1,500" is an error, because
    /// a comma could be a thousands or a decimal separator and guessing shifts numbers,
    /// unless the source declares its separators (`decimal`, `thousands`). Without them, a
    /// `1.500` in a column whose other cells group thousands with dots is an error too.
    public func numbers(_ column: String, diagnostics: inout [Diagnostic]) -> [Double?] {
        guard let cells = table.column(column) else { return [] }
        let (parsed, problems) = table.numberValues(cells)
        return rows.map { row in
            let code = Int(cells.codes[row])
            if let n = parsed[code] { return n }
            let text = cells.values[code]
            if !text.isEmpty {
                diagnostics.append(cellError(row: row, column: column, value: text, problem: problems[code] ?? table.whyNotNumber(text)))
            }
            return nil
        }
    }

    /// Dates of `column` (nil where the cell is empty). When the source says another column
    /// states the date's precision (`DatePrecisionColumn`), each row's date is widened to
    /// what its code says; a code that is not one of the dataset's is an error at its row.
    public func dates(_ column: String, diagnostics: inout [Diagnostic]) -> [EventDate?] {
        guard let cells = table.column(column) else { return [] }
        let parsed = cells.mapValues { $0.isEmpty ? nil : table.parseDate($0, column: column) }
        if let precision = table.datePrecisions[column], let codeCells = table.column(precision.column) {
            return datesWithPrecision(column, cells, parsed, precision, codeCells, &diagnostics)
        }
        return rows.map { row in
            switch parsed[Int(cells.codes[row])] {
            case nil: return nil
            case .success(let d)?: return d
            case .failure(let e)?:
                diagnostics.append(cellError(row: row, column: column, value: cells[row], problem: table.dateProblem(e, column: column)))
                return nil
            }
        }
    }

    /// `dates` for a column whose precision is stated row by row: each distinct code is read
    /// once, and a date and its code meet per row (the same text may have different codes).
    private func datesWithPrecision(_ column: String, _ cells: Column, _ parsed: [Result<EventDate, DateParseError>?],
                                    _ precision: DatePrecisionColumn, _ codeCells: Column,
                                    _ diagnostics: inout [Diagnostic]) -> [EventDate?] {
        let uncertainties = codeCells.mapValues { precision.codes.uncertainty($0) }
        return rows.map { row in
            switch parsed[Int(cells.codes[row])] {
            case nil: return nil
            case .failure(let e)?:
                diagnostics.append(cellError(row: row, column: column, value: cells[row], problem: table.dateProblem(e, column: column)))
                return nil
            case .success(let d)?:
                let code = codeCells[row]
                switch uncertainties[Int(codeCells.codes[row])] {
                case .failure(let e):
                    diagnostics.append(cellError(row: row, column: precision.column, value: code,
                                                 problem: "\(e.message) (it states the precision of column \"\(column)\")"))
                    return nil
                case .success(let u):
                    switch d.widened(to: u) {
                    case .success(let widened): return widened
                    case .failure(let e):
                        diagnostics.append(cellError(row: row, column: column, value: cells[row],
                                                     problem: "\(e.message) (column \"\(precision.column)\" gives it code \(code))"))
                        return nil
                    }
                }
            }
        }
    }
}

/// Why `text` is not a number, saying what would be.
func numberProblem(_ text: String) -> String {
    let digits = text.filter { $0.isASCII && $0.isNumber }
    if text.contains(","), !digits.isEmpty, text.allSatisfy({ ($0.isASCII && $0.isNumber) || ",.+- ".contains($0) }) {
        return "is not a number: write numbers without commas, such as 1500 or 1.5"
    }
    return "is not a number; expected digits such as 1200, -3.5 or +400"
}

/// Parses a number cell: optional sign (including `+`), digits, decimals, exponent.
func parseNumber(_ text: String) -> Double? {
    var s = Substring(text)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    if s.first == "+" { s.removeFirst() }
    guard let first = s.first, first.isNumber || first == "-" || first == "." else { return nil }
    guard let value = Double(s), value.isFinite else { return nil }
    return value
}
