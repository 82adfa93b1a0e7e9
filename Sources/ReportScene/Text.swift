/// Text as the layout asks for it and the renderer draws it.
///
/// Layout never guesses text sizes: it asks a `TextMeasurer` (Pango in production, a
/// deterministic stand-in in unit tests) about exactly the `TextContent` it will place, so
/// the measured box and the drawn text agree.

/// A run of text; `bold` and `italic` add emphasis to the content's style. Paragraphs are lists of spans.
public struct TextSpan: Hashable, Sendable {
    public var text: String
    public var bold: Bool
    public var italic: Bool
    /// A URL this span links to (clickable in PDF output).
    public var link: String?
    /// Overrides the content's colour for this span.
    public var color: Color?

    /// Creates a span.
    public init(_ text: String, bold: Bool = false, italic: Bool = false, link: String? = nil, color: Color? = nil) {
        self.text = text; self.bold = bold; self.italic = italic; self.link = link; self.color = color
    }
}

/// Horizontal alignment of lines inside a text box. Physical, not logical: `.right` is the
/// right edge for Arabic too (layout picks it for right-to-left text).
public enum TextAlignment: String, Hashable, Sendable {
    case left, center, right
}

/// Font and colour of a piece of text.
public struct TextStyle: Hashable, Sendable {
    /// A comma-separated list of font families from Fonts/, tried in order per character.
    public var family: String
    /// Size in points.
    public var size: Double
    public var bold: Bool
    public var italic: Bool
    public var color: Color
    /// Extra space between lines as a multiple of the font's line height (0 = the font's own).
    public var lineSpacing: Double

    /// Creates a style.
    public init(family: String, size: Double, bold: Bool = false, italic: Bool = false,
                color: Color = .black, lineSpacing: Double = 0) {
        self.family = family; self.size = size; self.bold = bold; self.italic = italic
        self.color = color; self.lineSpacing = lineSpacing
    }

    /// The same style at another size.
    public func sized(_ size: Double) -> TextStyle { var s = self; s.size = size; return s }
    /// The same style, bold.
    public func bolded(_ bold: Bool = true) -> TextStyle { var s = self; s.bold = bold; return s }
    /// The same style, italic.
    public func italicized(_ italic: Bool = true) -> TextStyle { var s = self; s.italic = italic; return s }
    /// The same style in another colour.
    public func colored(_ color: Color) -> TextStyle { var s = self; s.color = color; return s }
}

/// Everything that decides the shape of a text box.
public struct TextContent: Hashable, Sendable {
    public var spans: [TextSpan]
    public var style: TextStyle
    /// Wrap width in points; nil keeps the text on one line (no wrapping).
    public var width: Double?
    public var alignment: TextAlignment
    /// With a width: at most this many lines, the last ending in "…".
    public var maxLines: Int?

    /// Creates text content.
    public init(spans: [TextSpan], style: TextStyle, width: Double? = nil,
                alignment: TextAlignment = .left, maxLines: Int? = nil) {
        self.spans = spans; self.style = style; self.width = width
        self.alignment = alignment; self.maxLines = maxLines
    }

    /// One plain run of text.
    public init(_ text: String, style: TextStyle, width: Double? = nil,
                alignment: TextAlignment = .left, maxLines: Int? = nil) {
        self.init(spans: [TextSpan(text)], style: style, width: width, alignment: alignment, maxLines: maxLines)
    }

    /// The characters of all spans.
    public var plainText: String { spans.map(\.text).joined() }
}

/// The measured shape of a `TextContent`.
public struct TextMetrics: Hashable, Sendable {
    /// Width of the widest line (logical extents), or the wrap width's used part.
    public var width: Double
    /// Height of all lines.
    public var height: Double
    /// Distance from the top of the box to the first line's baseline.
    public var baseline: Double
    /// Number of lines after wrapping.
    public var lineCount: Int
    /// Characters no font in Fonts/ could draw (they would come out as boxes).
    public var unknownGlyphs: Int
    /// True when `maxLines` cut the text short.
    public var isTruncated: Bool

    /// Creates metrics.
    public init(width: Double, height: Double, baseline: Double, lineCount: Int,
                unknownGlyphs: Int = 0, isTruncated: Bool = false) {
        self.width = width; self.height = height; self.baseline = baseline
        self.lineCount = lineCount; self.unknownGlyphs = unknownGlyphs; self.isTruncated = isTruncated
    }
}

/// Measures text for layout. Implementations must be deterministic.
public protocol TextMeasurer {
    /// The size `content` takes when drawn.
    func measure(_ content: TextContent) -> TextMetrics
}
