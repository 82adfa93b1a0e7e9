#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Columns of text stored once per distinct value.
///
/// Event logs repeat themselves: a million rows hold a few dozen actors, event types and
/// sources and a few thousand dates. A column therefore keeps each distinct text once and
/// a code per row (one or two bytes for most columns: `CodeArray`). Reading a million-row file then makes a few thousand strings,
/// not six million, and typed reads parse each distinct date or number once.

/// One column of a table: `values[codes[row]]` is the text of `row`.
public struct Column: Sendable, Hashable, RandomAccessCollection {
    /// The distinct texts, in order of first appearance.
    public private(set) var values: [String]
    /// Per row, the index of its text in `values`.
    public private(set) var codes: CodeArray

    /// A column from its distinct values and per-row codes (every code must index `values`).
    public init(values: [String], codes: CodeArray) {
        self.values = values
        self.codes = codes
    }

    /// A column from its distinct values and per-row codes (every code must index `values`).
    public init(values: [String], codes: [UInt32]) {
        self.init(values: values, codes: CodeArray(codes))
    }

    /// A column holding `texts` in order.
    public init<S: Sequence>(_ texts: S) where S.Element == String {
        var index: [String: UInt32] = [:]
        var values: [String] = [], codes: [UInt32] = []
        for text in texts {
            if let code = index[text] {
                codes.append(code)
            } else {
                index[text] = UInt32(values.count)
                codes.append(UInt32(values.count))
                values.append(text)
            }
        }
        self.init(values: values, codes: codes)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes.count }
    /// The text of `row`.
    public subscript(row: Int) -> String { values[Int(codes[row])] }

    /// Each distinct value turned into something once, and looked up per row: parse a
    /// date column with this and each distinct date is parsed once.
    public func mapValues<T>(_ transform: (String) throws -> T) rethrows -> [T] {
        try values.map(transform)
    }
}

/// Assigns codes to byte strings while a file is read: a hash table over the bytes of the
/// values seen so far, so that a repeated field costs a hash and a compare, never a String.
///
/// Written by hand: the standard Dictionary needs a key value per lookup, which here would
/// mean building the very String per field this type exists to avoid.
struct ByteInterner {
    /// The bytes of every distinct value, end to end.
    private var arena: [UInt8] = []
    /// Where each distinct value's bytes start in `arena`; one more entry marks the end.
    private var bounds: [Int] = [0]
    /// Open addressing: a code + 1 per slot, 0 for empty. Never more than half full.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)
    /// The distinct values as text, in code order.
    private(set) var values: [String] = []

    /// The code of `bytes`, adding it as a new value (decoded by `decode`, which may refuse
    /// it by returning nil: then nothing is added and nil is returned).
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String?) -> UInt32? {
        let hash = ByteInterner.hash(bytes)
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            let code = Int(slots[slot] - 1)
            if equals(code, bytes) { return UInt32(code) }
            slot = (slot + 1) & mask
        }
        guard let text = decode(bytes) else { return nil }
        let code = values.count
        values.append(text)
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        slots[slot] = UInt32(code + 1)
        if values.count * 2 > slots.count { grow() }
        return UInt32(code)
    }

    /// Calls `body` with the bytes of the value `code`.
    func withBytes<T>(of code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds[code]..<bounds[code + 1]])) }
    }

    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bounds[code], count = bounds[code + 1] - start
        guard count == bytes.count else { return false }
        guard count > 0 else { return true }
        return arena.withUnsafeBufferPointer { arena in
            let a = UnsafeRawPointer(arena.baseAddress! + start), b = UnsafeRawPointer(bytes.baseAddress!)
            // Most cells are 4 to 16 bytes: compared as two words that may overlap, without a
            // call (memcmp was a tenth of reading a 10M-row file).
            if count >= 8, count <= 16 {
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            if count >= 4, count < 8 {
                return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                    && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            }
            return memcmp(a, b, count) == 0
        }
    }

    /// Doubles the table and puts every value back.
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        arena.withUnsafeBufferPointer { arena in
            for code in values.indices {
                let bytes = UnsafeBufferPointer(rebasing: arena[bounds[code]..<bounds[code + 1]])
                var slot = ByteInterner.hash(bytes) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt32(code + 1)
            }
        }
    }

    /// A fast hash of a short byte string, eight bytes at a time. The last few bytes are
    /// read as one word that may overlap the previous one, instead of byte by byte.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: h) }
        let raw = UnsafeRawPointer(base)
        func mix(_ word: UInt64) {
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            mix(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if n >= 4 {
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            mix(low | high << 32)
        } else {
            var word: UInt64 = 0
            for i in 0..<n { word |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            mix(word)
        }
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }
}
