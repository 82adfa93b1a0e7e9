import ArgumentParser
import Foundation
import ReportCore

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
        version: toolVersion,
        subcommands: [Render.self, Validate.self, Schema.self, Init.self]
    )

    /// Runs the command, mapping command-line mistakes to exit code 2 as SPEC.md says
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

    @Option(help: ArgumentHelp("Take fonts from DIR instead of the project's Fonts/ folder.", valueName: "DIR"))
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

    @Option(help: ArgumentHelp("Use up to N threads: outputs render in parallel, PNGs compress in strips, data files hash while they parse (default: the number of cores; 1 runs everything on one thread).", valueName: "N"))
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
        let options = PipelineOptions(root: spec.root, fonts: spec.fonts, outDir: outDir,
                                      only: only?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? [])
        var summary = Summary()
        var failure: Failure?
        do throws(Failure) {
            let fonts = try openFonts(spec.fonts)
            // Every spec is rendered in memory first and every broken one reported; files are
            // written only when all succeeded, so a failed render writes nothing at all.
            var problems: [Diagnostic] = []
            var rendered: [RenderedOutput] = []
            let threads = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            for path in spec.specs {
                do throws(Failure) {
                    let report = try loadReport(path, options: options, hashing: threads > 1)
                    summary.diagnostics += report.warnings
                    rendered += try renderOutputs(report, fonts: fonts, options: options, jobs: threads,
                                                  progress: Progress.make(quiet: quiet || json))
                } catch {
                    guard case .spec(let list) = error else { throw error }
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
        discussion: "Parses each spec, loads its data and checks every key, column and value. Exit 0 when all is well, 1 with every problem listed."
    )

    @OptionGroup var spec: SpecOptions

    func run() throws {
        var summary = Summary()
        var problems: [Diagnostic] = []
        // Every spec is checked, even after one has failed.
        for path in spec.specs {
            do throws(Failure) {
                let report = try loadReport(path, options: PipelineOptions(root: spec.root, fonts: spec.fonts))
                summary.diagnostics += report.warnings
                FileHandle.standardError.write(Data("\(path): ok (\(report.spec.sections.count) blocks, \(report.spec.outputs.count) outputs)\n".utf8))
            } catch {
                if case .spec(let list) = error { problems += list }
            }
        }
        finish(summary: summary, failure: problems.isEmpty ? nil : .spec(problems), json: false, quiet: false, check: false)
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of the spec.")

    func run() throws {
        print(SpecSchema.json())
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

/// What a command found and wrote, for the human or `--json` summary.
struct Summary {
    var files: [RenderedOutput] = []
    var diagnostics: [Diagnostic] = []
    var stale: [String] = []
}

/// Prints diagnostics and the summary, then exits with SPEC.md's code.
func finish(summary: Summary, failure: Failure?, json: Bool, quiet: Bool, check: Bool) -> Never {
    var diagnostics = summary.diagnostics
    var message: String?
    switch failure {
    case .spec(let list)?: diagnostics += list
    case .io(let text)?: message = "report: error: \(text)"
    case .stale(let files)?: message = "report: --check: \(files.count) file(s) differ from what the spec renders:\n" + files.map { "  \($0)" }.joined(separator: "\n")
    case nil: break
    }
    let stderr = FileHandle.standardError
    for d in diagnostics where !(quiet && d.severity != .error) { stderr.write(Data("\(d)\n".utf8)) }
    if let message { stderr.write(Data("\(message)\n".utf8)) }
    if json {
        let files: [[String: Any]] = summary.files.map { f in
            var entry: [String: Any] = ["path": f.displayPath, "format": f.output.format, "bytes": f.bytes.count,
                                        "sha256": sha256Hex(f.bytes)]
            if f.output.format == "pdf" { entry["pages"] = f.pages }
            if let (w, h) = f.pixelSize { entry["width"] = w; entry["height"] = h }
            if let id = f.output.id { entry["id"] = id }
            return entry
        }
        let diags: [[String: Any]] = diagnostics.map { d in
            var entry: [String: Any] = ["severity": d.severity.rawValue, "message": d.message]
            if let file = d.file { entry["file"] = file }
            if let p = d.position { entry["line"] = p.line; if p.column > 0 { entry["column"] = p.column } }
            if let path = d.path { entry["path"] = path }
            if let s = d.suggestion { entry["suggestion"] = s }
            return entry
        }
        var object: [String: Any] = ["files": files, "diagnostics": diags, "ok": failure == nil]
        if check { object["stale"] = summary.stale }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    } else if failure == nil, !quiet {
        for f in summary.files {
            var detail = "\(f.bytes.count) bytes"
            if f.output.format == "pdf" { detail += ", \(f.pages) page\(f.pages == 1 ? "" : "s")" }
            if let (w, h) = f.pixelSize { detail += ", \(w)×\(h) px" }
            stderr.write(Data("\(check ? "up to date" : "wrote") \(f.displayPath) (\(detail))\n".utf8))
        }
    }
    if diagnostics.contains(where: { $0.severity == .error }) || failure != nil {
        let count = diagnostics.filter { $0.severity == .error }.count
        if count > 0 { stderr.write(Data("\(count) error\(count == 1 ? "" : "s"); nothing written.\n".utf8)) }
    }
    exit(failure?.exitCode ?? 0)
}
