import Foundation
import ReportKit

/// Reports compiled in-process from memory, for tests about what a report contains rather
/// than about the command line: no binary to start, no files to clean up.
public enum InMemory {
    /// Compiles `spec` (the text of `/report/report.json`) with `files` (path relative to the
    /// spec → text) beside it, with the project's fonts.
    public static func compile(_ spec: String, files: [String: String] = [:], options: CompileOptions = CompileOptions())
        throws(CompileFailure) -> CompiledReport {
        var world = MemoryWorld(workingDirectory: "/report", fontsDirectory: Fixtures.fonts)
        world.add("report.json", text: spec)
        for (path, text) in files { world.add(path, text: text) }
        return try checked(ReportCompiler(world: world).compile("report.json", options: options))
    }

    /// `report`, its PDFs checked with qpdf (`PDFCheck`).
    private static func checked(_ report: CompiledReport) -> CompiledReport {
        for f in report.files where f.output.file.hasSuffix(".pdf") { PDFCheck.check(bytes: f.bytes, name: f.output.file) }
        return report
    }

    /// Compiles `spec` in memory with data files given as bytes (any encoding).
    public static func compile(_ spec: String, bytes files: [String: [UInt8]], options: CompileOptions = CompileOptions())
        throws(CompileFailure) -> CompiledReport {
        var world = MemoryWorld(workingDirectory: "/report", fontsDirectory: Fixtures.fonts)
        world.add("report.json", text: spec)
        for (path, bytes) in files { world.add(path, bytes) }
        return try checked(ReportCompiler(world: world).compile("report.json", options: options))
    }

    /// The bytes of the output written to `file`.
    public static func bytes(_ report: CompiledReport, _ file: String) -> [UInt8]? {
        report.files.first { $0.output.file == file }?.bytes
    }

    /// Runs `body` with `bytes` in a temporary file (for poppler and qpdf, which read files),
    /// then removes it.
    public static func withTemporaryFile<T>(_ bytes: [UInt8], ext: String, _ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "report-mem-\(UUID().uuidString).\(ext)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }
}
