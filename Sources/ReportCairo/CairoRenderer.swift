import CCairo
import ReportScene

/// The file formats the renderer writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case pdf, png, svg
}

/// Turns a `Scene` into file bytes through Cairo. One renderer per task (see `PangoSession`).
///
/// This is the only place that draws: a single `draw(_:)` match over `SceneItem` serves
/// PDF, PNG and SVG alike.
public final class CairoRenderer {
    private let session: PangoSession

    /// Creates a renderer with its own Pango font map over `fonts`.
    public init(fonts: FontLibrary) throws {
        session = try PangoSession(fonts: fonts)
    }

    /// Creates a renderer that draws with the measurer's font map and the layouts it has
    /// already shaped, so nothing is loaded or shaped twice. The measurer and this
    /// renderer must then be used by one task at a time (Pango is not thread-safe).
    public init(sharingFontsWith measurer: PangoTextMeasurer) {
        session = measurer.session
    }

    /// Whether the surface being drawn is PDF or SVG, where Cairo never flattens curves
    /// into pixels (see `drawDots`).
    private var isVector = false
    /// Turns structure brackets into tags while a PDF is drawn; nil for PNG and SVG.
    private var tagger: StructureTagger?

    /// Renders every page of `scene` into one tagged PDF (PDF/UA-1: see `AccessiblePDF`).
    public func pdf(_ scene: Scene) throws -> [UInt8] {
        isVector = true
        guard let first = scene.pages.first else { throw RenderError("nothing to render: the document has no pages") }
        let sink = ByteSink()
        let surface = cairo_pdf_surface_create_for_stream(byteSinkWrite, Unmanaged.passUnretained(sink).toOpaque(),
                                                          first.size.width, first.size.height)
        defer { cairo_surface_destroy(surface) }
        try check(surface)
        setMetadata(scene.info, on: surface)
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        try check(context: cr)
        let tagger = StructureTagger(cr)
        self.tagger = tagger
        defer { self.tagger = nil }
        var outlineParents: [Int: Int32] = [0: 0]  // level → outline id of the latest entry
        for (index, page) in scene.pages.enumerated() {
            cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
            tagger.pageHeight = page.size.height
            paintBackground(cr)
            // One Document element around every page (links then have a parent element:
            // cairo 1.16 writes a dangling reference for a link outside any).
            if index == 0 { tagger.beginDocument() }
            drawItems(page.items, cr)
            for entry in page.outline {
                let parent = outlineParents[entry.level - 1] ?? 0
                let target = "page=\(index + 1) pos=[0 \(formatNumber(max(0, entry.y)))]"
                let id = cairo_pdf_surface_add_outline(surface, parent, entry.title, target,
                                                       entry.level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0))
                outlineParents[entry.level] = id
                outlineParents = outlineParents.filter { $0.key <= entry.level }
            }
            cairo_show_page(cr)
        }
        tagger.endDocument()
        cairo_surface_finish(surface)
        try check(surface)
        if scene.info.creationDate == nil { blankCreationDate(&sink.bytes) }
        return try AccessiblePDF.finish(sink.bytes, tags: tagger.records, info: scene.info)
    }

    /// cairo 1.16 always writes the wall-clock time as /CreationDate. With no date to
    /// record, overwrite that entry with spaces of the same length: the Info dictionary
    /// stays valid, every xref offset stays right, and the bytes no longer depend on when
    /// the report was rendered.
    private func blankCreationDate(_ bytes: inout [UInt8]) {
        let key = Array("/CreationDate (".utf8)
        guard bytes.count > key.count else { return }
        var i = bytes.count - key.count
        while i >= 0 {
            if bytes[i] == key[0], Array(bytes[i..<i + key.count]) == key {
                guard let close = bytes[(i + key.count)...].firstIndex(of: UInt8(ascii: ")")) else { return }
                for j in i...close { bytes[j] = UInt8(ascii: " ") }
                return
            }
            i -= 1
        }
    }

    /// Renders one page into a PNG of `size × scale` pixels on a white background,
    /// compressing it on up to `threads` threads (the bytes do not depend on how many).
    /// `description` (what the picture shows) is written as its Description text.
    public func png(_ page: ScenePage, scale: Double, threads: Int = 1, description: String? = nil) throws -> [UInt8] {
        isVector = false
        let width = Int32((page.size.width * scale).rounded()), height = Int32((page.size.height * scale).rounded())
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, max(1, width), max(1, height))
        defer { cairo_surface_destroy(surface) }
        try check(surface)
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        try check(context: cr)
        cairo_scale(cr, scale, scale)
        paintBackground(cr)
        drawItems(page.items, cr)
        return try PNGEncoder.encode(surface, pixelsPerInch: 72 * scale, description: description, threads: threads)
    }

    /// Renders one page into an SVG document; `title` and `description` (what the picture
    /// shows) become its `<title>` and `<desc>`.
    public func svg(_ page: ScenePage, title: String? = nil, description: String? = nil) throws -> [UInt8] {
        isVector = true
        let sink = ByteSink()
        let surface = cairo_svg_surface_create_for_stream(byteSinkWrite, Unmanaged.passUnretained(sink).toOpaque(),
                                                          page.size.width, page.size.height)
        defer { cairo_surface_destroy(surface) }
        try check(surface)
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_2)
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        try check(context: cr)
        paintBackground(cr)
        drawItems(page.items, cr)
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        try check(surface)
        return SVGText.described(renumberSurfaceIDs(sink.bytes), title: title, description: description)
    }

    /// Cairo names SVG groups after a process-wide surface counter (`surface278`), so the
    /// same drawing would differ between runs and `--jobs` values. Renumber them in order
    /// of first appearance.
    private func renumberSurfaceIDs(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("surface".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        var i = 0
        while i < bytes.count {
            if bytes[i] == key[0], i + key.count < bytes.count, bytes[i..<i + key.count].elementsEqual(key),
               (48...57).contains(bytes[i + key.count]) {
                var j = i + key.count
                while j < bytes.count, (48...57).contains(bytes[j]) { j += 1 }
                let digits = bytes[(i + key.count)..<j]
                let n = numbers[digits] ?? { numbers[digits] = numbers.count + 1; return numbers.count }()
                out.append(contentsOf: key)
                out.append(contentsOf: Array(String(n).utf8))
                i = j
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    // MARK: Drawing

    /// A white page. In a PDF this also makes the page's first operation cover the whole
    /// page, so Cairo's record of the area drawn natively stays one rectangle: otherwise
    /// it grows a rectangle per mark and every later mark costs time in proportion.
    private func paintBackground(_ cr: OpaquePointer?) {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
    }

    /// Draws items in order; consecutive dots go to `drawDots` together. Structure brackets
    /// become tags in a PDF and are skipped otherwise: they split no run of dots there, so
    /// PNG and SVG draw exactly what they drew before the Scene carried structure.
    private func drawItems(_ items: [SceneItem], _ cr: OpaquePointer?) {
        var i = items.startIndex
        while i < items.endIndex {
            switch items[i] {
            case .beginStructure(let role):
                if let tagger {
                    tagger.begin(role, holdsLinks: role != .artifact && !role.isContainer && Self.holdsLinks(items, from: i))
                }
                i += 1
            case .endStructure:
                tagger?.end()
                i += 1
            case .dot:
                var run: [Dot] = []
                while i < items.endIndex {
                    if case .dot(let dot) = items[i] {
                        run.append(dot)
                    } else if tagger != nil || items[i].isDrawing {
                        break
                    }
                    i += 1
                }
                inSpanWhenNeeded { drawDots(run, cr) }
            default:
                draw(items[i], cr)
                i += 1
            }
        }
    }

    /// True when the element opened at `items[start]` holds linked text before it closes
    /// (a leaf drawn item by item in Spans then, see `StructureTagger`).
    private static func holdsLinks(_ items: [SceneItem], from start: Int) -> Bool {
        var depth = 0
        for item in items[start...] {
            switch item {
            case .beginStructure: depth += 1
            case .endStructure:
                depth -= 1
                if depth == 0 { return false }
            case .link: return true
            case .text(let text) where text.content.spans.contains { $0.link != nil }: return true
            default: break
            }
        }
        return false
    }

    /// `draw`, in a Span of its own when drawing goes into a leaf that holds links.
    private func inSpanWhenNeeded(_ draw: () -> Void) {
        if let tagger, tagger.drawsInSpans { tagger.span(draw) } else { draw() }
    }

    private func draw(_ item: SceneItem, _ cr: OpaquePointer?) {
        switch item {
        case .path(let path, let fill, let stroke):
            guard !path.elements.isEmpty else { return }
            inSpanWhenNeeded {
                trace(path, cr)
                if let fill {
                    setSource(fill, cr)
                    if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
                }
                if let stroke {
                    setSource(.solid(stroke.color), cr)
                    cairo_set_line_width(cr, stroke.width)
                    cairo_set_line_cap(cr, stroke.roundCaps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
                    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                    stroke.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
                    cairo_stroke(cr)
                }
            }
        case .dot(let dot):
            inSpanWhenNeeded { drawDots([dot], cr) }
        case .text(let text):
            drawText(text, cr)
        case .link(let rect, let uri):
            link("\(formatNumber(rect.x)) \(formatNumber(rect.y)) \(formatNumber(rect.width)) \(formatNumber(rect.height))", uri: uri, description: uri)
        case .clipped(let rect, let items):
            inSpanWhenNeeded {
                cairo_save(cr)
                cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                cairo_clip(cr)
                drawItems(items, cr)
                cairo_restore(cr)
            }
        case .beginStructure, .endStructure:
            break  // drawItems handles them
        }
    }

    /// A run of dots, batched by `Dot.batches`: each batch is one stroke whose subpaths are
    /// zero-length with round caps, i.e. discs. A PDF spends 4 numbers on a disc instead of
    /// about 30 for a Bézier circle, and a crowded timeline is a few dozen operations
    /// instead of thousands. (PDF, SVG and Cairo's rasteriser all draw a zero-length
    /// subpath with round caps as a disc.)
    private func drawDots(_ dots: [Dot], _ cr: OpaquePointer?) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_dash(cr, nil, 0, 0)
        let tolerance = cairo_get_tolerance(cr)
        defer { cairo_set_tolerance(cr, tolerance) }
        for batch in Dot.batches(dots) {
            // Vector output never flattens the caps; Cairo only works out their extent,
            // from a polygon with more sides the finer the tolerance. An eighth of the
            // width gives nine sides, within 6% of the radius: the output bytes are the
            // same, and the cost of the default tolerance's 27 sines and cosines is gone.
            if isVector { cairo_set_tolerance(cr, batch.diameter / 8) }
            cairo_new_path(cr)
            for c in batch.centers {
                cairo_move_to(cr, c.x, c.y)
                cairo_line_to(cr, c.x, c.y)
            }
            let c = batch.color
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
            cairo_set_line_width(cr, batch.diameter)
            cairo_stroke(cr)
        }
    }

    /// A clickable area (PDF only): a Link element with its annotation. Cairo 1.16 writes a
    /// dangling reference for a link outside any structure element; in a PDF there is always
    /// the Document element around it.
    private func link(_ rects: String, uri: String, description: String) {
        tagger?.link(rects, uri: uri, description: description)
    }

    private func trace(_ path: Path, _ cr: OpaquePointer?) {
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .curve(let a, let b, let c): cairo_curve_to(cr, a.x, a.y, b.x, b.y, c.x, c.y)
            case .close: cairo_close_path(cr)
            }
        }
    }

    private func setSource(_ fill: Fill, _ cr: OpaquePointer?) {
        switch fill {
        case .solid(let c):
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        case .linearGradient(let from, let to, let stops):
            let pattern = cairo_pattern_create_linear(from.x, from.y, to.x, to.y)
            for stop in stops {
                cairo_pattern_add_color_stop_rgba(pattern, stop.offset, stop.color.red, stop.color.green,
                                                  stop.color.blue, stop.color.alpha)
            }
            cairo_set_source(cr, pattern)
            cairo_pattern_destroy(pattern)
        }
    }

    private func drawText(_ item: TextItem, _ cr: OpaquePointer?) {
        session.withLayout(item.content) { drawLayout($0, item, cr) }
    }

    private func drawLayout(_ layout: OpaquePointer, _ item: TextItem, _ cr: OpaquePointer?) {
        cairo_save(cr)
        cairo_translate(cr, item.origin.x, item.origin.y)
        if item.quarterTurns != 0 { cairo_rotate(cr, -Double.pi / 2 * Double(item.quarterTurns)) }
        let c = item.content.style.color
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        cairo_move_to(cr, 0, 0)
        // No pango_cairo_update_layout: the session's font options are fixed (no hinting,
        // unrounded positions), so a layout is the same on every surface and under every
        // transform, and updating would make Pango shape each label again (it marks the
        // context changed on every call). PDF, SVG and PNG bytes are the same either way.
        inSpanWhenNeeded { pango_cairo_show_layout(cr, layout) }
        if item.quarterTurns == 0, tagger != nil { addLinks(item.content, layout, cr) }
        cairo_restore(cr)
    }

    /// Clickable areas over linked spans: one rectangle per line the span covers.
    private func addLinks(_ content: TextContent, _ layout: OpaquePointer, _ cr: OpaquePointer?) {
        var start = 0
        for span in content.spans {
            let end = start + span.text.utf8.count
            defer { start = end }
            guard let uri = span.link else { continue }
            var rects: [String] = []
            let iter = pango_layout_get_iter(layout)
            defer { pango_layout_iter_free(iter) }
            repeat {
                guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
                let lineStart = Int(line.pointee.start_index), lineEnd = lineStart + Int(line.pointee.length)
                guard lineStart < end, start < lineEnd else { continue }
                var logical = PangoRectangle()
                pango_layout_iter_get_line_extents(iter, nil, &logical)
                var ranges: UnsafeMutablePointer<Int32>?
                var count: Int32 = 0
                pango_layout_line_get_x_ranges(line, Int32(max(start, lineStart)), Int32(min(end, lineEnd)), &ranges, &count)
                let scale = Double(PANGO_SCALE)
                for i in 0..<Int(count) {
                    let x0 = Double(ranges![2 * i]) / scale, x1 = Double(ranges![2 * i + 1]) / scale
                    rects.append("\(formatNumber(x0)) \(formatNumber(Double(logical.y) / scale)) \(formatNumber(x1 - x0)) \(formatNumber(Double(logical.height) / scale))")
                }
                g_free(ranges)
            } while pango_layout_iter_next_line(iter) != 0
            guard !rects.isEmpty else { continue }
            link(rects.joined(separator: " "), uri: uri, description: "\(span.text) (\(uri))")
        }
    }

    private func setMetadata(_ info: DocumentInfo, on surface: OpaquePointer?) {
        let fields: [(cairo_pdf_metadata_t, String?)] = [
            (CAIRO_PDF_METADATA_TITLE, info.title), (CAIRO_PDF_METADATA_AUTHOR, info.author),
            (CAIRO_PDF_METADATA_SUBJECT, info.subject), (CAIRO_PDF_METADATA_KEYWORDS, info.keywords),
            (CAIRO_PDF_METADATA_CREATOR, info.creator), (CAIRO_PDF_METADATA_CREATE_DATE, info.creationDate),
        ]
        for (key, value) in fields {
            if let value { cairo_pdf_surface_set_metadata(surface, key, value) }
        }
    }

    private func check(_ surface: OpaquePointer?) throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    private func check(context cr: OpaquePointer?) throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo: \(String(cString: cairo_status_to_string(status)))")
        }
    }
}

/// A number for Cairo attribute strings: fixed decimals, never exponent notation.
func formatNumber(_ value: Double) -> String {
    let scaled = (value * 100).rounded()
    let sign = scaled < 0 ? "-" : ""
    let magnitude = Int(abs(scaled))
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// Collects bytes written by Cairo's stream callbacks.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// The C callback for Cairo streams; `closure` is an unretained `ByteSink`.
private let byteSinkWrite: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}
