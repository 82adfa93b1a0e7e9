import Foundation

/// The machine's file system, environment and fonts folder: the world of the command line.
public struct FileSystemWorld: World {
    /// The process's working folder, unless another was given.
    public let workingDirectory: String
    /// `--fonts`, `$REPORT_FONTS`, or the folder the built-in fonts are written to.
    public let fontsDirectory: String?
    /// `$SOURCE_DATE_EPOCH`, when set to a whole number of seconds.
    public let now: Int?

    /// - Parameters:
    ///   - fonts: `--fonts DIR`; when nil, `$REPORT_FONTS`, else the fonts built into the
    ///     executable.
    ///   - workingDirectory: where relative paths start (default: the process's).
    ///   - environment: where `SOURCE_DATE_EPOCH` and `REPORT_FONTS` are read from.
    public init(fonts: String? = nil, workingDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let cwd = FileManager.default.currentDirectoryPath
        self.workingDirectory = workingDirectory.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd
        fontsDirectory = FileSystemWorld.locateFonts(fonts, environment: environment)
            .map { PathPolicy.lexicallyNormalized($0.hasPrefix("/") ? $0 : cwd + "/" + $0) }
        now = environment["SOURCE_DATE_EPOCH"].flatMap { Int($0) }
    }

    /// What the disk holds at `path` (links followed).
    public func kind(of path: String) -> FileKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .folder : .file
    }

    /// The file's bytes, or nil when it is missing, a folder or unreadable.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: absolute(path)).map { [UInt8]($0) }
    }

    /// realpath of the longest prefix of `path` (made absolute) that exists, the rest appended.
    public func resolvingLinks(_ path: String) -> String {
        let parts = absolute(path).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // Resolve links on the longest prefix that exists, then re-apply the rest.
        var existing = parts.count
        while existing > 0 {
            let prefix = "/" + parts[0..<existing].joined(separator: "/")
            if let real = realpath(prefix, nil) {
                defer { free(real) }
                let rest = parts[existing...]
                let head = String(cString: real)
                if rest.isEmpty { return head }
                // A link in the real prefix may point upwards; the rest has no `..` left.
                return (head == "/" ? "" : head) + "/" + rest.joined(separator: "/")
            }
            existing -= 1
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `--fonts`, `$REPORT_FONTS`, or the fonts built into the executable (written out once
    /// to a cache folder, see `EmbeddedFonts`).
    static func locateFonts(_ explicit: String?, environment: [String: String]) -> String? {
        if let explicit { return explicit }
        if let env = environment["REPORT_FONTS"], !env.isEmpty { return env }
        return EmbeddedFonts.directory(environment: environment)
    }
}
