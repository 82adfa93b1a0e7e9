import Foundation
import ReportKit

/// What a command found and wrote, for the human or `--json` summary.
struct Summary {
    var files: [CompiledFile] = []
    var diagnostics: [Diagnostic] = []
    var stale: [String] = []
}

/// Prints diagnostics and the summary, then exits with the documented code.
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
    for d in diagnostics where !(quiet && d.severity != .error) { stderr.write(Data("\(d.description.terminalSafe)\n".utf8)) }
    if let message { stderr.write(Data("\(message.terminalSafe)\n".utf8)) }
    if json {
        let files: [[String: Any]] = summary.files.map { f in
            var entry: [String: Any] = ["path": f.displayPath, "format": f.output.format, "bytes": f.size,
                                        "sha256": f.sha256]
            if f.output.format == "pdf" { entry["pages"] = f.pages }
            if let (w, h) = f.pixelSize { entry["width"] = w; entry["height"] = h }
            if let id = f.output.id { entry["id"] = id }
            if let page = f.page { entry["page"] = page }
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
            writeToStandardOutput(String(decoding: data, as: UTF8.self))
        }
    } else if failure == nil, !quiet {
        for f in summary.files {
            var detail = "\(f.size) bytes"
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
