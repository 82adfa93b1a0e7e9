import CGLib
import Foundation

/// What made a PDF, for its keywords: the tool's version and the sha256 of the spec and of
/// every data file, so that a briefing can be traced to exactly the inputs behind it.
struct Provenance: Sendable {
    var specPath: String
    var specBytes: [UInt8]
    var dataFiles: [(file: String, bytes: [UInt8])]
    var hashes: DataHashes

    /// "report 0.1.0; spec brief.json sha256:…; data data/events.csv sha256:…".
    var text: String {
        var parts = [ReportKit.toolName, "spec \((specPath as NSString).lastPathComponent) sha256:\(sha256Hex(specBytes))"]
        for file in dataFiles { parts.append("data \(file.file) sha256:\(hashes.hex(file.file, file.bytes))") }
        return parts.joined(separator: "; ")
    }
}

/// sha256 of data files, each hashed on another thread from the moment it is read: a 60 MB
/// file takes as long to hash as to parse or longer (see `sha256Hex`), so the two run side
/// by side.
final class DataHashes: @unchecked Sendable {
    private var started: [String: Background<String>] = [:]
    private let lock = NSLock()

    /// Starts hashing `bytes`, the contents of `file`.
    func start(_ file: String, _ bytes: [UInt8]) {
        let hash = Background { sha256Hex(bytes) }
        lock.lock(); started[file] = hash; lock.unlock()
    }

    /// The hex sha256 of `bytes`, from the hash started for `file` if there is one.
    func hex(_ file: String, _ bytes: [UInt8]) -> String {
        lock.lock(); let hash = started[file]; lock.unlock()
        return hash?.value ?? sha256Hex(bytes)
    }
}

/// Lowercase hex SHA-256 of some bytes.
///
/// GLib's `GChecksum` rather than a Swift package: GLib is linked already (Pango needs it),
/// so the hash costs no build time, where swift-crypto compiled BoringSSL, most of the
/// objects of a cold build, for this one function. The price is speed: GLib's is plain C,
/// about a tenth as fast as code using the CPU's SHA instructions, so a data file of tens of
/// megabytes takes longer to hash than to parse beside it (see README, "Hashing beside
/// parsing"). The hex is the same, byte for byte (SHA256Tests checks the published vectors
/// and `sha256sum`).
func sha256Hex(_ bytes: [UInt8]) -> String {
    guard let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { fatalError("GLib has no SHA-256") }
    defer { g_checksum_free(checksum) }
    bytes.withUnsafeBufferPointer { buffer in
        if let start = buffer.baseAddress { g_checksum_update(checksum, start, gssize(buffer.count)) }
    }
    return String(cString: g_checksum_get_string(checksum))
}
