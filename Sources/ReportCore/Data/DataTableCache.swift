import Foundation

/// Data sources loaded once for a batch: every variant of a matrix reads the same files, so
/// the first to need a source parses it and the others (on any thread) take the same table.
public final class DataTableCache: @unchecked Sendable {
    /// A source as one spec writes it: the same spec, source and columns read give the same
    /// table. (A source whose keys hold a parameter differs per value, and is loaded per value.)
    struct Key: Hashable {
        var spec: String
        var name: String
        var source: SpecNode?
        var columns: Set<String>?
    }

    /// A source's table (nil when it failed) and the problems loading it found.
    typealias Loaded = (table: DataTable?, diagnostics: [Diagnostic])

    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        var loaded: Loaded?
    }

    private var entries: [Key: Entry] = [:]
    private let lock = NSLock()

    /// An empty cache.
    public init() {}

    /// The source's table, loaded by `load` the first time it is asked for; a second caller
    /// asking meanwhile waits for the first.
    func loaded(_ key: Key, _ load: () -> Loaded) -> Loaded {
        lock.lock()
        let entry = entries[key] ?? Entry()
        entries[key] = entry
        lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let loaded = entry.loaded { return loaded }
        let loaded = load()
        entry.loaded = loaded
        return loaded
    }
}
