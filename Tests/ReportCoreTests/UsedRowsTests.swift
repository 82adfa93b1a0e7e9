import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

/// The canonical encoding of the rows a block used (`UsedRows.encode`), which a PDF's
/// provenance digests: the same for the same used rows wherever they sit among others,
/// different when a used cell changes.
final class UsedRowsTests: XCTestCase {
    /// A table of `rows` (each `[date, actor, fatalities]`), its distinct values numbered in
    /// the order the rows first use them, as the readers number them.
    private func table(_ rows: [[String]]) -> DataTable {
        let names = ["date", "actor", "fatalities"]
        return DataTable(name: "events", columnNames: names, columns: names.indices.map { c in Column(rows.map { $0[c] }) },
                         file: "events.csv", rowPositions: rows.indices.map { SourcePosition(line: $0 + 2, column: 0) })
    }

    /// The encoding of the rows of `rows` dated in the week of 6 March, over `columns`.
    private func encoding(_ rows: [[String]], columns: [String] = ["actor", "date", "fatalities"]) -> [UInt8] {
        let t = table(rows)
        let week = rows.indices.filter { rows[$0][0] >= "2017-03-06" && rows[$0][0] <= "2017-03-12" }
        let used = UsedRows(section: 0, name: "chart", parts: [.init(view: DataView(table: t, rows: week), columns: columns)])
        var bytes: [UInt8] = []
        used.encode { bytes.append(contentsOf: $0) }
        return bytes
    }

    private let week = [["2017-03-06", "SDF", "3"], ["2017-03-08", "IS", "12"], ["2017-03-08", "SDF", ""]]

    /// The documented layout, byte for byte, for two rows and one column.
    func testTheEncodingIsTheDocumentedOne() {
        let t = table([["2017-03-01", "IS", "1"], ["2017-03-06", "SDF", "3"], ["2017-03-07", "IS", "2"]])
        let used = UsedRows(section: 0, name: "c", parts: [.init(view: DataView(table: t, rows: [1, 2]), columns: ["actor"])])
        var bytes: [UInt8] = []
        used.encode { bytes.append(contentsOf: $0) }
        func u64(_ n: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } }
        func text(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }
        // "IS" is the table's first value (code 0) but the second these rows use: index 1.
        let expected = Array("report-rows 1\n".utf8) + u64(1)   // one part
            + u64(2) + u64(1)                                   // two rows, one column
            + text("actor") + u64(2) + text("SDF") + text("IS") // the texts, in order of first use
            + [0, 1]                                            // each row's place among them, a byte each
        XCTAssertEqual(bytes, expected)
    }

    /// Rows outside the window, appended, inserted before or between the used rows, with
    /// values of their own that renumber the table's distinct values, change nothing.
    func testRowsTheBlockDoesNotUseChangeNothing() {
        let alone = encoding(week)
        let appended = encoding(week + [["2017-03-13", "YPG", "4"], ["2017-03-14", "SDF", "1"]])
        let inserted = encoding([["2017-03-01", "Syrian Army", "7"], ["2017-03-02", "IS", "2"], week[0],
                                 ["2017-02-27", "SDF", "9"], week[1], week[2], ["2017-03-20", "IS", "1"]])
        XCTAssertEqual(appended, alone)
        XCTAssertEqual(inserted, alone)
        // A column the block does not read may change in a used row too.
        let unread = encoding(week.map { [$0[0], $0[1], "99"] }, columns: ["actor", "date"])
        XCTAssertEqual(unread, encoding(week, columns: ["actor", "date"]))
    }

    /// A changed cell of a used row, a row more or less, or two used rows swapped (order shows:
    /// the "Sources:" line, a `last` figure) each give another encoding.
    func testAUsedCellOrRowChangesTheEncoding() {
        let alone = encoding(week)
        var edited = week
        edited[1][2] = "13"
        var emptied = week
        emptied[0][1] = ""
        let variants = [
            encoding(edited),
            encoding(emptied),
            encoding(Array(week.dropLast())),
            encoding(week + [["2017-03-12", "IS", "1"]]),
            encoding([week[1], week[0], week[2]]),
            // The same texts in other columns: the column names and row boundaries are kept.
            encoding(week.map { [$0[0], $0[2], $0[1]] }),
        ]
        for (i, variant) in variants.enumerated() {
            XCTAssertNotEqual(variant, alone, "variant \(i)")
        }
        XCTAssertEqual(Set(variants).count, variants.count, "every variant differs from every other")
    }

    /// Written in pieces of about 64 KB, never as one buffer of a million rows.
    func testALargeViewIsWrittenInPieces() {
        let rows = (0..<100_000).map { ["2017-03-0\(6 + $0 % 7)", "actor \($0 % 50)", "\($0 % 13)"] }
        let t = table(rows)
        let used = UsedRows(section: 0, name: "c", parts: [.init(view: DataView(table: t), columns: ["actor", "date", "fatalities"])])
        var pieces: [Int] = []
        used.encode { pieces.append($0.count) }
        XCTAssertGreaterThan(pieces.count, 3)
        XCTAssertLessThanOrEqual(pieces.max() ?? 0, 1 << 16 + 64)
        XCTAssertGreaterThan(pieces.reduce(0, +), 3 * 100_000, "a byte a row and column")
    }

    /// An index takes one byte while a column's rows use at most 256 texts, two up to 65,536,
    /// else four.
    func testIndicesAreAsNarrowAsTheTextsAllow() {
        for (count, width) in [(256, 1), (257, 2), (65_536, 2), (65_537, 4)] {
            // Each text twice, the second time in reverse order: the indices are
            // 0, 1, …, count − 1, then count − 1, …, 0.
            let texts = (0..<count).map { "t\($0)" }
            let t = DataTable(name: "e", columnNames: ["a"], columns: [Column(texts + texts.reversed())], file: "e.csv",
                              rowPositions: Array(repeating: SourcePosition(line: 1, column: 0), count: 2 * count))
            let used = UsedRows(section: 0, name: "c", parts: [.init(view: DataView(table: t), columns: ["a"])])
            var bytes: [UInt8] = []
            used.encode { bytes.append(contentsOf: $0) }
            let indices = bytes.suffix(2 * count * width)
            let read = stride(from: indices.startIndex, to: indices.endIndex, by: width).map { at in
                (0..<width).reduce(0) { $0 | Int(indices[at + $1]) << (8 * $1) }
            }
            XCTAssertEqual(read, Array(0..<count) + (0..<count).reversed(), "\(count) texts")
            let textBytes = texts.reduce(0) { $0 + 8 + $1.utf8.count }
            XCTAssertEqual(bytes.count, 14 + 8 + 16 + (8 + 1) + 8 + textBytes + 2 * count * width, "\(count) texts")
        }
    }
}
