/// How a data file is written, as exports come: the CSV delimiter, the text encoding, the
/// separators in numbers and where a JSON file keeps its rows (the data source keys
/// `delimiter`, `encoding`, `decimal`, `thousands` and `rows`).
///
/// Nothing here is guessed where a guess could change a value: the delimiter may be detected
/// (a wrong one cannot shift a number, only split rows the wrong way, which the reader then
/// reports), a UTF-16 byte order mark is read as what it says, but Windows-1252 is read only
/// when declared, and a number cell whose separators could mean two things is an error.
public struct SourceFormat: Sendable, Hashable {
    /// The CSV field delimiter (`,` `;` tab `|`), or nil to detect it.
    public var delimiter: UInt8?
    /// The declared text encoding, or nil for UTF-8 (or UTF-16 when the file starts with its BOM).
    public var encoding: TextEncoding?
    /// Declared number separators, or nil for plain numbers (`1500`, `-3.5`).
    public var numbers: NumberSyntax?
    /// For a JSON file whose rows sit under a key: the keys from the top (`["result", "items"]`).
    public var rows: [String]?
    /// Where `rows` was written in the spec (`data.events.rows`), for messages about it.
    public var rowsPath: String?

    public init(delimiter: UInt8? = nil, encoding: TextEncoding? = nil, numbers: NumberSyntax? = nil,
                rows: [String]? = nil, rowsPath: String? = nil) {
        self.delimiter = delimiter; self.encoding = encoding; self.numbers = numbers
        self.rows = rows; self.rowsPath = rowsPath
    }

    /// A data file's kind from its name: the extension (lowercased) before any `.gz`, and
    /// whether the file is gzip-compressed (`events.csv.gz` is ("csv", true)). A name without a
    /// dot has the extension "".
    public static func fileKind(_ file: String) -> (ext: String, gzip: Bool) {
        guard file.contains(".") else { return ("", false) }
        let parts = file.split(separator: ".", omittingEmptySubsequences: false)
        let last = parts.last!.lowercased()
        if last == "gz", parts.count >= 3 { return (parts[parts.count - 2].lowercased(), true) }
        return (last, false)
    }

    /// The extensions a data file may have (before any `.gz`): CSV, JSON (an array of
    /// objects), JSON Lines and GeoJSON (features as rows, for map layers).
    public static let extensions = ["csv", "json", "jsonl", "ndjson", "geojson"]
    /// The extensions as messages list them: ".csv, .json, .jsonl, .ndjson or .geojson".
    public static var extensionList: String {
        extensions.dropLast().map { "." + $0 }.joined(separator: ", ") + " or ." + extensions.last!
    }

    /// The delimiters a CSV file may use, in the order detection prefers them.
    public static let delimiters: [String] = [",", ";", "\t", "|"]
}

/// A text encoding a data file may be declared in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// UTF-16 with a byte order mark saying which byte comes first.
    case utf16 = "utf-16"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
}

// MARK: - Encodings

/// Turning a data file's bytes into UTF-8 before it is parsed. Line breaks stay line breaks,
/// so every line number the parsers report is the file's own.
public enum TextDecoding {
    /// The file as UTF-8 (a UTF-8 BOM is kept: the parsers skip it). Without a declared
    /// encoding, UTF-8 bytes are returned as they are (no copy is made) unless the file starts
    /// with a UTF-16 byte order mark.
    ///
    /// - Throws: a diagnostic with a line (no file) when the bytes are not in the encoding.
    public static func utf8(_ bytes: [UInt8], declared: TextEncoding?) throws(DiagnosticList) -> [UInt8] {
        let bom: TextEncoding? = bytes.starts(with: [0xFF, 0xFE]) ? .utf16LE : bytes.starts(with: [0xFE, 0xFF]) ? .utf16BE : nil
        switch declared {
        case nil:
            guard let bom else { return bytes }
            return try utf16(bytes.dropFirst(2), bigEndian: bom == .utf16BE)
        case .utf8?:
            if bom != nil {
                throw fail("the file starts with a UTF-16 byte order mark, but its data source declares \"encoding\": \"utf-8\"", line: 1,
                           suggestion: "declare \"encoding\": \"utf-16\", or leave \"encoding\" out")
            }
            return bytes
        case .utf16?:
            guard let bom else {
                throw fail("the file has no UTF-16 byte order mark (FF FE or FE FF), so its byte order is unknown", line: 1,
                           suggestion: "declare \"encoding\": \"utf-16le\" or \"utf-16be\"")
            }
            return try utf16(bytes.dropFirst(2), bigEndian: bom == .utf16BE)
        case .utf16LE?:
            return try utf16(bom == .utf16LE ? bytes.dropFirst(2) : bytes[...], bigEndian: false)
        case .utf16BE?:
            return try utf16(bom == .utf16BE ? bytes.dropFirst(2) : bytes[...], bigEndian: true)
        case .windows1252?:
            return try windows1252(bytes)
        }
    }

    private static func fail(_ message: String, line: Int, suggestion: String? = nil) -> DiagnosticList {
        DiagnosticList([.error(message, at: SourcePosition(line: line, column: 0), suggestion: suggestion)])
    }

    /// UTF-16 code units (after any BOM) to UTF-8.
    static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(DiagnosticList) -> [UInt8] {
        let order = bigEndian ? "big-endian" : "little-endian"
        guard bytes.count % 2 == 0 else {
            throw fail("the file is not \(order) UTF-16: it has an odd number of bytes", line: 1,
                       suggestion: "check the file's \"encoding\"")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 + bytes.count / 8)
        var line = 1
        var i = bytes.startIndex
        func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i < bytes.endIndex {
            var scalar = unit(i)
            i += 2
            if scalar >= 0xD800, scalar <= 0xDBFF, i < bytes.endIndex, case let low = unit(i), low >= 0xDC00, low <= 0xDFFF {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 2
            } else if scalar >= 0xD800, scalar <= 0xDFFF {
                throw fail("the file is not \(order) UTF-16: an unpaired surrogate (\(hex(scalar)))", line: line,
                           suggestion: "check the file's \"encoding\"")
            }
            if scalar == 0x0A { line += 1 }
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    /// Windows-1252 to UTF-8. Its five unassigned bytes are errors, not guesses.
    static func windows1252(_ bytes: [UInt8]) throws(DiagnosticList) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var line = 1
        for b in bytes {
            if b < 0x80 {
                if b == 0x0A { line += 1 }
                out.append(b)
            } else if b >= 0xA0 {
                appendUTF8(UInt32(b), to: &out)
            } else {
                let scalar = cp1252High[Int(b - 0x80)]
                guard scalar != 0 else {
                    throw fail("byte \(hex(UInt32(b), digits: 2)) is not a character in Windows-1252", line: line,
                               suggestion: "check the file's \"encoding\"")
                }
                appendUTF8(UInt32(scalar), to: &out)
            }
        }
        return out
    }

    /// Windows-1252 bytes 0x80–0x9F (0 where unassigned).
    private static let cp1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    private static func hex(_ value: UInt32, digits: Int = 4) -> String {
        let s = String(value, radix: 16, uppercase: true)
        return (digits == 2 ? "0x" : "U+") + String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

// MARK: - Detecting the delimiter

public enum DelimiterDetection {
    /// How many records (not lines: a quoted field may span lines) detection looks at.
    public static let sampleRecords = 50

    /// The delimiter of a CSV file: comma when it splits the first records (up to
    /// `sampleRecords`) into one same number of fields, more than one; otherwise the
    /// candidate among `;`, tab and `|` that does so with the most fields (the first of them
    /// on a tie); otherwise comma, whose errors then say what is wrong. Quotes are honoured, so
    /// a delimiter inside a quoted field is not counted. Blank lines are skipped, as the reader does.
    public static func detect(_ bytes: [UInt8]) -> UInt8 {
        bytes.withUnsafeBufferPointer { detect($0) }
    }

    /// `detect` over bytes in memory (a mapped file).
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
        var best: (delimiter: UInt8, fields: Int)?
        for candidate in candidates {
            guard let fields = consistentFieldCount(bytes, candidate), fields > 1 else { continue }
            if candidate == 0x2C { return candidate }
            if best == nil || fields > best!.fields { best = (candidate, fields) }
        }
        return best?.delimiter ?? 0x2C
    }

    /// The number of fields every sampled record has with `delimiter`, or nil when they differ
    /// (or a quote is never closed).
    static func consistentFieldCount(_ bytes: [UInt8], _ delimiter: UInt8) -> Int? {
        bytes.withUnsafeBufferPointer { consistentFieldCount($0, delimiter) }
    }

    static func consistentFieldCount(_ bytes: UnsafeBufferPointer<UInt8>, _ delimiter: UInt8) -> Int? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let n = bytes.count
        var count: Int?
        var records = 0
        while i < n, records < sampleRecords {
            var fields = 1
            var blank = true
            var inQuotes = false
            recordLoop: while i < n {
                let b = bytes[i]
                if inQuotes {
                    if b == 0x22 {
                        if i + 1 < n, bytes[i + 1] == 0x22 { i += 2; continue }
                        inQuotes = false
                    }
                    i += 1
                    continue
                }
                switch b {
                case 0x22: inQuotes = true; blank = false
                case delimiter: fields += 1; blank = false
                case 0x0A: i += 1; break recordLoop
                case 0x0D:
                    i += 1
                    if i < n, bytes[i] == 0x0A { i += 1 }
                    break recordLoop
                default: blank = false
                }
                i += 1
            }
            if inQuotes { return nil }
            if blank { continue }
            records += 1
            if let count, count != fields { return nil }
            count = fields
        }
        return count
    }
}

// MARK: - Numbers with declared separators

/// The separators a source's number cells use (`decimal`, `thousands`).
public struct NumberSyntax: Sendable, Hashable {
    /// `.` or `,`.
    public var decimal: Character
    /// `,`, `.`, a space or `'`; nil when numbers are not grouped.
    public var thousands: Character?

    public init(decimal: Character, thousands: Character?) {
        self.decimal = decimal; self.thousands = thousands
    }

    /// The number in `text`, or nil when it is not one written with these separators: an
    /// optional sign (`+` or `-`), digits grouped in threes by `thousands` (or not grouped at
    /// all), an optional `decimal` part, an optional exponent.
    public func parse(_ text: String) -> Double? {
        var s = Substring(text)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        var normal = ""
        if s.first == "+" { s.removeFirst() } else if s.first == "-" { s.removeFirst(); normal = "-" }
        var mantissa = s
        var exponent: Substring = ""
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            exponent = s[s.index(after: e)...]
            var digits = exponent
            if digits.first == "+" || digits.first == "-" { digits.removeFirst() }
            guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        }
        let parts = mantissa.split(separator: decimal, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : nil
        guard !whole.isEmpty || !(fraction ?? "").isEmpty else { return nil }
        if let fraction, !fraction.allSatisfy(isDigit) { return nil }
        guard let integer = ungrouped(whole) else { return nil }
        normal += integer.isEmpty ? "0" : integer
        if let fraction { normal += "." + (fraction.isEmpty ? "0" : fraction) }
        if !exponent.isEmpty { normal += "e" + exponent }
        guard let value = Double(normal), value.isFinite else { return nil }
        return value
    }

    /// The digits of an integer part, its thousands separators removed; nil when it is not
    /// digits, or its groups are not of three (the first of one to three).
    private func ungrouped(_ whole: Substring) -> Substring? {
        if whole.allSatisfy(isDigit) { return whole }
        guard let thousands, whole.contains(thousands) else { return nil }
        let groups = whole.split(separator: thousands, omittingEmptySubsequences: false)
        guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
        return Substring(groups.joined())
    }

    /// Why `text` (which `parse` refused) is not a number under these separators.
    public func problem(_ text: String) -> String {
        let declared = "\"decimal\": \"\(decimal)\"" + (thousands.map { ", \"thousands\": \"\($0)\"" } ?? "")
        let other: Character = decimal == "," ? "." : ","
        if thousands != other, text.contains(other), text.contains(where: isDigit) {
            let meaning = thousands == nil
                ? "it could group thousands or mark decimals"
                : "it is neither the decimal nor the thousands separator"
            return "is not a number under this data source's \(declared): \"\(other)\" is ambiguous (\(meaning)); declare what it is with \"thousands\" or \"decimal\""
        }
        if let thousands, text.contains(thousands) {
            return "is not a number: the thousands separator \"\(thousands)\" must split the digits before the decimal separator into groups of three, as in \(example)"
        }
        return "is not a number; expected digits such as \(example) (this data source declares \(declared))"
    }

    /// 1500.5 written with these separators.
    var example: String {
        "1" + (thousands.map(String.init) ?? "") + "500" + String(decimal) + "5"
    }
}

@inline(__always) private func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

/// For a column read with no declared separators: the cells that hold `1.500`-like text (one
/// dot before three digits) while other cells of the column group thousands with dots
/// (`2.300.000`, `1.500,5`). Such a cell could be 1500 or 1.5; it is never read as either.
/// Returns each such distinct value's problem, with the first grouping cell as evidence.
func dottedThousandsAmbiguity(_ values: [String]) -> [Int: String] {
    guard let evidence = values.first(where: groupsThousandsWithDots) else { return [:] }
    var problems: [Int: String] = [:]
    for (code, text) in values.enumerated() where looksLikeOneDottedGroup(text) {
        problems[code] = "is ambiguous: other cells of this column, such as \"\(evidence)\", group thousands with \".\", so it could be \(text.replacingDots()) or \(text.asDecimal()); declare \"thousands\": \".\" (and \"decimal\": \",\") on the data source, or write it without separators"
    }
    return problems
}

private func digitsAndDots(_ text: Substring) -> [Substring]? {
    var t = text
    if t.first == "-" || t.first == "+" { t.removeFirst() }
    let groups = t.split(separator: ".", omittingEmptySubsequences: false)
    guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else { return nil }
    return groups
}

/// `2.300.000` or `1.500,5`.
private func groupsThousandsWithDots(_ text: String) -> Bool {
    // Most cells have at most one dot and no comma: decided without splitting.
    var dots = 0, commas = 0
    for b in text.utf8 {
        if b == 0x2E { dots += 1 } else if b == 0x2C { commas += 1 }
    }
    guard dots >= 2 || (dots == 1 && commas == 1) else { return false }
    let trimmed = Substring(text)
    let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2, let groups = digitsAndDots(parts[0]), groups.count >= 2,
          (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return false }
    if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy(isDigit) }
    return groups.count >= 3
}

/// `1.500`: one to three digits, a dot, three digits.
private func looksLikeOneDottedGroup(_ text: String) -> Bool {
    guard let groups = digitsAndDots(Substring(text)), groups.count == 2 else { return false }
    return (1...3).contains(groups[0].count) && groups[1].count == 3
}

private extension String {
    func replacingDots() -> String { filter { $0 != "." } }
    /// `1.500` read as a decimal number, written shortest: `1.5` (`1.000` is `1`).
    func asDecimal() -> String {
        guard let dot = firstIndex(of: ".") else { return self }
        var fraction = self[index(after: dot)...]
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? String(self[..<dot]) : String(self[..<dot]) + "." + fraction
    }
}

extension NumberSyntax {
    /// The decimal separators a source may declare.
    public static let decimals = [".", ","]
    /// The thousands separators a source may declare.
    public static let groupings = [",", ".", " ", "'"]
}
