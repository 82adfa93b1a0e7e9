import ReportScene

/// Layout stage: prepared blocks → pages of `SceneItem`s.
///
/// Everything layout needs besides the blocks travels in a `LayoutContext`: the text
/// measurer (the only feedback from the backend), the report's styles and its colour map.
/// Layout does no I/O.
public final class LayoutContext {
    public let measurer: TextMeasurer
    public let styles: ReportStyles
    public let colors: ColorMap
    /// Problems found while laying out (text no font can draw).
    public private(set) var diagnostics: [Diagnostic] = []
    private var reportedText = Set<String>()
    let specFile: String
    /// The report's as-of day (day number): force levels hold until then.
    public var asOfDay: Double?
    /// What time axes say they show ("UTC", "UTC+03:00").
    public var zoneName = "UTC"
    /// Where the spec writes a text, so that text no font covers is reported at its place.
    public var locate: ((String) -> (position: SourcePosition, path: String)?)?

    /// Creates a context.
    public init(measurer: TextMeasurer, styles: ReportStyles, colors: ColorMap, specFile: String, asOfDay: Double? = nil) {
        self.measurer = measurer; self.styles = styles; self.colors = colors; self.specFile = specFile; self.asOfDay = asOfDay
    }

    /// Measures text and records text whose script no font in Fonts/ covers.
    public func measure(_ content: TextContent) -> TextMetrics {
        let metrics = measurer.measure(content)
        if metrics.unknownGlyphs > 0 {
            let text = content.plainText
            if reportedText.insert(text).inserted {
                let place = locate?(text)
                diagnostics.append(.error("\"\(text)\" has \(metrics.unknownGlyphs) character(s) in a script no font in Fonts/ covers (\(Script.describe(text))); add a font for it to the fonts folder",
                                          file: specFile, at: place?.position, path: place?.path))
            }
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
/// colour in every chart.
public final class ColorMap {
    private var assigned: [String: Color]
    private let palette: [Color]
    private var next = 0

    /// Creates a map from the theme.
    public init(theme: ThemeSpec) {
        assigned = theme.colors
        palette = theme.palette.isEmpty ? ThemeSpec.colorBlindSafe : theme.palette
    }

    /// The colour of a category, assigning the next palette colour on first sight.
    public func color(for category: String) -> Color {
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
