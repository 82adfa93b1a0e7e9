import CLibCrypto
import Foundation

/// What made a PDF, for its keywords: the tool's version, the sha256 of the inputs every PDF
/// of the report shares (the spec), and a digest of the rows each block it draws used:
///
///     report 0.1.0; spec brief.json sha256:…; rows timeline 42 sha256:…; rows chart-3 7 sha256:…
///
/// Rows rather than whole data files, so that a weekly brief archived last week stays
/// byte-identical when next week's rows are appended to its file (`--check` passes), and
/// changes when a row it drew changes (see `UsedRows` for what is digested, and how).
struct Provenance: Sendable {
    /// Inputs hashed whole, each written "LABEL sha256:HEX", in this order: the spec first
    /// (`spec brief.json`), then each file it took in (`file house.json`: what it extends,
    /// its text files, the params file).
    var inputs: [(label: String, bytes: [UInt8])]
    /// The parameters' values (`params week=2017-03-06, place=Raqqa`), written as they are
    /// after the inputs: which week and place a brief is of can be read off the PDF.
    var params: [(name: String, value: String)] = []
    /// The rows each data-reading block used, in section order: each written
    /// "rows BLOCK COUNT sha256:HEX" by the PDFs that draw the block.
    var rows: [UsedRows]

    /// Every input and every block's rows hashed: the part that takes time (10M rows of three
    /// columns are 40 MB of encoding, 130 ms), so the compiler runs it on another core while
    /// layout runs.
    func hashed() -> Hashed {
        // "; " separates the entries: a value holding ";" writes it %3B.
        let values = params.map { "\($0.name)=\($0.value.replacingOccurrences(of: ";", with: "%3B"))" }
        return Hashed(inputs: inputs.map { "\($0.label) sha256:\(sha256Hex($0.bytes))" } + (values.isEmpty ? [] : ["params " + values.joined(separator: ", ")]),
               blocks: rows.map { used in
                   (used.section, "rows \(used.name) \(used.rowCount) sha256:\(sha256Hex { used.encode($0) })")
               })
    }

    /// The hashed entries, from which each PDF's keywords are made.
    struct Hashed: Sendable {
        /// One entry per input, in order.
        var inputs: [String]
        /// One entry per data-reading block, with its index in `sections`.
        var blocks: [(section: Int, entry: String)]

        /// The keywords of a PDF drawing the block `sections[drawn]` alone, or the whole
        /// report when `drawn` is nil: a PDF records the rows of the blocks it draws only.
        func keywords(drawing drawn: Int?) -> String {
            let rows = blocks.filter { drawn == nil || $0.section == drawn }.map(\.entry)
            return ([ReportKit.toolName] + inputs + rows).joined(separator: "; ")
        }
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
    sha256Hex { write in bytes.withUnsafeBytes(write) }
}

/// Lowercase hex SHA-256 of the bytes `feed` writes, piece by piece, to the function it is
/// given (an encoding streamed as it is made, never held whole).
func sha256Hex(_ feed: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
    precondition(libcryptoReady, "libcrypto did not initialise")
    guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto could not allocate a digest") }
    defer { EVP_MD_CTX_free(context) }
    var ok = EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1
    feed { piece in
        if ok, piece.count > 0 { ok = EVP_DigestUpdate(context, piece.baseAddress, piece.count) == 1 }
    }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    ok = ok && EVP_DigestFinal_ex(context, &digest, &length) == 1
    precondition(ok && length == 32, "libcrypto could not compute a SHA-256")
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest.prefix(32) { out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)]) }
    return String(decoding: out, as: UTF8.self)
}

/// libcrypto set up without its exit handler. By default OpenSSL frees its tables when the
/// process exits, and rows still being hashed on another thread (a report that stops at an
/// error found in layout exits without waiting for them) then read freed locks and crash the
/// exit: a SIGSEGV in one run of about seventy, when data files were hashed as they were read.
/// Without the handler the process's memory simply goes with it.
private let libcryptoReady: Bool = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1

/// Lowercase hex SHA-256 of a file's bytes; nil when it cannot be read (or is missing).
public func fileSHA256(atPath path: String) -> String? {
    FileManager.default.contents(atPath: path).map { sha256Hex([UInt8]($0)) }
}
