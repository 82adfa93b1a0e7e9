/// Declares the language of text in another script than the document's (PDF/UA-1 7.2: a
/// change of natural language is marked), so that a screen reader reads `الرقة` in a
/// brief whose `lang` is `en` with an Arabic voice.
///
/// Cairo cannot tag part of one text layout, but it draws a line of mixed Latin and Arabic
/// as runs, each shown in its own font: every run set in the Arabic font is Arabic. So each
/// text-showing operator (`Tj`, `TJ`, `'`, `"`) while such a font is selected (`Tf`) is
/// wrapped in `/Span << /Lang (ar) >> BDC … EMC`: marked content inside the text object and
/// inside its structure element's MCID sequence, which nests as ISO 32000-1 (14.6) allows.
enum LanguageSpans {
    /// The language of the text each font draws, by a word of its name (`NotoSansArabic`).
    static let scripts: [(nameContains: String, language: String)] = [("Arabic", "ar")]

    /// The language of text drawn with the font called `baseFont` (`/ABCDEF+NotoSansArabic`),
    /// when it is one of `scripts` and differs from the document's `language`.
    static func language(ofFont baseFont: String, document language: String?) -> String? {
        guard let found = scripts.first(where: { baseFont.contains($0.nameContains) })?.language else { return nil }
        let primary = language?.split(separator: "-").first.map(String.init)?.lowercased()
        return primary == found ? nil : found
    }

    /// `content` with every text-showing operator in a font of `languageOfFont` (by resource
    /// name, without the slash) wrapped in a language span.
    static func mark(_ content: [UInt8], languageOfFont: [String: String]) -> [UInt8] {
        guard !languageOfFont.isEmpty else { return content }
        var spans: [(range: Range<Int>, language: String)] = []
        content.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer)
            var operandsStart: Int?
            var lastName: PDFToken?
            var font: String?
            while let token = lexer.next() {
                guard token.kind == .keyword, !lexer.isOperandKeyword(token) else {
                    if operandsStart == nil { operandsStart = token.range.lowerBound }
                    if token.kind == .name { lastName = token }
                    continue
                }
                let start = operandsStart ?? token.range.lowerBound
                operandsStart = nil
                if lexer.token(token, is: "ID") { _ = lexer.skipInlineImageData(); lastName = nil; continue }
                if lexer.token(token, is: "Tf"), let name = lastName {
                    font = String(decoding: buffer[(name.range.lowerBound + 1)..<name.range.upperBound], as: UTF8.self)
                } else if isTextShowing(lexer, token), let font, let language = languageOfFont[font] {
                    spans.append((start..<token.range.upperBound, language))
                }
                lastName = nil
            }
        }
        guard !spans.isEmpty else { return content }
        var out: [UInt8] = []
        out.reserveCapacity(content.count + spans.count * 32)
        var copied = 0
        for span in spans {
            out += content[copied..<span.range.lowerBound]
            out += Array("/Span << /Lang (\(span.language)) >> BDC\n".utf8)
            out += content[span.range]
            out += Array("\nEMC".utf8)
            copied = span.range.upperBound
        }
        out += content[copied...]
        return out
    }

    private static func isTextShowing(_ lexer: PDFLexer, _ token: PDFToken) -> Bool {
        lexer.token(token, is: "TJ") || lexer.token(token, is: "Tj") || lexer.token(token, is: "'") || lexer.token(token, is: "\"")
    }
}
