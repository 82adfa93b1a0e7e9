import ReportScene

/// Layout stage: prepared blocks → pages of `SceneItem`s.
///
/// Everything layout needs besides the blocks travels in a `LayoutContext`: the text
/// measurer (the only feedback from the backend), the report's styles and its colour map,
/// all read-only. Layout does no I/O and changes nothing it is given: the problems it finds
/// (text no font can draw) are returned by `ReportLayout`'s calls.
public final class LayoutContext {
    public let measurer: TextMeasurer
    public let styles: ReportStyles
    /// The report's colours; `ReportLayout` completes them from the blocks before layout.
    public let colors: ColorMap
    let specFile: String
    /// The report's as-of day (day number): force levels hold until then.
    public let asOfDay: Double?
    /// What time axes say they show ("UTC", "UTC+03:00").
    public let zoneName: String
    /// Where the spec writes a text, so that text no font covers is reported at its place.
    let locate: (@Sendable (String) -> (position: SourcePosition, path: String)?)?
    /// Where the one `ReportLayout` call this context was made for notes text no font covers;
    /// nil in contexts made by callers (they measure without recording).
    let coverage: TextCoverage?

    /// Creates a context; `locate` finds where the spec writes a text (for messages).
    public init(measurer: TextMeasurer, styles: ReportStyles, colors: ColorMap, specFile: String, asOfDay: Double? = nil,
                zoneName: String = "UTC", locate: (@Sendable (String) -> (position: SourcePosition, path: String)?)? = nil) {
        self.measurer = measurer; self.styles = styles; self.colors = colors; self.specFile = specFile; self.asOfDay = asOfDay
        self.zoneName = zoneName; self.locate = locate; coverage = nil
    }

    /// A copy with another colour map, or recording into `coverage`.
    private init(_ base: LayoutContext, colors: ColorMap, coverage: TextCoverage?) {
        measurer = base.measurer; styles = base.styles; self.colors = colors; specFile = base.specFile; asOfDay = base.asOfDay
        zoneName = base.zoneName; locate = base.locate; self.coverage = coverage
    }

    /// This context with `colors` instead of its own.
    func with(colors: ColorMap) -> LayoutContext { LayoutContext(self, colors: colors, coverage: coverage) }

    /// This context for one layout call, with a fresh record of uncovered text.
    func recording() -> LayoutContext { LayoutContext(self, colors: colors, coverage: TextCoverage()) }

    /// Measures text, noting (in a `ReportLayout` call) text whose script no font in Fonts/ covers.
    public func measure(_ content: TextContent) -> TextMetrics {
        let metrics = measurer.measure(content)
        if metrics.unknownGlyphs > 0, let coverage {
            let text = content.plainText
            let place = locate?(text)
            coverage.note(.error("\"\(text)\" has \(metrics.unknownGlyphs) character(s) in a script no font in Fonts/ covers (\(Script.describe(text))); add a font for it to the fonts folder",
                                 file: specFile, at: place?.position, path: place?.path), about: text)
        }
        return metrics
    }

    /// Measures one line of plain text.
    public func width(_ text: String, _ style: TextStyle) -> Double {
        measure(TextContent(text, style: style)).width
    }

    /// A text item whose top-left corner is at `origin`.
    public func text(_ text: String, _ style: TextStyle, at origin: Point, width: Double? = nil,
                     alignment: TextAlignment = .left, maxLines: Int? = nil) -> SceneItem {
        .text(TextItem(TextContent(text, style: style, width: width, alignment: alignment, maxLines: maxLines), at: origin))
    }

    /// Places one line of text so its box is anchored at `point`: `.left` puts its left edge
    /// there, `.center` its middle, `.right` its right edge; `vertical` does the same for y
    /// (0 top, 0.5 middle, 1 bottom). Returns the item and its box.
    public func label(_ text: String, _ style: TextStyle, at point: Point, anchor: TextAlignment = .left,
                      vertical: Double = 0) -> (item: SceneItem, box: Rect) {
        let m = measure(TextContent(text, style: style))
        let x: Double
        switch anchor {
        case .left: x = point.x
        case .center: x = point.x - m.width / 2
        case .right: x = point.x - m.width
        }
        let y = point.y - m.height * vertical
        let box = Rect(x: x, y: y, width: m.width, height: m.height)
        return (.text(TextItem(TextContent(text, style: style), at: Point(x, y))), box)
    }
}

/// The text one layout call found no font for, each text said once, in the order met.
final class TextCoverage {
    private(set) var diagnostics: [Diagnostic] = []
    private var reported = Set<String>()

    func note(_ diagnostic: @autoclosure () -> Diagnostic, about text: String) {
        if reported.insert(text).inserted { diagnostics.append(diagnostic()) }
    }
}

/// Names the scripts of characters for messages about missing fonts.
enum Script {
    static func describe(_ text: String) -> String {
        var names: [String] = []
        for scalar in text.unicodeScalars where scalar.value > 0x24F {
            let name = name(of: scalar.value)
            if !names.contains(name) { names.append(name) }
        }
        return names.isEmpty ? "unknown script" : names.joined(separator: ", ")
    }

    private static func name(of v: UInt32) -> String {
        switch v {
        case 0x0370...0x03FF: return "Greek"
        case 0x0400...0x04FF: return "Cyrillic"
        case 0x0530...0x058F: return "Armenian"
        case 0x0590...0x05FF: return "Hebrew"
        case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return "Arabic"
        case 0x0700...0x074F: return "Syriac"
        case 0x0900...0x097F: return "Devanagari"
        case 0x0E00...0x0E7F: return "Thai"
        case 0x10A0...0x10FF: return "Georgian"
        case 0x1100...0x11FF, 0xAC00...0xD7AF: return "Hangul"
        case 0x3040...0x30FF: return "Japanese kana"
        case 0x4E00...0x9FFF: return "Han (CJK)"
        case 0x1F300...0x1FAFF: return "emoji"
        default: return "U+\(String(v, radix: 16, uppercase: true))"
        }
    }
}

/// The report's text styles and ink colours.
public struct ReportStyles: Sendable {
    /// Font family list: the theme's family, then Noto Sans Arabic for Arabic script and
    /// Noto Sans Math for symbols such as ≈ that Noto Sans lacks.
    public var family: String
    public var ink = Color(hex: "#1a1a1a")!
    public var muted = Color(hex: "#5a5a5a")!
    public var rule = Color(hex: "#9a9a9a")!
    public var grid = Color(hex: "#e6e6e6")!
    public var accent = Color(hex: "#8b1a1a")!

    /// Creates styles for a theme font.
    public init(font: String) {
        family = "\(font), Noto Sans Arabic, Noto Sans Math"
    }

    public var body: TextStyle { TextStyle(family: family, size: 9.5, color: ink, lineSpacing: 0.15) }
    public var small: TextStyle { TextStyle(family: family, size: 7.5, color: muted) }
    public var axis: TextStyle { TextStyle(family: family, size: 7.5, color: muted) }
    public var label: TextStyle { TextStyle(family: family, size: 7.5, color: ink) }
    public var blockTitle: TextStyle { TextStyle(family: family, size: 11.5, bold: true, color: ink) }
    public var heading: TextStyle { TextStyle(family: family, size: 15, bold: true, color: ink) }
    public var title: TextStyle { TextStyle(family: family, size: 22, bold: true, color: ink) }
    public var subtitle: TextStyle { TextStyle(family: family, size: 13, color: muted) }
}

/// One colour per category value across the whole report: the theme's fixed colours
/// first, then the palette in order of first appearance, so a force or actor keeps its
/// colour in every chart. Completed once, before layout, from the categories every block
/// colours (`ReportLayout` does it with `adding`, or build it with `ColorMap(theme:blocks:)`);
/// layout only reads it.
public struct ColorMap: Sendable {
    private var assigned: [String: Color]
    private let palette: [Color]
    private var next = 0

    /// A map from the theme, with `categories` given colours in order.
    public init(theme: ThemeSpec, categories: [String] = []) {
        assigned = theme.colors
        palette = theme.palette.isEmpty ? ThemeSpec.colorBlindSafe : theme.palette
        for category in categories { assign(category) }
    }

    /// The map of a report: the colours of every category its blocks draw, block by block in
    /// report order, so a block drawn alone (`--only`, a PNG output) gets the colours it has
    /// in the PDF. The theme's fixed colours still come first.
    public init(theme: ThemeSpec, blocks: [PreparedBlock]) {
        self.init(theme: theme, categories: blocks.flatMap(\.content.colorCategories))
    }

    /// This map with `categories` it does not know yet given the next colours.
    public func adding(_ categories: [String]) -> ColorMap {
        var map = self
        for category in categories { map.assign(category) }
        return map
    }

    /// The colour of a category. One the map was not built with gets the colour it would be
    /// given next (the map does not change).
    public func color(for category: String) -> Color {
        if let c = assigned[category] { return c }
        var map = self
        return map.assign(category)
    }

    /// Gives `category` the next palette colour, unless it has one.
    @discardableResult
    private mutating func assign(_ category: String) -> Color {
        if let c = assigned[category] { return c }
        let used = Set(assigned.values)
        // Skip palette colours the theme already gave to a named category.
        var candidate = palette[next % palette.count]
        var tries = 0
        while used.contains(candidate), tries < palette.count { next += 1; tries += 1; candidate = palette[next % palette.count] }
        next += 1
        assigned[category] = candidate
        return candidate
    }
}
