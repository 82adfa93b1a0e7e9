import Foundation
import ReportCairo

/// One variant of one spec in a batch: its outputs, or why it failed.
public struct BatchItem: Sendable {
    /// The spec as given.
    public var specPath: String
    /// The matrix's values (none for a spec without a matrix).
    public var variant: Matrix.Variant
    /// The compiled report, or its problems.
    public var result: Result<CompiledReport, CompileFailure>
}

/// A place in a batch: a variant to compile, or a spec that could not be read.
private enum BatchSlot {
    case compile(ReportLoader.Template, Matrix.Variant)
    case failed(BatchItem)
}

extension ReportCompiler {
    /// Every variant of every spec (each spec's matrix, with the options' `--matrix` lists and
    /// without what `--set` fixes), or the options' shard of them, compiled in one process:
    /// each spec is read and composed once, each data source parsed once for all its
    /// variants, the fonts opened once, and the variants spread over `options.jobs` threads.
    ///
    /// Items come in batch order (specs as given, each one's variants in matrix order),
    /// whatever thread compiled them. Two variants that would write the same file are an
    /// error at that output.
    public func compileBatch(_ specPaths: [String], options: CompileOptions) -> [BatchItem] {
        let cache = DataTableCache()
        // One log for the batch: every variant reads the same spec and included files.
        let log = options.readLog ?? ReadLog()
        let recording = ReportCompiler(world: RecordingWorld(world, log: log))
        let loader = recording.makeLoader(options, cache: cache)
        // The batch in order: each variant to compile, or a spec that could not be read.
        var slots: [BatchSlot] = []
        var position = 0
        for path in specPaths {
            do {
                let template = try loader.template(path, matrix: options.matrix)
                // A spec that cannot be composed says so once, not once per variant.
                let variants = template.diagnostics.contains { $0.severity == .error } ? [.single] : template.variants
                for variant in variants {
                    if options.shard?.contains(position) ?? true { slots.append(.compile(template, variant)) }
                    position += 1
                }
            } catch {
                if options.shard?.contains(position) ?? true {
                    slots.append(.failed(BatchItem(specPath: path, variant: .single, result: .failure(.diagnostics(error.diagnostics)))))
                }
                position += 1
            }
        }
        let work = slots.indices.compactMap { i -> (slot: Int, template: ReportLoader.Template, variant: Matrix.Variant)? in
            guard case .compile(let template, let variant) = slots[i] else { return nil }
            return (i, template, variant)
        }
        // Variants run side by side, one thread each; a lone spec keeps every thread for
        // its own outputs.
        let parallel = work.count > 1 && options.jobs > 1
        var oneThread = options
        if parallel { oneThread.jobs = 1 }
        let each = oneThread
        let results = Slots<Result<CompiledReport, CompileFailure>>(count: slots.count)
        // Each lane keeps one measurer for all its variants (a Pango font map is used by one
        // thread only); the bytes are the same as with a new one per variant.
        let fonts = try? FontCache.shared.open(world.fontsDirectory)
        let lanes = parallel ? min(options.jobs, work.count) : 1
        if work.count > 1 { options.status?.startBatch(variants: work.count) }
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let measurer = work.count > 1 ? fonts.flatMap { try? PangoTextMeasurer(fonts: $0) } : nil
            for (slot, template, variant) in stride(from: lane, to: work.count, by: lanes).map({ work[$0] }) {
                do throws(CompileFailure) {
                    let report = try recording.compile(template, variant: variant, loader: loader, options: each, reusing: measurer, log: log)
                    results[slot] = options.onCompiled?(report) ?? .success(report)
                } catch {
                    results[slot] = .failure(error)
                }
                options.status?.variantDone()
            }
        }
        var items = slots.indices.map { i -> BatchItem in
            switch slots[i] {
            case .failed(let item): return item
            case .compile(let template, let variant): return BatchItem(specPath: template.specPath, variant: variant, result: results[i]!)
            }
        }
        // The batch shares one log: no variant's outputs are another's inputs.
        let outputs = Set(items.flatMap { item in (try? item.result.get())?.files.map(\.path) ?? [] })
        for i in items.indices {
            if case .success(var report) = items[i].result {
                report.inputFiles.removeAll { outputs.contains($0) }
                items[i].result = .success(report)
            }
        }
        return Self.refusingSharedFiles(items)
    }

    /// The items with every file that an earlier item writes too made an error at its
    /// output, naming every item that would write it.
    private static func refusingSharedFiles(_ items: [BatchItem]) -> [BatchItem] {
        var writers: [String: [Int]] = [:]
        for (i, item) in items.enumerated() {
            guard case .success(let report) = item.result else { continue }
            for file in report.files { writers[file.path, default: []].append(i) }
        }
        func name(_ item: BatchItem) -> String { item.variant.settings.isEmpty ? item.specPath : item.variant.label }
        var checked = items
        for (i, item) in items.enumerated() {
            guard case .success(let report) = item.result else { continue }
            var problems: [Diagnostic] = []
            for file in report.files {
                let all = writers[file.path] ?? []
                guard all.count > 1, all.first != i else { continue }
                let o = file.output
                let who = all.map { name(items[$0]) }.joined(separator: ", ")
                let hint = item.variant.settings.first.map { "put a parameter in the file name, such as \"\(Self.withParameter(o.file, $0.name))\"" }
                problems.append(.error("\(file.displayPath) would be written \(all.count) times, by \(who)", file: report.specPath,
                                       at: o.filePosition, path: "\(o.path).file", suggestion: hint))
            }
            if !problems.isEmpty { checked[i].result = .failure(.diagnostics(problems)) }
        }
        return checked
    }

    /// `brief.pdf` → `brief-{{place}}.pdf`.
    private static func withParameter(_ file: String, _ name: String) -> String {
        let ext = (file as NSString).pathExtension
        let stem = ext.isEmpty ? file : String(file.dropLast(ext.count + 1))
        return "\(stem)-{{\(name)}}\(ext.isEmpty ? "" : "." + ext)"
    }
}
