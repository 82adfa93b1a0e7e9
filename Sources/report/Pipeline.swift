import Crypto
import Foundation
import ReportCairo
import ReportCore
import ReportScene

/// The tool's version, written into PDF metadata and `--version`.
let toolVersion = "0.1.0"

/// Why a command stopped, mapped to SPEC.md's exit codes.
enum Failure: Error {
    /// The spec or its data has errors (exit 1).
    case spec([Diagnostic])
    /// `--check` found stale or missing files (exit 3).
    case stale([String])
    /// Writing or rendering failed (exit 4).
    case io(String)

    var exitCode: Int32 {
        switch self {
        case .spec: return 1
        case .stale: return 3
        case .io: return 4
        }
    }
}

/// Options shared by `render` and `validate`.
struct PipelineOptions {
    var root: String?
    var fonts: String?
    var outDir: String?
    var only: [String] = []
}

/// A spec loaded, checked and prepared: everything up to layout.
struct LoadedReport {
    var specPath: String
    var spec: ReportSpec
    var blocks: [PreparedBlock]
    var warnings: [Diagnostic]
    var specBytes: [UInt8]
    var dataFiles: [(file: String, bytes: [UInt8])]
    /// The data files' sha256, started as each file was read (only for specs with a PDF).
    var dataHashes = DataHashes()
}

/// sha256 of data files, each hashed on another thread from the moment it is read: a 60 MB
/// file takes about as long to hash as to parse, so the two run side by side.
final class DataHashes: @unchecked Sendable {
    private var started: [String: Background<String>] = [:]
    private let lock = NSLock()

    /// Starts hashing `bytes`, the contents of `file`.
    func start(_ file: String, _ bytes: [UInt8]) {
        let hash = Background { sha256Hex(bytes) }
        lock.lock(); started[file] = hash; lock.unlock()
    }

    /// The hex sha256 of `bytes`, from the hash started for `file` if there is one.
    func hex(_ file: String, _ bytes: [UInt8]) -> String {
        lock.lock(); let hash = started[file]; lock.unlock()
        return hash?.value ?? sha256Hex(bytes)
    }
}

/// One file to produce, with its bytes once rendered.
struct RenderedOutput {
    var output: OutputSpec
    var path: String
    var displayPath: String
    var bytes: [UInt8]
    var pages: Int
    var pixelSize: (Int, Int)?
}

/// Spec → Data → Model: reads the spec and its data and reports every problem found
/// (`ReportLoader` in ReportCore, so that the diagnostics corpus tests run the same code).
/// With `hashing`, data files start being hashed as soon as they are read when the spec
/// makes a PDF (whose metadata records them).
func loadReport(_ specPath: String, options: PipelineOptions, hashing: Bool = false) throws(Failure) -> LoadedReport {
    let hashes = DataHashes()
    var loader = ReportLoader(root: options.root, outDir: options.outDir)
    if hashing {
        loader.dataFileRead = { spec, file, bytes in
            if spec.outputs.contains(where: { $0.format == "pdf" }) { hashes.start(file, bytes) }
        }
    }
    do {
        let r = try loader.load(specPath)
        return LoadedReport(specPath: specPath, spec: r.spec, blocks: r.blocks, warnings: r.warnings,
                            specBytes: r.specBytes, dataFiles: r.dataFiles, dataHashes: hashes)
    } catch {
        throw .spec(error.diagnostics)
    }
}

/// Finds the fonts folder: `--fonts`, `$REPORT_FONTS`, or a `Fonts/` beside or above the
/// executable (the repository layout), so output never depends on system fonts.
func locateFonts(_ explicit: String?) -> String? {
    if let explicit { return explicit }
    if let env = ProcessInfo.processInfo.environment["REPORT_FONTS"], !env.isEmpty { return env }
    var dir = (CommandLine.executablePath as NSString).deletingLastPathComponent
    for _ in 0..<6 {
        for candidate in ["\(dir)/Fonts", "\(dir)/share/report/Fonts"] {
            if FileManager.default.fileExists(atPath: "\(candidate)/NotoSans-Regular.ttf") { return candidate }
        }
        dir = (dir as NSString).deletingLastPathComponent
    }
    return nil
}

extension CommandLine {
    /// Absolute path of the running executable (via /proc on Linux).
    static var executablePath: String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return arguments[0]
    }
}

/// Opens the font folder once per process.
func openFonts(_ explicit: String?) throws(Failure) -> FontLibrary {
    guard let dir = locateFonts(explicit) else {
        throw .io("cannot find the Fonts/ folder; pass --fonts DIR or set REPORT_FONTS")
    }
    let cache = NSTemporaryDirectory() + "report-fontconfig-\(getuid())"
    try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
    do {
        return try FontLibrary(directory: PathPolicy.canonical(dir), cacheDirectory: cache)
    } catch {
        throw .io("\(error)")
    }
}

/// Lowercase hex SHA-256 of some bytes.
func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

/// What made a PDF, for its metadata: the tool's version and the sha256 of the spec and of
/// every data file, so a briefing can be traced to exactly the inputs behind it.
func provenance(_ report: LoadedReport) -> String {
    var parts = ["report \(toolVersion)", "spec \((report.specPath as NSString).lastPathComponent) sha256:\(sha256Hex(report.specBytes))"]
    for file in report.dataFiles { parts.append("data \(file.file) sha256:\(report.dataHashes.hex(file.file, file.bytes))") }
    return parts.joined(separator: "; ")
}

/// The PDF creation date: SOURCE_DATE_EPOCH, else the spec's as_of, else none.
func creationDate(_ spec: ReportSpec) -> String? {
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int(epoch) {
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        let civil = CivilDate(dayNumber: days)
        return String(format: "%@T%02d:%02d:%02dZ", civil.isoString, rest / 3600, rest % 3600 / 60, rest % 60)
    }
    if let asOf = spec.asOf { return "\(asOf.startDay.isoString)T00:00:00Z" }
    return nil
}

/// Layout → Scene → bytes for every selected output.
func renderOutputs(_ report: LoadedReport, fonts: FontLibrary, options: PipelineOptions, jobs: Int,
                   progress: Progress? = nil) throws(Failure) -> [RenderedOutput] {
    let spec = report.spec
    let specDir = (report.specPath as NSString).deletingLastPathComponent
    let base = options.outDir ?? (specDir.isEmpty ? "." : specDir)
    let root = options.outDir ?? options.root ?? (specDir.isEmpty ? "." : specDir)
    let policy = PathPolicy(base: base, root: root)
    var selected = spec.outputs
    if !options.only.isEmpty {
        selected = spec.outputs.filter { o in
            options.only.contains { $0 == o.id || $0 == o.file || $0 == (o.file as NSString).lastPathComponent }
        }
        let known = spec.outputs.flatMap { [$0.id, $0.file].compactMap { $0 } }
        let unknown = options.only.filter { name in !spec.outputs.contains { $0.id == name || $0.file == name || ($0.file as NSString).lastPathComponent == name } }
        if !unknown.isEmpty {
            throw .spec(unknown.map { .error("--only: no output has id or file \"\($0)\"", suggestion: closestMatch(to: $0, in: known).map { "did you mean \"\($0)\"?" }) })
        }
    }
    var paths: [String] = []
    var refusals: [Diagnostic] = []
    for o in selected {
        switch policy.resolve(o.file) {
        case .success(let p): paths.append(p)
        case .failure(let r):
            refusals.append(.error("output refused: \(r.message)", file: report.specPath, at: o.position, path: "\(o.path).file"))
        }
    }
    if !refusals.isEmpty { throw .spec(refusals) }

    // Only PDFs record the inputs' sha256 (60 MB of CSV take about half a second to hash):
    // hash on another core while this one lays out, unless --jobs 1 asks for one thread.
    let needsProvenance = selected.contains { $0.format == "pdf" }
    let provenanceTask = needsProvenance && jobs > 1 ? Background { provenance(report) } : nil

    // Layout once, with one measurer; the scene is plain values that render tasks share.
    let measurer: PangoTextMeasurer
    do { measurer = try PangoTextMeasurer(fonts: fonts) } catch { throw .io("\(error)") }
    let styles = ReportStyles(font: spec.theme.font)
    if !fonts.families.contains(spec.theme.font) {
        throw .spec([.error("theme font \"\(spec.theme.font)\" is not in the fonts folder (\(fonts.directory)); available: \(fonts.families.joined(separator: ", "))",
                            file: report.specPath, suggestion: closestMatch(to: spec.theme.font, in: fonts.families).map { "did you mean \"\($0)\"?" })])
    }
    let ctx = LayoutContext(measurer: measurer, styles: styles, colors: ColorMap(theme: spec.theme), specFile: report.specPath,
                            asOfDay: spec.asOf.map(\.start))
    ctx.zoneName = spec.timezoneName
    let layout = ReportLayout(spec: spec, blocks: report.blocks, context: ctx, toolName: "report \(toolVersion)")
    var scenes: [(OutputSpec, [ScenePage])] = []
    var documentPages: [ScenePage]?
    for o in selected {
        if let block = o.block {
            guard let page = layout.single(blockID: block, width: o.width, height: o.height) else { continue }
            scenes.append((o, [page]))
        } else {
            if documentPages == nil { documentPages = layout.document() }
            scenes.append((o, documentPages!))
        }
    }
    let layoutErrors = ctx.diagnostics.filter { $0.severity == .error }
    if !layoutErrors.isEmpty { throw .spec(layoutErrors) }
    for (o, pages) in scenes where o.format == "png" {
        let size = pages[0].size
        if size.width * o.scale * size.height * o.scale > 100_000_000 {
            throw .spec([.error("\(o.file) would be \(Int(size.width * o.scale))×\(Int(size.height * o.scale)) pixels, over the 100 million pixel limit",
                                file: report.specPath, at: o.position, path: o.path)])
        }
    }
    let info = DocumentInfo(title: spec.title, author: spec.author, subject: spec.subtitle,
                            keywords: needsProvenance ? provenanceTask?.value ?? provenance(report) : nil, creator: "report \(toolVersion)", creationDate: creationDate(spec))
    let work = scenes.enumerated().map { RenderJob(index: $0.offset, output: $0.element.0, pages: $0.element.1, info: info) }
    let results = RenderJob.runAll(work, fonts: fonts, measurer: measurer, jobs: jobs, progress: progress)
    var rendered: [RenderedOutput] = []
    for (i, result) in results.enumerated() {
        switch result {
        case .success(let bytes):
            let o = work[i].output
            let pages = work[i].pages
            let pixelSize = o.format == "png" ? (Int((pages[0].size.width * o.scale).rounded()), Int((pages[0].size.height * o.scale).rounded())) : nil
            let shown = options.outDir.map { ($0 as NSString).appendingPathComponent(o.file) }
                ?? (specDir.isEmpty ? o.file : (specDir as NSString).appendingPathComponent(o.file))
            rendered.append(RenderedOutput(output: o, path: paths[i], displayPath: shown, bytes: bytes,
                                           pages: o.format == "pdf" ? pages.count : 1, pixelSize: pixelSize))
        case .failure(let error):
            throw .io("\(work[i].output.file): \(error)")
        }
    }
    return rendered
}

/// One output to render on its own task, with its own Pango font map.
struct RenderJob: Sendable {
    var index: Int
    var output: OutputSpec
    var pages: [ScenePage]
    var info: DocumentInfo

    /// Renders with `measurer`'s fonts and shaped text when given, else with a font map of
    /// its own; a PNG is compressed on up to `threads` threads.
    func run(fonts: FontLibrary, measurer: PangoTextMeasurer?, threads: Int) -> Result<[UInt8], RenderError> {
        do {
            let renderer = try measurer.map { CairoRenderer(sharingFontsWith: $0) } ?? CairoRenderer(fonts: fonts)
            switch output.format {
            case "pdf": return .success(try renderer.pdf(Scene(pages: pages, info: info)))
            case "png": return .success(try renderer.png(pages[0], scale: output.scale, threads: threads))
            default: return .success(try renderer.svg(pages[0]))
            }
        } catch let error as RenderError {
            return .failure(error)
        } catch {
            return .failure(RenderError("\(error)"))
        }
    }

    /// Renders jobs on up to `jobs` threads; results in job order. The first lane draws with
    /// the layout's measurer (its fonts are loaded and its labels shaped already); every
    /// other lane makes its own Pango font map inside `run`, so no Pango object is ever
    /// used by two threads at once. Only the immutable font configuration is shared.
    static func runAll(_ work: [RenderJob], fonts: FontLibrary, measurer: PangoTextMeasurer, jobs: Int,
                       progress: Progress?) -> [Result<[UInt8], RenderError>] {
        let results = ResultBox(count: work.count)
        let lanes = max(1, min(jobs, work.count))
        let shared = UncheckedSendable(measurer)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for i in stride(from: lane, to: work.count, by: lanes) {
                results.set(i, work[i].run(fonts: fonts, measurer: lane == 0 ? shared.value : nil, threads: max(1, jobs / lanes)))
                progress?.step(work[i].output.file, total: work.count)
            }
        }
        progress?.finish()
        return results.values
    }
}

/// A value computed on another thread; `value` waits for it.
final class Background<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work has finished (the semaphore orders the write before it).
    lazy var value: T = {
        done.wait()
        return result!
    }()
}

/// A value handed to exactly one other thread (the caller guarantees it is not used by two
/// at once).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Results written from several threads, each to its own slot.
final class ResultBox: @unchecked Sendable {
    private var slots: [Result<[UInt8], RenderError>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[UInt8], RenderError>) { lock.lock(); slots[i] = r; lock.unlock() }
    var values: [Result<[UInt8], RenderError>] { slots.map { $0 ?? .failure(RenderError("not rendered")) } }
}

/// Writes every file atomically: all files go to temporary names first, and only when
/// every one of them was written are they renamed into place. A failure leaves every
/// existing output exactly as it was and no temporary file behind.
func writeOutputs(_ outputs: [RenderedOutput]) throws(Failure) {
    let fm = FileManager.default
    var temps: [String] = []
    func discard() { for t in temps { unlink(t) } }
    for o in outputs {
        let dir = (o.path as NSString).deletingLastPathComponent
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            discard()
            throw .io("cannot create folder \(dir) for \(o.displayPath): \(error.localizedDescription)")
        }
        let temp = "\(dir)/.\((o.path as NSString).lastPathComponent).tmp-\(getpid())"
        guard fm.createFile(atPath: temp, contents: Data(o.bytes)) else {
            discard()
            throw .io("cannot write \(o.displayPath): the folder \(dir) is not writable; no output was changed")
        }
        temps.append(temp)
    }
    for (o, temp) in zip(outputs, temps) where rename(temp, o.path) != 0 {
        let reason = String(cString: strerror(errno))
        discard()
        throw .io("cannot write \(o.displayPath): \(reason)")
    }
}

/// Progress on stderr for long renders: only on a terminal, only after about a second.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var done = 0
    private var shown = false

    /// A reporter, or nil when stderr is not a terminal or the user asked for quiet.
    static func make(quiet: Bool) -> Progress? {
        quiet || isatty(STDERR_FILENO) == 0 ? nil : Progress()
    }

    func step(_ file: String, total: Int) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[Krendering \(done)/\(total): \(file)".utf8))
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); shown = false }
    }
}
