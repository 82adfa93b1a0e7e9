/// Where a spec may read and write: inside its own folder (or `--root`), never elsewhere,
/// so that a spec from an untrusted pull request cannot read or overwrite other files.
/// Where a path really leads (links followed) is the world's to say.
public struct PathPolicy: Sendable {
    /// The folder relative paths resolve against (the spec's folder, or `--out-dir` for outputs).
    public var base: String
    /// The folder nothing may leave, after following `..` and symlinks.
    public var root: String

    private let world: any World

    /// Creates a policy; both folders are made absolute and symlink-free in `world`.
    public init(base: String, root: String, in world: any World) {
        self.world = world
        self.base = world.canonical(base)
        self.root = world.canonical(root)
    }

    /// The absolute path for `relative`, or a message saying why it is refused.
    public func resolve(_ relative: String) -> Result<String, PathRefusal> {
        guard !relative.isEmpty else { return .failure(PathRefusal(message: "the path is empty")) }
        guard !relative.contains("\0") else { return .failure(PathRefusal(message: "the path contains a NUL character")) }
        let joined = relative.hasPrefix("/") ? relative : base + "/" + relative
        let resolved = world.canonical(joined)
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
}

/// Why a path was refused.
public struct PathRefusal: Error, Sendable {
    /// The reason, for the user.
    public var message: String
}
