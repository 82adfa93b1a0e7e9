/// The physical line on which each data row of a file starts, kept as runs.
///
/// In most files a row's line is its index plus a constant (the header's line, plus one);
/// only a blank line or a value with line breaks moves it on. So the lines are kept as the
/// rows where `line − row` changes and the difference from there: a clean file of ten million
/// rows holds one run, where an array of lines was 40 MB. A file whose every row moves it (a
/// multi-line note in each) would take twice an array's room as runs, so past one run per
/// four rows the lines are kept as a plain array instead.
public struct RowLines: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The rows at which a run starts, and `line − row` from there on.
    private var runStarts: [Int32] = []
    private var runOffsets: [Int32] = []
    /// Every row's line, once runs no longer pay.
    private var lines: [Int32]?
    public private(set) var endIndex = 0

    /// No rows.
    public init() {}

    /// The rows' lines, in row order.
    public init(arrayLiteral lines: Int32...) {
        for line in lines { append(line) }
    }

    public var startIndex: Int { 0 }

    /// The line of `row`.
    public subscript(row: Int) -> Int32 {
        if let lines { return lines[row] }
        // The last run starting at or before `row`.
        var lo = 0, hi = runStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(runStarts[mid]) <= row { lo = mid } else { hi = mid - 1 }
        }
        return Int32(row) &+ runOffsets[lo]
    }

    /// Adds the next row, starting on `line`.
    public mutating func append(_ line: Int32) {
        if lines != nil {
            lines!.append(line)
            endIndex += 1
            return
        }
        let row = Int32(truncatingIfNeeded: endIndex)
        if runOffsets.last != line &- row {
            runStarts.append(row)
            runOffsets.append(line &- row)
        }
        endIndex += 1
        densifyIfRunsDoNotPay()
    }

    /// Adds `other`'s rows, their lines moved on by `shift`.
    public mutating func append(contentsOf other: RowLines, shiftingLinesBy shift: Int32) {
        guard lines == nil, other.lines == nil else {
            for line in other { append(line &+ shift) }
            return
        }
        let base = Int32(truncatingIfNeeded: endIndex)
        for (start, offset) in zip(other.runStarts, other.runOffsets) {
            // Row `start` of `other` is on line start + offset + shift, and here it is row base + start.
            let moved = offset &+ shift &- base
            if runOffsets.last != moved {
                runStarts.append(base &+ start)
                runOffsets.append(moved)
            }
        }
        endIndex += other.count
        densifyIfRunsDoNotPay()
    }

    /// Past one run per four rows (and a few dozen runs), a plain array is smaller.
    private mutating func densifyIfRunsDoNotPay() {
        guard runStarts.count > 64, runStarts.count > endIndex / 4 else { return }
        lines = Array(self)
        runStarts = []
        runOffsets = []
    }

    public static func == (a: RowLines, b: RowLines) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for line in self { hasher.combine(line) }
    }
}
