/// A column's per-row codes, each as narrow as the column's count of distinct values allows:
/// one byte for up to 256 values (an actor, an event type, a source), two for up to 65,536
/// (the dates of 180 years), else four.
///
/// Why not `[UInt32]`: a ten-million-row event log read for a timeline keeps four columns,
/// and four bytes a cell were 160 MB; at their natural widths they are 50 MB, so memory no
/// longer grows with rows at four times the file's pace. Codes are handed out in order (a new
/// value takes the next code), so an array widens at most twice, when its 257th and its
/// 65,537th value appear.
public struct CodeArray: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    private var bytes: [UInt8] = []
    private var shorts: [UInt16] = []
    private var words: [UInt32] = []
    /// Bytes per code: 1, 2 or 4.
    public private(set) var width = 1

    /// No codes.
    public init() {}

    /// `codes`, as narrow as their largest allows.
    public init(_ codes: [UInt32]) {
        width = CodeArray.width(for: Int(codes.max() ?? 0) + 1)
        switch width {
        case 1: bytes = codes.map { UInt8(truncatingIfNeeded: $0) }
        case 2: shorts = codes.map { UInt16(truncatingIfNeeded: $0) }
        default: words = codes
        }
    }

    public init(arrayLiteral codes: UInt32...) { self.init(codes) }

    /// `count` codes of the width `distinct` values need, written by `fill` (every one of them).
    public init(count: Int, distinct: Int, _ fill: (inout UnsafeMutableCodes) -> Void) {
        width = CodeArray.width(for: distinct)
        switch width {
        case 1: bytes = [UInt8](unsafeUninitializedCapacity: count) { b, n in var out = UnsafeMutableCodes(UnsafeMutableRawPointer(b.baseAddress), width: 1); fill(&out); n = count }
        case 2: shorts = [UInt16](unsafeUninitializedCapacity: count) { b, n in var out = UnsafeMutableCodes(UnsafeMutableRawPointer(b.baseAddress), width: 2); fill(&out); n = count }
        default: words = [UInt32](unsafeUninitializedCapacity: count) { b, n in var out = UnsafeMutableCodes(UnsafeMutableRawPointer(b.baseAddress), width: 4); fill(&out); n = count }
        }
    }

    /// The narrowest width that holds codes `0..<distinct`.
    static func width(for distinct: Int) -> Int { distinct <= 1 << 8 ? 1 : distinct <= 1 << 16 ? 2 : 4 }

    public var startIndex: Int { 0 }
    public var endIndex: Int { width == 1 ? bytes.count : width == 2 ? shorts.count : words.count }

    /// The code of row `i`.
    @inline(__always) public subscript(i: Int) -> UInt32 {
        switch width {
        case 1: return UInt32(bytes[i])
        case 2: return UInt32(shorts[i])
        default: return words[i]
        }
    }

    /// Appends a code, widening the array when the code needs it.
    @inline(__always) public mutating func append(_ code: UInt32) {
        switch width {
        case 1 where code < 1 << 8: bytes.append(UInt8(truncatingIfNeeded: code))
        case 2 where code < 1 << 16: shorts.append(UInt16(truncatingIfNeeded: code))
        case 4: words.append(code)
        default: widenAndAppend(code)
        }
    }

    /// The rare case of `append`, apart so that the common one inlines (once per width).
    @inline(never) private mutating func widenAndAppend(_ code: UInt32) {
        widen(to: code < 1 << 16 ? 2 : 4)
        if width == 2 { shorts.append(UInt16(truncatingIfNeeded: code)) } else { words.append(code) }
    }

    /// Removes the last code.
    public mutating func removeLast() {
        switch width {
        case 1: bytes.removeLast()
        case 2: shorts.removeLast()
        default: words.removeLast()
        }
    }

    /// Room for `n` codes at the present width.
    public mutating func reserveCapacity(_ n: Int) {
        switch width {
        case 1: bytes.reserveCapacity(n)
        case 2: shorts.reserveCapacity(n)
        default: words.reserveCapacity(n)
        }
    }

    private mutating func widen(to newWidth: Int) {
        let old = Array(self), capacity = Swift.max(old.count, bytes.capacity, shorts.capacity)
        bytes = []; shorts = []; words = []
        width = newWidth
        reserveCapacity(capacity)
        if newWidth == 2 { shorts.append(contentsOf: old.lazy.map { UInt16(truncatingIfNeeded: $0) }) } else { words.append(contentsOf: old) }
    }

    /// Calls `body` with the codes through a pointer (for loops over millions of rows).
    public func withUnsafeCodes<R>(_ body: (UnsafeCodes) throws -> R) rethrows -> R {
        switch width {
        case 1: return try bytes.withUnsafeBytes { try body(UnsafeCodes($0.baseAddress, width: 1, count: bytes.count)) }
        case 2: return try shorts.withUnsafeBytes { try body(UnsafeCodes($0.baseAddress, width: 2, count: shorts.count)) }
        default: return try words.withUnsafeBytes { try body(UnsafeCodes($0.baseAddress, width: 4, count: words.count)) }
        }
    }

    public static func == (a: CodeArray, b: CodeArray) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for code in self { hasher.combine(code) }
    }
}

/// Codes read through a pointer (`CodeArray.withUnsafeCodes`).
public struct UnsafeCodes {
    private let base: UnsafeRawPointer?
    private let width: Int
    /// How many codes there are.
    public let count: Int

    init(_ base: UnsafeRawPointer?, width: Int, count: Int) { self.base = base; self.width = width; self.count = count }

    /// The code of row `i`.
    @inline(__always) public subscript(i: Int) -> UInt32 {
        switch width {
        case 1: return UInt32(base.unsafelyUnwrapped.load(fromByteOffset: i, as: UInt8.self))
        case 2: return UInt32(base.unsafelyUnwrapped.load(fromByteOffset: 2 * i, as: UInt16.self))
        default: return base.unsafelyUnwrapped.load(fromByteOffset: 4 * i, as: UInt32.self)
        }
    }
}

/// Codes written through a pointer (`CodeArray.init(count:distinct:_:)`).
public struct UnsafeMutableCodes {
    private let base: UnsafeMutableRawPointer?
    private let width: Int

    init(_ base: UnsafeMutableRawPointer?, width: Int) { self.base = base; self.width = width }

    /// Sets the code of row `i` (it must fit the width).
    @inline(__always) public subscript(i: Int) -> UInt32 {
        get {
            switch width {
            case 1: return UInt32(base.unsafelyUnwrapped.load(fromByteOffset: i, as: UInt8.self))
            case 2: return UInt32(base.unsafelyUnwrapped.load(fromByteOffset: 2 * i, as: UInt16.self))
            default: return base.unsafelyUnwrapped.load(fromByteOffset: 4 * i, as: UInt32.self)
            }
        }
        nonmutating set {
            switch width {
            case 1: base.unsafelyUnwrapped.storeBytes(of: UInt8(truncatingIfNeeded: newValue), toByteOffset: i, as: UInt8.self)
            case 2: base.unsafelyUnwrapped.storeBytes(of: UInt16(truncatingIfNeeded: newValue), toByteOffset: 2 * i, as: UInt16.self)
            default: base.unsafelyUnwrapped.storeBytes(of: newValue, toByteOffset: 4 * i, as: UInt32.self)
            }
        }
    }
}
