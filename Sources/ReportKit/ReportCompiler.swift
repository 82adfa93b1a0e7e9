import Foundation
import ReportCairo

/// The one entry point: compiles a spec read from a `World` into its outputs.
///
/// `report render` and `report validate` both call `compile`; validate passes
/// `encode: false` and so reports exactly what render would, layout problems (a theme font
/// the fonts folder lacks, text in a script no font covers, a PNG too large) included.
public struct ReportCompiler: Sendable {
    /// Where the spec, its data and the fonts come from.
    public let world: any World

    /// A compiler reading from `world`.
    public init(world: any World) { self.world = world }

    /// Spec → data → model → layout → scene → bytes for every selected output.
    ///
    /// - Throws: `.diagnostics` with every problem found (the spec's and its data's sorted by
    ///   file and position; then those only layout finds), or `.io` when the fonts cannot be
    ///   opened or an output cannot be encoded.
    ///
    /// A spec with a matrix is compiled once, with its parameters' defaults and the options'
    /// settings; `compileBatch` renders every variant.
    public func compile(_ specPath: String, options: CompileOptions = CompileOptions()) throws(CompileFailure) -> CompiledReport {
        // Every read goes through a recording world, so the inputs listed are exactly the
        // files read, whichever part of the compile read them.
        let log = options.readLog ?? ReadLog()
        let recording = ReportCompiler(world: RecordingWorld(world, log: log))
        let loader = recording.makeLoader(options, cache: nil)
        let template: ReportLoader.Template
        do { template = try loader.template(specPath) } catch { throw .diagnostics(error.diagnostics) }
        return try recording.compile(template, variant: .single, loader: loader, options: options, log: log)
    }

    /// One variant of a template → its outputs, with `world` recording into `log`.
    ///
    /// - Parameter reusing: a measurer this thread made for an earlier variant of a batch:
    ///   its Pango font map has the fonts loaded and shaped already (making one is a good
    ///   part of a small report's time). Nil makes a new one.
    func compile(_ template: ReportLoader.Template, variant: Matrix.Variant, loader: ReportLoader,
                 options: CompileOptions, reusing: PangoTextMeasurer? = nil, log: ReadLog) throws(CompileFailure) -> CompiledReport {
        let specPath = template.specPath
        var input = try load(template, variant: variant, loader: loader)
        let spec = input.spec
        // Fonts are needed from layout on: a spec with errors is reported without them.
        let fonts = try FontCache.shared.open(world.fontsDirectory)
        let selected = try select(spec.outputs, only: options.only)
        let pdfs = options.encode ? selected.filter { spec.outputs[$0].format == "pdf" } : []
        let provenance = pdfs.isEmpty ? nil : hashProvenance(input, drawnBy: pdfs.map { spec.outputs[$0] }, threads: options.jobs)
        // The provenance holds the tables until it is hashed; layout reads only where their
        // text beyond Latin is, to name the row of text no font covers.
        let dataText = DataTextIndex(input.tables)
        input.tables = [:]

        let measurer: PangoTextMeasurer
        if let reusing { measurer = reusing } else {
            do { measurer = try PangoTextMeasurer(fonts: fonts) } catch { throw .io("\(error)") }
        }
        options.status?.startLayout()
        let units = try fileUnits(layOut(input, selected, fonts: fonts, measurer: measurer, dataText: dataText), input)

        // (Foundation's path functions trap on "-", the name of standard input.)
        let specDir = specPath == ReportLoader.standardInputName ? "" : (specPath as NSString).deletingLastPathComponent
        func file(_ unit: FileUnit, _ bytes: [UInt8], keywords: String?) -> CompiledFile {
            let o = spec.outputs[unit.index]
            let name = unit.page.map { PagedFile.name(o.file, page: $0) } ?? o.file
            let shown = options.outDir.map { ($0 as NSString).appendingPathComponent(name) }
                ?? (specDir.isEmpty ? name : (specDir as NSString).appendingPathComponent(name))
            let first = unit.pages[0].size
            let pixelSize = o.format == "png" ? (Int((first.width * o.scale).rounded()), Int((first.height * o.scale).rounded())) : nil
            return CompiledFile(output: o, path: unit.path, displayPath: shown, bytes: bytes,
                                pages: o.format == "pdf" ? unit.pages.count : 1, pixelSize: pixelSize, page: unit.page,
                                provenance: keywords)
        }
        // The loader looks at each output's path (is it a folder?): that is not an input.
        let outputs = Set(input.outputPaths)
        let inputFiles = log.paths.filter { !outputs.contains($0) }
        guard options.encode else {
            return CompiledReport(specPath: specPath, spec: spec, files: units.map { file($0, [], keywords: nil) },
                                  warnings: input.warnings, variant: variant, inputFiles: inputFiles)
        }

        let hashed = provenance?.value
        let blocks = input.blocks
        // The block an output draws alone.
        func block(_ o: OutputSpec) -> PreparedBlock? { o.block.flatMap { id in blocks.first { $0.spec.id == id } } }
        func info(_ o: OutputSpec) -> DocumentInfo {
            // A tagged PDF asks viewers to show its title, so it always has one: the report's,
            // else the block's it draws, else its file's name.
            let title = spec.title ?? block(o)?.spec.title ?? ((o.file as NSString).lastPathComponent as NSString).deletingPathExtension
            return DocumentInfo(title: title, author: spec.author, subject: spec.subtitle,
                                keywords: o.format == "pdf" ? hashed?.keywords(drawing: drawnSection(o, spec)) : nil,
                                creator: ReportKit.toolName, creationDate: creationDate(spec), language: spec.language)
        }
        func picture(_ o: OutputSpec) -> PictureText {
            guard let b = block(o) else { return PictureText(title: spec.title, description: spec.title) }
            return PictureText(title: b.spec.title ?? b.altText, description: b.altText)
        }
        let jobs = units.map { unit in
            let o = spec.outputs[unit.index]
            return EncodeJob(output: o, pages: unit.pages, info: info(o), picture: picture(o))
        }
        options.status?.startWriting(outputs: jobs.count)
        let status = options.status, encoded = options.progress
        let told: (@Sendable (_ file: String, _ total: Int) -> Void) = { file, total in
            status?.outputWritten()
            encoded?(file, total)
        }
        let results = EncodeJob.runAll(jobs, fonts: fonts, measurer: measurer, threads: options.jobs,
                                       cache: options.encodeCache, progress: told)
        var files: [CompiledFile] = []
        for ((unit, job), result) in zip(zip(units, jobs), results) {
            switch result {
            case .success(let bytes): files.append(file(unit, bytes, keywords: job.info.keywords))
            case .failure(let error): throw .io("\(spec.outputs[unit.index].file): \(error)")
            }
        }
        return CompiledReport(specPath: specPath, spec: spec, files: files, warnings: input.warnings,
                              variant: variant, inputFiles: inputFiles)
    }

    /// What later stages read of a load. The data tables are kept only for the provenance,
    /// which hashes the rows the blocks used (while layout runs); nothing else reads them.
    private struct Input {
        /// The spec as given: how messages name it.
        var specPath: String
        var spec: ReportSpec
        var blocks: [PreparedBlock]
        var warnings: [Diagnostic]
        var outputPaths: [String]
        /// The parsed spec, to point at the text layout cannot draw.
        var tree: SpecNode
        var specBytes: [UInt8]
        var tables: [String: DataTable]
        /// Files the spec took in (`extends`, text files, the params file), for the provenance.
        var includedFiles: [(file: String, bytes: [UInt8])]
        /// The parameters' values, for the provenance.
        var params: [(name: String, value: ParamValue)]
    }

    /// Spec → data → model.
    private func load(_ template: ReportLoader.Template, variant: Matrix.Variant, loader: ReportLoader) throws(CompileFailure) -> Input {
        do {
            let loaded = try loader.load(template, variant: variant)
            return Input(specPath: template.display, spec: loaded.spec, blocks: loaded.blocks, warnings: loaded.warnings, outputPaths: loaded.outputPaths,
                         tree: loaded.tree, specBytes: loaded.specBytes, tables: loaded.tables,
                         includedFiles: loaded.includedFiles, params: loaded.params)
        } catch {
            throw .diagnostics(error.diagnostics)
        }
    }

    /// A loader with the options' paths, threads and parameter values.
    func makeLoader(_ options: CompileOptions, cache: DataTableCache?) -> ReportLoader {
        var loader = ReportLoader(world: world, root: options.root, outDir: options.outDir)
        loader.threads = options.jobs
        loader.progress = options.status
        loader.settings = options.settings
        loader.paramsFile = options.paramsFile
        loader.standardInput = options.standardInput
        loader.tableCache = cache
        return loader
    }

    /// The PDFs' provenance (`Provenance`), hashed on another core while this one lays out,
    /// or right away with one thread. Only the blocks the PDFs draw are hashed: a PDF of one
    /// block records that block's rows alone.
    private func hashProvenance(_ input: Input, drawnBy pdfs: [OutputSpec], threads: Int) -> Background<Provenance.Hashed> {
        let spec = input.spec
        let drawn = pdfs.map { drawnSection($0, spec) }
        let sections = drawn.contains(nil) ? Array(spec.sections.indices) : Set(drawn.compactMap { $0 }).sorted()
        // What every PDF of the report depends on, hashed whole (see `Provenance.inputs`).
        let inputs = [(label: "spec \((input.specPath as NSString).lastPathComponent)", bytes: input.specBytes)]
            + input.includedFiles.map { (label: "file \($0.file)", bytes: $0.bytes) }
        let params = input.params.map { (name: $0.name, value: $0.value.text) }
        let tables = input.tables, specFile = input.specPath
        return Background(inline: threads == 1) {
            Provenance(inputs: inputs, params: params, rows: UsedRows.of(spec, tables: tables, specFile: specFile, sections: sections)).hashed()
        }
    }

    /// The index in `sections` of the block an output draws alone; nil for the whole report.
    private func drawnSection(_ output: OutputSpec, _ spec: ReportSpec) -> Int? {
        output.block.flatMap { id in spec.sections.firstIndex { $0.id == id } }
    }

    /// Layout, once, with one measurer: the pages of each selected output (the whole report is
    /// laid out once for all its PDFs and PNGs). Text no font covers, a theme font the fonts
    /// folder lacks and a PNG over the pixel limit are errors here.
    private func layOut(_ input: Input, _ selected: [Int], fonts: FontLibrary, measurer: PangoTextMeasurer, dataText: DataTextIndex)
        throws(CompileFailure) -> [(index: Int, pages: [ScenePage])] {
        let spec = input.spec
        if !fonts.families.contains(spec.theme.font) {
            throw .diagnostics([.error("theme font \"\(spec.theme.font)\" is not in the fonts folder (\(fonts.directory)); available: \(fonts.families.joined(separator: ", "))",
                                       file: input.specPath, at: spec.theme.fontPosition, path: "theme.font",
                                       suggestion: closestMatch(to: spec.theme.font, in: fonts.families).map { "did you mean \"\($0)\"?" })])
        }
        let tree = input.tree
        let ctx = LayoutContext(measurer: measurer, styles: ReportStyles(font: spec.theme.font),
                                colors: ColorMap(theme: spec.theme), specFile: input.specPath,
                                asOfDay: spec.asOf.map(\.start), zoneName: spec.timezoneName,
                                locate: { text in
                                    // Text from a data file is named at its row (its position names the file).
                                    tree.locate(text) ?? dataText.locate(text).map { ($0, "") }
                                })
        // The layout completes the colour map from the blocks, in report order, before it lays
        // anything out, so a block drawn alone has the colours it has in the PDF.
        let layout = ReportLayout(spec: spec, blocks: input.blocks, context: ctx, toolName: ReportKit.toolName)
        var laidOut: [(index: Int, pages: [ScenePage])] = []
        var found: [Diagnostic] = []
        var document: [ScenePage]?
        for i in selected {
            let o = spec.outputs[i]
            if let block = o.block {
                guard let (page, problems, needed) = layout.blockPage(block, width: o.width, height: o.height) else { continue }
                laidOut.append((i, [page]))
                found += problems
                // A block drawn alone on a page shorter than its content would be cut off.
                if let height = o.height, needed > height + 0.5 {
                    found.append(.error("block \"\(block)\" drawn alone needs \(Int(needed.rounded(.up))) points of height, but this output's \"height\" is \(height == height.rounded() ? String(Int(height)) : String(height)); what does not fit would be cut off: make \"height\" at least \(Int(needed.rounded(.up))), or leave it out (the block then takes the height it needs)",
                                        file: input.specPath, at: o.position, path: "\(o.path).height"))
                }
            } else {
                if document == nil {
                    let (pages, problems) = layout.layOutDocument()
                    document = pages
                    found += problems
                }
                laidOut.append((i, document!))
            }
        }
        // Each text no font covers is said once, however many outputs meet it.
        var seen = Set<Diagnostic>()
        var errors = found.filter { $0.severity == .error && seen.insert($0).inserted }
        // A block drawn alone takes the height its content needs: a page over 200 inches (a
        // table of 20,000 rows) is refused here, as the spec's own sizes are by the decoder.
        for (i, pages) in laidOut where spec.outputs[i].block != nil && spec.outputs[i].height == nil {
            let o = spec.outputs[i], size = pages[0].size
            if size.height > PixelLimit.maximumSide {
                let type = input.blocks.first { $0.spec.id == o.block }?.content.typeName
                let less = type == "text" ? "shorten its text" : "give the block fewer rows (a table's \"limit\")"
                errors.append(.error("block \"\(o.block!)\" drawn alone is \(Int(size.height.rounded())) points tall, more than a page can be (\(Int(PixelLimit.maximumSide)) points, 200 inches); \(less), or draw it in the whole report, where it continues from page to page",
                                     file: input.specPath, at: o.position, path: o.path))
            }
        }
        for (i, pages) in laidOut where spec.outputs[i].format == "png" && !PixelLimit.isKnownBeforeLayout(spec.outputs[i]) {
            let o = spec.outputs[i]
            guard pages[0].size.height <= PixelLimit.maximumSide else { continue }
            if let problem = PixelLimit.problem(width: pages[0].size.width, height: pages[0].size.height, scale: o.scale, wholePage: false) {
                errors.append(.error(problem, file: input.specPath, at: o.position, path: o.path))
            }
        }
        if !errors.isEmpty { throw .diagnostics(errors) }
        return laidOut
    }

    /// One file to encode: a PDF holds all its pages; a PNG or SVG holds one, so a report of
    /// several pages drawn to `brief.png` becomes `brief-1.png`, `brief-2.png`, … (never a
    /// first page alone with the rest dropped).
    private struct FileUnit {
        /// The output in `spec.outputs`.
        var index: Int
        var pages: [ScenePage]
        /// The page number, for one page of a report of several drawn as images.
        var page: Int?
        /// The absolute path to write.
        var path: String
    }

    /// The files the laid-out outputs make. A page's file must not be one another output
    /// writes (`brief-2.png` beside an output of that name): that is an error at the output.
    private func fileUnits(_ laidOut: [(index: Int, pages: [ScenePage])], _ input: Input) throws(CompileFailure) -> [FileUnit] {
        let spec = input.spec
        var units: [FileUnit] = []
        var problems: [Diagnostic] = []
        for (i, pages) in laidOut {
            let o = spec.outputs[i]
            guard o.format != "pdf", pages.count > 1 else {
                units.append(FileUnit(index: i, pages: pages, page: nil, path: input.outputPaths[i]))
                continue
            }
            for (n, page) in pages.enumerated() {
                let path = PagedFile.name(input.outputPaths[i], page: n + 1)
                if let other = input.outputPaths.firstIndex(of: path) {
                    problems.append(.error("page \(n + 1) of this \(pages.count)-page report would be written to \(PagedFile.name(o.file, page: n + 1)), which the output at \(spec.outputs[other].position) writes; rename one of them",
                                           file: input.specPath, at: o.filePosition, path: "\(o.path).file"))
                }
                units.append(FileUnit(index: i, pages: [page], page: n + 1, path: path))
            }
        }
        if !problems.isEmpty { throw .diagnostics(problems) }
        return units
    }

    /// Indices of the outputs `--only` names (all of them when it names none); a name that
    /// matches no output's id, file or file name is an error.
    private func select(_ outputs: [OutputSpec], only: [String]) throws(CompileFailure) -> [Int] {
        guard !only.isEmpty else { return Array(outputs.indices) }
        func matches(_ o: OutputSpec, _ name: String) -> Bool {
            name == o.id || name == o.file || name == (o.file as NSString).lastPathComponent
        }
        let known = outputs.flatMap { [$0.id, $0.file].compactMap { $0 } }
        let unknown = only.filter { name in !outputs.contains { matches($0, name) } }
        if !unknown.isEmpty {
            throw .diagnostics(unknown.map { .error("--only: no output has id or file \"\($0)\"", suggestion: closestMatch(to: $0, in: known).map { "did you mean \"\($0)\"?" }) })
        }
        return outputs.indices.filter { i in only.contains { matches(outputs[i], $0) } }
    }

    /// The PDF creation date: the world's clock (SOURCE_DATE_EPOCH), else the spec's as_of,
    /// else none.
    private func creationDate(_ spec: ReportSpec) -> String? {
        // A clock outside what a PDF date can hold (years 1970-9999) is no clock.
        if let seconds = world.now, (0...FileSystemWorld.latestEpoch).contains(seconds) {
            let days = Int((Double(seconds) / 86_400).rounded(.down))
            let rest = seconds - days * 86_400
            let civil = CivilDate(dayNumber: days)
            return String(format: "%@T%02d:%02d:%02dZ", civil.isoString, rest / 3600, rest % 3600 / 60, rest % 60)
        }
        if let asOf = spec.asOf { return "\(asOf.startDay.isoString)T00:00:00Z" }
        return nil
    }
}
