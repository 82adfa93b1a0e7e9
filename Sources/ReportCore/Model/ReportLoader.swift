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
    /// Told how far the load has got (nil: nobody is watching).
    public var progress: RenderProgress?

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
        /// Files the spec took in (`extends`, text files, the params file), with their bytes.
        public var includedFiles: [(file: String, bytes: [UInt8])]
        /// Each parameter's value, in the order declared.
        public var params: [(name: String, value: ParamValue)]
    }

    /// Values given from outside the spec for its parameters (`--set`), applied after the
    /// params file's and the matrix's, so they win.
    public var settings: [ParamSetting] = []
    /// `--params FILE`: a JSON or YAML object of parameter values.
    public var paramsFile: String?
    /// The spec's bytes when it is read from standard input (`report render -`).
    public var standardInput: [UInt8]?
    /// Tables shared by the variants of a batch (nil: each load reads its own).
    public var tableCache: DataTableCache?

    /// The name `-` stands for standard input.
    public static let standardInputName = "-"

    /// A spec read, composed with what it extends and includes, and its parameters and
    /// matrix declared: everything before its values are known. A matrix loads one
    /// template and renders every variant from it.
    public struct Template: Sendable {
        /// The spec as given, and as messages name it.
        public var specPath: String
        public var display: String
        /// The spec file's bytes.
        public var specBytes: [UInt8]
        /// The composed tree, before placeholders are replaced.
        public var tree: SpecNode
        /// Files the spec took in (`extends`, text files, the params file), relative to the
        /// spec's folder, with their bytes.
        public var includedFiles: [(file: String, bytes: [UInt8])]
        /// The declared parameters.
        public var params: Params
        /// The renderings the matrix asks for (one without a matrix).
        public var variants: [Matrix.Variant]
        /// Problems found so far (reported with the variants' own).
        public var diagnostics: [Diagnostic]
        /// The params file's values.
        var fileSettings: [ParamSetting]
        /// Paths of values composing left as written because they failed (a text file that
        /// could not be read): the decoder's complaints about them would repeat the problem.
        var failedPaths: Set<String>
    }

    /// Reads, parses and composes `specPath`, and reads its parameters and matrix.
    ///
    /// - Parameter matrix: `--matrix name=a,b` lists, replacing or adding to the spec's.
    /// - Throws: when the spec itself cannot be read or parsed (nothing else can be checked).
    public func template(_ specPath: String, display: String? = nil, matrix: [(name: String, values: [String])] = []) throws(DiagnosticList) -> Template {
        let isStandardInput = specPath == Self.standardInputName
        let display = isStandardInput ? "<stdin>" : display ?? specPath
        let bytes = try isStandardInput ? standardInput ?? [] : readSpec(specPath, display: display)
        let parsed = try parseSpec(bytes, path: specPath, display: display)
        let absolute = isStandardInput ? world.canonical(world.workingDirectory + "/" + Self.standardInputName) : world.canonical(specPath)
        let folder = (absolute as NSString).deletingLastPathComponent
        let composer = SpecComposer(world: world, root: root.map { world.canonical($0) } ?? folder, specDir: folder)
        let composed = composer.compose(parsed, path: absolute, display: display)
        var all = composed.diagnostics
        var files = composed.files
        let (params, paramDiagnostics) = Params.read(composed.tree, file: display)
        all += paramDiagnostics
        var fileSettings: [ParamSetting] = []
        if let paramsFile {
            switch readParamsFile(paramsFile) {
            case .success(let (settings, fileBytes)):
                fileSettings = settings
                files.append((SpecComposer.relativePath(from: folder, to: world.canonical(paramsFile)), fileBytes))
            case .failure(let list): all += list.diagnostics
            }
        }
        let fixed = Set(settings.map(\.name))
        let (variants, matrixDiagnostics) = Matrix.variants(composed.tree, file: display, commandLine: matrix, fixed: fixed)
        all += matrixDiagnostics
        all += params.check(variants.flatMap(\.settings), specFile: display)
        return Template(specPath: specPath, display: display, specBytes: bytes, tree: composed.tree, includedFiles: files,
                        params: params, variants: variants, diagnostics: all, fileSettings: fileSettings,
                        failedPaths: Set(composed.diagnostics.compactMap(\.path)))
    }

    /// Loads `specPath` and everything it names, with its parameters' defaults and the
    /// loader's `settings` (a matrix, if the spec has one, is not expanded: see `template`).
    ///
    /// - Parameter display: how the spec is named in messages (default: `specPath` as given);
    ///   data files are shown relative to it, as the spec writes them.
    /// - Throws: every error found, sorted by file (the spec first) and position.
    public func load(_ specPath: String, display: String? = nil) throws(DiagnosticList) -> Loaded {
        try load(template(specPath, display: display), variant: .single)
    }

    /// Loads one variant of a template and everything it names.
    ///
    /// - Throws: every error found (the template's too), sorted by file (the spec first) and
    ///   position.
    public func load(_ template: Template, variant: Matrix.Variant) throws(DiagnosticList) -> Loaded {
        let specPath = template.specPath, display = template.display
        var all = template.diagnostics
        let (values, valueDiagnostics) = template.params.values(template.fileSettings + variant.settings + settings, specFile: display)
        all += valueDiagnostics
        let unvalued = Set(template.params.declarations.map(\.name)).subtracting(values.keys)
        let applied = Placeholders.apply(template.tree, values: values, unvalued: unvalued, file: display)
        let tree = applied.tree
        all += applied.diagnostics
        let isStandardInput = specPath == Self.standardInputName
        var specName = isStandardInput ? "report" : ((specPath as NSString).lastPathComponent as NSString).deletingPathExtension
        if !variant.settings.isEmpty { specName += "-" + variant.slug }
        let (spec, specDiagnostics) = SpecDecoder(file: display, specName: specName).decodeAll(tree)
        // A value whose placeholder failed is reported once, not again for what it left.
        let failedPaths = applied.failedPaths.union(template.failedPaths)
        all += specDiagnostics.filter { d in d.path.map { !failedPaths.contains($0) } ?? true }

        let specDir = isStandardInput ? "" : (specPath as NSString).deletingLastPathComponent
        let base = specDir.isEmpty ? "." : specDir
        let displayDir = isStandardInput ? "" : (display as NSString).deletingLastPathComponent
        let dataPolicy = PathPolicy(base: base, root: root ?? base, in: world)
        var loader = DataLoader(world: world, paths: dataPolicy, specFile: display, displayPrefix: displayDir.isEmpty ? "" : displayDir + "/")
        loader.threads = threads
        loader.progress = progress
        // Only the columns some part of the spec reads keep their cells (all when the spec
        // has errors: a block the decoder left out would not be counted).
        loader.columnsRead = ColumnUse.columnsRead(spec, specHasErrors: specDiagnostics.contains { $0.severity == .error })
        let sources = spec.data.filter(\.loadable)
        var (tables, dataDiagnostics): ([String: DataTable], [Diagnostic]) = ([:], [])
        if let tableCache {
            // The variants of a batch share each source's table.
            for source in sources {
                let key = DataTableCache.Key(spec: display, name: source.name, source: tree["data"]?[source.name],
                                             columns: loader.columnsRead[source.name])
                let loaded = tableCache.loaded(key) {
                    let (t, d) = loader.loadAll([source])
                    return (t[source.name], d)
                }
                tables[source.name] = loaded.table
                dataDiagnostics += loaded.diagnostics
            }
        } else {
            (tables, dataDiagnostics) = loader.loadAll(sources)
        }
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

        var preparer = BlockPreparer(spec: spec, tables: tables, specFile: display)
        preparer.progress = progress
        let (blocks, blockDiagnostics) = preparer.prepareAll()
        all += blockDiagnostics
        all = ReportLoader.sorted(all, specFile: display)
        if all.contains(where: { $0.severity == .error }) { throw DiagnosticList(all) }
        return Loaded(spec: spec, blocks: blocks, tables: tables, warnings: all, specBytes: template.specBytes,
                      outputPaths: outputPaths, tree: tree, includedFiles: template.includedFiles,
                      params: template.params.declarations.compactMap { d in values[d.name].map { (d.name, $0) } })
    }

    /// The settings in a params file: a JSON or YAML object of parameter values.
    private func readParamsFile(_ path: String) -> Result<([ParamSetting], [UInt8]), DiagnosticList> {
        do throws(DiagnosticList) {
            let bytes = try readSpec(path, display: path, what: "params file")
            let tree = try parseSpec(bytes, path: path, display: path)
            guard let members = tree.members else {
                throw DiagnosticList([.error("a params file must hold an object of parameter values, such as {\"week\": \"2017-03-06\"}, found \(tree.kindDescription)",
                                             file: path, at: tree.position)])
            }
            return .success((members.map { ParamSetting(name: $0.key, value: $0.value, file: path) }, bytes))
        } catch {
            return .failure(error)
        }
    }

    private func readSpec(_ specPath: String, display: String, what: String = "spec file") throws(DiagnosticList) -> [UInt8] {
        let kind = world.kind(of: specPath)
        if kind == .folder {
            throw DiagnosticList([.error("is a folder; expected a \(what) (.json, .yaml or .yml)", file: display)])
        }
        guard let bytes = world.read(specPath) else {
            throw DiagnosticList([.error(kind == .file ? "cannot read the \(what) (check its permissions)"
                                                       : "no such \(what)", file: display)])
        }
        return bytes
    }

    private func parseSpec(_ bytes: [UInt8], path: String, display: String) throws(DiagnosticList) -> SpecNode {
        var ext = (path as NSString).pathExtension.lowercased()
        // A spec on standard input has no name to tell its format: JSON starts with "{".
        if path == Self.standardInputName {
            ext = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) == UInt8(ascii: "{") ? "json" : "yaml"
        }
        do throws(DiagnosticList) {
            return try Self.parseSpecBytes(bytes, ext: ext)
        } catch {
            throw DiagnosticList(error.diagnostics.map { $0.inFile(display) })
        }
    }

    /// A spec's bytes parsed by its extension (`json`, `yaml` or `yml`); diagnostics have no file.
    static func parseSpecBytes(_ bytes: [UInt8], ext: String) throws(DiagnosticList) -> SpecNode {
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
