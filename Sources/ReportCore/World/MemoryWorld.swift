/// A world held in memory: files are bytes under absolute paths, folders are the paths
/// above them, and there are no links. For programs that make specs on the fly (a server,
/// a bot, a notebook) and for tests that need no disk.
public struct MemoryWorld: World {
    public var workingDirectory: String
    public var fontsDirectory: String?
    public var now: Int?
    /// File contents by absolute path.
    public private(set) var files: [String: [UInt8]] = [:]
    private var folders: Set<String> = ["/"]

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
        var parent = full
        while let slash = parent.lastIndex(of: "/"), parent != "/" {
            parent = slash == parent.startIndex ? "/" : String(parent[..<slash])
            folders.insert(parent)
        }
    }

    /// Adds a text file, UTF-8 encoded.
    public mutating func add(_ path: String, text: String) { add(path, Array(text.utf8)) }

    public func kind(of path: String) -> FileKind {
        let p = absolute(path)
        return files[p] != nil ? .file : folders.contains(p) ? .folder : .missing
    }

    public func read(_ path: String) -> [UInt8]? { files[absolute(path)] }

    public func resolvingLinks(_ path: String) -> String { absolute(path) }
}
