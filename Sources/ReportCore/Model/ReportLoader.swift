import Foundation

/// Spec → Data → Model in one call: everything `report render` and `report validate` do
/// before layout, so that the command line and the tests run exactly the same checks.
///
/// All problems found are reported together: a spec with errors is still decoded as far as
/// it goes, its data is still loaded and its blocks still prepared, so a typo in one block
/// and a bad date in a data file come out in one run. Parts that could not be decoded are
/// left out quietly (a block whose `type` is unknown is not checked against its data), so
/// one mistake does not cascade into a screen of follow-up errors.
public struct ReportLoader: Sendable {
    /// Where the spec and its data are read from.
    public var world: any World
    /// `--root`: the folder data files and outputs may not leave (default: the spec's folder).
    public var root: String?
    /// `--out-dir`: outputs resolve against (and may not leave) this folder instead.
    public var outDir: String?

    /// The most threads a large CSV file is read on (`--jobs`); the tables are the same for any.
    public var threads = 1

    /// Creates a loader reading from `world`, with the command line's path options.
    public init(world: any World, root: String? = nil, outDir: String? = nil) {
        self.world = world
        self.root = root
        self.outDir = outDir
    }

    /// What a spec and its data make before layout.
    public struct Loaded: Sendable {
        /// The decoded spec, with defaults applied.
        public var spec: ReportSpec
        /// Every block with its data read and checked, in spec order.
        public var blocks: [PreparedBlock]
        /// The loaded data sources by name (a PDF's provenance digests the rows blocks used
        /// of them, see `UsedRows`).
        public var tables: [String: DataTable]
        /// Warnings (never errors: a load with errors throws).
        public var warnings: [Diagnostic]
        /// The spec file's bytes (for the PDF's provenance hash).
        public var specBytes: [UInt8]
        /// The absolute path each output of `spec.outputs` will be written to.
        public var outputPaths: [String]
        /// The parsed spec, positions and all, for later stages that point at it.
        public var tree: SpecNode
    }

    /// Loads `specPath` and everything it names.
    ///
    /// - Parameter display: how the spec is named in messages (default: `specPath` as given);
    ///   data files are shown relative to it, as the spec writes them.
    /// - Throws: every error found, sorted by file (the spec first) and position.
    public func load(_ specPath: String, display: String? = nil) throws(DiagnosticList) -> Loaded {
        let display = display ?? specPath
        let bytes = try readSpec(specPath, display: display)
        let tree = try parseSpec(bytes, path: specPath, display: display)
        let specName = ((specPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let (spec, specDiagnostics) = SpecDecoder(file: display, specName: specName).decodeAll(tree)
        var all = specDiagnostics

        let specDir = (specPath as NSString).deletingLastPathComponent
        let base = specDir.isEmpty ? "." : specDir
        let displayDir = (display as NSString).deletingLastPathComponent
        let dataPolicy = PathPolicy(base: base, root: root ?? base, in: world)
        var loader = DataLoader(world: world, paths: dataPolicy, specFile: display, displayPrefix: displayDir.isEmpty ? "" : displayDir + "/")
        loader.threads = threads
        // Only the columns some part of the spec reads keep their cells (all when the spec
        // has errors: a block the decoder left out would not be counted).
        loader.columnsRead = ColumnUse.columnsRead(spec, specHasErrors: specDiagnostics.contains { $0.severity == .error })
        let (tables, dataDiagnostics) = loader.loadAll(spec.data.filter(\.loadable))
        all += dataDiagnostics

        let outputPolicy = PathPolicy(base: outDir ?? base, root: outDir ?? root ?? base, in: world)
        var outputPaths: [String] = []
        for output in spec.outputs {
            switch outputPolicy.resolve(output.file) {
            case .success(let path):
                outputPaths.append(path)
                if world.kind(of: path) == .folder {
                    all.append(.error("output \"\(output.file)\" is a folder; expected a file name ending in .\(output.format)",
                                      file: display, at: output.filePosition, path: "\(output.path).file"))
                }
            case .failure(let refusal):
                outputPaths.append("")
                all.append(.error("output refused: \(refusal.message)", file: display, at: output.filePosition,
                                  path: "\(output.path).file"))
            }
        }

        let (blocks, blockDiagnostics) = BlockPreparer(spec: spec, tables: tables, specFile: display).prepareAll()
        all += blockDiagnostics
        all = ReportLoader.sorted(all, specFile: display)
        if all.contains(where: { $0.severity == .error }) { throw DiagnosticList(all) }
        return Loaded(spec: spec, blocks: blocks, tables: tables, warnings: all, specBytes: bytes,
                      outputPaths: outputPaths, tree: tree)
    }

    private func readSpec(_ specPath: String, display: String) throws(DiagnosticList) -> [UInt8] {
        let kind = world.kind(of: specPath)
        if kind == .folder {
            throw DiagnosticList([.error("is a folder; expected a spec file (.json, .yaml or .yml)", file: display)])
        }
        guard let bytes = world.read(specPath) else {
            throw DiagnosticList([.error(kind == .file ? "cannot read the spec file (check its permissions)"
                                                       : "no such spec file", file: display)])
        }
        return bytes
    }

    private func parseSpec(_ bytes: [UInt8], path: String, display: String) throws(DiagnosticList) -> SpecNode {
        let ext = (path as NSString).pathExtension.lowercased()
        do throws(DiagnosticList) {
            switch ext {
            case "json":
                return try JSONTreeParser.parse(bytes)
            case "yaml", "yml":
                if let bad = firstInvalidUTF8(bytes) {
                    throw DiagnosticList([.error("invalid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true))); a spec must be UTF-8 text",
                                                 at: bad.position, suggestion: "save the file as UTF-8")])
                }
                return try YAMLTreeLoader.parse(String(decoding: bytes, as: UTF8.self))
            default:
                throw DiagnosticList([.error("a spec must be a .json, .yaml or .yml file, found \(ext.isEmpty ? "no extension" : "\".\(ext)\"")")])
            }
        } catch {
            throw DiagnosticList(error.diagnostics.map { $0.inFile(display) })
        }
    }

    /// Sorts diagnostics the way compilers print them: the spec first, then each other file in
    /// the order it first appears; within a file by position (unlocated ones last). Stable, so
    /// problems at one position keep the order they were found in. Exact repeats are dropped.
    public static func sorted(_ diagnostics: [Diagnostic], specFile: String) -> [Diagnostic] {
        var fileOrder: [String: Int] = [specFile: 0]
        for d in diagnostics { if let f = d.file, fileOrder[f] == nil { fileOrder[f] = fileOrder.count } }
        func key(_ d: Diagnostic) -> (Int, Int, Int) {
            let fileIndex = d.file.map { fileOrder[$0]! } ?? -1
            guard let p = d.position else { return (fileIndex, Int.max, Int.max) }
            return (fileIndex, p.line, p.column)
        }
        // Blocks that share a source meet its bad cells and filters alike: say each thing once.
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }
}

/// The first byte of `bytes` that is not part of well-formed UTF-8, with its line and column
/// (columns count Unicode scalars, as everywhere in diagnostics), or nil when all is well.
func firstInvalidUTF8(_ bytes: [UInt8]) -> (position: SourcePosition, byte: UInt8)? {
    var i = 0, line = 1, column = 1
    let n = bytes.count
    if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    func continuation(_ k: Int) -> Bool { k < n && bytes[k] & 0xC0 == 0x80 }
    while i < n {
        let b = bytes[i]
        var length = 0
        switch b {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = continuation(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            if continuation(i + 1), continuation(i + 2),
               !(b == 0xE0 && bytes[i + 1] < 0xA0), !(b == 0xED && bytes[i + 1] > 0x9F) { length = 3 }
        case 0xF0...0xF4:
            if continuation(i + 1), continuation(i + 2), continuation(i + 3),
               !(b == 0xF0 && bytes[i + 1] < 0x90), !(b == 0xF4 && bytes[i + 1] > 0x8F) { length = 4 }
        default: length = 0
        }
        if length == 0 { return (SourcePosition(line: line, column: column), b) }
        if b == 0x0A { line += 1; column = 1 } else { column += 1 }
        i += length
    }
    return nil
}
