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
        A spec (JSON or YAML) names data sources (CSV, JSON, JSON Lines or inline rows) and \
        lists blocks: headings, text, key figures, event timelines, troop levels, displacement \
        flows, charts and tables. `report render brief.json` writes the outputs the spec lists \
        (by default a PDF named after the spec, beside it).

        Start with `report init my-report`, then `report render my-report/report.json`.

        Exit codes: 0 done; 1 the spec or its data has errors (nothing written); 2 bad command \
        line; 3 --check found stale files; 4 an I/O or rendering failure.
        """,
        version: ReportKit.version,
        subcommands: [Render.self, Validate.self, Schema.self, Init.self, Completions.self]
    )

    /// Runs the command, mapping command-line mistakes to exit code 2 (as `--help` says)
    /// (swift-argument-parser's own default is 64).
    static func main() {
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
    @Argument(help: ArgumentHelp("Spec files (.json, .yaml or .yml).", valueName: "SPEC"))
    var specs: [String]

    @Option(help: ArgumentHelp("Allow data and outputs anywhere under DIR (default: only under each spec's folder).", valueName: "DIR"))
    var root: String?

    @Option(help: ArgumentHelp("Take fonts from DIR instead of the ones built into report.", valueName: "DIR"))
    var fonts: String?
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",  // named, not derived: deriving reflects on the type at every start
        abstract: "Render the outputs of one or more specs.",
        discussion: "Every file is written atomically; on any error no output is written or changed."
    )

    @OptionGroup var spec: SpecOptions

    @Option(help: ArgumentHelp("Write outputs under DIR instead of beside the spec (same relative layout).", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("Render only the outputs with these ids or file names (comma-separated).", valueName: "ID,..."))
    var only: String?

    @Flag(help: "Render in memory and compare with the files on disk; exit 3 listing stale or missing files. Writes nothing.")
    var check = false

    @Option(help: ArgumentHelp("Use up to N threads: outputs render in parallel, PNGs compress in strips, a PDF's provenance hashes beside layout (default: the number of cores; 1 runs everything on one thread).", valueName: "N"))
    var jobs: Int?

    @Flag(help: "Print a JSON summary on stdout: every file (path, format, bytes, pages, pixel size, sha256) and every diagnostic.")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if only?.split(separator: ",").isEmpty == true { throw ValidationError("--only needs at least one output id or file name") }
    }

    func run() throws {
        let world = FileSystemWorld(fonts: spec.fonts)
        let names = only?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
        var summary = Summary()
        var failure: Failure?
        do throws(Failure) {
            // Every spec is rendered in memory first and every broken one reported; files are
            // written only when all succeeded, so a failed render writes nothing at all.
            var problems: [Diagnostic] = []
            var rendered: [CompiledFile] = []
            for path in spec.specs {
                // One progress line per spec, counting its own outputs.
                let progress = Progress.make(quiet: quiet || json)
                var options = CompileOptions(root: spec.root, outDir: outDir, only: names,
                                             jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
                if let progress { options.progress = { file, total in progress.step(file, total: total) } }
                do throws(CompileFailure) {
                    defer { progress?.finish() }
                    let report = try ReportCompiler(world: world).compile(path, options: options)
                    summary.diagnostics += report.warnings
                    rendered += report.files
                } catch {
                    guard case .diagnostics(let list) = error else { throw Failure(error) }
                    problems += list
                }
            }
            if !problems.isEmpty { throw .spec(problems) }
            if check {
                let stale = rendered.filter { FileManager.default.contents(atPath: $0.path).map([UInt8].init) != $0.bytes }
                summary.stale += stale.map { FileManager.default.fileExists(atPath: $0.path) ? "stale: \($0.displayPath)" : "missing: \($0.displayPath)" }
            } else {
                try writeOutputs(rendered)
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
        for path in spec.specs {
            do throws(CompileFailure) {
                let report = try ReportCompiler(world: world).compile(path, options: CompileOptions(root: spec.root, encode: false))
                summary.diagnostics += report.warnings
                FileHandle.standardError.write(Data("\(path): ok (\(report.spec.sections.count) blocks, \(report.spec.outputs.count) outputs)\n".utf8))
            } catch {
                switch error {
                case .diagnostics(let list): problems += list
                case .io: failure = Failure(error)
                }
            }
        }
        // An I/O failure (no fonts) still shows every problem found in the other specs.
        if failure != nil { summary.diagnostics += problems }
        finish(summary: summary, failure: failure ?? (problems.isEmpty ? nil : .spec(problems)), json: false, quiet: false, check: false)
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of the spec.")

    func run() throws {
        print(SpecSchema.json())
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
        print(ReportCommand.completionScript(for: CompletionShell(rawValue: shell)!))
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
        print("Wrote \(directory)/report.json and \(directory)/data/events.csv. Next: report render \(directory)/report.json")
    }
}

