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
    public static func inline(_ text: String) -> [TextSpan] {
        var spans: [TextSpan] = []
        var bold = false, italic = false
        var buffer = ""
        let chars = Array(text)
        var i = 0
        func emit() {
            if !buffer.isEmpty { spans.append(TextSpan(buffer, bold: bold, italic: italic)); buffer = "" }
        }
        func hasClosing(_ marker: String, from start: Int) -> Bool {
            let m = Array(marker)
            var j = start
            while j + m.count <= chars.count {
                if Array(chars[j..<j + m.count]) == m { return true }
                j += 1
            }
            return false
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "*[]()\\".contains(chars[i + 1]) {
                buffer.append(chars[i + 1]); i += 2; continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*", bold || hasClosing("**", from: i + 2) {
                emit(); bold.toggle(); i += 2; continue
            }
            if c == "*", italic || hasClosing("*", from: i + 1) {
                emit(); italic.toggle(); i += 1; continue
            }
            if c == "[", let close = chars[(i + 1)...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
               let end = chars[(close + 2)...].firstIndex(of: ")") {
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
