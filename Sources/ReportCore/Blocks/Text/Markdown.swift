import ReportScene

/// The small Markdown subset of `text` blocks: paragraphs (blank-line separated), `- `
/// bullets, `**bold**`, `*italic*` and `[links](https://...)`. Written by hand because the
/// Markdown packages available here do not build on this machine's Swift toolchain, and
/// this subset needs only spans, not a document tree.
public enum Markdown {
    /// A paragraph or a bullet item.
    public struct Paragraph: Equatable {
        public var spans: [TextSpan]
        public var isBullet: Bool
    }

    /// Splits text into paragraphs and bullets, each parsed into styled spans.
    public static func parse(_ text: String) -> [Paragraph] {
        var paragraphs: [Paragraph] = []
        var current: [String] = []
        var currentIsBullet = false
        func flush() {
            let joined = current.joined(separator: " ").trimmingSpaces
            if !joined.isEmpty { paragraphs.append(Paragraph(spans: inline(joined), isBullet: currentIsBullet)) }
            current = []
            currentIsBullet = false
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("• ") {
                flush()
                currentIsBullet = true
                current = [String(line.dropFirst(2))]
            } else {
                current.append(line)
            }
        }
        flush()
        return paragraphs
    }

    /// Inline emphasis and links; unmatched markers stay as literal characters.
    ///
    /// Linear in the text: where the next `*`, `**` and `]` are, and which `)` closes each
    /// `(`, are found in one pass first (looking ahead from every marker made 16,000 `[`
    /// take seconds). A link's URL may hold balanced parentheses
    /// (`https://en.wikipedia.org/wiki/Raqqa_(city)`), as in CommonMark.
    public static func inline(_ text: String) -> [TextSpan] {
        var spans: [TextSpan] = []
        var bold = false, italic = false
        var buffer = ""
        let chars = Array(text)
        let marks = Marks(chars)
        var i = 0
        func emit() {
            if !buffer.isEmpty { spans.append(TextSpan(buffer, bold: bold, italic: italic)); buffer = "" }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "*[]()\\".contains(chars[i + 1]) {
                buffer.append(chars[i + 1]); i += 2; continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*", bold || marks.nextDoubleStar[min(i + 2, chars.count)] < chars.count {
                emit(); bold.toggle(); i += 2; continue
            }
            if c == "*", italic || marks.nextStar[i + 1] < chars.count {
                emit(); italic.toggle(); i += 1; continue
            }
            // A link needs a label: `[](https://…)` would be an empty, invisible link.
            if c == "[", case let close = marks.nextBracket[i + 1], close > i + 1, close + 1 < chars.count, chars[close + 1] == "(",
               let end = marks.closingParen[close + 1] {
                let label = String(chars[(i + 1)..<close])
                let url = String(chars[(close + 2)..<end])
                if url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("mailto:") {
                    emit()
                    spans.append(TextSpan(label, bold: bold, italic: italic, link: url))
                    i = end + 1
                    continue
                }
            }
            buffer.append(c); i += 1
        }
        emit()
        return spans
    }

    /// Where the markers of a line of text are, found in one pass each.
    private struct Marks {
        /// For each index, the index of the next `*` at or after it (`count` when none).
        var nextStar: [Int]
        /// For each index, the start of the next `**` at or after it.
        var nextDoubleStar: [Int]
        /// For each index, the next `]` at or after it.
        var nextBracket: [Int]
        /// For each `(`, the `)` that closes it (nesting counted), when there is one.
        var closingParen: [Int: Int]

        init(_ chars: [Character]) {
            let n = chars.count
            nextStar = Array(repeating: n, count: n + 1)
            nextDoubleStar = Array(repeating: n, count: n + 1)
            nextBracket = Array(repeating: n, count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                nextStar[i] = chars[i] == "*" ? i : nextStar[i + 1]
                nextDoubleStar[i] = chars[i] == "*" && i + 1 < n && chars[i + 1] == "*" ? i : nextDoubleStar[i + 1]
                nextBracket[i] = chars[i] == "]" ? i : nextBracket[i + 1]
            }
            closingParen = [:]
            var open: [Int] = []
            for (i, c) in chars.enumerated() {
                if c == "(" { open.append(i) } else if c == ")", let start = open.popLast() { closingParen[start] = i }
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }

    /// True when the first letter with a strong direction is right-to-left (Arabic, Hebrew…).
    var isRightToLeft: Bool {
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return true
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return false
            default: continue
            }
        }
        return false
    }
}
