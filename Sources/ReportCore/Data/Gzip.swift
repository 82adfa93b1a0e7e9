internal import CZlib

/// Gzip-compressed data files (`.csv.gz`, `.json.gz`, `.jsonl.gz`, `.ndjson.gz`), inflated with
/// the system's zlib before they are parsed.
enum Gzip {
    /// The bytes of every gzip member in `bytes`, one after another (as `gunzip` writes them).
    ///
    /// - Throws: a diagnostic with no file when the bytes are not gzip data (at line 1) or are
    ///   damaged or cut short (at the line of the inflated text where they stop).
    static func inflate(_ bytes: [UInt8]) throws(DiagnosticList) -> [UInt8] {
        guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else {
            throw DiagnosticList([.error("the file is not gzip data (it does not start with 1F 8B)",
                                         at: SourcePosition(line: 1, column: 0), suggestion: "compress it with gzip, or drop the .gz from its name")])
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4)
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DiagnosticList([.error("zlib could not start inflating the file", at: SourcePosition(line: 1, column: 0))])
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: String?
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            chunk.withUnsafeMutableBufferPointer { buffer in
                while true {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    out.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                    if status == Z_STREAM_END {
                        // Another member may follow (`cat a.gz b.gz`); trailing zeros end the file.
                        if stream.avail_in == 0 || stream.next_in.pointee == 0 { return }
                        inflateReset(&stream)
                        continue
                    }
                    if status == Z_OK { continue }
                    if status == Z_BUF_ERROR, stream.avail_in == 0 {
                        failure = "the file is cut short: its compressed text stops on this line"
                        return
                    }
                    failure = "the compressed data is damaged after this line" + (stream.msg.map { " (zlib: \(String(cString: $0)))" } ?? "")
                    return
                }
            }
        }
        if let failure {
            let line = out.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw DiagnosticList([.error(failure, at: SourcePosition(line: line, column: 0),
                                         suggestion: "compress the file again with gzip")])
        }
        return out
    }
}
