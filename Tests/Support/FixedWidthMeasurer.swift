import ReportScene

/// A measurer with fixed character widths, for unit tests that must not depend on fonts.
public struct FixedWidthMeasurer: TextMeasurer {
    /// Advance of every character, as a fraction of the font size.
    public var advance: Double
    /// Line height as a multiple of the font size.
    public var lineHeight: Double

    /// Creates the measurer.
    public init(advance: Double = 0.55, lineHeight: Double = 1.3) {
        self.advance = advance; self.lineHeight = lineHeight
    }

    public func measure(_ content: TextContent) -> TextMetrics {
        let size = content.style.size
        let charWidth = advance * size
        let words = content.plainText.split(separator: " ", omittingEmptySubsequences: false)
        var lines: [Double] = [0]
        for word in words {
            let w = Double(word.count) * charWidth
            let current = lines[lines.count - 1]
            let withWord = current == 0 ? w : current + charWidth + w
            if let limit = content.width, current > 0, withWord > limit {
                lines.append(w)
            } else {
                lines[lines.count - 1] = withWord
            }
        }
        var truncated = false
        if let maxLines = content.maxLines, lines.count > maxLines {
            lines = Array(lines.prefix(maxLines)); truncated = true
        }
        let lh = lineHeight * size
        return TextMetrics(width: lines.max() ?? 0, height: Double(lines.count) * lh,
                           baseline: 0.8 * lh, lineCount: lines.count, isTruncated: truncated)
    }
}
