/// A PDF as Cairo 1.16 writes it, read for rewriting: a header, objects one after another,
/// one classic cross-reference table and a trailer (no object streams, no incremental
/// updates). `PDFFile` finds each object's bytes through the table; `PDFWriter` writes the
/// file again with some objects replaced or added.
struct PDFFile {
    let bytes: [UInt8]
    /// Byte offset of each object, by object number.
    let offsets: [Int: Int]
    /// Where the cross-reference table starts (the objects end there).
    let xrefOffset: Int
    let trailer: PDFDictionary

    /// Reads the cross-reference table and the trailer.
    init(_ bytes: [UInt8]) throws(RenderError) {
        self.bytes = bytes
        let tail = Array("startxref".utf8)
        guard let at = Self.lastIndex(of: tail, in: bytes),
              let xref = Int(String(decoding: bytes[(at + tail.count)...].prefix(24).filter { $0 >= 48 && $0 <= 57 }, as: UTF8.self)),
              xref < bytes.count, bytes[xref...].starts(with: Array("xref".utf8)) else {
            throw RenderError("tagged PDF: no cross-reference table in Cairo's output")
        }
        xrefOffset = xref
        var offsets: [Int: Int] = [:]
        var trailer: PDFDictionary?
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(RenderError) in
            var lexer = PDFLexer(buffer, at: xref + 4)
            // Subsections: "first count", then count entries "oooooooooo ggggg n|f".
            while let token = lexer.next() {
                if lexer.token(token, is: "trailer") {
                    var reader = PDFObjectReader(lexer: lexer)
                    trailer = reader.read()?.dictionaryValue
                    break
                }
                guard token.kind == .number, let first = Self.integer(buffer, token.range),
                      let countToken = lexer.next(), let count = Self.integer(buffer, countToken.range) else {
                    throw RenderError("tagged PDF: Cairo's cross-reference table cannot be read")
                }
                for number in first..<(first + count) {
                    guard let offset = lexer.next(), lexer.next() != nil, let kind = lexer.next() else {
                        throw RenderError("tagged PDF: Cairo's cross-reference table is cut short")
                    }
                    if lexer.token(kind, is: "n"), let value = Self.integer(buffer, offset.range) { offsets[number] = value }
                }
            }
        }
        guard let trailer else { throw RenderError("tagged PDF: no trailer in Cairo's output") }
        self.offsets = offsets
        self.trailer = trailer
    }

    /// The object numbered `number`.
    func object(_ number: Int) throws(RenderError) -> PDFObject {
        try read(number) { reader, _ in reader.read() }
    }

    /// The dictionary of the object numbered `number`.
    func dictionary(_ number: Int) throws(RenderError) -> PDFDictionary {
        guard let d = try object(number).dictionaryValue else { throw RenderError("tagged PDF: object \(number) is not a dictionary") }
        return d
    }

    /// `object` resolved when it is a reference.
    func resolve(_ object: PDFObject) throws(RenderError) -> PDFObject {
        if case .reference(let n) = object { return try self.object(n) }
        return object
    }

    /// The stream numbered `number`: its dictionary and its (still encoded) data.
    func stream(_ number: Int) throws(RenderError) -> (dictionary: PDFDictionary, data: ArraySlice<UInt8>) {
        let (dictionary, start) = try read(number) { reader, buffer -> (PDFDictionary, Int)? in
            guard let d = reader.read()?.dictionaryValue, let keyword = reader.lexer.next(), reader.lexer.token(keyword, is: "stream") else { return nil }
            // The data starts after the end-of-line that follows `stream` (CR LF or LF).
            var p = keyword.range.upperBound
            if p < buffer.count, buffer[p] == 13 { p += 1 }
            if p < buffer.count, buffer[p] == 10 { p += 1 }
            return (d, p)
        }
        guard let lengthObject = dictionary["Length"], let length = try resolve(lengthObject).integerValue,
              start + length <= bytes.count else {
            throw RenderError("tagged PDF: stream \(number) has no usable /Length")
        }
        return (dictionary, bytes[start..<(start + length)])
    }

    /// Reads object `number` with `body`, given a reader placed after `N G obj`.
    private func read<T>(_ number: Int, _ body: (inout PDFObjectReader, UnsafeBufferPointer<UInt8>) -> T?) throws(RenderError) -> T {
        guard let offset = offsets[number] else { throw RenderError("tagged PDF: object \(number) is not in Cairo's output") }
        let value: T? = bytes.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer, at: offset)
            guard let n = lexer.next(), Self.integer(buffer, n.range) == number, lexer.next() != nil,
                  let obj = lexer.next(), lexer.token(obj, is: "obj") else { return nil }
            var reader = PDFObjectReader(lexer: lexer)
            return body(&reader, buffer)
        }
        guard let value else { throw RenderError("tagged PDF: object \(number) cannot be read") }
        return value
    }

    private static func integer(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        Int(String(decoding: buffer[range], as: UTF8.self))
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}

/// Writes a `PDFFile` again: its header and objects in their order, each replaced one in
/// place of the original, the added ones after them, then a new cross-reference table and
/// trailer. No byte of an unchanged object moves relative to its neighbours, and nothing
/// unreferenced is left behind (an incremental update would keep the replaced content
/// streams: see `AccessiblePDF`).
struct PDFWriter {
    private let file: PDFFile
    /// New bodies (the bytes between `N 0 obj` and `endobj`) by object number.
    private var replaced: [Int: [UInt8]] = [:]
    private var added: [[UInt8]] = []

    init(_ file: PDFFile) { self.file = file }

    /// The number the next added object gets.
    var nextNumber: Int { (file.trailer["Size"]?.integerValue ?? (file.offsets.keys.max() ?? 0) + 1) + added.count }

    /// Replaces object `number` with `object`.
    mutating func replace(_ number: Int, with object: PDFObject) {
        var body: [UInt8] = []
        object.write(into: &body)
        replaced[number] = body
    }

    /// Replaces object `number` with a stream of `dictionary` and `data`. Its length goes
    /// where the dictionary says: Cairo writes it as an object of its own, which is then
    /// replaced too, so nothing is left unreferenced.
    mutating func replace(_ number: Int, stream dictionary: PDFDictionary, data: [UInt8]) {
        var d = dictionary
        if case .reference(let length)? = d["Length"] {
            replace(length, with: .integer(data.count))
        } else {
            d["Length"] = .integer(data.count)
        }
        replaced[number] = Self.streamBody(d, data)
    }

    /// Adds a stream object; returns its number.
    mutating func add(stream dictionary: PDFDictionary, data: [UInt8]) -> Int {
        var d = dictionary
        d["Length"] = .integer(data.count)
        added.append(Self.streamBody(d, data))
        return nextNumber - 1
    }

    private static func streamBody(_ dictionary: PDFDictionary, _ data: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        dictionary.write(into: &body)
        return body + Array("\nstream\n".utf8) + data + Array("\nendstream".utf8)
    }

    /// The whole file.
    func bytes() -> [UInt8] {
        let source = file.bytes
        let order = file.offsets.sorted { $0.value < $1.value }
        var out: [UInt8] = []
        out.reserveCapacity(source.count + added.reduce(0) { $0 + $1.count } + 4096)
        out += source[0..<(order.first?.value ?? file.xrefOffset)]
        var offsets = file.offsets
        for (i, (number, offset)) in order.enumerated() {
            offsets[number] = out.count
            if let body = replaced[number] {
                out += Array("\(number) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
            } else {
                out += source[offset..<(i + 1 < order.count ? order[i + 1].value : file.xrefOffset)]
            }
        }
        let firstAdded = nextNumber - added.count
        for (i, body) in added.enumerated() {
            offsets[firstAdded + i] = out.count
            out += Array("\(firstAdded + i) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let size = nextNumber
        let xref = out.count
        out += Array("xref\n0 \(size)\n0000000000 65535 f \n".utf8)
        for number in 1..<size {
            let entry = offsets[number].map { String($0) } ?? "0"
            out += Array((String(repeating: "0", count: max(0, 10 - entry.count)) + entry + (offsets[number] == nil ? " 65535 f \n" : " 00000 n \n")).utf8)
        }
        var trailer = file.trailer
        trailer["Size"] = .integer(size)
        out += Array("trailer\n".utf8)
        trailer.write(into: &out)
        out += Array("\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
