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
    /// A word of more than 200 characters is given break opportunities (`BreakOpportunities`).
    public init(spans: [TextSpan], style: TextStyle, width: Double? = nil,
                alignment: TextAlignment = .left, maxLines: Int? = nil) {
        self.spans = BreakOpportunities.spans(spans); self.style = style; self.width = width
        self.alignment = alignment; self.maxLines = maxLines
    }

    /// One plain run of text.
    public init(_ text: String, style: TextStyle, width: Double? = nil,
                alignment: TextAlignment = .left, maxLines: Int? = nil) {
        self.init(spans: [TextSpan(text)], style: style, width: width, alignment: alignment, maxLines: maxLines)
    }

    /// The characters of all spans.
    public var plainText: String { spans.map(\.text).joined() }

    /// The part of this content between two UTF-8 offsets into `plainText` (which must fall
    /// between characters, as line starts do), with the same style, width and alignment:
    /// the lines of a paragraph drawn on one page when it continues on the next.
    public func slice(utf8 range: Range<Int>) -> TextContent {
        var parts: [TextSpan] = []
        var start = 0
        for span in spans {
            let count = span.text.utf8.count
            defer { start += count }
            let lower = max(range.lowerBound, start), upper = min(range.upperBound, start + count)
            guard lower < upper else { continue }
            let utf8 = span.text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: lower - start), to = utf8.index(utf8.startIndex, offsetBy: upper - start)
            var part = span
            part.text = String(decoding: utf8[from..<to], as: UTF8.self)
            parts.append(part)
        }
        var content = self
        content.spans = parts
        return content
    }
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

    /// Where each line of `content` (wrapped at its width) starts, as UTF-8 offsets into its
    /// `plainText`, the first 0. A paragraph taller than a page is drawn line by line from
    /// these; they must be the lines `measure` and the renderer make, for a text of any
    /// length (a layout of hundreds of thousands of characters is made in windows).
    func lineStarts(_ content: TextContent) -> [Int]
}

extension TextMeasurer {
    /// One line: measurers that cannot say where lines start never split a paragraph.
    public func lineStarts(_ content: TextContent) -> [Int] { [0] }
}

/// Pango's line breaking is quadratic in the length of a word it must break between
/// characters (an 80,000-character word took 5 s to lay out, a million characters never
/// finished). A run of more than `longWord` characters without a space is given a
/// zero-width space, a break opportunity that draws nothing, after every `every`
/// characters: the lines of such a word end at those points, and the work is linear.
/// Shorter words, all but pathological text, are untouched. `TextContent` does it when it is
/// made, so the text measured, drawn and split into lines is one and the same.
public enum BreakOpportunities {
    public static let longWord = 200
    public static let every = 16
    public static let mark: Character = "\u{200B}"

    /// The spans with break opportunities in their long words; the same spans when none is.
    public static func spans(_ spans: [TextSpan]) -> [TextSpan] {
        guard spans.contains(where: { $0.text.utf8.count > longWord }) || spans.count > 1,
              mayHaveLongWord(spans) else { return spans }
        // A word may run across spans (bold inside a word): words are found in the whole text.
        let all = spans.flatMap { Array($0.text) }
        var after = [Bool](repeating: false, count: all.count)
        var i = 0, found = false
        while i < all.count {
            if separates(all[i]) { i += 1; continue }
            var j = i
            while j < all.count, !separates(all[j]) { j += 1 }
            if j - i > longWord {
                found = true
                for k in stride(from: i + every - 1, to: j - 1, by: every) { after[k] = true }
            }
            i = j
        }
        guard found else { return spans }
        var index = 0
        return spans.map { span in
            var out = span
            out.text = ""
            out.text.reserveCapacity(span.text.utf8.count + span.text.utf8.count / 4)
            for c in span.text {
                out.text.append(c)
                if after[index] { out.text.append(mark) }
                index += 1
            }
            return out
        }
    }

    /// A space, a line break or a break opportunity already given ends a word.
    private static func separates(_ c: Character) -> Bool { c.isWhitespace || c == mark }

    /// False when no run of bytes without a space is longer than `longWord` (a character is
    /// a byte or more): the cheap test that passes almost all text by.
    private static func mayHaveLongWord(_ spans: [TextSpan]) -> Bool {
        var run = 0
        for span in spans {
            for byte in span.text.utf8 {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { run = 0 } else { run += 1; if run > longWord { return true } }
            }
        }
        return false
    }
}
