import Foundation

/// Where a spec may read and write: inside its own folder (or `--root`), never elsewhere,
/// so that a spec from an untrusted pull request cannot read or overwrite other files.
public struct PathPolicy: Sendable {
    /// The folder relative paths resolve against (the spec's folder, or `--out-dir` for outputs).
    public var base: String
    /// The folder nothing may leave, after following `..` and symlinks.
    public var root: String

    /// Creates a policy; both folders are made absolute and symlink-free.
    public init(base: String, root: String) {
        self.base = PathPolicy.canonical(base)
        self.root = PathPolicy.canonical(root)
    }

    /// The absolute path for `relative`, or a message saying why it is refused.
    public func resolve(_ relative: String) -> Result<String, PathRefusal> {
        guard !relative.isEmpty else { return .failure(PathRefusal(message: "the path is empty")) }
        guard !relative.contains("\0") else { return .failure(PathRefusal(message: "the path contains a NUL character")) }
        let joined = relative.hasPrefix("/") ? relative : base + "/" + relative
        let resolved = PathPolicy.canonical(joined)
        guard isInside(resolved) else {
            // Say how it got out: `..` or an absolute path, or a symlink on the way.
            let how = isInside(PathPolicy.lexicallyNormalized(joined)) ? "through a symlink, " : ""
            return .failure(PathRefusal(message: "\"\(relative)\" leads \(how)outside the allowed folder \(root) (to \(resolved)); "
                                        + "paths must stay inside it unless --root DIR names a wider folder"))
        }
        return .success(resolved)
    }

    private func isInside(_ path: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `path` with `.` and empty parts removed and `..` applied to the parts before it, without
    /// touching the file system (`out/./a/../b.pdf` → `out/b.pdf`). A relative path stays
    /// relative; `..` parts that climb above its start are kept.
    public static func lexicallyNormalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", path.hasPrefix("/") { continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// Absolute, `..`-free, symlink-free form of a path whose tail may not exist yet:
    /// the deepest existing ancestor is resolved with realpath and the rest appended.
    public static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [String] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(String(part))
        }
        // Resolve symlinks on the longest prefix that exists, then re-apply the rest.
        var existing = parts.count
        while existing > 0 {
            let prefix = "/" + parts[0..<existing].joined(separator: "/")
            if let real = realpath(prefix, nil) {
                defer { free(real) }
                let rest = parts[existing...]
                let head = String(cString: real)
                if rest.isEmpty { return head }
                // A symlink in the real prefix may point upwards; the rest has no `..` left.
                return (head == "/" ? "" : head) + "/" + rest.joined(separator: "/")
            }
            existing -= 1
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Why a path was refused.
public struct PathRefusal: Error, Sendable {
    /// The reason, for the user.
    public var message: String
}
