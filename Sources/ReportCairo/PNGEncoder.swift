import CCairo
import Dispatch
import Synchronization

/// Writes Cairo image surfaces as PNG files, faster than `cairo_surface_write_to_png`.
///
/// Written by hand because the profile of a 1600×900 chart showed half of the whole
/// process in libpng's adaptive row filters and zlib's default level, through Cairo's
/// writer, which offers no settings. Charts are flat colour: the "Up" filter with zlib
/// level 2 compresses them about as well in a fraction of the time.
///
/// Filtering and compressing still took half of a 1k-event PNG, so the image is cut into
/// horizontal strips that are filtered and compressed on all cores at once, the way pigz
/// does: each strip is a raw deflate stream flushed to a byte boundary, and the streams
/// laid end to end are one valid zlib stream. The strips are cut by row count, never by
/// core count, so the bytes depend only on the pixels and zlib's version.
enum PNGEncoder {
    /// Rows per strip: small enough to share out, large enough that restarting the
    /// compressor at each strip costs almost nothing in size.
    static let stripRows = 96
    /// zlib's level: 2 compresses flat colour nearly as well as 6, several times faster.
    static let level: Int32 = 2

    /// PNG bytes of an ARGB32 surface painted on an opaque background (RGB, 8 bits), with a
    /// pHYs chunk stating `pixelsPerInch` and, when given, a `description` of the picture
    /// (see `descriptionChunk`), compressed on up to `threads` threads.
    static func encode(_ surface: OpaquePointer?, pixelsPerInch: Double, description: String? = nil, threads: Int) throws -> [UInt8] {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw RenderError("PNG encoding: no pixels") }
        let image = Pixels(base: UnsafePointer(data), width: width, height: height, stride: stride)
        let strips = (height + stripRows - 1) / stripRows
        let results = StripResults(count: strips)
        let lanes = max(1, min(threads, strips))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for s in Swift.stride(from: lane, to: strips, by: lanes) {
                let rows = (s * stripRows)..<min(height, (s + 1) * stripRows)
                results.store(s, compressStrip(image, rows: rows, last: s == strips - 1))
            }
        }
        // zlib wrapper: header, the strips' raw deflate data, then the Adler-32 of all the
        // filtered bytes (combined from each strip's own).
        var idat: [UInt8] = [0x78, 0x5E]  // deflate, 32 KiB window, "fast" level
        var adler = adler32(0, nil, 0)
        for strip in results.values {
            guard let strip else { throw RenderError("PNG encoding: zlib failed") }
            idat += strip.deflated
            adler = adler32_combine(adler, strip.adler, strip.rawCount)
        }
        idat += bigEndian(UInt32(adler))

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits, RGB, deflate, adaptive filtering, no interlace
        chunk("IHDR", header, into: &png)
        let perMetre = UInt32((pixelsPerInch / 0.0254).rounded())
        chunk("pHYs", bigEndian(perMetre) + bigEndian(perMetre) + [1], into: &png)
        if let description, !description.isEmpty {
            let text = descriptionChunk(description)
            chunk(text.type, text.body, into: &png)
        }
        chunk("IDAT", idat, into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    /// The "Description" keyword's text chunk: tEXt, whose text is Latin-1, when the text
    /// is Latin-1 (no control characters but line feeds); else iTXt, its UTF-8 form (alt
    /// text may name a place in Arabic), uncompressed, with no language tag.
    static func descriptionChunk(_ text: String) -> (type: String, body: [UInt8]) {
        let keyword = Array("Description".utf8) + [0]
        let scalars = text.unicodeScalars
        if scalars.allSatisfy({ $0.value == 0x0A || (0x20...0x7E).contains($0.value) || (0xA0...0xFF).contains($0.value) }) {
            return ("tEXt", keyword + scalars.map { UInt8($0.value) })
        }
        // Compression flag and method 0, then an empty language tag and translated keyword.
        return ("iTXt", keyword + [0, 0, 0, 0] + Array(text.utf8))
    }

    /// Read-only view of the surface's pixels, shared by the strip tasks.
    private struct Pixels: @unchecked Sendable {
        let base: UnsafePointer<UInt8>
        let width: Int, height: Int, stride: Int
        func row(_ y: Int) -> UnsafePointer<UInt32> {
            UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
        }
    }

    private struct Strip: Sendable {
        var deflated: [UInt8]
        var adler: uLong
        var rawCount: Int
    }

    /// Filters `rows` (a filter byte, 2 = Up, then RGB triples per row) and deflates them
    /// as raw data, ending on a byte boundary, or as the final block for the last strip.
    private static func compressStrip(_ image: Pixels, rows: Range<Int>, last: Bool) -> Strip? {
        let rowBytes = image.width * 3
        // One spare byte at the end: each pixel is stored as four bytes, the fourth
        // overwritten by the next pixel (or the next row's filter byte).
        let rawCount = (rowBytes + 1) * rows.count
        var raw = [UInt8](repeating: 0, count: rawCount + 1)
        // The first row is filtered against a row of zeros.
        let zeros = [UInt32](repeating: 0, count: rows.lowerBound == 0 ? image.width : 0)
        zeros.withUnsafeBufferPointer { zeroRow in raw.withUnsafeMutableBytes { out in
            for (i, y) in rows.enumerated() {
                let row = image.row(y), above = y > 0 ? image.row(y - 1) : zeroRow.baseAddress!
                let start = out.baseAddress! + i * (rowBytes + 1)
                start.storeBytes(of: 2, as: UInt8.self)  // filter type: Up
                for x in 0..<image.width {
                    // Native-endian 0xAARRGGBB, opaque after the white fill; "Up" subtracts
                    // the pixel above, which is zero on flat areas and compresses to
                    // nothing. 0xRRGGBB00 byte-swapped is R, G, B, 0 in memory.
                    let d = upDifference(row[x], above[x])
                    (start + 1 + 3 * x).storeBytes(of: (d << 8).byteSwapped.littleEndian, as: UInt32.self)
                }
            }
        } }
        var stream = z_stream()
        // windowBits -15: raw deflate, no zlib header of its own.
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        // Room for the worst case, plus the few bytes of the flush marker.
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(rawCount))) + 16)
        let status: Int32 = raw.withUnsafeMutableBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(rawCount)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                return deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
            }
        }
        guard status == (last ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else { return nil }
        out.removeSubrange(Int(stream.total_out)...)
        let adler = raw.withUnsafeBufferPointer { adler32(adler32(0, nil, 0), $0.baseAddress, uInt(rawCount)) }
        return Strip(deflated: out, adler: adler, rawCount: rawCount)
    }

    /// Each byte of `pixel` minus the same byte of `above`, modulo 256: the high bit of
    /// each byte is set aside so that no subtraction borrows from its neighbour.
    @inline(__always)
    static func upDifference(_ pixel: UInt32, _ above: UInt32) -> UInt32 {
        ((pixel | 0x8080_8080) &- (above & 0x7F7F_7F7F)) ^ ((pixel ^ ~above) & 0x8080_8080)
    }

    /// Strip results written from several threads, each to its own slot.
    private final class StripResults: Sendable {
        private let slots: Mutex<[Strip?]>
        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
        func store(_ i: Int, _ strip: Strip?) { slots.withLock { $0[i] = strip } }
        var values: [Strip?] { slots.withLock { $0 } }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    private static func chunk(_ type: String, _ body: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(body.count))
        png += typeBytes
        png += body
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = body.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt(body.count)) }
        png += bigEndian(UInt32(crc))
    }
}
