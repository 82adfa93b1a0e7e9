/// A world held in memory: files are bytes under absolute paths, folders are the paths
/// above them, and links point at other paths. For programs that make specs on the fly (a
/// server, a bot, a notebook) and for tests that need no disk.
public struct MemoryWorld: World {
    /// Where relative paths start.
    public var workingDirectory: String
    /// A folder of font files on disk (fontconfig reads fonts from files), or nil.
    public var fontsDirectory: String?
    /// The PDF creation time, or nil for none (then the spec's `as_of`).
    public var now: Int?
    /// File contents by absolute path.
    public private(set) var files: [String: [UInt8]] = [:]
    private var folders: Set<String> = ["/"]
    /// Symbolic links: absolute path → target (absolute, or relative to the link's folder).
    private var links: [String: String] = [:]

    /// An empty world whose relative paths start at `workingDirectory`.
    public init(workingDirectory: String = "/", fontsDirectory: String? = nil, now: Int? = nil) {
        self.workingDirectory = PathPolicy.lexicallyNormalized(workingDirectory.hasPrefix("/") ? workingDirectory : "/" + workingDirectory)
        self.fontsDirectory = fontsDirectory
        self.now = now
    }

    /// Adds (or replaces) a file; a relative path is taken from the working folder.
    public mutating func add(_ path: String, _ bytes: [UInt8]) {
        let full = absolute(path)
        files[full] = bytes
        addParents(of: full)
    }

    /// Adds an empty folder.
    public mutating func addFolder(_ path: String) {
        let full = absolute(path)
        folders.insert(full)
        addParents(of: full)
    }

    /// Adds a symbolic link at `path` pointing at `target` (as `ln -s target path` would).
    public mutating func addLink(_ path: String, to target: String) {
        let full = absolute(path)
        links[full] = target
        addParents(of: full)
    }

    private mutating func addParents(of path: String) {
        var parent = path
        while let slash = parent.lastIndex(of: "/"), parent != "/" {
            parent = slash == parent.startIndex ? "/" : String(parent[..<slash])
            folders.insert(parent)
        }
    }

    /// Adds a text file, UTF-8 encoded.
    public mutating func add(_ path: String, text: String) { add(path, Array(text.utf8)) }

    /// A file, a folder (a path above a file or added as one), or missing; links followed.
    public func kind(of path: String) -> FileKind {
        let p = resolvingLinks(path)
        return files[p] != nil ? .file : folders.contains(p) ? .folder : .missing
    }

    /// The bytes added at `path` (links followed).
    public func read(_ path: String) -> [UInt8]? { files[resolvingLinks(path)] }

    /// Follows links part by part, as realpath does; a path that does not exist keeps its
    /// tail as written. Gives up after 40 links (a loop), as the kernel does.
    public func resolvingLinks(_ path: String) -> String {
        var pending = absolute(path).split(separator: "/").map(String.init)
        var resolved = ""
        var hops = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            let candidate = resolved + "/" + part
            if let target = links[candidate], hops < 40 {
                hops += 1
                let base = target.hasPrefix("/") ? "" : resolved
                pending = PathPolicy.lexicallyNormalized(base + "/" + target).split(separator: "/").map(String.init) + pending
                resolved = ""
            } else if part == ".." {
                resolved = resolved.split(separator: "/").dropLast().map { "/" + $0 }.joined()
            } else {
                resolved = candidate
            }
        }
        return resolved.isEmpty ? "/" : resolved
    }
}
