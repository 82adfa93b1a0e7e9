#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Reading CSV data files (RFC 4180) into columns of text (`Column`), with the line of every row.
///
/// Why a hand-written reader rather than a package: data files reach 60 MB and a million rows,
/// and every problem must be reported at its physical line (quoted fields may span lines). The
/// CSV packages available build a `String` per field through several intermediate copies and
/// forget where a row started. This reader streams through the bytes in one forward pass (no
/// line splitting, no backtracking) with an unsafe pointer, counts physical lines as it goes,
/// keeps each field as a byte range until its row is known to be well formed, and stores each
/// column as codes into its distinct values (`Column`): a field whose text was seen before
/// costs a hash and a compare, and only a new text becomes a `String`. It needs no Foundation.

/// A CSV file as columns: `columns[c][row]` is the text of column `c` in data row `row`.
public struct CSVTable: Sendable, Hashable {
    /// Column names from the header row, trimmed of surrounding spaces; unique and non-empty.
    public var header: [String]
    /// The fields, column by column: `columns[c][row]`. Every column has `rowLines.count` values.
    public var columns: [Column]
    /// The 1-based physical line on which each data row starts (the header is line 1).
    public var rowLines: RowLines
    /// The columns read without keeping their cells (see `CSVReader.read`'s `keeping`):
    /// their entries in `columns` are empty.
    public var unread: Set<String> = []

    /// Creates a table; `columns` must hold one column per header name, all of one length.
    public init(header: [String], columns: [Column], rowLines: RowLines) {
        self.header = header
        self.columns = columns
        self.rowLines = rowLines
    }

    /// The table with `keeping`'s columns only, the others' cells left out (names kept).
    func keeping(_ kept: [Bool]) -> CSVTable {
        var table = self
        for c in header.indices where !kept[c] {
            table.columns[c] = Column(values: [], codes: [])
            table.unread.insert(header[c])
        }
        return table
    }

    /// The number of data rows.
    public var rowCount: Int { rowLines.count }
}

/// Parses CSV bytes (RFC 4180, UTF-8 with or without a BOM) into a `CSVTable`.
///
/// Rules, besides RFC 4180's:
/// - Line ends may be CRLF, LF or a lone CR, and may be mixed.
/// - A completely blank line is skipped wherever it is (so in a one-column file an empty value
///   must be written `""`).
/// - The first non-blank line is the header. Its names are trimmed of spaces and tabs and must
///   be unique and non-empty.
/// - Every data row must have as many fields as the header.
/// - Errors carry a line (column 0: data diagnostics name a line, not a character) and no file;
///   the caller attaches the file with `Diagnostic.inFile`.
public enum CSVReader {
    /// The most row errors reported one by one; the rest are summed up in one more diagnostic.
    public static let errorLimit = 50

    /// Reads a whole CSV file.
    ///
    /// - Throws: every problem found (up to `errorLimit`, then "… and N more errors").
    public static func read(_ bytes: [UInt8]) throws(DiagnosticList) -> CSVTable {
        try read(bytes, delimiter: CommaDelimiter.byte)
    }

    /// Reads a whole CSV file whose fields are separated by `delimiter` (`,` `;` tab or `|`),
    /// on up to `threads` threads (see `ParallelCSV`): the table is the same whatever the
    /// number of threads, code for code.
    ///
    /// `keeping`: the columns whose cells are kept (nil: all). The others are parsed (quotes,
    /// field counts and UTF-8 are checked as always, so the file is accepted or refused as
    /// it would be) but their cells are not kept: their names stay in `header` and they are
    /// listed in `unread`.
    ///
    /// `progress`: told of the bytes and rows read as the parser passes every 4 MB.
    public static func read(_ bytes: [UInt8], delimiter: UInt8, threads: Int = 1, keeping: Set<String>? = nil,
                            progress: RenderProgress? = nil) throws(DiagnosticList) -> CSVTable {
        try read(bytes, delimiter: delimiter, threads: threads, minimumPart: ParallelCSV.minimumPart, keeping: keeping, progress: progress)
    }

    /// `read`, with the smallest part a thread is given (tests make it small).
    static func read(_ bytes: [UInt8], delimiter: UInt8, threads: Int, minimumPart: Int, keeping: Set<String>? = nil,
                     progress: RenderProgress? = nil) throws(DiagnosticList) -> CSVTable {
        let reading = Reading(threads: threads, minimumPart: minimumPart, releases: false, keeping: keeping, progress: progress)
        switch delimiter {
        case CommaDelimiter.byte: return try read(bytes, as: CommaDelimiter.self, reading)
        case SemicolonDelimiter.byte: return try read(bytes, as: SemicolonDelimiter.self, reading)
        case TabDelimiter.byte: return try read(bytes, as: TabDelimiter.self, reading)
        case PipeDelimiter.byte: return try read(bytes, as: PipeDelimiter.self, reading)
        default: preconditionFailure("unsupported CSV delimiter \(delimiter)")
        }
    }

    /// Reads a mapped file (`World.map`), letting its pages go as the rows pass: the table
    /// is the one `read` makes of the same bytes.
    public static func read(mapped file: MappedFile, delimiter: UInt8, threads: Int = 1, keeping: Set<String>? = nil,
                            progress: RenderProgress? = nil) throws(DiagnosticList) -> CSVTable {
        let buffer = file.bytes
        let reading = Reading(threads: threads, minimumPart: ParallelCSV.minimumPart, releases: true, keeping: keeping, progress: progress)
        let table: CSVTable
        switch delimiter {
        case CommaDelimiter.byte: table = try read(buffer, as: CommaDelimiter.self, reading)
        case SemicolonDelimiter.byte: table = try read(buffer, as: SemicolonDelimiter.self, reading)
        case TabDelimiter.byte: table = try read(buffer, as: TabDelimiter.self, reading)
        case PipeDelimiter.byte: table = try read(buffer, as: PipeDelimiter.self, reading)
        default: preconditionFailure("unsupported CSV delimiter \(delimiter)")
        }
        withExtendedLifetime(file) {}
        return table
    }

    /// How a file is read: the same for every part of it.
    struct Reading: Sendable {
        var threads: Int
        /// The smallest part a thread is given (tests make it small).
        var minimumPart: Int
        /// The bytes are a mapped file's, whose pages may be let go once read.
        var releases: Bool
        var keeping: Set<String>? = nil
        var progress: RenderProgress? = nil
    }

    /// One parser per delimiter, each specialised: the comma reader is the code it always was.
    private static func read<D: CSVDelimiter>(_ bytes: [UInt8], as: D.Type, _ reading: Reading) throws(DiagnosticList) -> CSVTable {
        let result: Result<CSVTable, DiagnosticList> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DiagnosticList) in try read(buffer, as: D.self, reading) }
        }
        return try result.get()
    }

    private static func read<D: CSVDelimiter>(_ buffer: UnsafeBufferPointer<UInt8>, as: D.Type, _ reading: Reading) throws(DiagnosticList) -> CSVTable {
        if reading.threads > 1, let table = ParallelCSV.read(buffer, as: D.self, reading) {
            return table
        }
        var parser = CSVParser<D>(buffer)
        parser.take(reading)
        return try parser.parse().get()
    }
}

/// Reading a large CSV file on several threads.
///
/// The rows are cut into parts, one a thread, each read by the one-pass parser with its own
/// distinct values, then joined in order: each part's distinct values are looked up in the
/// first parts' (a new one is added, in its order of first appearance), its codes are
/// renumbered, and its lines are moved on by the lines before it. The columns are therefore
/// the very ones one thread makes, code for code.
///
/// Where to cut is a guess, checked afterwards (the way speculative CSV readers do it, so that
/// no pass over the whole file is needed before the parts start, and a mapped file is touched
/// once). Each part starts at the first line feed after an equal share of the bytes, and reads
/// the rows that *start* before the next part's guess, finishing the last one wherever it ends.
/// A part that started at a row's start therefore ends exactly where the next row starts. The
/// first part starts at a row's start (after the header), so going in order, a part is right
/// when it starts where the part before it ended; a part whose guess fell inside a quoted field
/// (a line feed in a value) is read again on this thread from where the part before it really
/// ended. Quoted fields, doubled quotes and carriage returns are read as one thread reads them.
/// A small file, or one in which a part finds an error, is read by one thread, so every
/// message is the one it always was.
enum ParallelCSV {
    /// The smallest part worth a thread (below it, one thread is as quick).
    static let minimumPart = 4 << 20
    /// How far past its end a part may read to finish its last row, in parts (16 MB): a part
    /// started inside a quoted field can misread to the end of the file, so one that runs
    /// longer is read again on one thread.
    static let overrunParts = 4

    /// One part's columns, read on its own.
    fileprivate struct Part: Sendable {
        /// Where the part started reading, in the whole buffer.
        var begin: Int
        /// Where the row after its last one starts, in the whole buffer.
        var end: Int
        var codes: [CodeArray]
        var interners: [ByteInterner]
        /// Lines counted from 1 at the part's first byte.
        var rowLines: RowLines
        /// The line after the part's last row, counted the same way.
        var endLine: Int
        var failed: Bool
        /// The last row ran past the bytes the part was given: `end` is not a row's start.
        var overran: Bool

        /// Reads the rows that start in `begin..<stop` (the last one to its end, at most
        /// `limit`) of the whole `buffer`.
        static func read<D: CSVDelimiter>(_ buffer: UnsafeBufferPointer<UInt8>, as: D.Type, header: [String],
                                          begin: Int, stop: Int, limit: Int, _ reading: CSVReader.Reading) -> Part {
            let begin = min(begin, buffer.count)
            var parser = CSVParser<D>(UnsafeBufferPointer(rebasing: buffer[begin..<limit]), skipsBOM: false)
            parser.stop = max(0, stop - begin)
            parser.take(reading)
            let (codes, interners, rowLines) = parser.readDataRows(header: header)
            return Part(begin: begin, end: begin + parser.i, codes: codes, interners: interners, rowLines: rowLines,
                        endLine: parser.line, failed: parser.errorCount > 0,
                        overran: limit < buffer.count && parser.i >= parser.bytes.count)
        }
    }

    private final class Columns: Sendable {
        private let slots: Mutex<[Column]>
        init(count: Int) { slots = Mutex(Array(repeating: Column(values: [], codes: []), count: count)) }
        func store(_ i: Int, _ column: Column) { slots.withLock { $0[i] = column } }
        func take() -> [Column] { slots.withLock { $0 } }
    }

    /// Per column, each part's codes, each column taken once.
    private final class Pieces: Sendable {
        private let slots: Mutex<[[CodeArray]]>
        init(_ pieces: [[CodeArray]]) { slots = Mutex(pieces) }
        func take(_ c: Int) -> [CodeArray] { slots.withLock { let mine = $0[c]; $0[c] = []; return mine } }
    }

    private final class Parts: Sendable {
        private let slots: Mutex<[Part?]>
        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
        func store(_ i: Int, _ part: Part) { slots.withLock { $0[i] = part } }
        func take() -> [Part?] { slots.withLock { let parts = $0; $0 = []; return parts } }
    }

    /// The table, or nil when the file must be read by one thread.
    static func read<D: CSVDelimiter>(_ buffer: UnsafeBufferPointer<UInt8>, as: D.Type, _ reading: CSVReader.Reading) -> CSVTable? {
        let minimumPart = reading.minimumPart
        var head = CSVParser<D>(buffer)
        guard let (header, firstLine) = head.readHeaderOnly() else { return nil }
        let start = head.i, n = buffer.count
        guard let base = buffer.baseAddress, n - start >= 2 * minimumPart else { return nil }
        reading.progress?.read(bytes: start, rows: 0)  // the header
        // Guess: cut at the first line feed after each equal share.
        let count = min(reading.threads, (n - start) / minimumPart)
        var bounds = [start]
        for k in 1..<count {
            let from = max(bounds.last!, start + (n - start) * k / count)
            guard from < n, let hit = memchr(base + from, Int32(lineFeed), n - from) else { break }
            let cut = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
            if cut < n { bounds.append(cut) }
        }
        bounds.append(n)
        let cuts = bounds
        let parts = Parts(count: cuts.count - 1)
        // The parts only read the bytes while this thread waits.
        nonisolated(unsafe) let input = buffer
        DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
            parts.store(k, Part.read(input, as: D.self, header: header, begin: cuts[k], stop: cuts[k + 1],
                                     limit: min(n, cuts[k + 1] + overrunParts * minimumPart), reading))
        }
        var read = parts.take().map { $0! }
        // Check the guesses in order: a part is right when it starts where the one before it
        // ended; one that is not is read again from there (to the end of the file if need be).
        var rowStart = start
        for k in read.indices {
            if read[k].begin != rowStart || read[k].overran {
                read[k] = Part.read(buffer, as: D.self, header: header, begin: rowStart, stop: cuts[k + 1],
                                    limit: n, reading)
            }
            if read[k].failed { return nil }
            rowStart = read[k].end
        }

        // Join: lines first (each part's first line is where the one before it ended).
        var rowLines = RowLines()
        var line = firstLine
        for k in read.indices {
            rowLines.append(contentsOf: read[k].rowLines, shiftingLinesBy: Int32(clamping: line - 1))
            read[k].rowLines = []
            line += read[k].endLine - 1
        }
        // Then each column, one a thread: the first part's values and codes, the others'
        // renumbered.
        // Each column's parts are handed over whole, so that they are freed as soon as their
        // column is joined (the peak stays near one table, not two).
        let total = rowLines.count
        let joined = Columns(count: header.count)
        let pieces = Pieces(header.indices.map { c in read.indices.map { k in
            let codes = read[k].codes[c]
            read[k].codes[c] = []
            return codes
        } })
        let interners = read.map(\.interners)
        read = []
        let kept = CSVParser<D>.kept(header, reading.keeping)
        DispatchQueue.concurrentPerform(iterations: header.count) { c in
            guard kept[c] else { return }  // an unread column: no codes to join
            var interner = interners[0][c]
            var parts = pieces.take(c)
            // Each part's codes in the joined numbering (the values it adds come last), then
            // the column at the width its number of values needs.
            let renumbered: [[UInt32]] = parts.indices.map { k in
                let local = interners[k][c]
                return local.values.indices.map { code in
                    local.withBytes(of: code) { bytes in interner.code(of: bytes, decode: { _ in local.values[code] })! }
                }
            }
            let codes = CodeArray(count: total, distinct: interner.values.count) { out in
                var count = 0
                for k in parts.indices {
                    let part = parts[k]
                    parts[k] = []  // freed once copied
                    renumbered[k].withUnsafeBufferPointer { renumber in
                        part.withUnsafeCodes { codes in
                            for j in 0..<codes.count { out[count + j] = renumber[Int(codes[j])] }
                        }
                    }
                    count += part.count
                }
            }
            joined.store(c, Column(values: interner.values, codes: codes))
        }
        let columns = joined.take()
        return CSVTable(header: header, columns: columns, rowLines: rowLines).keeping(kept)
    }
}

/// A field delimiter, as a type so that each reader is compiled for its own byte.
protocol CSVDelimiter: SendableMetatype {
    /// The delimiter.
    static var byte: UInt8 { get }
    /// The largest of the delimiter, the quote and the line ends: an unquoted field's bytes
    /// above it need no other test.
    static var ceiling: UInt8 { get }
    /// The delimiter's name in messages.
    static var name: String { get }
}

enum CommaDelimiter: CSVDelimiter {
    static var name: String { "comma" }
    static var byte: UInt8 { 0x2C }
    static var ceiling: UInt8 { 0x2C }
}

enum SemicolonDelimiter: CSVDelimiter {
    static var name: String { "semicolon" }
    static var byte: UInt8 { 0x3B }
    static var ceiling: UInt8 { 0x3B }
}

enum TabDelimiter: CSVDelimiter {
    static var name: String { "tab" }
    static var byte: UInt8 { 0x09 }
    static var ceiling: UInt8 { 0x22 }
}

enum PipeDelimiter: CSVDelimiter {
    static var name: String { "pipe (|)" }
    static var byte: UInt8 { 0x7C }
    static var ceiling: UInt8 { 0x7C }
}

// MARK: - The parser

/// One field of the row being read, still as bytes.
private struct CSVFieldSpan {
    /// Byte range in the input, or in the parser's scratch buffer when `inScratch`.
    var start: Int
    var end: Int
    /// The field had doubled quotes, so its unescaped bytes were copied to the scratch buffer.
    var inScratch: Bool
    /// Some byte is ≥ 0x80, so the bytes must be checked as UTF-8 before decoding.
    var nonASCII: Bool
    /// The field was written in quotes (so even an empty one is a value, not a blank line).
    var quoted: Bool
    /// The physical line on which the field starts.
    var line: Int
}

/// What went wrong inside a row while splitting it into fields (at most one is kept per row).
private enum CSVRowFault {
    case strayQuote(field: Int, line: Int)
    case textAfterClosingQuote(field: Int, line: Int)
    case unterminatedQuote(field: Int, line: Int)
}

private let quote: UInt8 = 0x22
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

private struct CSVParser<D: CSVDelimiter> {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Read position.
    var i = 0
    /// The 1-based physical line of `bytes[i]`.
    var line = 1

    /// The fields of the current row, reused from row to row to avoid allocations.
    var fields: [CSVFieldSpan] = []
    /// Unescaped bytes of the current row's quoted fields that had doubled quotes.
    var scratch: [UInt8] = []
    /// The first structural problem in the current row, if any.
    var fault: CSVRowFault?

    var errors: [Diagnostic] = []
    var errorCount = 0
    /// The line of the first error that did not fit under the limit (for sorting the summary).
    var firstOmittedLine: Int?
    /// The bytes are a mapped file's: let the pages before `released` go every 16 MB read.
    var releasesPages = false
    var released = 0
    /// Told of the bytes and rows read every 4 MB (`checkpoint`), and at the end.
    var progress: RenderProgress?
    /// Where the next page release or progress report is due, and what was reported last.
    var checkpoint = 4 << 20
    var reportedBytes = 0, reportedRows = 0
    /// Rows are read while they start before `stop` (the last one to its end, even past it).
    var stop: Int
    /// The columns whose cells are kept (nil: all); the others' fields are split and checked
    /// as UTF-8, never interned.
    var keeping: Set<String>?

    /// Takes the options every part of a file is read with.
    mutating func take(_ reading: CSVReader.Reading) {
        releasesPages = reading.releases
        keeping = reading.keeping
        progress = reading.progress
    }

    /// Per column of `header`, whether its cells are kept.
    static func kept(_ header: [String], _ keeping: Set<String>?) -> [Bool] {
        header.map { keeping?.contains($0) ?? true }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, skipsBOM: Bool = true) {
        self.bytes = bytes
        stop = bytes.count
        // A UTF-8 byte order mark is not part of the first header name.
        if skipsBOM, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        fields.reserveCapacity(16)
    }

    mutating func parse() -> Result<CSVTable, DiagnosticList> {
        // Header: the first non-blank row.
        repeat {
            guard i < bytes.count else {
                return .failure(DiagnosticList([.error("the file is empty: expected a header row",
                                                       at: SourcePosition(line: 1, column: 0))]))
            }
            readRow()
        } while isBlankRow

        let header = readHeader()
        guard let header, errors.isEmpty else { return .failure(DiagnosticList(errors)) }
        let (codes, interners, rowLines) = readDataRows(header: header)

        if errorCount > 0 {
            if errorCount > CSVReader.errorLimit {
                let more = errorCount - CSVReader.errorLimit
                errors.append(.error("… and \(more) more \(more == 1 ? "error" : "errors")",
                                     at: firstOmittedLine.map { SourcePosition(line: $0, column: 0) }))
            }
            return .failure(DiagnosticList(errors))
        }
        let columns = codes.indices.map { Column(values: interners[$0].values, codes: codes[$0]) }
        return .success(CSVTable(header: header, columns: columns, rowLines: rowLines).keeping(Self.kept(header, keeping)))
    }

    /// The header and the line after it, or nil when the file has no header or a wrong one
    /// (`parse` then says what is wrong).
    mutating func readHeaderOnly() -> (header: [String], line: Int)? {
        repeat {
            guard i < bytes.count else { return nil }
            readRow()
        } while isBlankRow
        guard let header = readHeader(), errors.isEmpty else { return nil }
        return (header, line)
    }

    /// Reads the data rows from `i` to the end into columns of codes (each column's distinct
    /// values in its interner) and the line of each row; problems go to `errors`.
    mutating func readDataRows(header: [String]) -> (codes: [CodeArray], interners: [ByteInterner], rowLines: RowLines) {
        // Reserve for an upper bound on the row count, so the columns never regrow.
        let estimate = estimatedRowCount()
        let kept = Self.kept(header, keeping)
        var codes = [CodeArray](repeating: [], count: header.count)
        for c in codes.indices where kept[c] { codes[c].reserveCapacity(estimate) }
        var interners = [ByteInterner](repeating: ByteInterner(), count: header.count)
        var rowLines = RowLines()

        while i < stop {
            if i >= checkpoint { passCheckpoint(rows: rowLines.count) }
            let rowLine = line
            readRow()
            if isBlankRow { continue }
            if let fault {
                report(fault, header: header)
                if case .unterminatedQuote = fault { break }  // it swallowed the rest of the file
                continue
            }
            guard fields.count == header.count else {
                fail("expected \(header.count) \(header.count == 1 ? "field" : "fields") as in the header, found \(fields.count)",
                     line: rowLine,
                     suggestion: fields.count > header.count ? "a value with a \(D.name) in it must be in double quotes" : nil)
                continue
            }
            // Decode straight into the columns (no per-row array); undo the row if a field is
            // not UTF-8. After the first error nothing is kept: the rows are only checked.
            // An unread column's field is only checked as UTF-8 (as it would be when interned).
            let keeps = errorCount == 0
            var invalid: Int?
            for c in fields.indices {
                let field = fields[c]
                if kept[c] {
                    guard let code = intern(field, &interners[c]) else { invalid = c; break }
                    if keeps { codes[c].append(code) }
                } else if field.nonASCII, !Self.isWellFormed(field, bytes, scratch) {
                    invalid = c
                    break
                }
            }
            if let invalid {
                fail("column \"\(header[invalid])\": invalid UTF-8", line: fields[invalid].line,
                     suggestion: "save the file as UTF-8")
                if keeps { for c in 0..<invalid where kept[c] { codes[c].removeLast() } }
            } else if errorCount == 0 {
                rowLines.append(Int32(clamping: rowLine))
            }
        }
        progress?.read(bytes: i - reportedBytes, rows: rowLines.count - reportedRows)
        return (codes, interners, rowLines)
    }

    /// Every 4 MB: the pages read let go (every 16 MB, for a mapped file) and progress told.
    mutating func passCheckpoint(rows: Int) {
        if releasesPages, i &- released >= 16 << 20 { releasePages() }
        progress?.read(bytes: i - reportedBytes, rows: rows - reportedRows)
        reportedBytes = i
        reportedRows = rows
        checkpoint = i + (4 << 20)
    }

    /// Lets the whole pages between `released` and `i` go (`MADV_DONTNEED`: a mapped file's
    /// pages come back from the file if touched again). Only for a mapped file: on memory
    /// of the process's own it would zero what it holds.
    mutating func releasePages() {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base + released) + page - 1) / page * page
        let end = Int(bitPattern: base + i) / page * page
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
        released = i
    }

    /// A line with nothing on it: one empty, unquoted field.
    var isBlankRow: Bool {
        fields.count == 1 && fault == nil && !fields[0].quoted && fields[0].start == fields[0].end
    }

    /// Decodes and checks the header row (already split into `fields`).
    mutating func readHeader() -> [String]? {
        if let fault {
            report(fault, header: [])
            return nil
        }
        var names: [String] = []
        var firstColumn: [String: Int] = [:]
        for (c, field) in fields.enumerated() {
            guard let raw = decode(field) else {
                fail("header column \(c + 1): invalid UTF-8", line: field.line, suggestion: "save the file as UTF-8")
                continue
            }
            let name = trimmedHeaderName(raw)
            if name.isEmpty {
                fail("header column \(c + 1) has no name", line: field.line)
            } else if let earlier = firstColumn[name] {
                fail("duplicate column name \"\(name)\" in the header (columns \(earlier + 1) and \(c + 1))",
                     line: field.line)
            } else {
                firstColumn[name] = c
            }
            names.append(name)
        }
        return errors.isEmpty ? names : nil
    }

    // MARK: Splitting a row

    /// Reads one row (up to and including its line end) into `fields`, `scratch` and `fault`.
    mutating func readRow() {
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        fault = nil
        while true {
            let atEnd: Bool
            if i < bytes.count, bytes[i] == quote {
                atEnd = readQuotedField()
            } else {
                atEnd = readUnquotedField()
            }
            if atEnd { return }
        }
    }

    /// Reads an unquoted field and its delimiter; returns true when that ended the row.
    mutating func readUnquotedField() -> Bool {
        let start = i
        var high: UInt8 = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            // Every delimiter and the quote sort at or below the ceiling (the comma, for a comma
            // file), so most bytes take one test.
            if b > D.ceiling { high |= b; i += 1; continue }
            if b == D.byte || b == lineFeed || b == carriageReturn { break }
            if b == quote {
                if fault == nil { fault = .strayQuote(field: fields.count, line: line) }
            }
            i += 1
        }
        fields.append(CSVFieldSpan(start: start, end: i, inScratch: false, nonASCII: high & 0x80 != 0,
                                quoted: false, line: line))
        return consumeDelimiter()
    }

    /// Reads a quoted field (at its opening quote) and its delimiter; returns true when that
    /// ended the row, or the file ended inside the quotes.
    mutating func readQuotedField() -> Bool {
        let fieldLine = line
        let scratchStart = scratch.count
        i += 1
        var segmentStart = i
        var inScratch = false
        var high: UInt8 = 0
        let n = bytes.count
        while true {
            guard i < n else {
                // The file ended inside the quotes: report it where the field began.
                if fault == nil { fault = .unterminatedQuote(field: fields.count, line: fieldLine) }
                fields.append(CSVFieldSpan(start: segmentStart, end: n, inScratch: false, nonASCII: false,
                                        quoted: true, line: fieldLine))
                return true
            }
            let b = bytes[i]
            if b > quote { high |= b; i += 1; continue }
            if b == quote {
                if i + 1 < n, bytes[i + 1] == quote {
                    // A doubled quote stands for one: copy what we have, keeping one quote.
                    inScratch = true
                    appendToScratch(segmentStart..<(i + 1))
                    i += 2
                    segmentStart = i
                    continue
                }
                break
            }
            if b == lineFeed {
                line += 1
            } else if b == carriageReturn, !(i + 1 < n && bytes[i + 1] == lineFeed) {
                line += 1  // a lone CR ends a line; in CRLF the LF counts
            }
            i += 1
        }
        // bytes[i] is the closing quote.
        let field: CSVFieldSpan
        if inScratch {
            appendToScratch(segmentStart..<i)
            field = CSVFieldSpan(start: scratchStart, end: scratch.count, inScratch: true,
                              nonASCII: high & 0x80 != 0, quoted: true, line: fieldLine)
        } else {
            field = CSVFieldSpan(start: segmentStart, end: i, inScratch: false,
                              nonASCII: high & 0x80 != 0, quoted: true, line: fieldLine)
        }
        fields.append(field)
        i += 1
        if i < n, bytes[i] != D.byte, bytes[i] != lineFeed, bytes[i] != carriageReturn {
            // `"abc"def`: report it, then skip to the next delimiter so the row can still be counted.
            if fault == nil { fault = .textAfterClosingQuote(field: fields.count - 1, line: line) }
            while i < n, bytes[i] != D.byte, bytes[i] != lineFeed, bytes[i] != carriageReturn { i += 1 }
        }
        return consumeDelimiter()
    }

    mutating func appendToScratch(_ range: Range<Int>) {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Consumes the comma or line end at `i`; returns true when the row ended.
    mutating func consumeDelimiter() -> Bool {
        let n = bytes.count
        guard i < n else { return true }
        switch bytes[i] {
        case D.byte:
            i += 1
            return false
        case carriageReturn:
            i += 1
            if i < n, bytes[i] == lineFeed { i += 1 }
        default:  // line feed
            i += 1
        }
        line += 1
        return true
    }

    // MARK: Decoding and reporting

    /// The field's code in its column, or nil when its bytes are not valid UTF-8.
    func intern(_ field: CSVFieldSpan, _ interner: inout ByteInterner) -> UInt32? {
        let decodeChecked = { (slice: UnsafeBufferPointer<UInt8>) -> String? in
            !field.nonASCII || isWellFormedUTF8(slice) ? String(decoding: slice, as: UTF8.self) : nil
        }
        if field.inScratch {
            return scratch.withUnsafeBufferPointer { buffer in
                interner.code(of: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]), decode: decodeChecked)
            }
        }
        return interner.code(of: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), decode: decodeChecked)
    }

    /// Whether the field's bytes are valid UTF-8 (without making its text). Static, with
    /// the buffers passed in: as a method it made the loop copy the whole parser per row.
    static func isWellFormed(_ field: CSVFieldSpan, _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: [UInt8]) -> Bool {
        if field.inScratch {
            return scratch.withUnsafeBufferPointer { isWellFormedUTF8(UnsafeBufferPointer(rebasing: $0[field.start..<field.end])) }
        }
        return isWellFormedUTF8(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
    }

    /// The field's text, or nil when its bytes are not valid UTF-8.
    func decode(_ field: CSVFieldSpan) -> String? {
        if field.start == field.end { return "" }
        if field.inScratch {
            return scratch.withUnsafeBufferPointer { buffer in
                let slice = UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
                return !field.nonASCII || isWellFormedUTF8(slice) ? String(decoding: slice, as: UTF8.self) : nil
            }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        return !field.nonASCII || isWellFormedUTF8(slice) ? String(decoding: slice, as: UTF8.self) : nil
    }

    mutating func report(_ fault: CSVRowFault, header: [String]) {
        func place(_ index: Int) -> String {
            if header.isEmpty { return "header column \(index + 1)" }
            return index < header.count ? "column \"\(header[index])\"" : "field \(index + 1)"
        }
        switch fault {
        case .strayQuote(let field, let line):
            fail("\(place(field)): stray quote in an unquoted field", line: line,
                 suggestion: "quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\"")
        case .textAfterClosingQuote(let field, let line):
            fail("\(place(field)): unexpected text after the closing quote", line: line,
                 suggestion: "a quote inside a quoted field must be doubled: \"\"")
        case .unterminatedQuote(let field, let line):
            fail("\(place(field)): quoted field is never closed", line: line,
                 suggestion: "add the closing quote")
        }
    }

    mutating func fail(_ message: String, line: Int, suggestion: String? = nil) {
        errorCount += 1
        if errorCount <= CSVReader.errorLimit {
            errors.append(.error(message, at: SourcePosition(line: line, column: 0), suggestion: suggestion))
        } else if firstOmittedLine == nil {
            firstOmittedLine = line
        }
    }

    /// About how many data rows are left before `stop`, to reserve room for: the line feeds
    /// (the carriage returns in a file with no line feed), plus one. Counted with `memchr`.
    func estimatedRowCount() -> Int {
        let stop = min(stop, bytes.count)
        func count(_ byte: UInt8) -> Int {
            guard let base = bytes.baseAddress, i < stop else { return 0 }
            var n = 0
            var p = UnsafeRawPointer(base + i)
            let end = UnsafeRawPointer(base + stop)
            while p < end, let hit = memchr(p, Int32(byte), end - p) {
                n += 1
                p = UnsafeRawPointer(hit) + 1
            }
            return n
        }
        if releasesPages, stop - i > 8 << 20 {
            // A mapped file: counting every line would bring it all into memory at once, so
            // the first 4 MB are counted and the rest reckoned from them, generously (an
            // unused reservation costs address space, not memory).
            let sample = CSVParser(UnsafeBufferPointer(rebasing: bytes[i..<(i + (4 << 20))]), skipsBOM: false)
            let lines = max(1, sample.estimatedRowCount())
            return Int(Double(lines) * Double(stop - i) / Double(4 << 20) * 1.25) + 1024
        }
        let lineFeeds = count(lineFeed)
        return (lineFeeds > 0 ? lineFeeds : count(carriageReturn)) + 1
    }
}

/// `text` without leading and trailing spaces and tabs.
private func trimmedHeaderName(_ text: String) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !isBlank($0) }),
          let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
    return String(text[first...last])
}

/// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF). Written out because `String(validating:)` is not available on every platform the
/// package targets, and `String(decoding:)` silently repairs.
private func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = bytes.count
    @inline(__always) func isContinuation(_ index: Int) -> Bool {
        index < n && bytes[index] & 0xC0 == 0x80
    }
    while i < n {
        let b = bytes[i]
        if b < 0x80 { i += 1; continue }
        switch b {
        case 0xC2...0xDF:
            guard isContinuation(i + 1) else { return false }
            i += 2
        case 0xE0...0xEF:
            guard i + 2 < n, isContinuation(i + 1), isContinuation(i + 2) else { return false }
            let b1 = bytes[i + 1]
            if b == 0xE0, b1 < 0xA0 { return false }  // overlong
            if b == 0xED, b1 > 0x9F { return false }  // UTF-16 surrogate
            i += 3
        case 0xF0...0xF4:
            guard i + 3 < n, isContinuation(i + 1), isContinuation(i + 2), isContinuation(i + 3) else { return false }
            let b1 = bytes[i + 1]
            if b == 0xF0, b1 < 0x90 { return false }  // overlong
            if b == 0xF4, b1 > 0x8F { return false }  // past U+10FFFF
            i += 4
        default:
            return false  // a stray continuation byte, C0, C1 or F5...FF
        }
    }
    return true
}
