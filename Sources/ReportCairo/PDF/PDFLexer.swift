/// PDF's lexical syntax (ISO 32000-1, 7.2), shared by the object reader (`PDFFile`) and the
/// content stream rewriter (`ArtifactMarking`): a token's kind and byte range, nothing
/// allocated, so a content stream of megabytes is scanned in one pass.

/// The kind of a PDF token.
enum PDFTokenKind: Equatable {
    /// An integer or real number.
    case number
    /// `/Name`.
    case name
    /// `(literal string)`, nesting and backslash escapes included.
    case string
    /// `<hex string>`.
    case hexString
    case dictionaryStart, dictionaryEnd, arrayStart, arrayEnd
    /// Any other run of regular characters: `true`, `obj`, `R`, an operator (`BT`, `Tj`, `'`).
    case keyword
}

/// A token: its kind and where it lies in the bytes.
struct PDFToken {
    var kind: PDFTokenKind
    var range: Range<Int>
}

/// Reads tokens from bytes, in order.
struct PDFLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next token is looked for.
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes; self.position = position
    }

    /// The next token, or nil at the end (or at bytes that are no token, such as an
    /// unbalanced `)`).
    mutating func next() -> PDFToken? {
        skipWhitespaceAndComments()
        guard position < bytes.count else { return nil }
        let start = position
        let c = bytes[position]
        switch c {
        case UInt8(ascii: "/"):
            position += 1
            while position < bytes.count, Self.isRegular(bytes[position]) { position += 1 }
            return PDFToken(kind: .name, range: start..<position)
        case UInt8(ascii: "("):
            skipLiteralString()
            return PDFToken(kind: .string, range: start..<position)
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2
                return PDFToken(kind: .dictionaryStart, range: start..<position)
            }
            while position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
            position = min(position + 1, bytes.count)
            return PDFToken(kind: .hexString, range: start..<position)
        case UInt8(ascii: ">"):
            guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else { return nil }
            position += 2
            return PDFToken(kind: .dictionaryEnd, range: start..<position)
        case UInt8(ascii: "["):
            position += 1
            return PDFToken(kind: .arrayStart, range: start..<position)
        case UInt8(ascii: "]"):
            position += 1
            return PDFToken(kind: .arrayEnd, range: start..<position)
        case UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return nil
        default:
            while position < bytes.count, Self.isRegular(bytes[position]) { position += 1 }
            // A number starts with a digit, a sign or a point; a keyword never does.
            let isNumber = (c >= 48 && c <= 57) || c == 46 || c == 43 || c == 45
            return PDFToken(kind: isNumber ? .number : .keyword, range: start..<position)
        }
    }

    /// True when the token's bytes are `text`.
    func token(_ token: PDFToken, is text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard token.range.count == count else { return false }
        let p = text.utf8Start
        for i in 0..<count where bytes[token.range.lowerBound + i] != p[i] { return false }
        return true
    }

    /// `true`, `false` or `null`: keywords that are operands, not operators.
    func isOperandKeyword(_ token: PDFToken) -> Bool {
        guard token.kind == .keyword else { return false }
        switch bytes[token.range.lowerBound] {
        case UInt8(ascii: "t"): return self.token(token, is: "true")
        case UInt8(ascii: "f"): return self.token(token, is: "false")
        case UInt8(ascii: "n"): return self.token(token, is: "null")
        default: return false
        }
    }

    private mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            let c = bytes[position]
            if Self.isWhitespace(c) {
                position += 1
            } else if c == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 10, bytes[position] != 13 { position += 1 }
            } else {
                return
            }
        }
    }

    /// Past a literal string: balanced parentheses, a backslash escaping the next byte.
    private mutating func skipLiteralString() {
        var depth = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { position += 1; return }
            default: break
            }
            position += 1
        }
    }

    /// Past an inline image's data, which follows `ID` and its one whitespace byte: up to
    /// and including the `EI` that stands alone between whitespace. Returns false when
    /// there is none.
    mutating func skipInlineImageData() -> Bool {
        position += 1
        while position + 2 < bytes.count {
            if Self.isWhitespace(bytes[position]), bytes[position + 1] == UInt8(ascii: "E"), bytes[position + 2] == UInt8(ascii: "I"),
               position + 3 == bytes.count || Self.isWhitespace(bytes[position + 3]) || !Self.isRegular(bytes[position + 3]) {
                position += 3
                return true
            }
            position += 1
        }
        position = bytes.count
        return false
    }

    static func isWhitespace(_ c: UInt8) -> Bool { c == 32 || c == 10 || c == 13 || c == 9 || c == 12 || c == 0 }

    /// Neither whitespace nor a delimiter.
    static func isRegular(_ c: UInt8) -> Bool {
        switch c {
        case 32, 10, 13, 9, 12, 0: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): return false
        default: return true
        }
    }
}
