import ReportTestSupport
import XCTest
@testable import ReportCore

/// Columns keep each distinct text once; every row must still read back its own text.
final class ColumnTests: XCTestCase {
    func testColumnFromTextsReadsBackInOrder() {
        let texts = ["SDF", "Islamic State", "SDF", "", "Islamic State", "الرقة", ""]
        let column = Column(texts)
        XCTAssertEqual(Array(column), texts)
        XCTAssertEqual(column.values, ["SDF", "Islamic State", "", "الرقة"], "distinct values in order of first appearance")
        XCTAssertEqual(column.codes, [0, 1, 0, 2, 1, 3, 2])
        XCTAssertEqual(column.mapValues(\.count), [3, 13, 0, 5])
    }

    /// Random byte strings, many repeated and many sharing prefixes, through enough growth
    /// of the table: equal bytes get equal codes, different bytes different codes.
    /// Values that differ in one byte, at every place of every length to 40 (short values are
    /// compared as words), get codes of their own; the same bytes again get the same code.
    func testInternerTellsValuesApartAtEveryByte() {
        var interner = ByteInterner()
        var seen: [[UInt8]: UInt32] = [:]
        for length in 1...40 {
            let base = (0..<length).map { UInt8(97 + $0 % 26) }
            var variants = [base]
            for place in 0..<length { var v = base; v[place] = 0x5A; variants.append(v) }
            for bytes in variants + variants {
                let code = bytes.withUnsafeBufferPointer { interner.code(of: $0) { String(decoding: $0, as: UTF8.self) } }!
                if let earlier = seen[bytes] { XCTAssertEqual(code, earlier, "\(bytes)") } else {
                    XCTAssertEqual(Int(code), seen.count, "\(bytes) is new")
                    seen[bytes] = code
                }
            }
        }
    }

    func testInternerGivesEqualBytesEqualCodes() {
        var rng = SeededRandom(seed: 11)
        var interner = ByteInterner()
        var seen: [[UInt8]: UInt32] = [:]
        for _ in 0..<20_000 {
            let length = rng.next(below: 24)
            let bytes = (0..<length).map { _ in UInt8(rng.next(below: 3) + 97) }  // "a"…"c": many collisions of prefix
            let code = bytes.withUnsafeBufferPointer { interner.code(of: $0) { String(decoding: $0, as: UTF8.self) } }!
            if let earlier = seen[bytes] {
                XCTAssertEqual(code, earlier)
            } else {
                XCTAssertEqual(Int(code), seen.count, "a new value gets the next code")
                seen[bytes] = code
            }
            XCTAssertEqual(interner.values[Int(code)], String(decoding: bytes, as: UTF8.self))
        }
        XCTAssertGreaterThan(seen.count, 5_000)
    }

    /// A value `decode` refuses is not added: the next value still gets the next code.
    func testRefusedValuesAreNotKept() {
        var interner = ByteInterner()
        let bad: [UInt8] = [0xFF], good = Array("ok".utf8)
        XCTAssertNil(bad.withUnsafeBufferPointer { interner.code(of: $0) { _ in nil } })
        XCTAssertEqual(good.withUnsafeBufferPointer { interner.code(of: $0) { String(decoding: $0, as: UTF8.self) } }, 0)
        XCTAssertEqual(interner.values, ["ok"])
    }

    /// A CSV file's repeated fields are stored once per column.
    func testCSVColumnsHoldEachDistinctTextOnce() throws {
        var csv = "date,actor,fatalities\n"
        for i in 0..<3_000 { csv += "2017-0\(i % 9 + 1)-1\(i % 7),\(["SDF", "Islamic State", "\"Coalition, US-led\""][i % 3]),\(i % 5)\n" }
        let table = try CSVReader.read(Array(csv.utf8))
        XCTAssertEqual(table.rowCount, 3_000)
        XCTAssertEqual(table.columns[1].values, ["SDF", "Islamic State", "Coalition, US-led"])
        XCTAssertEqual(table.columns[2].values.count, 5)
        XCTAssertEqual(table.columns[0].values.count, 63)
        XCTAssertEqual(table.columns[1][2], "Coalition, US-led")
        XCTAssertEqual(table.columns[0][10], "2017-02-13")
    }
}

/// Codes kept as narrow as their column allows read back as appended.
final class CodeArrayTests: XCTestCase {
    func testAppendingWidensAtTheBordersAndReadsBack() {
        var codes = CodeArray()
        var expected: [UInt32] = []
        codes.reserveCapacity(10)
        for code in 0..<UInt32(70_000) {
            // Each new code first, then a repeat of an older one, as a column fills.
            codes.append(code); expected.append(code)
            codes.append(code / 3); expected.append(code / 3)
            if code == 255 || code == 65_535 { XCTAssertEqual(codes.width, code == 255 ? 1 : 2) }
            if code == 256 { XCTAssertEqual(codes.width, 2) }
            if code == 65_536 { XCTAssertEqual(codes.width, 4) }
        }
        XCTAssertEqual(Array(codes), expected)
        XCTAssertEqual(codes, CodeArray(expected))
        codes.withUnsafeCodes { unsafe in
            XCTAssertEqual(unsafe.count, expected.count)
            XCTAssertEqual(unsafe[expected.count - 1], expected.last)
        }
        codes.removeLast()
        XCTAssertEqual(codes.count, expected.count - 1)
    }

    func testWidthsByDistinctValuesAndFilling() {
        for (distinct, width) in [(1, 1), (256, 1), (257, 2), (65_536, 2), (65_537, 4)] {
            let filled = CodeArray(count: 5, distinct: distinct) { out in
                for i in 0..<5 { out[i] = UInt32(max(0, distinct - 1 - i)) }
            }
            XCTAssertEqual(filled.width, width, "\(distinct) values")
            XCTAssertEqual(Array(filled), (0..<5).map { UInt32(max(0, distinct - 1 - $0)) })
            XCTAssertEqual(CodeArray(Array(filled)).width, width)
        }
        // Equal codes are equal whatever their widths.
        var wide = CodeArray()
        wide.append(300); wide.removeLast(); wide.append(1); wide.append(2)
        XCTAssertEqual(wide, [1, 2])
        XCTAssertEqual(wide.hashValue, CodeArray([1, 2]).hashValue)
    }
}
