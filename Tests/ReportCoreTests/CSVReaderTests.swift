import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

final class CSVReaderTests: XCTestCase {
    // MARK: Helpers

    private func read(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CSVTable? {
        do {
            return try CSVReader.read(Array(text.utf8))
        } catch {
            XCTFail("unexpected errors:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// The diagnostics thrown for `bytes`, as `LINE: MESSAGE` strings (suggestions left out).
    private func errors(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            let table = try CSVReader.read(bytes)
            XCTFail("expected errors, got \(table.rowCount) rows", file: file, line: line)
            return []
        } catch {
            for d in error.diagnostics {
                XCTAssertEqual(d.severity, .error, file: file, line: line)
                XCTAssertNil(d.file, "the reader knows no file name", file: file, line: line)
            }
            return error.diagnostics.map { "\($0.position.map { String($0.line) } ?? "-"): \($0.message)" }
        }
    }

    private func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        errors(Array(text.utf8), file: file, line: line)
    }

    /// Line ends in `text` as the reader counts them: LF, CRLF and a lone CR each count once.
    private func lineEnds(in text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        return scalars.indices.filter { i in
            scalars[i] == "\n" || (scalars[i] == "\r" && (i + 1 == scalars.count || scalars[i + 1] != "\n"))
        }.count
    }

    private func rows(_ table: CSVTable) -> [[String]] {
        (0..<table.rowCount).map { r in table.columns.map { $0[r] } }
    }

    // MARK: Well-formed files

    func testSimpleFile() throws {
        let table = try XCTUnwrap(read("date,actor,count\n2017-03-10,SDF,3\n2017-03-11,Islamic State,\n"))
        XCTAssertEqual(table.header, ["date", "actor", "count"])
        XCTAssertEqual(Array(table.columns[1]), ["SDF", "Islamic State"])
        XCTAssertEqual(rows(table), [["2017-03-10", "SDF", "3"], ["2017-03-11", "Islamic State", ""]])
        XCTAssertEqual(table.rowLines, [2, 3])
        XCTAssertEqual(table.rowCount, 2)
    }

    func testNoTrailingNewline() throws {
        let table = try XCTUnwrap(read("a,b\n1,2"))
        XCTAssertEqual(rows(table), [["1", "2"]])
    }

    func testHeaderOnly() throws {
        let table = try XCTUnwrap(read("a,b\n"))
        XCTAssertEqual(table.header, ["a", "b"])
        XCTAssertEqual(table.columns.map { Array($0) }, [[], []])
        XCTAssertEqual(table.rowLines, [])
    }

    func testHeaderNamesAreTrimmedButValuesAreNot() throws {
        let table = try XCTUnwrap(read(" date ,\tactor  ,\" quoted \"\n 1 , 2 ,3\n"))
        XCTAssertEqual(table.header, ["date", "actor", "quoted"])
        XCTAssertEqual(rows(table), [[" 1 ", " 2 ", "3"]])
    }

    func testByteOrderMarkIsSkipped() throws {
        let table = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array("date,actor\n2017,SDF\n".utf8))
        XCTAssertEqual(table.header, ["date", "actor"])
        XCTAssertEqual(table.rowLines, [2])
    }

    func testLineEnds() throws {
        for text in ["a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\r1,2\r3,4\r", "a,b\r\n1,2\r3,4\n"] {
            let table = try XCTUnwrap(read(text))
            XCTAssertEqual(rows(table), [["1", "2"], ["3", "4"]], "\(text.debugDescription)")
            XCTAssertEqual(table.rowLines, [2, 3], "\(text.debugDescription)")
        }
    }

    func testQuotedFields() throws {
        let text = "id,text\n1,\"Raqqa, Syria\"\n2,\"he said \"\"go\"\"\"\n3,\"\"\n4,\"\"\"\"\n5,\"é, \"\"ü\"\"\"\n"
        let table = try XCTUnwrap(read(text))
        XCTAssertEqual(Array(table.columns[1]), ["Raqqa, Syria", "he said \"go\"", "", "\"", "é, \"ü\""])
    }

    func testQuotedNewlinesKeepPhysicalLineNumbers() throws {
        let text = "id,text\n1,\"two\nlines\"\n2,\"three\r\nline\rends\"\n3,x\n"
        let table = try XCTUnwrap(read(text))
        XCTAssertEqual(Array(table.columns[1]), ["two\nlines", "three\r\nline\rends", "x"])
        XCTAssertEqual(table.rowLines, [2, 4, 7])
    }

    func testBadRowAfterQuotedNewlineIsReportedAtItsPhysicalLine() {
        let text = "id,text\n1,\"a\nb\nc\"\n2,ok\n3\n"
        XCTAssertEqual(errors(text), ["6: expected 2 fields as in the header, found 1"])
    }

    func testBlankLinesAreSkipped() throws {
        let table = try XCTUnwrap(read("a,b\n1,2\n\n3,4\r\n\r\n\n\n\r\n"))
        XCTAssertEqual(rows(table), [["1", "2"], ["3", "4"]])
        XCTAssertEqual(table.rowLines, [2, 4])
    }

    func testQuotedEmptyValueIsNotABlankLine() throws {
        let table = try XCTUnwrap(read("note\nx\n\"\"\n\ny\n"))
        XCTAssertEqual(Array(table.columns[0]), ["x", "", "y"])
        XCTAssertEqual(table.rowLines, [2, 3, 5])
    }

    func testLeadingBlankLinesBeforeTheHeader() throws {
        let table = try XCTUnwrap(read("\n\na,b\n1,2\n"))
        XCTAssertEqual(table.header, ["a", "b"])
        XCTAssertEqual(table.rowLines, [4])
    }

    func testNonASCIIText() throws {
        let table = try XCTUnwrap(read("place,actor\nالرقة,قسد\nDeir ez-Zor 🇸🇾,\"دير الزور\"\n"))
        XCTAssertEqual(Array(table.columns[0]), ["الرقة", "Deir ez-Zor 🇸🇾"])
        XCTAssertEqual(Array(table.columns[1]), ["قسد", "دير الزور"])
    }

    // MARK: Errors

    func testWrongFieldCounts() {
        XCTAssertEqual(errors("a,b,c\n1,2,3\n1,2\n1,2,3,4\n"), [
            "3: expected 3 fields as in the header, found 2",
            "4: expected 3 fields as in the header, found 4",
        ])
        XCTAssertEqual(errors("a\n1\n1,2\n"), ["3: expected 1 field as in the header, found 2"])
    }

    func testInvalidUTF8NamesLineAndColumn() throws {
        var bytes = Array("date,actor\n".utf8)
        for n in 1...5 { bytes += Array("2017-03-0\(n),SDF\n".utf8) }
        bytes += Array("2017-03-06,S".utf8) + [0xFF] + Array("F\n".utf8)  // line 7
        do {
            _ = try CSVReader.read(bytes)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.diagnostics.count, 1)
            let diagnostic = try XCTUnwrap(error.diagnostics.first)
            XCTAssertEqual(diagnostic.message, "column \"actor\": invalid UTF-8")
            XCTAssertEqual(diagnostic.position?.line, 7)
            XCTAssertEqual(diagnostic.inFile("events.csv").description,
                           "events.csv:7: error: column \"actor\": invalid UTF-8 (save the file as UTF-8)")
        }
    }

    func testInvalidUTF8Forms() {
        let bad: [[UInt8]] = [
            [0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xC3], [0xE2, 0x82], [0xC3, 0x41],
        ]
        for sequence in bad {
            // Unquoted, and quoted with a doubled quote (the copied path), both at line 2.
            XCTAssertEqual(errors(Array("a,b\nx,".utf8) + sequence + [0x0A]),
                           ["2: column \"b\": invalid UTF-8"], "\(sequence)")
            XCTAssertEqual(errors(Array("a,b\nx,\"\"\"".utf8) + sequence + Array("\"\n".utf8)),
                           ["2: column \"b\": invalid UTF-8"], "\(sequence)")
        }
        let good: [[UInt8]] = [[0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xED, 0x9F, 0xBF], [0xF0, 0x9F, 0x87, 0xB8],
                               [0xF4, 0x8F, 0xBF, 0xBF], [0xEF, 0xBF, 0xBF]]
        for sequence in good {
            XCTAssertNoThrow(try CSVReader.read(Array("a,b\nx,".utf8) + sequence + [0x0A]), "\(sequence)")
        }
    }

    func testInvalidUTF8InQuotedFieldIsReportedWhereTheFieldStarts() {
        let bytes = Array("a,b\n1,2\nx,\"line one\nline two ".utf8) + [0xC3] + Array("\"\n".utf8)
        XCTAssertEqual(errors(bytes), ["3: column \"b\": invalid UTF-8"])
    }

    func testUnterminatedQuoteIsReportedWhereTheFieldBegan() {
        XCTAssertEqual(errors("id,text\n1,ok\n2,\"never\nclosed\n3,more\n"),
                       ["3: column \"text\": quoted field is never closed"])
        XCTAssertEqual(errors("\"id,text\n1,2\n"), ["1: header column 1: quoted field is never closed"])
    }

    func testStrayQuoteInUnquotedField() {
        XCTAssertEqual(errors("id,text\n1,ab\"c\n2,ok\n3,x\"\n"), [
            "2: column \"text\": stray quote in an unquoted field",
            "4: column \"text\": stray quote in an unquoted field",
        ])
        XCTAssertEqual(errors("id,te\"xt\n"), ["1: header column 2: stray quote in an unquoted field"])
    }

    func testTextAfterClosingQuote() {
        XCTAssertEqual(errors("id,text\n1,\"ab\"c\n2,\"ok\"\n"),
                       ["2: column \"text\": unexpected text after the closing quote"])
    }

    func testErrorsInFieldsPastTheHeaderAreNamedByNumber() {
        XCTAssertEqual(errors("a,b\n1,2,x\"y\n"), ["2: field 3: stray quote in an unquoted field"])
    }

    func testHeaderErrors() {
        XCTAssertEqual(errors("date,actor,date\n1,2,3\n"),
                       ["1: duplicate column name \"date\" in the header (columns 1 and 3)"])
        XCTAssertEqual(errors("date, actor ,actor\n"),
                       ["1: duplicate column name \"actor\" in the header (columns 2 and 3)"])
        XCTAssertEqual(errors("date,,actor, \n"),
                       ["1: header column 2 has no name", "1: header column 4 has no name"])
        XCTAssertEqual(errors(Array("a,".utf8) + [0xFE] + [0x0A]), ["1: header column 2: invalid UTF-8"])
    }

    func testEmptyFiles() {
        let message = "1: the file is empty: expected a header row"
        XCTAssertEqual(errors(""), [message])
        XCTAssertEqual(errors([0xEF, 0xBB, 0xBF]), [message])
        XCTAssertEqual(errors("\n\r\n\n"), [message])
    }

    func testAllRowErrorsAreReportedUpToTheLimit() throws {
        var text = "a,b\n"
        for n in 0..<60 { text += n % 2 == 0 ? "1,2\n" : "1\n" }  // 30 bad rows
        XCTAssertEqual(errors(text).count, 30)

        text = "a,b\n"
        for _ in 0..<60 { text += "1\n" }  // 60 bad rows on lines 2...61
        let found = errors(text)
        XCTAssertEqual(found.count, CSVReader.errorLimit + 1)
        XCTAssertEqual(found.first, "2: expected 2 fields as in the header, found 1")
        XCTAssertEqual(found[49], "51: expected 2 fields as in the header, found 1")
        XCTAssertEqual(found.last, "52: … and 10 more errors")
    }

    func testDifferentErrorsInOneFile() {
        let bytes = Array("id,actor\n1,\"a\nb\"\n2\n3,x\"\n4,".utf8) + [0xFF] + Array("\n5,ok\n".utf8)
        XCTAssertEqual(errors(bytes), [
            "4: expected 2 fields as in the header, found 1",
            "5: column \"actor\": stray quote in an unquoted field",
            "6: column \"actor\": invalid UTF-8",
        ])
    }

    // MARK: Properties

    /// Random tables written out with random quoting and line ends read back exactly.
    func testRoundTripOfGeneratedTables() throws {
        var random = SeededRandom(seed: 0x5EED_C5F0)
        let alphabet: [String] = ["a", "b", "Z", "1", " ", ",", "\"", "\n", "\r", "\r\n", "é", "الرقة", "🇸🇾", "-"]
        for iteration in 0..<400 {
            let columnCount = Int(random.next() % 5) + 1
            let rowCount = Int(random.next() % 8)
            let header = (0..<columnCount).map { "c\($0)" }
            var table: [[String]] = []
            for _ in 0..<rowCount {
                table.append((0..<columnCount).map { _ in
                    (0..<Int(random.next() % 6)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                })
            }
            let ends = ["\n", "\r\n", "\r"]
            var text = header.joined(separator: ",") + ends[Int(random.next() % 3)]
            var line = 2
            var expectedLines: [Int32] = []
            for row in table {
                expectedLines.append(Int32(line))
                let fields = row.map { value -> String in
                    // Scalars, not Characters: "\r\n" is one Character, and a lone "\r" must be quoted too.
                    let needsQuotes = value.unicodeScalars.contains { ",\"\r\n".unicodeScalars.contains($0) }
                        || (columnCount == 1 && value.isEmpty)
                    guard needsQuotes || random.next() % 4 == 0 else { return value }
                    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                let written = fields.joined(separator: ",")
                line += lineEnds(in: written) + 1
                text += written + ends[Int(random.next() % 3)]
                // A blank line; CRLF so that it never merges with a lone CR before it.
                if random.next() % 5 == 0 { text += "\r\n"; line += 1 }
            }
            let read = try CSVReader.read(Array(text.utf8))
            XCTAssertEqual(read.header, header, "iteration \(iteration)")
            XCTAssertEqual(rows(read), table, "iteration \(iteration): \(text.debugDescription)")
            XCTAssertEqual(Array(read.rowLines), expectedLines, "iteration \(iteration): \(text.debugDescription)")
        }
    }

    /// Thousands of random and mutated inputs: no crash, no hang, and consistent results.
    func testRandomAndMutatedInputsNeverCrash() {
        var random = SeededRandom(seed: 42)
        let valid = Array("date,actor,\"summary\"\r\n2017-03-10,SDF,\"a, \"\"b\"\"\nc\"\n2017,IS,é\n\n".utf8)
        let interesting: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x20, 0x61, 0x62, 0x00, 0xC3, 0xA9, 0xFF, 0x80,
                                    0xEF, 0xBB, 0xBF, 0xED, 0xF4, 0x90]
        for iteration in 0..<6000 {
            var bytes: [UInt8]
            if iteration % 2 == 0 {
                bytes = (0..<Int(random.next() % 64)).map { _ in
                    random.next() % 8 == 0 ? UInt8(truncatingIfNeeded: random.next())
                                           : interesting[Int(random.next() % UInt64(interesting.count))]
                }
            } else {
                bytes = valid
                for _ in 0..<Int(random.next() % 4) + 1 {
                    let position = Int(random.next() % UInt64(bytes.count + 1))
                    let byte = interesting[Int(random.next() % UInt64(interesting.count))]
                    switch random.next() % 3 {
                    case 0: bytes.insert(byte, at: position)
                    case 1: if position < bytes.count { bytes.remove(at: position) }
                    default: if position < bytes.count { bytes[position] = byte }
                    }
                }
            }
            let physicalLines = bytes.count + 1
            do {
                let table = try CSVReader.read(bytes)
                XCTAssertEqual(table.columns.count, table.header.count)
                for column in table.columns { XCTAssertEqual(column.count, table.rowLines.count) }
                XCTAssertEqual(Array(table.rowLines), table.rowLines.sorted())
                XCTAssertEqual(Set(table.rowLines).count, table.rowLines.count)
                XCTAssert(table.rowLines.allSatisfy { $0 >= 2 && $0 <= physicalLines })
                XCTAssert(table.header.allSatisfy { !$0.isEmpty })
            } catch {
                XCTAssertFalse(error.diagnostics.isEmpty)
                XCTAssertLessThanOrEqual(error.diagnostics.count, CSVReader.errorLimit + 1)
                for d in error.diagnostics {
                    let line = d.position?.line ?? 0
                    XCTAssert(line >= 1 && line <= physicalLines, "line \(line) in \(bytes)")
                }
            }
        }
    }
}


/// A large file read on several threads gives the table one thread gives, code for code.
final class ParallelCSVTests: XCTestCase {
    private func bothWays(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        let one = Result { () throws(DiagnosticList) in try CSVReader.read(bytes, delimiter: 0x2C, threads: 1, minimumPart: 1 << 40) }
        for threads in [2, 3, 4, 7] {
            let many = Result { () throws(DiagnosticList) in try CSVReader.read(bytes, delimiter: 0x2C, threads: threads, minimumPart: 64) }
            switch (one, many) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b, "\(threads) threads", file: file, line: line)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(a.diagnostics.map(\.description), b.diagnostics.map(\.description), file: file, line: line)
            default: XCTFail("one thread: \(one), \(threads) threads: \(many)", file: file, line: line)
            }
        }
    }

    /// Rows whose values first appear late, blank lines, non-ASCII text, no final line feed.
    private func rows(_ n: Int) -> [String] {
        (0..<n).map { i in
            i % 97 == 0 ? "" : "2017-03-\(String(format: "%02d", 1 + i % 28)),actor \(i % 13 + i / 500),Raqqa \(i % 3 == 0 ? "الرقة" : "x"),\(i % 7)"
        }
    }

    /// Whether the rows are read in parts (true) or left to one thread (false).
    private func readsInParts(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { ParallelCSV.read($0, as: CommaDelimiter.self, CSVReader.Reading(threads: 4, minimumPart: 64, releases: false)) != nil }
    }

    func testWhichFilesAreReadInParts() {
        XCTAssertTrue(readsInParts("date,actor,place,deaths\n" + rows(3000).joined(separator: "\n")))
        XCTAssertTrue(readsInParts("date,note\n" + (0..<3000).map { "2017-03-01,\"n\($0)\"" }.joined(separator: "\n")))
        XCTAssertTrue(readsInParts("date,note\r\n" + (0..<3000).map { "2017-03-01,n\($0)" }.joined(separator: "\r\n")))
        XCTAssertTrue(readsInParts("date,note\n" + (0..<3000).map { "2017-03-01,\"a\nb\nc\n\($0)\"" }.joined(separator: "\n")))
        XCTAssertFalse(readsInParts("date,note\n2017-03-01,small\n"))
        var bad = rows(3000)
        bad[2500] = "2017-03-01,only two"
        XCTAssertFalse(readsInParts("date,actor,place,deaths\n" + bad.joined(separator: "\n")))
    }

    /// A mapped file (parts on two threads, pages let go every 16 MB) reads as its bytes do,
    /// and so does one with quoted line feeds, one of them near the cut between the parts.
    func testAMappedFileReadsAsItsBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = rows(520_000)
        let plain = "date,actor,place,deaths\n" + lines.joined(separator: "\n") + "\n"
        lines[500_000] = "2017-03-01,\"quoted\nactor\",Raqqa,1"
        for k in 259_990..<260_010 { lines[k] = "2017-03-01,\"line \(k)\n\n\nend\",Raqqa,1" }
        let quoted = "date,actor,place,deaths\n" + lines.joined(separator: "\n") + "\n"
        for (name, text) in [("plain.csv", plain), ("quoted.csv", quoted)] {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            XCTAssertGreaterThan(text.utf8.count, 16 << 20)
            let mapped = try XCTUnwrap(FileSystemWorld(workingDirectory: dir.path).map(name))
            let fromBytes = try CSVReader.read(Array(text.utf8))
            for threads in [1, 2] {
                XCTAssertEqual(try CSVReader.read(mapped: mapped, delimiter: 0x2C, threads: threads), fromBytes, "\(name), \(threads) threads")
            }
        }
    }

    func testPartsJoinIntoTheTableOneThreadReads() {
        bothWays("date,actor,place,deaths\n" + rows(3000).joined(separator: "\n"))
        bothWays("\u{FEFF}date,actor,place,deaths\n\n" + rows(3000).joined(separator: "\n") + "\n\n")
        // Every value new in every part.
        bothWays("a\n" + (0..<5000).map { "v\($0)" }.joined(separator: "\n") + "\n")
    }

    func testQuotedFieldsAcrossPartBordersAndErrorsReadAsOneThreadReadsThem() {
        // Quoted line feeds in every row: most guessed cuts fall inside a value.
        bothWays("date,note\n" + (0..<3000).map { "2017-03-01,\"a\n\($0)\nb\nc\"" }.joined(separator: "\n") + "\n")
        // Doubled quotes next to the line feeds, and quoted CRLF.
        bothWays("date,note,n\r\n" + (0..<3000).map { "2017-03-01,\"say \"\"\n\"\"\r\n\($0 % 50)\",\($0)" }.joined(separator: "\r\n"))
        // Carriage returns: CRLF, and lone CRs between line feeds.
        bothWays("date,note\r\n" + (0..<3000).map { "2017-03-01,n\($0)" }.joined(separator: "\r\n") + "\r\n")
        bothWays("date,note\n" + (0..<3000).map { "2017-03-01,n\($0)" + ($0 % 3 == 0 ? "\r" : "\n") }.joined())
        // One value longer than several parts, with a line feed on every line.
        let long = (0..<2000).map { "line \($0)" }.joined(separator: "\n")
        bothWays("date,note\n" + rows(40).map { _ in "2017-03-01,x" }.joined(separator: "\n") + "\n2017-03-02,\"\(long)\"\n"
                 + (0..<400).map { "2017-03-03,y\($0)" }.joined(separator: "\n"))
        // A quote never closed far into the file, and a stray one: the same messages.
        bothWays("date,note\n" + (0..<3000).map { "2017-03-01,\"a\n\($0)\"" }.joined(separator: "\n") + "\n2017-03-02,\"open\nx\n")
        bothWays("date,note\n" + (0..<3000).map { $0 == 2400 ? "2017-03-01,a\"b" : "2017-03-01,\"a\n\($0)\"" }.joined(separator: "\n"))
        // A ragged row and invalid UTF-8 far into the file: the same messages, at the same lines.
        var bad = rows(3000)
        bad[2500] = "2017-03-01,only two"
        bothWays("date,actor,place,deaths\n" + bad.joined(separator: "\n"))
        let broken = Array(("date,actor,place,deaths\n" + rows(3000).joined(separator: "\n") + "\n").utf8) + [0xFF, 0x2C, 0x61, 0x2C, 0x62, 0x2C, 0x63, 0x0A]
        bothWays(String(decoding: broken, as: UTF8.self))
    }

    /// Random files of quoted values holding line feeds, carriage returns, delimiters and
    /// doubled quotes, cut at random sizes: the parts always join into one thread's table.
    func testRandomQuotedFilesReadAsOneThreadReadsThem() {
        var random = SeededRandom(seed: 19)
        let pieces = ["a", "b", "\n", "\r\n", "\r", ",", "\"\"", "ر", " "]
        for round in 0..<60 {
            var text = "id,note,place\n"
            for row in 0..<(200 + Int(random.next() % 800)) {
                let note = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
                let quoted = random.next() % 3 != 0 || note.utf8.contains(where: { [0x0A, 0x0D, 0x2C, 0x22].contains($0) })
                text += "\(row),\(quoted ? "\"\(note)\"" : note),p\(random.next() % 9)" + (random.next() % 4 == 0 ? "\r\n" : "\n")
            }
            let bytes = Array(text.utf8)
            let one = Result { () throws(DiagnosticList) in try CSVReader.read(bytes, delimiter: 0x2C, threads: 1, minimumPart: 1 << 40) }
            let part = 16 + Int(random.next() % 512)
            let many = Result { () throws(DiagnosticList) in try CSVReader.read(bytes, delimiter: 0x2C, threads: 2 + Int(random.next() % 6), minimumPart: part) }
            switch (one, many) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b, "round \(round), parts of \(part)")
            default: XCTFail("round \(round): one thread \(one), parts \(many)")
            }
        }
    }
}

/// Row lines kept as runs read back as the lines appended, however they are joined.
final class RowLinesTests: XCTestCase {
    func testRunsAndArraysReadBackTheLinesAppended() {
        var random = SeededRandom(seed: 7)
        for round in 0..<200 {
            // Mostly one line a row, with jumps (blank lines, values with line breaks); some
            // rounds jump on every row, so the lines end up in a plain array.
            let jumpy = round % 5 == 0
            var line: Int32 = 2, lines: [Int32] = []
            for _ in 0..<Int(random.next() % 2000) {
                lines.append(line)
                line += 1 + (jumpy || random.next() % 50 == 0 ? Int32(random.next() % 4) : 0)
            }
            var whole = RowLines()
            for l in lines { whole.append(l) }
            XCTAssertEqual(Array(whole), lines, "round \(round)")
            // Joined from parts, each counted from line 1 as a part is.
            let cut = lines.isEmpty ? 0 : Int(random.next() % UInt64(lines.count))
            var first = RowLines(), second = RowLines()
            for l in lines[..<cut] { first.append(l) }
            let shift = cut < lines.count ? lines[cut] - 1 : 0
            for l in lines[cut...] { second.append(l - shift) }
            first.append(contentsOf: second, shiftingLinesBy: shift)
            XCTAssertEqual(Array(first), lines, "round \(round), cut at \(cut)")
            XCTAssertEqual(first, whole)
        }
    }
}
