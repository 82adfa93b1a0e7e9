import CCairo
import ReportCairo

/// Decoded PNG pixels, for tests that compare images.
public struct DecodedImage: Sendable {
    public var width: Int
    public var height: Int
    /// Premultiplied ARGB32 pixels, native endian, row after row (`stride` bytes a row).
    public var pixels: [UInt8]
    public var stride: Int
}

/// Reads a PNG with Cairo.
public func decodePNG(_ bytes: [UInt8]) throws -> DecodedImage {
    let source = PNGSource(bytes)
    let surface = cairo_image_surface_create_from_png_stream(pngSourceRead, Unmanaged.passUnretained(source).toOpaque())
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw RenderError("not a PNG Cairo can read") }
    let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    let data = cairo_image_surface_get_data(surface)!
    return DecodedImage(width: width, height: height, pixels: Array(UnsafeBufferPointer(start: data, count: stride * height)), stride: stride)
}

private final class PNGSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private let pngSourceRead: cairo_read_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
    let source = Unmanaged<PNGSource>.fromOpaque(closure).takeUnretainedValue()
    let n = Int(length)
    guard source.offset + n <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
    source.bytes.withUnsafeBufferPointer { buffer in
        data.update(from: buffer.baseAddress! + source.offset, count: n)
    }
    source.offset += n
    return CAIRO_STATUS_SUCCESS
}
