import ArgumentParser
import Foundation
import ReportKit

/// `report`: declarative conflict-monitoring briefings and charts.
@main
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn a report spec and its event data into PDF briefings and PNG/SVG charts.",
        discussion: """
        A spec (JSON or YAML) names data sources (CSV, JSON, JSON Lines, GeoJSON or inline \
        rows) and lists blocks: headings, text, key figures, event timelines, troop levels, \
        displacement flows, maps, charts and tables. `report render brief.json` writes the outputs the spec lists \
        (by default a PDF named after the spec, beside it).

        Start with `report init my-report`, then `report render my-report/report.json`, or \
        `report watch my-report/report.json` to render again at every saved change.

        Exit codes: 0 done; 1 the spec or its data has errors (nothing written); 2 bad command \
        line; 3 --check found stale files; 4 an I/O or rendering failure.
        """,
        version: ReportKit.version,
        subcommands: [Render.self, Validate.self, Watch.self, Schema.self, Init.self, Completions.self]
    )

    /// Runs the command, mapping command-line mistakes to exit code 2 (as `--help` says)
    /// (swift-argument-parser's own default is 64).
    static func main() {
        // `report render` with plain arguments skips ArgumentParser: its reflection over the
        // commands took about 4 ms of a 1k-event briefing's 55. Anything else (help, an
        // unknown or repeated option, a value it would refuse) goes the usual way.
        if let render = RenderRun(fastArguments: Array(CommandLine.arguments.dropFirst())) { render.run() }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every spec-reading command takes.
struct SpecOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Spec files (.json, .yaml or .yml); - reads one from standard input.", valueName: "SPEC"))
    var specs: [String]

    @Option(help: ArgumentHelp("Allow data and outputs anywhere under DIR (default: only under each spec's folder).", valueName: "DIR"))
    var root: String?

    @Option(help: ArgumentHelp("Take fonts from DIR instead of the ones built into report.", valueName: "DIR"))
    var fonts: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Give parameter NAME the value VALUE (repeatable); wins over --params and the matrix, and takes NAME out of the matrix.", valueName: "NAME=VALUE"))
    var set: [String] = []

    @Option(help: ArgumentHelp("Take parameter values from FILE, a JSON or YAML object.", valueName: "FILE"))
    var params: String?

    @Option(help: ArgumentHelp("Render once per value of parameter NAME (repeatable; replaces the spec's matrix list of NAME).", valueName: "NAME=A,B,C"))
    var matrix: [String] = []

    @Option(help: ArgumentHelp("Render only the K-th of N deterministic shares of the batch (every variant of every spec, in order).", valueName: "K/N"))
    var shard: String?

    /// The values parsed.
    var values: SpecValues {
        SpecValues(specs: specs, root: root, fonts: fonts, set: set, params: params, matrix: matrix, shard: shard)
    }

    func validate() throws {
        if let problem = values.problem() { throw ValidationError(problem) }
    }

    /// The compile options these flags set (standard input read when a spec is `-`).
    func compileOptions() -> CompileOptions { values.compileOptions() }
}

/// What `SpecOptions` holds, as plain values: what `render`'s fast path fills in itself.
struct SpecValues {
    var specs: [String]
    var root: String?
    var fonts: String?
    var set: [String] = []
    var params: String?
    var matrix: [String] = []
    var shard: String?

    /// Why ArgumentParser would refuse these values (`SpecOptions.validate`), or nil.
    func problem() -> String? {
        for s in set where !s.contains("=") || s.hasPrefix("=") {
            return "--set \(s): expected NAME=VALUE, such as --set week=2017-03-06"
        }
        for m in matrix where !m.contains("=") || m.hasPrefix("=") {
            return "--matrix \(m): expected NAME=A,B,C, such as --matrix place=Raqqa,Tabqa"
        }
        if let shard, case .failure(let error) = Shard.parse(shard) { return error.message }
        if specs.filter({ $0 == "-" }).count > 1 { return "standard input (-) can hold only one spec" }
        if case .failure(let error) = FileSystemWorld.sourceDateEpoch() { return error.message }
        return nil
    }

    /// The compile options these flags set (standard input read when a spec is `-`).
    func compileOptions() -> CompileOptions {
        var options = CompileOptions(root: root)
        options.settings = set.map { s in
            let name = String(s.prefix { $0 != "=" })
            return ParamSetting(name: name, text: String(s.dropFirst(name.count + 1)), origin: "--set \(s)")
        }
        options.paramsFile = params
        options.matrix = matrix.map { m in
            let name = String(m.prefix { $0 != "=" })
            return (name, m.dropFirst(name.count + 1).split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) })
        }
        options.shard = shard.flatMap { try? Shard.parse($0).get() }
        if specs.contains("-") { options.standardInput = [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        return options
    }
}

/// Which outputs to make, where, on how many threads: what `render` and `watch` share.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write outputs under DIR instead of beside the spec (same relative layout).", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("Render only the outputs with these ids or file names (comma-separated).", valueName: "ID,..."))
    var only: String?

    @Option(help: ArgumentHelp("Use up to N threads: large CSV files are read in parts, outputs render in parallel, PNGs compress in strips, PDFs hash their rows beside layout (default: the number of cores; 1 runs everything on one thread).", valueName: "N"))
    var jobs: Int?

    /// The values parsed.
    var values: OutputValues { OutputValues(outDir: outDir, only: only, jobs: jobs) }

    func validate() throws {
        if let problem = values.problem() { throw ValidationError(problem) }
    }

    /// `options` with these set.
    func applied(to options: CompileOptions) -> CompileOptions { values.applied(to: options) }
}

/// What `OutputOptions` holds, as plain values.
struct OutputValues {
    var outDir: String?
    var only: String?
    var jobs: Int?

    /// Why ArgumentParser would refuse these values (`OutputOptions.validate`), or nil.
    func problem() -> String? {
        if let jobs, jobs < 1 { return "--jobs must be at least 1" }
        if only?.split(separator: ",").isEmpty == true { return "--only needs at least one output id or file name" }
        return nil
    }

    /// `options` with these set.
    func applied(to options: CompileOptions) -> CompileOptions {
        var options = options
        options.outDir = outDir
        options.only = only?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
        options.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        return options
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",  // named, not derived: deriving reflects on the type at every start
        abstract: "Render the outputs of one or more specs.",
        discussion: "Every file is written atomically; on any error no output is written or changed."
    )

    @OptionGroup var spec: SpecOptions

    @OptionGroup var outputs: OutputOptions

    @Flag(help: "Render in memory and compare with the files on disk; exit 3 listing stale or missing files. Writes nothing.")
    var check = false

    @Flag(help: "Print a JSON summary on stdout: every file (path, format, bytes, pages, pixel size, sha256) and every diagnostic.")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        RenderRun(spec: spec.values, outputs: outputs.values, check: check, json: json, quiet: quiet).run()
    }
}

/// One `report render`: what `Render` parsed, or what the fast path read itself.
struct RenderRun {
    var spec: SpecValues
    var outputs: OutputValues
    var check = false
    var json = false
    var quiet = false

    /// Renders, prints and exits with the documented code.
    func run() -> Never {
        let world = FileSystemWorld(fonts: spec.fonts)
        var summary = Summary()
        var failure: Failure?
        do throws(Failure) {
            // Every spec and variant is compiled and every broken one reported; outputs are put
            // in place only when all succeeded, so a failed render changes no file at all.
            var problems: [Diagnostic] = []
            var rendered: [CompiledFile] = []
            let progress = Progress.make(quiet: quiet || json)
            var options = outputs.applied(to: spec.compileOptions())
            options.status = progress?.status
            // Each variant's files go to temporary names as soon as it is compiled (a batch's
            // memory does not grow with its outputs); they are renamed into place only when
            // the whole batch succeeded, and removed otherwise.
            let staged = check ? nil : StagedOutputs()
            defer { staged?.discard() }
            if let staged {
                options.onCompiled = { report in
                    do throws(Failure) {
                        var kept = report
                        kept.files = try staged.stage(report.files)
                        return .success(kept)
                    } catch {
                        guard case .io(let message) = error else { return .failure(.io("\(error)")) }
                        return .failure(.io(message))
                    }
                }
            }
            let items = ReportCompiler(world: world).compileBatch(spec.specs, options: options)
            progress?.finish()
            for item in items {
                switch item.result {
                case .success(let report):
                    summary.diagnostics += report.warnings
                    rendered += report.files
                case .failure(.diagnostics(let list)): problems += list
                case .failure(let error): throw Failure(error)
                }
            }
            if !problems.isEmpty { throw .spec(unique(problems)) }
            if check {
                let stale = rendered.filter { !$0.isOnDisk }
                summary.stale += stale.map { FileManager.default.fileExists(atPath: $0.path) ? "stale: \($0.displayPath)" : "missing: \($0.displayPath)" }
                // A run stopped between its renames left a set part new, part old.
                summary.stale += RenameJournal.interrupted(near: rendered.map(\.path))
            } else {
                try staged?.commit()
            }
            summary.files += rendered
            if !summary.stale.isEmpty { throw .stale(summary.stale) }
        } catch {
            failure = error
        }
        finish(summary: summary, failure: failure, json: json, quiet: quiet, check: check)
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check specs and their data; write nothing.",
        discussion: "Parses each spec, loads its data, checks every key, column and value, and lays the report out as render would (fonts, scripts, image sizes), stopping before any file is encoded. Exit 0 when all is well, 1 with every problem listed: exactly what render would report."
    )

    @OptionGroup var spec: SpecOptions

    func run() throws {
        let world = FileSystemWorld(fonts: spec.fonts)
        var summary = Summary()
        var failure: Failure?
        var problems: [Diagnostic] = []
        // Every spec is checked, even after one has failed: the same compile as `render`,
        // stopped before encoding, so both report exactly the same problems.
        var options = spec.compileOptions()
        options.encode = false
        for item in ReportCompiler(world: world).compileBatch(spec.specs, options: options) {
            switch item.result {
            case .success(let report):
                summary.diagnostics += report.warnings
                let variant = item.variant.settings.isEmpty ? "" : " [\(item.variant.label)]"
                FileHandle.standardError.write(Data("\(item.specPath)\(variant): ok (\(report.spec.sections.count) blocks, \(report.spec.outputs.count) outputs)\n".utf8))
            case .failure(.diagnostics(let list)): problems += list
            case .failure(let error): failure = Failure(error)
            }
        }
        // An I/O failure (no fonts) still shows every problem found in the other specs.
        if failure != nil { summary.diagnostics += unique(problems) }
        finish(summary: summary, failure: failure ?? (problems.isEmpty ? nil : .spec(unique(problems))), json: false, quiet: false, check: false)
    }
}

/// The diagnostics with repeats left out, in order: the variants of a matrix meet the same
/// problems in the spec they share.
func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<Diagnostic>()
    return diagnostics.filter { seen.insert($0).inserted }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render, then render again whenever a spec, a file it includes or a data file changes.",
        discussion: """
        Renders as `render` does, then watches every file each spec's last render read (the \
        spec, its data files and the files it includes, missing ones too) and renders that \
        spec again after each change, printing one line a render. A spec or data file with \
        errors prints them located and leaves the last good outputs as they are; a file \
        byte-identical to the one on disk is not rewritten, so a PDF viewer reloads only \
        when something changed.

        Stop it with Ctrl-C (SIGINT) or SIGTERM: outputs being written are put in place \
        first, so no partial or temporary file is left; then it ends by that signal, as an \
        interrupted program does (a shell reports 130 for Ctrl-C, 143 for SIGTERM), so a \
        script running it stops too. Exit 2 for a bad command line.
        """
    )

    @OptionGroup var spec: SpecOptions

    @OptionGroup var outputs: OutputOptions

    func validate() throws {
        if spec.specs.contains("-") { throw ValidationError("watch needs spec files: standard input cannot be watched") }
    }

    func run() throws {
        Watcher(specs: spec.specs, world: FileSystemWorld(fonts: spec.fonts), options: outputs.applied(to: spec.compileOptions())).run()
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of the spec.")

    func run() throws {
        writeToStandardOutput(SpecSchema.json())
    }
}

/// `report completions bash|zsh|fish`: the shell completion script, generated from these
/// command definitions (so it never disagrees with `--help`).
struct Completions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions", abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: "bash: report completions bash > /etc/bash_completion.d/report\nzsh: report completions zsh > \"${fpath[1]}/_report\"\nfish: report completions fish > ~/.config/fish/completions/report.fish")

    @Argument(help: ArgumentHelp("bash, zsh or fish.", valueName: "SHELL"))
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("unknown shell \"\(shell)\"; expected bash, zsh or fish")
        }
    }

    func run() throws {
        writeToStandardOutput(ReportCommand.completionScript(for: CompletionShell(rawValue: shell)!))
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a small working example report into DIR.")

    @Argument(help: ArgumentHelp("The folder to create (it must not hold a report.json already).", valueName: "DIR"))
    var directory: String

    func run() throws {
        do {
            try ExampleReport.write(to: directory)
        } catch {
            FileHandle.standardError.write(Data("report: error: \(error)\n".utf8))
            throw ExitCode(4)
        }
        writeToStandardOutput("Wrote \(directory)/report.json and \(directory)/data/events.csv. Next: report render \(directory)/report.json")
    }
}

