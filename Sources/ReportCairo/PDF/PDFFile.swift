/// A PDF as Cairo 1.16 writes it, read for rewriting: a header, objects one after another,
/// one classic cross-reference table and a trailer (no object streams, no incremental
/// updates). `PDFFile` finds each object's bytes through the table; `PDFWriter` writes the
/// file again with some objects replaced or added.
///
/// Only what `AccessiblePDF` needs of ISO 32000-1 is read; anything else is an error, never
/// a guess (the renderer then fails rather than write a broken file).
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
        let located = try locate(number)
        guard let stream = located.stream else { throw RenderError("tagged PDF: object \(number) is not a stream") }
        return (stream.dictionary, bytes[stream.data])
    }

    /// Where object `number`'s body lies (what stands between `N 0 obj` and `endobj`), and
    /// whether it is a stream.
    func body(_ number: Int) throws(RenderError) -> (range: Range<Int>, isStream: Bool) {
        let located = try locate(number)
        return (located.body, located.stream != nil)
    }

    /// An object's body, and a stream's dictionary and data.
    private struct Located {
        var body: Range<Int>
        var stream: (dictionary: PDFDictionary, data: Range<Int>)?
    }

    private func locate(_ number: Int) throws(RenderError) -> Located {
        let (start, end, dictionary, dataStart) = try read(number) { reader, buffer -> (Int, Int, PDFDictionary?, Int)? in
            let start = reader.lexer.position
            guard let value = reader.read() else { return nil }
            let end = reader.lexer.position
            guard let keyword = reader.lexer.next() else { return nil }
            if reader.lexer.token(keyword, is: "endobj") { return (start, end, nil, 0) }
            guard reader.lexer.token(keyword, is: "stream"), let d = value.dictionaryValue else { return nil }
            // The data starts after the end-of-line that follows `stream` (CR LF or LF).
            var p = keyword.range.upperBound
            if p < buffer.count, buffer[p] == 13 { p += 1 }
            if p < buffer.count, buffer[p] == 10 { p += 1 }
            return (start, end, d, p)
        }
        guard let dictionary else { return Located(body: start..<end) }
        guard let lengthObject = dictionary["Length"], let length = try resolve(lengthObject).integerValue,
              dataStart + length <= bytes.count else {
            throw RenderError("tagged PDF: stream \(number) has no usable /Length")
        }
        let data = dataStart..<(dataStart + length)
        let endstream: Int? = bytes.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer, at: data.upperBound)
            guard let token = lexer.next(), lexer.token(token, is: "endstream") else { return nil }
            return token.range.upperBound
        }
        guard let endstream else { throw RenderError("tagged PDF: stream \(number) does not end where its /Length says") }
        return Located(body: start..<endstream, stream: (dictionary, data))
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
