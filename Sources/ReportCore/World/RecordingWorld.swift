import Foundation

/// A world that answers as another one does and notes in a `ReadLog` every path asked
/// about: read, mapped or looked up (`kind`), whether or not anything was there.
///
/// Every file a compile reads goes through its world, so the log is exactly what the
/// compile depended on: the spec, every data file, and any file a spec includes, with no
/// list of "input keys" to keep up to date as the spec format grows. `report watch` watches
/// these paths. A path that was missing is noted too, so that creating it (a data file
/// not written yet) is a change. The outputs' paths are looked up too (is one a folder?):
/// a caller that watches the log leaves those out. The fonts are not read through the world
/// and are not noted.
public struct RecordingWorld: World {
    /// The world that answers.
    public let base: any World
    /// Where the paths are noted.
    public let log: ReadLog

    /// A world answering as `base` does and noting each path asked about in `log`.
    public init(_ base: any World, log: ReadLog) {
        self.base = base
        self.log = log
    }

    public var workingDirectory: String { base.workingDirectory }
    public var fontsDirectory: String? { base.fontsDirectory }
    public var now: Int? { base.now }

    public func kind(of path: String) -> FileKind {
        log.note(absolute(path))
        return base.kind(of: path)
    }

    public func read(_ path: String) -> [UInt8]? {
        log.note(absolute(path))
        return base.read(path)
    }

    public func map(_ path: String) -> MappedFile? {
        log.note(absolute(path))
        return base.map(path)
    }

    /// Not noted: the sandbox asks where a path leads (every folder above it included)
    /// without reading anything there.
    public func resolvingLinks(_ path: String) -> String { base.resolvingLinks(path) }
}

/// The paths a compile asked its world about, each once, in the order first asked, as
/// absolute paths without `.` or `..` parts (links not followed). Filled from any thread.
public final class ReadLog: @unchecked Sendable {
    private let lock = NSLock()
    private var order: [String] = []
    private var seen: Set<String> = []

    /// An empty log.
    public init() {}

    /// Notes `path` (absolute) unless it is noted already.
    public func note(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        if seen.insert(path).inserted { order.append(path) }
    }

    /// Every path noted so far, in the order first noted.
    public var paths: [String] {
        lock.lock(); defer { lock.unlock() }
        return order
    }
}
