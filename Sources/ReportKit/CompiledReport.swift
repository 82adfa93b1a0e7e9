/// A compiled report: every selected output, rendered (or, when validating, laid out only).
public struct CompiledReport: Sendable {
    /// The spec as given to `compile`.
    public var specPath: String
    /// The decoded spec, defaults applied.
    public var spec: ReportSpec
    /// The selected outputs in spec order.
    public var files: [CompiledFile]
    /// Warnings (a compile with errors throws instead).
    public var warnings: [Diagnostic]
    /// The matrix's values for this rendering (none for a spec without a matrix).
    public var variant: Matrix.Variant = .single
    /// Every file the compile read or looked for, as absolute paths in the order first read:
    /// the spec, its data files and any file the spec includes, missing ones too; not the
    /// outputs (the compile looks at their paths before writing), nor the fonts. The files
    /// whose change can change the outputs: `report watch` watches them.
    public var inputFiles: [String] = []
}

/// One output file.
public struct CompiledFile: Sendable {
    /// What the spec asked for.
    public var output: OutputSpec
    /// The absolute path the file belongs at (inside the sandbox).
    public var path: String
    /// The path as the user sees it: joined to the spec's folder or `--out-dir` as given
    /// (with `-N` before the extension for page N of a report drawn as images).
    public var displayPath: String
    /// The encoded file; empty when compiled with `encode: false`.
    public var bytes: [UInt8]
    /// Pages in the file (1 for PNG and SVG).
    public var pages: Int
    /// Pixel width and height, for PNGs.
    public var pixelSize: (width: Int, height: Int)?
    /// For one page of a report of several drawn as PNG or SVG: its number (the file is
    /// named `name-N.png`); nil otherwise.
    public var page: Int?
    /// For a PDF, what made it, as its keywords say (`Provenance`): the tool's version, the
    /// spec's sha256, and the digest of the rows each block it draws used. Nil for PNG and
    /// SVG files, and when compiled with `encode: false`.
    public var provenance: String? = nil

    /// The size and digest of the bytes, kept when the bytes themselves were let go.
    var released: (size: Int, sha256: String)? = nil

    /// The file's size in bytes.
    public var size: Int { released?.size ?? bytes.count }

    /// Lowercase hex SHA-256 of the file (for `--json` summaries and checks).
    public var sha256: String { released?.sha256 ?? sha256Hex(bytes) }

    /// The same file without its bytes, its size and digest kept: what a caller that has
    /// written the file holds on to, so that a batch's memory does not grow with its outputs.
    public func releasingBytes() -> CompiledFile {
        var copy = self
        copy.released = (size, sha256)
        copy.bytes = []
        return copy
    }
}

/// Why a compile stopped.
public enum CompileFailure: Error, Sendable {
    /// The spec or its data has errors, all of them located (exit 1 on the command line).
    case diagnostics([Diagnostic])
    /// The fonts could not be opened, or encoding failed (exit 4).
    case io(String)
}

/// The files of a report of several pages drawn as images: `out/brief.png` → `out/brief-2.png`.
enum PagedFile {
    /// `path` with `-page` before its extension.
    static func name(_ path: String, page: Int) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[slash...].lastIndex(of: "."), dot > slash else { return "\(path)-\(page)" }
        return "\(path[..<dot])-\(page)\(path[dot...])"
    }
}
