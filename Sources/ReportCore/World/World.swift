/// Everything a compile reads from outside: files (the spec, its data, what outputs would
/// overwrite), the path sandbox's view of them, the fonts folder and the clock.
///
/// In the spirit of Typst's `World`: the compiler reads the spec, its data, the environment
/// and the clock only through here, so the same compile runs on disk (`FileSystemWorld`, the
/// command line) or from memory (`MemoryWorld`: servers, notebooks and fast tests), and two
/// worlds that answer alike give the same bytes. The one exception is the fonts: the world
/// names their folder, and fontconfig loads the files from the disk (keeping its cache in
/// the temporary folder).
public protocol World: Sendable {
    /// The absolute folder relative paths start from (the command line's working folder).
    var workingDirectory: String { get }

    /// What is at a path (a relative one is taken from the working folder).
    func kind(of path: String) -> FileKind

    /// The bytes of the file at a path (a relative one is taken from the working folder), or
    /// nil when it cannot be read.
    func read(_ path: String) -> [UInt8]?

    /// The file at a path mapped into memory, read-only, or nil when the world cannot map it
    /// (then `read` is the way). A large data file that nothing keeps is parsed from here,
    /// its pages let go as the parser passes them, so the file is never held whole.
    func map(_ path: String) -> MappedFile?

    /// An absolute path without `.` or `..` parts, with symbolic links followed on the
    /// longest prefix that exists (the sandbox judges where a path really leads).
    func resolvingLinks(_ path: String) -> String

    /// The folder of font files text is shaped and drawn with (output never depends on the
    /// machine's own fonts), an absolute path on disk, or nil when none was found.
    var fontsDirectory: String? { get }

    /// "Now" for the outputs, in seconds since 1970-01-01 UTC: the PDF's creation date.
    /// Nil means no clock: the date then comes from the spec's `as_of`, else none, so that
    /// the same inputs always give the same bytes.
    var now: Int? { get }
}

/// What a path names.
public enum FileKind: Sendable, Equatable {
    case file
    case folder
    case missing
}

extension World {
    /// No mapping: files are read whole.
    public func map(_ path: String) -> MappedFile? { nil }

    /// `path` made absolute against the working folder and freed of `.` and `..` parts,
    /// without following links.
    public func absolute(_ path: String) -> String {
        PathPolicy.lexicallyNormalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    /// Absolute, `..`-free and link-free form of a path whose tail may not exist yet.
    public func canonical(_ path: String) -> String {
        resolvingLinks(absolute(path))
    }
}

/// A file mapped read-only and privately (`mmap`); unmapped when freed. Its pages are
/// backed by the file, so letting them go (`release`) loses nothing: read again, they come
/// back from the file.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes (read-only).
    public let bytes: UnsafeBufferPointer<UInt8>
    private let unmap: (UnsafeBufferPointer<UInt8>) -> Void

    /// Wraps a mapping; `unmap` undoes it.
    public init(bytes: UnsafeBufferPointer<UInt8>, unmap: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.bytes = bytes
        self.unmap = unmap
    }

    deinit { unmap(bytes) }
}
