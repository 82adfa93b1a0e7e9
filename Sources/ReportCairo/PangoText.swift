import CCairo
import ReportScene

/// A Pango context bound to one `FontLibrary`, owned by a single task.
///
/// Both the measurer and the renderer build their layouts through `makeLayout`, so a text
/// box is measured exactly as it is drawn.
final class PangoSession {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer

    init(fonts: FontLibrary) throws {
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            throw RenderError("Pango: cannot create a font map")
        }
        pango_fc_font_map_set_config(report_pango_fc_font_map(map), fonts.config)
        guard let context = pango_font_map_create_context(map) else {
            report_g_object_unref(map)
            throw RenderError("Pango: cannot create a context")
        }
        self.fontMap = map
        self.context = context
        // Unrounded glyph positions and no hinting: the same line breaks in PDF, PNG 1x and 2x.
        pango_context_set_round_glyph_positions(context, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_cairo_context_set_resolution(context, 72)
    }

    deinit {
        for layout in layouts.values { report_g_object_unref(UnsafeMutableRawPointer(layout)) }
        report_g_object_unref(UnsafeMutableRawPointer(context))
        report_g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// Shaped layouts kept for reuse: a label is shaped once when layout measures it and
    /// drawn from the same layout, instead of being shaped again by the renderer.
    private var layouts: [TextContent: OpaquePointer] = [:]
    /// How many layouts to keep; past this, text is shaped afresh each time (a long table
    /// must not hold every cell's glyphs in memory).
    static let layoutCacheLimit = 4096

    /// Runs `body` with a layout for `content`, from the cache when it was made before.
    func withLayout<T>(_ content: TextContent, _ body: (OpaquePointer) -> T) -> T {
        if let cached = layouts[content] { return body(cached) }
        let layout = makeLayout(content)
        guard layouts.count < PangoSession.layoutCacheLimit else {
            defer { report_g_object_unref(UnsafeMutableRawPointer(layout)) }
            return body(layout)
        }
        layouts[content] = layout
        return body(layout)
    }

    /// A new layout for `content`; the caller releases it with `report_g_object_unref`.
    private func makeLayout(_ content: TextContent) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        let style = content.style
        let font = pango_font_description_new()
        pango_font_description_set_family(font, style.family)
        pango_font_description_set_absolute_size(font, style.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)

        // Alignment is physical (see TextAlignment): turn off Pango's automatic flip for RTL.
        pango_layout_set_auto_dir(layout, 0)
        switch content.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        if let width = content.width {
            pango_layout_set_width(layout, Int32(max(1, width) * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            if let maxLines = content.maxLines {
                pango_layout_set_height(layout, -Int32(max(1, maxLines)))
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
            }
        }

        let spans = content.spans
        let text = content.plainText
        pango_layout_set_text(layout, text, Int32(text.utf8.count))
        let attributes = pango_attr_list_new()
        // A fixed line height: fallback fonts (Noto Sans Arabic is much taller) must not
        // open uneven gaps between lines of mixed-script paragraphs.
        let lineHeight = Int32(style.size * (1.3 + style.lineSpacing) * Double(PANGO_SCALE))
        insert(pango_attr_line_height_new_absolute(lineHeight), 0, text.utf8.count, attributes)
        var start = 0
        for span in spans {
            let end = start + span.text.utf8.count
            // A span adds emphasis to its style; it never takes the style's away.
            if span.bold && !style.bold {
                insert(pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end, attributes)
            }
            if span.italic && !style.italic {
                insert(pango_attr_style_new(PANGO_STYLE_ITALIC), start, end, attributes)
            }
            if let color = span.color {
                insert(pango_attr_foreground_new(channel(color.red), channel(color.green), channel(color.blue)),
                       start, end, attributes)
            }
            if span.link != nil {
                insert(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end, attributes)
            }
            start = end
        }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        return layout
    }

    private func insert(_ attribute: UnsafeMutablePointer<PangoAttribute>?, _ start: Int, _ end: Int,
                        _ list: OpaquePointer?) {
        guard let attribute else { return }
        attribute.pointee.start_index = guint(start)
        attribute.pointee.end_index = guint(end)
        pango_attr_list_insert(list, attribute)
    }

    private func channel(_ value: Double) -> UInt16 { UInt16((min(1, max(0, value)) * 65535).rounded()) }

    /// Runs `body` with a layout for `content` made for this call alone (windows of a long
    /// paragraph are never drawn: caching them would only hold their glyphs).
    func withUncachedLayout<T>(_ content: TextContent, _ body: (OpaquePointer) -> T) -> T {
        let layout = makeLayout(content)
        defer { report_g_object_unref(UnsafeMutableRawPointer(layout)) }
        return body(layout)
    }

    /// The UTF-8 offset at which each line of a layout starts, in the text of its content.
    func lineStarts(of layout: OpaquePointer) -> [Int] {
        var starts: [Int] = []
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
            starts.append(Int(line.pointee.start_index))
        } while pango_layout_iter_next_line(iter) != 0
        return starts
    }

    /// Logical size, baseline and problems of a layout.
    func metrics(of layout: OpaquePointer) -> TextMetrics {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        return TextMetrics(
            width: Double(logical.width) / scale,
            height: Double(logical.height) / scale,
            baseline: Double(pango_layout_get_baseline(layout)) / scale,
            lineCount: Int(pango_layout_get_line_count(layout)),
            unknownGlyphs: Int(pango_layout_get_unknown_glyphs_count(layout)),
            isTruncated: pango_layout_is_ellipsized(layout) != 0
        )
    }
}

/// Measures text with Pango and the fonts of one `FontLibrary`. Use from one task only.
public final class PangoTextMeasurer: TextMeasurer {
    /// The font map and shaped layouts; a `CairoRenderer` made with `sharingFontsWith:`
    /// draws from the same ones once layout is done.
    let session: PangoSession
    private var cache: [TextContent: TextMetrics] = [:]

    /// Creates a measurer with its own font map (not shared between tasks).
    public init(fonts: FontLibrary) throws {
        session = try PangoSession(fonts: fonts)
    }

    public func measure(_ content: TextContent) -> TextMetrics {
        if let hit = cache[content] { return hit }
        let metrics = session.withLayout(content) { session.metrics(of: $0) }
        cache[content] = metrics
        return metrics
    }

    /// The bytes of text one layout is made of when finding line starts. Pango cannot lay out
    /// one paragraph of a few hundred thousand characters (its width in Pango units passes
    /// 2^31 and the paragraph comes out as one line), and windows keep the work linear.
    static let lineWindow = 16_384

    public func lineStarts(_ content: TextContent) -> [Int] {
        guard content.width != nil else { return [0] }
        let total = content.spans.reduce(0) { $0 + $1.text.utf8.count }
        let bytes = Array(content.plainText.utf8)
        var starts = [0]
        var start = 0, window = PangoTextMeasurer.lineWindow
        // A window's end may cut its last word short, which changes where its last line
        // starts (a cut word may fit where the whole would not): the last two lines are laid
        // out again as the first of the next window. Every earlier line is the one the whole
        // paragraph has: Pango breaks greedily, a break depending on the text up to it and the
        // word after it.
        while start < total {
            var end = min(total, start + window)
            while end < total, bytes[end] & 0xC0 == 0x80 { end += 1 }
            let part = content.slice(utf8: start..<end)
            let lines = session.withUncachedLayout(part) { session.lineStarts(of: $0) }
            if end == total {
                starts += lines.dropFirst().map { start + $0 }
                break
            }
            guard lines.count > 2 else { window *= 2; continue }
            starts += lines.dropFirst().dropLast().map { start + $0 }
            start += lines[lines.count - 2]
            window = PangoTextMeasurer.lineWindow
        }
        return starts
    }
}
