/// The rows a block used and the columns of them it read: what a PDF's provenance digests for
/// each block (`rows timeline 42 sha256:…` in its keywords).
///
/// A weekly brief reads a growing file: the digest must stay the same when next week's rows
/// are appended (or rows the block never reads are inserted anywhere), and change when a cell
/// the block drew from changes. So it covers exactly the rows left after the source's and the
/// block's filters, over the columns the block's keys name (`BlockType.columnsRead`), its
/// "Sources:" column, and the precision column of any of them that is a date with one. The
/// filter's own columns are left out: which rows pass is already in the digest, and a cell
/// that changes without changing that changes nothing drawn. Line numbers, the file's name
/// and its format are not in it either: the same rows from a CSV file or a JSON file give the
/// same digest (a JSON number is the text it was written as, `null` an empty cell).
///
/// Blocks choose their rows with everything the spec says (filters, types, formats), and the
/// spec's own sha256 is recorded beside these digests, so the two together pin the rows.
public struct UsedRows: Sendable {
    /// The block's index in `sections`.
    public var section: Int
    /// How the keywords name the block: its `id`, else its type and its index in `sections`
    /// (`chart-3` is `sections[3]`).
    public var name: String
    /// The sets of rows the block read, in order: its own data source's, or each computed
    /// figure's (a figures block reads one set per `{"data": …}` value).
    public var parts: [Part]

    /// One set of rows and the columns read of them.
    public struct Part: Sendable {
        /// The rows, after the source's and the block's filters, in file order.
        public var view: DataView
        /// The columns read, sorted by their UTF-8 bytes; may be empty (a figure that counts rows).
        public var columns: [String]
    }

    /// The rows in all parts.
    public var rowCount: Int { parts.reduce(0) { $0 + $1.view.count } }

    /// The rows each data-reading block among `sections` (indices into `spec.sections`) used,
    /// in section order. `tables` are the loaded sources (a spec whose sources did not all
    /// load has errors and no PDF; a block whose source is missing is left out).
    public static func of(_ spec: ReportSpec, tables: [String: DataTable], specFile: String, sections: [Int]) -> [UsedRows] {
        let preparer = BlockPreparer(spec: spec, tables: tables, specFile: specFile)
        return sections.compactMap { i in
            let block = spec.sections[i]
            let uses = block.kind.value.columnsRead
            var parts: [Part] = []
            // The filters were judged when the blocks were prepared: their messages were said then.
            var said: [Diagnostic] = []
            if let source = block.dataName?.name, block.kind.readsData, let view = preparer.rows(of: source, filter: block.filter, &said) {
                var names = uses.allOwn ? Set(view.table.columnNames) : Set(uses.own.compactMap { $0?.name })
                switch block.sources {
                case .automatic: if view.table.columnIndex("source") != nil { names.insert("source") }
                case .column(let field): names.insert(field.name)
                case .none: break
                }
                parts.append(Part(view, names))
            }
            for other in uses.others {
                guard let view = preparer.rows(of: other.source, filter: block.filter, &said) else { continue }
                parts.append(Part(view, Set(other.columns.compactMap { $0?.name })))
            }
            for other in uses.whole {
                guard let view = preparer.rows(of: other.source, filter: nil, &said) else { continue }
                parts.append(Part(view, Set(other.columns.compactMap { $0?.name })))
            }
            guard !parts.isEmpty else { return nil }
            return UsedRows(section: i, name: block.id ?? "\(block.kind.typeName)-\(i)", parts: parts)
        }
    }

    /// Feeds the canonical encoding of the rows to `write` in pieces of about 64 KB, for a
    /// hash to digest. Version 1, integers little-endian:
    ///
    ///     rows    := "report-rows 1\n"  u64(number of parts)  part*
    ///     part    := u64(rows)  u64(number of columns)  column*      (columns sorted by name)
    ///     column  := text(name)  u64(number of texts)  text*  index×rows
    ///     text    := u64(byte length)  UTF-8 bytes
    ///     index   := u8 when there are at most 256 texts, u16 when at most 65,536, else u32
    ///
    /// A column's texts are its distinct cells among the part's rows, in the order the rows
    /// first use them, and each row's `index` is its cell's place in that list (an empty cell
    /// is the text ""). The rows keep their order in the file, since order can show (the
    /// "Sources:" line lists sources as the rows first cite them, a `last` figure takes the
    /// last row), but not their positions: rows that are not used, wherever they are, change
    /// nothing. Nothing in it depends on how the file numbered its distinct values, which
    /// rows before or between can change. Indices as narrow as the texts allow: a million
    /// rows of dates, actors and sources are 4 to 5 MB to hash rather than 12.
    public func encode(_ write: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(write) { write in
            var out = Writer(write: write)
            out.bytes(Array("report-rows 1\n".utf8))
            out.integer(parts.count)
            for part in parts {
                out.integer(part.view.count)
                out.integer(part.columns.count)
                for name in part.columns {
                    let cells = part.view.table.column(name)!
                    let (place, used) = Self.firstUse(part.view.rows, cells)
                    out.text(name)
                    out.integer(used.count)
                    for code in used { out.text(cells.values[code]) }
                    switch used.count {
                    case ...(1 << 8): out.indices(UInt8.self, part.view.rows, cells.codes, place)
                    case ...(1 << 16): out.indices(UInt16.self, part.view.rows, cells.codes, place)
                    default: out.indices(UInt32.self, part.view.rows, cells.codes, place)
                    }
                }
            }
            out.flush()
        }
    }

    /// The distinct cells `rows` use, numbered in the order they first use them: per code
    /// of the table's numbering its place (`.max` when no row uses it), and the codes in
    /// that order.
    private static func firstUse(_ rows: RowList, _ cells: Column) -> (place: [UInt32], used: [Int]) {
        var place = [UInt32](repeating: .max, count: cells.values.count)
        var used: [Int] = []
        cells.codes.withUnsafeCodes { codes in
            place.withUnsafeMutableBufferPointer { place in
                for row in rows {
                    let code = Int(codes[row])
                    if place[code] == .max {
                        place[code] = UInt32(used.count)
                        used.append(code)
                        if used.count == place.count { break }   // every code placed: the rest are known
                    }
                }
            }
        }
        return (place, used)
    }

    /// Buffers the encoding into pieces of at most `piece` bytes.
    private struct Writer {
        let write: (UnsafeRawBufferPointer) -> Void
        var buffer: [UInt8] = []
        static let piece = 1 << 16

        mutating func bytes(_ b: some Collection<UInt8>) {
            buffer.append(contentsOf: b)
            if buffer.count >= Self.piece { flush() }
        }
        mutating func integer(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).littleEndian) { bytes($0) }
        }
        mutating func text(_ s: String) {
            var s = s
            s.withUTF8 { utf8 in
                integer(utf8.count)
                bytes(utf8)
            }
        }
        mutating func flush() {
            guard !buffer.isEmpty else { return }
            buffer.withUnsafeBytes(write)
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes each row's place (`place[code]`) as an `Index`, 64 KB at a time: the hot
        /// loop, a lookup and a store a row.
        mutating func indices<Index: FixedWidthInteger & UnsignedInteger>(_: Index.Type, _ rows: RowList, _ codes: CodeArray, _ place: [UInt32]) {
            flush()
            let capacity = Self.piece / MemoryLayout<Index>.size
            let chunk = UnsafeMutableBufferPointer<Index>.allocate(capacity: capacity)
            defer { chunk.deallocate() }
            var n = 0
            codes.withUnsafeCodes { codes in
                place.withUnsafeBufferPointer { place in
                    for row in rows {
                        chunk[n] = Index(truncatingIfNeeded: place[Int(codes[row])]).littleEndian
                        n += 1
                        if n == capacity { write(UnsafeRawBufferPointer(chunk)); n = 0 }
                    }
                }
            }
            if n > 0 { write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(chunk)[..<(n * MemoryLayout<Index>.size)])) }
        }
    }
}

extension UsedRows.Part {
    /// A part reading `names` of `view`, with the precision column of each date that has one.
    fileprivate init(_ view: DataView, _ names: Set<String>) {
        var names = names
        for name in names { if let precision = view.table.datePrecisions[name] { names.insert(precision.column) } }
        self.init(view: view, columns: names.filter { view.table.columnIndex($0) != nil }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
