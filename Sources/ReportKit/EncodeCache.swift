import Foundation

/// Encoded files kept from one compile for the next to reuse: an output whose pages come
/// out of layout exactly as last time (for a PDF, with the same metadata too) gets the bytes
/// it had, without being drawn and compressed again. The bytes are the same either way: a
/// file's bytes depend only on its format, scale, pages, metadata and fonts
/// (`EncodeJob.Key`).
///
/// `report watch` keeps one for each spec it watches: an edit of the title re-encodes the
/// PDF but none of the PNGs, whose drawing and compression were over half the CPU time of a
/// render of the example report.
public final class EncodeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [EncodeJob.Key: [UInt8]] = [:]

    /// An empty cache.
    public init() {}

    /// The bytes encoded last time for `key`, if any.
    func bytes(for key: EncodeJob.Key) -> [UInt8]? {
        lock.lock(); defer { lock.unlock() }
        return files[key]
    }

    /// Keeps these files, and only these: the last compile's (a cache that kept every
    /// version would grow with every edit).
    func keep(_ entries: [(key: EncodeJob.Key, bytes: [UInt8])]) {
        lock.lock(); defer { lock.unlock() }
        files = Dictionary(entries, uniquingKeysWith: { first, _ in first })
    }
}
