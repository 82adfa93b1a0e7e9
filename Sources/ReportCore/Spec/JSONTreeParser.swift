/// A strict RFC 8259 JSON parser that produces a positioned `SpecNode` tree.
///
/// Written by hand because no available JSON package keeps source positions: Foundation's
/// `JSONSerialization` and `JSONDecoder` throw the positions away, and a spec error must point at
/// `file:line:column`. It works on raw bytes (never `Character`s) so that a 60 MB data file parses in
/// about the time it takes to read, and it uses an explicit stack instead of recursion so that no
/// input can overflow the call stack.
///
/// Positions are 1-based; columns count Unicode scalars, so a line of Arabic text before an error
/// moves the column by its letters, not by its bytes. A leading UTF-8 byte order mark is skipped
/// and does not count as a column.
public enum JSONTreeParser {
    /// The deepest nesting of arrays and objects (YAML: sequences and mappings) a spec may use.
    /// Deeper input is reported as an error instead of being allowed to exhaust memory or stack.
    public static let maxDepth = 512

    /// Parses one JSON document.
    ///
    /// Problems that are cheap to step over (duplicate keys, bad escapes, trailing commas, control
    /// characters or invalid UTF-8 inside strings) are collected and reported together; any other
    /// syntax error stops the parse. The diagnostics carry no `file`: the caller adds it with `inFile`.
    ///
    /// - Throws: every problem found, in the order found.
    public static func parse(_ bytes: [UInt8]) throws(DiagnosticList) -> SpecNode {
        let result = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONByteParser(buffer)
            return parser.parseDocument()
        }
        return try result.get()
    }
}

/// Stops the parse: a syntax error after which nothing reliable can be said.
private struct JSONStop: Error {
    var diagnostic: Diagnostic
}

/// An array or object still open while the parser reads its contents.
///
/// Its elements or members wait on shared stacks (`JSONByteParser.pendingElements` and
/// `pendingMembers`) from `base` on, and are copied into an exactly sized array when it closes:
/// one allocation per container instead of one per doubling of a growing array.
private struct OpenContainer {
    var isObject: Bool
    var position: SourcePosition
    var base: Int
    /// The key read for the member whose value comes next.
    var pendingKey = ""
    var pendingKeyPosition = SourcePosition(line: 0, column: 0)
    /// First positions of keys, for duplicate checks; built only for large objects, where a
    /// linear scan would be quadratic. Small objects (nearly all spec objects) never allocate it.
    var keyIndex: [String: SourcePosition]?

    static let linearScanLimit = 12
}

private enum ASCII {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+"), dot = UInt8(ascii: "."), zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    static let lowerE = UInt8(ascii: "e"), upperE = UInt8(ascii: "E"), apostrophe = UInt8(ascii: "'")

    static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case zero...nine: return UInt32(b - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Bytes that make up a "word" shown in messages: `found 'True'` reads better than `found 'T'`.
    static func isWordByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             zero...nine, UInt8(ascii: "_"), dot, plus, minus:
            return true
        default:
            return false
        }
    }
}

/// The parser's state over one input buffer.
private struct JSONByteParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// Current line and the byte offset where it starts; only whitespace can hold line breaks.
    var line = 1
    var lineStart = 0
    /// Last column computed on the current line, so that positions cost O(distance moved), not
    /// O(line length): a minified 60 MB file is a single line.
    var columnCacheOffset = 0
    var columnCacheValue = 1
    var errors: [Diagnostic] = []
    /// Values of all open containers, innermost last (see `OpenContainer`).
    var pendingElements: [SpecNode] = []
    var pendingMembers: [SpecMember] = []
    /// Reused buffer for strings that need unescaping.
    var scratch: [UInt8] = []

    /// Collected errors stop the parse at this count: a binary file fed in by mistake should give
    /// a screenful, not a million lines.
    static let maxCollectedErrors = 100

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() -> Result<SpecNode, DiagnosticList> {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
            columnCacheOffset = 3
        }
        do throws(JSONStop) {
            skipWhitespace()
            if offset == bytes.count { throw stop("empty input: expected a JSON value") }
            let root = try parseValueTree()
            skipWhitespace()
            if offset < bytes.count { throw unexpected("expected end of input after the JSON value") }
            return errors.isEmpty ? .success(root) : .failure(DiagnosticList(errors))
        } catch {
            errors.append(error.diagnostic)
            return .failure(DiagnosticList(errors))
        }
    }

    // MARK: - Structure

    /// Parses one value with everything nested in it, keeping open containers on an explicit stack.
    ///
    /// The loop alternates two states: "a value is expected here" (top of the outer loop) and
    /// "a value was just completed" (the inner loop, which attaches it to the open container and
    /// closes every container that ends right after it).
    mutating func parseValueTree() throws(JSONStop) -> SpecNode {
        var stack: [OpenContainer] = []
        expectValue: while true {
            skipWhitespace()
            var value: SpecNode
            let byte = offset < bytes.count ? bytes[offset] : 0
            if byte == ASCII.openBrace || byte == ASCII.openBracket {
                let isObject = byte == ASCII.openBrace
                if stack.count >= JSONTreeParser.maxDepth {
                    throw stop("too deeply nested: more than \(JSONTreeParser.maxDepth) nested arrays and objects")
                }
                stack.append(OpenContainer(isObject: isObject, position: position(offset),
                                           base: isObject ? pendingMembers.count : pendingElements.count))
                offset += 1
                skipWhitespace()
                if peek == (isObject ? ASCII.closeBrace : ASCII.closeBracket) {
                    offset += 1
                    value = close(stack.removeLast())
                } else if isObject {
                    try readKey(into: &stack[stack.count - 1], afterComma: false)
                    continue expectValue
                } else {
                    continue expectValue
                }
            } else {
                value = try parseScalar()
            }

            while true {
                guard !stack.isEmpty else { return value }
                let top = stack.count - 1
                let isObject = stack[top].isObject
                if isObject {
                    appendMember(value, to: &stack[top])
                } else {
                    pendingElements.append(value)
                }
                skipWhitespace()
                let closer = isObject ? ASCII.closeBrace : ASCII.closeBracket
                switch peek {
                case ASCII.comma:
                    let commaPosition = position(offset)
                    offset += 1
                    skipWhitespace()
                    if peek == closer {
                        // Recovery is trivial (the comma is simply dropped), so keep going and
                        // report anything else in the file too.
                        try report("trailing comma before '\(Character(Unicode.Scalar(closer)))'", at: commaPosition)
                        offset += 1
                        value = close(stack.removeLast())
                        continue
                    }
                    if isObject { try readKey(into: &stack[top], afterComma: true) }
                    continue expectValue
                case closer:
                    offset += 1
                    value = close(stack.removeLast())
                default:
                    throw unexpected(isObject ? "expected ',' or '}' after object member"
                                              : "expected ',' or ']' after array element")
                }
            }
        }
    }

    mutating func appendMember(_ value: SpecNode, to container: inout OpenContainer) {
        pendingMembers.append(SpecMember(key: container.pendingKey, keyPosition: container.pendingKeyPosition,
                                         value: value))
        if container.keyIndex != nil {
            if container.keyIndex![container.pendingKey] == nil {
                container.keyIndex![container.pendingKey] = container.pendingKeyPosition
            }
        } else if pendingMembers.count - container.base > OpenContainer.linearScanLimit {
            var index: [String: SourcePosition] = [:]
            for member in pendingMembers[container.base...] where index[member.key] == nil {
                index[member.key] = member.keyPosition
            }
            container.keyIndex = index
        }
    }

    func firstPosition(of key: String, in container: OpenContainer) -> SourcePosition? {
        if let keyIndex = container.keyIndex { return keyIndex[key] }
        return pendingMembers[container.base...].first { $0.key == key }?.keyPosition
    }

    mutating func close(_ container: OpenContainer) -> SpecNode {
        if container.isObject {
            let members = Array(pendingMembers[container.base...])
            pendingMembers.removeSubrange(container.base...)
            return SpecNode(.object(members), at: container.position)
        }
        let elements = Array(pendingElements[container.base...])
        pendingElements.removeSubrange(container.base...)
        return SpecNode(.array(elements), at: container.position)
    }

    /// Reads `"key" :` at the current offset (whitespace already skipped) into `container`.
    mutating func readKey(into container: inout OpenContainer, afterComma: Bool) throws(JSONStop) {
        guard peek == ASCII.quote else {
            throw unexpected(afterComma ? "expected a string key after ','" : "expected a string key or '}'")
        }
        let keyPosition = position(offset)
        let key = try parseString()
        if let first = firstPosition(of: key, in: container) {
            try report("duplicate key \"\(key)\" (first at \(first))", at: keyPosition)
        }
        container.pendingKey = key
        container.pendingKeyPosition = keyPosition
        skipWhitespace()
        guard peek == ASCII.colon else { throw unexpected("expected ':' after object key") }
        offset += 1
    }

    // MARK: - Scalars

    mutating func parseScalar() throws(JSONStop) -> SpecNode {
        let start = position(offset)
        let byte = peek
        if byte == ASCII.quote {
            return SpecNode(.string(try parseString()), at: start)
        }
        if byte == ASCII.minus || ASCII.isDigit(byte) {
            return SpecNode(try parseNumber(start: start), at: start)
        }
        switch word(at: offset) {
        case "true": offset += 4; return SpecNode(.bool(true), at: start)
        case "false": offset += 5; return SpecNode(.bool(false), at: start)
        case "null": offset += 4; return SpecNode(.null, at: start)
        default:
            if offset == bytes.count { throw unexpected("expected a value") }
            if byte == ASCII.apostrophe {
                throw unexpected("expected a value (JSON strings use double quotes)")
            }
            throw unexpected("expected a value")
        }
    }

    /// Parses a string starting at the opening quote.
    ///
    /// The common case (no escapes, no control characters, valid UTF-8) is a single scan and one
    /// `String` built straight from the input bytes; anything else falls back to copying into
    /// `scratch`.
    mutating func parseString() throws(JSONStop) -> String {
        let quoteOffset = offset
        offset += 1
        let contentStart = offset
        while offset < bytes.count {
            let b = bytes[offset]
            if b == ASCII.quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]), as: UTF8.self)
                offset += 1
                return text
            }
            if b == ASCII.backslash || b < 0x20 { break }
            if b >= 0x80 {
                let length = utf8SequenceLength(at: offset)
                if length == 0 { break }
                offset += length
            } else {
                offset += 1
            }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]))
        while true {
            guard offset < bytes.count else {
                throw stop("unterminated string: expected a closing '\"' before the end of input",
                           at: position(quoteOffset))
            }
            let b = bytes[offset]
            switch b {
            case ASCII.quote:
                offset += 1
                return String(decoding: scratch, as: UTF8.self)
            case ASCII.backslash:
                try parseEscape()
            case ASCII.lineFeed, ASCII.carriageReturn:
                // Strings cannot span lines, so this is almost always a missing closing quote;
                // reading on would only produce confusing follow-up errors.
                throw stop("unterminated string: expected a closing '\"' before the end of the line",
                           at: position(quoteOffset))
            case 0..<0x20:
                try report("unescaped control character \(scalarName(UInt32(b))) in string (write it as \(escapeSuggestion(b)))",
                           at: position(offset))
                scratch.append(b)
                offset += 1
            case 0x80...:
                let length = utf8SequenceLength(at: offset)
                if length == 0 {
                    try report(invalidUTF8Message(at: offset), at: position(offset))
                    appendScalar(0xFFFD)
                    offset += 1
                    // Skip the rest of the broken sequence so that it is reported once.
                    while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                } else {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]))
                    offset += length
                }
            default:
                scratch.append(b)
                offset += 1
            }
        }
    }

    /// Decodes one escape at the backslash into `scratch`; bad escapes are reported and skipped.
    mutating func parseEscape() throws(JSONStop) {
        let escapeOffset = offset
        guard offset + 1 < bytes.count else {
            offset += 1  // the string loop reports the missing closing quote
            return
        }
        let simple: UInt8?
        switch bytes[offset + 1] {
        case ASCII.quote: simple = ASCII.quote
        case ASCII.backslash: simple = ASCII.backslash
        case ASCII.slash: simple = ASCII.slash
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = ASCII.lineFeed
        case UInt8(ascii: "r"): simple = ASCII.carriageReturn
        case UInt8(ascii: "t"): simple = ASCII.tab
        case UInt8(ascii: "u"): simple = nil
        default:
            try report("invalid escape '\\\(displayCharacter(at: offset + 1))' in string: expected one of "
                       + "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: position(escapeOffset))
            offset += 1  // drop the backslash, keep the character
            return
        }
        if let simple {
            scratch.append(simple)
            offset += 2
            return
        }
        guard let unit = try readHex4(escapeOffset) else { return }
        switch unit {
        case 0xD800...0xDBFF:
            if offset + 1 < bytes.count, bytes[offset] == ASCII.backslash, bytes[offset + 1] == UInt8(ascii: "u"),
               let low = peekHex4(offset + 2), (0xDC00...0xDFFF).contains(low) {
                offset += 6
                appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            } else {
                try report("lone surrogate \(hex4(unit)) in string: expected a low surrogate \\uDC00-\\uDFFF to follow",
                           at: position(escapeOffset))
                appendScalar(0xFFFD)
            }
        case 0xDC00...0xDFFF:
            try report("lone surrogate \(hex4(unit)) in string: a low surrogate must follow a high surrogate \\uD800-\\uDBFF",
                       at: position(escapeOffset))
            appendScalar(0xFFFD)
        default:
            appendScalar(unit)
        }
    }

    /// Reads `\uXXXX` at `escapeOffset`, moving past it; on bad digits reports, skips what was
    /// valid, and returns nil.
    mutating func readHex4(_ escapeOffset: Int) throws(JSONStop) -> UInt32? {
        var value: UInt32 = 0
        var p = escapeOffset + 2
        while p < escapeOffset + 6 {
            guard p < bytes.count, let digit = ASCII.hexValue(bytes[p]) else {
                let found = p < bytes.count ? "'\(displayCharacter(at: p))'" : "end of input"
                try report("invalid \\u escape in string: expected 4 hex digits, found \(found)", at: position(escapeOffset))
                offset = p
                return nil
            }
            value = value << 4 | digit
            p += 1
        }
        offset = p
        return value
    }

    func peekHex4(_ p: Int) -> UInt32? {
        guard p + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for i in p..<p + 4 {
            guard let digit = ASCII.hexValue(bytes[i]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    mutating func appendScalar(_ value: UInt32) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        scratch.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// Parses a number per the JSON grammar; errors point at the number's first character.
    mutating func parseNumber(start: SourcePosition) throws(JSONStop) -> SpecNode.Value {
        let begin = offset
        var p = offset
        func digitsEnd(_ from: Int) -> Int {
            var q = from
            while q < bytes.count, ASCII.isDigit(bytes[q]) { q += 1 }
            return q
        }
        func invalid(_ reason: String) -> JSONStop {
            stop("invalid number '\(word(at: begin) ?? "-")': \(reason)", at: start)
        }
        if bytes[p] == ASCII.minus { p += 1 }
        guard p < bytes.count, ASCII.isDigit(bytes[p]) else { throw invalid("expected a digit after '-'") }
        if bytes[p] == ASCII.zero {
            p += 1
            if p < bytes.count, ASCII.isDigit(bytes[p]) { throw invalid("leading zeros are not allowed") }
        } else {
            p = digitsEnd(p)
        }
        if p < bytes.count, bytes[p] == ASCII.dot {
            guard p + 1 < bytes.count, ASCII.isDigit(bytes[p + 1]) else { throw invalid("expected a digit after '.'") }
            p = digitsEnd(p + 1)
        }
        if p < bytes.count, bytes[p] == ASCII.lowerE || bytes[p] == ASCII.upperE {
            p += 1
            if p < bytes.count, bytes[p] == ASCII.plus || bytes[p] == ASCII.minus { p += 1 }
            guard p < bytes.count, ASCII.isDigit(bytes[p]) else { throw invalid("expected a digit in the exponent") }
            p = digitsEnd(p)
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<p]), as: UTF8.self)
        offset = p
        let value = fastDecimal(begin..<p) ?? Double(literal) ?? .nan
        if !value.isFinite {
            try report("number \(literal) is too large", at: start)
        }
        return .number(value, literal: literal)
    }

    /// Exactly representable powers of ten.
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The value of a grammatically valid number literal when it has at most 15 significant digits
    /// and a small exponent (nearly every number in data files): the mantissa and the power of ten
    /// are both exact doubles, so one multiplication or division rounds correctly (Clinger's fast
    /// path). Nil otherwise, and the caller uses the general conversion.
    func fastDecimal(_ range: Range<Int>) -> Double? {
        var p = range.lowerBound
        let negative = bytes[p] == ASCII.minus
        if negative { p += 1 }
        var mantissa: Int64 = 0
        var significantDigits = 0
        var exponent = 0
        var inFraction = false
        while p < range.upperBound {
            let b = bytes[p]
            if ASCII.isDigit(b) {
                if mantissa != 0 || b != ASCII.zero { significantDigits += 1 }
                guard significantDigits <= 15 else { return nil }
                mantissa = mantissa * 10 + Int64(b - ASCII.zero)
                if inFraction { exponent -= 1 }
            } else if b == ASCII.dot {
                inFraction = true
            } else {
                break  // the exponent marker
            }
            p += 1
        }
        if p < range.upperBound {
            p += 1
            var exponentSign = 1
            if bytes[p] == ASCII.minus || bytes[p] == ASCII.plus {
                if bytes[p] == ASCII.minus { exponentSign = -1 }
                p += 1
            }
            guard range.upperBound - p <= 4 else { return nil }
            var written = 0
            while p < range.upperBound { written = written * 10 + Int(bytes[p] - ASCII.zero); p += 1 }
            exponent += exponentSign * written
        }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard abs(exponent) <= 22 else { return nil }
            value = exponent >= 0 ? value * Self.powersOfTen[exponent] : value / Self.powersOfTen[-exponent]
        }
        return negative ? -value : value
    }

    // MARK: - Bytes, positions and messages

    var peek: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case ASCII.space, ASCII.tab:
                offset += 1
            case ASCII.lineFeed:
                offset += 1
                startLine()
            case ASCII.carriageReturn:
                // CRLF is one line break; a lone CR (old Mac files) is one too, as editors show it.
                offset += 1
                if offset < bytes.count, bytes[offset] == ASCII.lineFeed { offset += 1 }
                startLine()
            default:
                return
            }
        }
    }

    mutating func startLine() {
        line += 1
        lineStart = offset
        columnCacheOffset = offset
        columnCacheValue = 1
    }

    /// The position of byte `p`, which must be on the current line (strings cannot hold line
    /// breaks, so every position the parser asks for is).
    mutating func position(_ p: Int) -> SourcePosition {
        if p < columnCacheOffset {
            columnCacheOffset = lineStart
            columnCacheValue = 1
        }
        var column = columnCacheValue
        var i = columnCacheOffset
        // Count scalar starts, i.e. every byte that is not a UTF-8 continuation byte.
        while i < p {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCacheOffset = p
        columnCacheValue = column
        return SourcePosition(line: line, column: column)
    }

    /// Length of the valid UTF-8 sequence at `p`, or 0 when the bytes there are not valid UTF-8
    /// (overlong forms, surrogates and values past U+10FFFF included), per Unicode table 3-7.
    func utf8SequenceLength(at p: Int) -> Int {
        let b0 = bytes[p]
        func continuation(_ i: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            p + i < bytes.count && range.contains(bytes[p + i])
        }
        switch b0 {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    func invalidUTF8Message(at p: Int) -> String {
        "invalid UTF-8 byte 0x\(String(bytes[p], radix: 16, uppercase: true)) (the file must be UTF-8)"
    }

    /// The run of word bytes at `p` (`True`, `-Infinity`, `01`), or nil when there is none.
    func word(at p: Int) -> String? {
        var end = p
        while end < bytes.count, end - p < 40, ASCII.isWordByte(bytes[end]) { end += 1 }
        return end > p ? String(decoding: UnsafeBufferPointer(rebasing: bytes[p..<end]), as: UTF8.self) : nil
    }

    /// The character at `p` for messages (one Unicode scalar; assumes valid UTF-8 or shows U+FFFD).
    func displayCharacter(at p: Int) -> String {
        let length = max(1, utf8SequenceLength(at: p))
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[p..<min(p + length, bytes.count)]), as: UTF8.self)
        if let scalar = text.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
            return scalarName(scalar.value)
        }
        return text
    }

    /// What stands at `p`, for "expected X, found Y" messages.
    func describeFound(at p: Int) -> String {
        guard p < bytes.count else { return "end of input" }
        let b = bytes[p]
        if b == ASCII.lineFeed || b == ASCII.carriageReturn { return "end of line" }
        if b < 0x20 || b == 0x7F { return "control character \(scalarName(UInt32(b)))" }
        if let word = word(at: p) { return "'\(word)'" }
        return "'\(displayCharacter(at: p))'"
    }

    func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    func hex4(_ unit: UInt32) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    func escapeSuggestion(_ b: UInt8) -> String {
        switch b {
        case ASCII.tab: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default: return hex4(UInt32(b))
        }
    }

    func stop(_ message: String, at position: SourcePosition) -> JSONStop {
        JSONStop(diagnostic: .error(message, at: position))
    }

    mutating func stop(_ message: String) -> JSONStop {
        stop(message, at: position(offset))
    }

    /// A syntax error at the current byte: "EXPECTATION, found WHAT", or an invalid UTF-8 report
    /// when the byte there is not UTF-8 at all.
    mutating func unexpected(_ expectation: String) -> JSONStop {
        if offset < bytes.count, bytes[offset] >= 0x80, utf8SequenceLength(at: offset) == 0 {
            return stop(invalidUTF8Message(at: offset))
        }
        var hint = ""
        if offset + 1 < bytes.count, bytes[offset] == ASCII.slash, bytes[offset + 1] == ASCII.slash || bytes[offset + 1] == UInt8(ascii: "*") {
            hint = " (JSON has no comments; write the spec in YAML to use # comments)"
        }
        return stop("\(expectation), found \(describeFound(at: offset))\(hint)")
    }

    /// Records a problem the parser can step over, stopping only when there are too many.
    mutating func report(_ message: String, at position: SourcePosition) throws(JSONStop) {
        errors.append(.error(message, at: position))
        if errors.count >= Self.maxCollectedErrors {
            throw JSONStop(diagnostic: .error("too many errors; stopping here", at: position))
        }
    }
}
