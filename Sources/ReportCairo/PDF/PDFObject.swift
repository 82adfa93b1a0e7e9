/// PDF objects as `AccessiblePDF` reads and writes them: just enough of ISO 32000-1, 7.3
/// to read what Cairo writes, change a few entries and write the object back.

/// A direct PDF object.
indirect enum PDFObject: Equatable, Sendable {
    /// A number, name, string, boolean or null, kept as its bytes and written back as read.
    case atom([UInt8])
    /// `N 0 R`.
    case reference(Int)
    case array([PDFObject])
    case dictionary(PDFDictionary)

    /// A name, such as `/Figure`.
    static func name(_ name: String) -> PDFObject { .atom(Array("/\(name)".utf8)) }
    /// A number written with at most two decimals (enough for points).
    static func number(_ value: Double) -> PDFObject { .atom(Array(formatNumber(value).utf8)) }
    static func integer(_ value: Int) -> PDFObject { .atom(Array(String(value).utf8)) }
    static let `true` = PDFObject.atom(Array("true".utf8))

    /// A text string (7.9.2.2): a literal string when the text is printable ASCII, else
    /// UTF-16BE with its byte order mark, in hex.
    static func text(_ text: String) -> PDFObject {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            var out: [UInt8] = [UInt8(ascii: "(")]
            for byte in text.utf8 {
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            return .atom(out + [UInt8(ascii: ")")])
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var out = Array("<FEFF".utf8)
        for unit in text.utf16 {
            for shift in [12, 8, 4, 0] { out.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        return .atom(out + [UInt8(ascii: ">")])
    }

    /// The name without its slash, when this is a name.
    var nameValue: String? {
        guard case .atom(let bytes) = self, bytes.first == UInt8(ascii: "/") else { return nil }
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
    }

    /// The value, when this is an integer.
    var integerValue: Int? {
        guard case .atom(let bytes) = self else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self))
    }

    var dictionaryValue: PDFDictionary? {
        if case .dictionary(let d) = self { return d }
        return nil
    }

    /// The elements of an array; a single object as an array of one (as /K and /Contents
    /// may be written).
    var elements: [PDFObject] {
        if case .array(let a) = self { return a }
        return [self]
    }

    /// The object in PDF syntax, appended to `out`.
    func write(into out: inout [UInt8]) {
        switch self {
        case .atom(let bytes): out += bytes
        case .reference(let n): out += Array("\(n) 0 R".utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: " ")) }
                e.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let d): d.write(into: &out)
        }
    }
}

/// A dictionary, its entries in the order read (so what is written back reads like Cairo's).
struct PDFDictionary: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var key: String
        var value: PDFObject
    }
    var entries: [Entry] = []

    /// The value of `key` (without its slash); setting nil removes the entry, setting a new
    /// key appends it.
    subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    func write(into out: inout [UInt8]) {
        out += Array("<<".utf8)
        for entry in entries {
            out += Array(" /\(entry.key) ".utf8)
            entry.value.write(into: &out)
        }
        out += Array(" >>".utf8)
    }
}

/// Reads objects with a `PDFLexer`.
struct PDFObjectReader {
    var lexer: PDFLexer

    /// The next object; nil at the end of the bytes or at bytes that are no object.
    mutating func read() -> PDFObject? {
        guard let token = lexer.next() else { return nil }
        return object(startingWith: token)
    }

    private mutating func object(startingWith token: PDFToken) -> PDFObject? {
        let bytes = lexer.bytes
        switch token.kind {
        case .number:
            // `N G R` is a reference; anything else leaves the number alone.
            let after = lexer.position
            if let generation = lexer.next(), generation.kind == .number, let r = lexer.next(), lexer.token(r, is: "R"),
               let number = Int(String(decoding: bytes[token.range], as: UTF8.self)) {
                return .reference(number)
            }
            lexer.position = after
            return .atom(Array(bytes[token.range]))
        case .name, .string, .hexString, .keyword:
            return .atom(Array(bytes[token.range]))
        case .arrayStart:
            var elements: [PDFObject] = []
            while let next = lexer.next() {
                if next.kind == .arrayEnd { return .array(elements) }
                guard let element = object(startingWith: next) else { return nil }
                elements.append(element)
            }
            return nil
        case .dictionaryStart:
            var dictionary = PDFDictionary()
            while let key = lexer.next() {
                if key.kind == .dictionaryEnd { return .dictionary(dictionary) }
                guard key.kind == .name, let value = read() else { return nil }
                dictionary.entries.append(.init(key: String(decoding: bytes[key.range].dropFirst(), as: UTF8.self), value: value))
            }
            return nil
        case .arrayEnd, .dictionaryEnd:
            return nil
        }
    }
}
