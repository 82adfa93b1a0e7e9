import CLibCrypto
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
/// OpenSSL's libcrypto rather than a Swift package: it is on every machine `report` runs on
/// (libssl3), costs no build time, where swift-crypto compiled BoringSSL, most of the objects
/// of a cold build, for this one function, and uses the CPU's SHA instructions. GLib's
/// `GChecksum`, linked already through Pango, was tried and measured: plain C at about a
/// tenth of the speed (81 against 843 MB/s here), so hashing a 58 MB file outlasted its
/// parse and the 1M-event PDF went from 0.64 s to 0.95 s. SHA256Tests checks the published
/// vectors and `sha256sum`.
func sha256Hex(_ bytes: [UInt8]) -> String {
    precondition(libcryptoReady, "libcrypto did not initialise")
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = bytes.withUnsafeBufferPointer { buffer in
        EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
    }
    precondition(ok == 1 && length == 32, "libcrypto could not compute a SHA-256")
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest.prefix(32) { out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)]) }
    return String(decoding: out, as: UTF8.self)
}

/// libcrypto set up without its exit handler. By default OpenSSL frees its tables when the
/// process exits, and a data file still being hashed on another thread (a spec with errors
/// exits without waiting for it) then reads freed locks and crashes the exit: a SIGSEGV in
/// one run of about seventy. Without the handler the process's memory simply goes with it.
private let libcryptoReady: Bool = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1
