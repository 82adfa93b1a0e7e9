import CCairo

/// zlib's FlateDecode (ISO 32000-1, 7.4.4) for the content streams `AccessiblePDF` rewrites.
enum Flate {
    /// zlib's level for what this pass compresses. Cairo compresses content at the default
    /// level, 6, and the pass inflates it and compresses it again: measured on the 1k-event
    /// briefing's 107 KB of content, 6 takes 3.0 ms for 19.8 KB, 4 takes 1.6 ms for 20.8
    /// KB, and that second compression was most of what tagging added to the briefing.
    static let level: Int32 = 4

    /// The data of a zlib stream.
    static func inflate(_ data: ArraySlice<UInt8>) throws(RenderError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw RenderError("tagged PDF: zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: max(4096, data.count * 5))
        var status = Z_OK
        data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while status == Z_OK {
                if Int(stream.total_out) == out.count { out += [UInt8](repeating: 0, count: out.count) }
                status = out.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress! + Int(stream.total_out)
                    stream.avail_out = uInt(buffer.count - Int(stream.total_out))
                    return CCairo.inflate(&stream, Z_NO_FLUSH)
                }
                if status == Z_BUF_ERROR, stream.avail_out == 0 { status = Z_OK }
            }
        }
        guard status == Z_STREAM_END else { throw RenderError("tagged PDF: a content stream cannot be inflated (zlib status \(status))") }
        out.removeSubrange(Int(stream.total_out)...)
        return out
    }

    /// `data` as a zlib stream.
    static func deflate(_ data: [UInt8]) throws(RenderError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw RenderError("tagged PDF: zlib could not start deflating")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))))
        let status: Int32 = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                return CCairo.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw RenderError("tagged PDF: zlib could not deflate a content stream") }
        out.removeSubrange(Int(stream.total_out)...)
        return out
    }
}
