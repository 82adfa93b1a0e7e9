import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

/// Real exports read as they come: delimiters, encodings, number separators, rows under a key.
final class DataDialectTests: XCTestCase {
    // MARK: Helpers

    private func rows(_ table: CSVTable) -> [[String]] {
        (0..<table.rowCount).map { r in table.columns.map { $0[r] } }
    }

    private func csv(_ text: String, delimiter: UInt8) throws -> CSVTable {
        try CSVReader.read(Array(text.utf8), delimiter: delimiter)
    }

    /// Loads `spec` (the text of report.json) with `files` in memory.
    private func load(_ spec: String, _ files: [String: [UInt8]]) throws(DiagnosticList) -> ReportLoader.Loaded {
        var world = MemoryWorld(workingDirectory: "/report", fontsDirectory: Fixtures.fonts)
        world.add("report.json", text: spec)
        for (path, bytes) in files { world.add(path, bytes) }
        return try ReportLoader(world: world).load("report.json")
    }

    /// The diagnostics loading gives, each as the command line prints it.
    private func problems(_ spec: String, _ files: [String: [UInt8]], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try load(spec, files)
            XCTFail("expected problems", file: file, line: line)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// A spec with one source `events` (its keys written as `source`) and a table of it.
    private func spec(_ source: String) -> String {
        """
        {"report": 1,
         "data": {"events": \(source)},
         "sections": [{"type": "table", "data": "events"}]}
        """
    }

    private func numbers(_ loaded: ReportLoader.Loaded, _ column: String) -> ([Double?], [String]) {
        var d: [Diagnostic] = []
        let n = DataView(table: loaded.tables["events"]!).numbers(column, diagnostics: &d)
        return (n, d.map(\.description))
    }

    // MARK: Delimiters

    func testSemicolonFile() throws {
        let table = try csv("date;actor;fatalities\n2017-03-10;SDF;3\n2017-03-11;\"A; B\";\n", delimiter: 0x3B)
        XCTAssertEqual(table.header, ["date", "actor", "fatalities"])
        XCTAssertEqual(rows(table), [["2017-03-10", "SDF", "3"], ["2017-03-11", "A; B", ""]])
        XCTAssertEqual(table.rowLines, [2, 3])
    }

    func testTabFile() throws {
        let table = try csv("date\tactor\tnote\n2017-03-10\tSDF\ta, b; c\n2017-03-11\tIS\t\"x\ty\"\n", delimiter: 0x09)
        XCTAssertEqual(rows(table), [["2017-03-10", "SDF", "a, b; c"], ["2017-03-11", "IS", "x\ty"]])
    }

    func testPipeFileWithQuotedDelimiters() throws {
        let table = try csv("date|actor|summary\r\n2017-03-10|SDF|\"clashes | shelling\"\r\n2017-03-11|\"IS|x\"|\"say \"\"hi\"\"\"\r\n", delimiter: 0x7C)
        XCTAssertEqual(rows(table), [["2017-03-10", "SDF", "clashes | shelling"], ["2017-03-11", "IS|x", "say \"hi\""]])
        XCTAssertEqual(table.rowLines, [2, 3])
    }

    func testARaggedSemicolonRowNamesTheSemicolon() {
        XCTAssertThrowsError(try csv("a;b\n1;2;3\n", delimiter: 0x3B)) { error in
            let d = (error as! DiagnosticList).diagnostics
            XCTAssertEqual(d.map(\.message), ["expected 2 fields as in the header, found 3"])
            XCTAssertEqual(d.map(\.suggestion), ["a value with a semicolon in it must be in double quotes"])
        }
    }

    func testDetection() {
        func detect(_ text: String) -> String { String(UnicodeScalar(DelimiterDetection.detect(Array(text.utf8)))) }
        XCTAssertEqual(detect("a,b,c\n1,2,3\n"), ",")
        XCTAssertEqual(detect("a;b;c\n1,5;2;3\n"), ";")
        XCTAssertEqual(detect("a\tb\n1,5\t2\n"), "\t")
        XCTAssertEqual(detect("a|b|c\n1|2|3\n"), "|")
        // A comma inside quotes does not count, so the semicolon splits every record the same.
        XCTAssertEqual(detect("date;note\n2017;\"a, b, c\"\n2018;\"d\"\n"), ";")
        // Commas in decimal numbers make comma inconsistent; semicolons win.
        XCTAssertEqual(detect("date;value\n2017;1,5\n2018;2\n"), ";")
        // A quoted field spanning lines is one record.
        XCTAssertEqual(detect("a;b\n1;\"x\ny;z\"\n2;w\n"), ";")
        // Both consistent: comma first, as before.
        XCTAssertEqual(detect("a,b;c\n1,2;3\n"), ",")
        // Two others consistent: the one with more fields.
        XCTAssertEqual(detect("a|b;c;d\n1|2;3;4\n"), ";")
        // Nothing consistent, or one column: comma, whose errors then say what is wrong.
        XCTAssertEqual(detect("a\n1\n"), ",")
        XCTAssertEqual(detect("a;b\n1;2;3\n"), ",")
        XCTAssertEqual(detect(""), ",")
        // A UTF-8 BOM and blank lines are skipped.
        XCTAssertEqual(detect("\u{FEFF}a;b\n\n1;2\n"), ";")
    }

    func testADetectedSemicolonFileLoads() throws {
        let loaded = try load(spec(#"{"file": "e.csv"}"#), ["e.csv": Array("date;actor\n2017-03-10;SDF\n".utf8)])
        XCTAssertEqual(loaded.tables["events"]?.columnNames, ["date", "actor"])
    }

    func testADeclaredDelimiterIsNotDetected() throws {
        let loaded = try load(spec(#"{"file": "e.csv", "delimiter": "|"}"#), ["e.csv": Array("a;b|c\n1;2|3\n".utf8)])
        XCTAssertEqual(loaded.tables["events"]?.columnNames, ["a;b", "c"])
    }

    // MARK: Encodings

    private func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
            bytes += bigEndian ? [hi, lo] : [lo, hi]
        }
        return bytes
    }

    func testUTF16WithABOMIsReadWithoutTheKey() throws {
        let text = "date,place\n2017-03-10,الرقة\n2017-03-11,Dérné 𝔸\n"
        for bigEndian in [false, true] {
            let loaded = try load(spec(#"{"file": "e.csv"}"#), ["e.csv": utf16(text, bigEndian: bigEndian)])
            let table = try XCTUnwrap(loaded.tables["events"])
            XCTAssertEqual(table.columnNames, ["date", "place"])
            XCTAssertEqual(Array(table.columns[1]), ["الرقة", "Dérné 𝔸"])
            XCTAssertEqual(table.rowPositions.map(\.line), [2, 3])
        }
    }

    func testUTF16EncodingsDeclared() throws {
        XCTAssertEqual(try TextDecoding.utf8(utf16("a\nb", bigEndian: false, bom: false), declared: .utf16LE), Array("a\nb".utf8))
        XCTAssertEqual(try TextDecoding.utf8(utf16("a\nb", bigEndian: true, bom: false), declared: .utf16BE), Array("a\nb".utf8))
        XCTAssertEqual(try TextDecoding.utf8(utf16("é", bigEndian: true), declared: .utf16), [0xC3, 0xA9])
        XCTAssertThrowsError(try TextDecoding.utf8(utf16("a", bigEndian: false, bom: false), declared: .utf16)) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map(\.message),
                           ["the file has no UTF-16 byte order mark (FF FE or FE FF), so its byte order is unknown"])
        }
        XCTAssertThrowsError(try TextDecoding.utf8(utf16("a\n", bigEndian: false) + [0x00, 0xD8], declared: nil)) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map { "\($0.position!.line): \($0.message) (\($0.suggestion!))" },
                           ["2: the file is not little-endian UTF-16: an unpaired surrogate (U+D800) (check the file's \"encoding\")"])
        }
        XCTAssertThrowsError(try TextDecoding.utf8([0xFF, 0xFE, 0x61], declared: nil))
        XCTAssertThrowsError(try TextDecoding.utf8(utf16("a", bigEndian: false), declared: .utf8)) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map(\.message),
                           ["the file starts with a UTF-16 byte order mark, but its data source declares \"encoding\": \"utf-8\""])
        }
    }

    func testUTF8IsPassedOnUntouched() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,é\n".utf8)
        XCTAssertEqual(try TextDecoding.utf8(bytes, declared: nil), bytes)
        XCTAssertEqual(try TextDecoding.utf8([0xE9], declared: nil), [0xE9], "invalid UTF-8 is the CSV reader's to report")
    }

    func testWindows1252() throws {
        // "€ 5 é ‘x’ Š" in Windows-1252.
        let bytes: [UInt8] = [0x80, 0x20, 0x35, 0x20, 0xE9, 0x20, 0x91, 0x78, 0x92, 0x20, 0x8A]
        XCTAssertEqual(String(decoding: try TextDecoding.utf8(bytes, declared: .windows1252), as: UTF8.self), "€ 5 é ‘x’ Š")
        XCTAssertThrowsError(try TextDecoding.utf8(Array("a\nb\n".utf8) + [0x81], declared: .windows1252)) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map { "\($0.position!.line): \($0.message) (\($0.suggestion!))" },
                           ["3: byte 0x81 is not a character in Windows-1252 (check the file's \"encoding\")"])
        }
    }

    func testWindows1252IsNeverGuessed() {
        let bytes = Array("place,cost\nDerna,".utf8) + [0x80, 0x35, 0x0A]
        XCTAssertEqual(problems(spec(#"{"file": "e.csv"}"#), ["e.csv": bytes]),
                       ["e.csv:2: error: column \"cost\": invalid UTF-8 (save the file as UTF-8)"])
    }

    // MARK: Numbers

    func testNumberSyntaxes() {
        let comma = NumberSyntax(decimal: ".", thousands: ",")
        XCTAssertEqual(comma.parse("1,500"), 1500)
        XCTAssertEqual(comma.parse("1,500,000.25"), 1_500_000.25)
        XCTAssertEqual(comma.parse("-12"), -12)
        XCTAssertEqual(comma.parse("+400"), 400)
        XCTAssertEqual(comma.parse(" 2.5 "), 2.5)
        XCTAssertEqual(comma.parse("1.5e3"), 1500)
        XCTAssertNil(comma.parse("1,50"))
        XCTAssertNil(comma.parse("15,00,000"))
        XCTAssertNil(comma.parse(",500"))
        XCTAssertNil(comma.parse("1.500,5"))
        XCTAssertNil(comma.parse("about 3"))

        let european = NumberSyntax(decimal: ",", thousands: ".")
        XCTAssertEqual(european.parse("1.500,5"), 1500.5)
        XCTAssertEqual(european.parse("1.500"), 1500)
        XCTAssertEqual(european.parse("2.300.000"), 2_300_000)
        XCTAssertEqual(european.parse("0,75"), 0.75)
        XCTAssertEqual(european.parse("-3"), -3)
        XCTAssertNil(european.parse("1,500.5"))
        XCTAssertNil(european.parse("1.5"))

        let decimalComma = NumberSyntax(decimal: ",", thousands: nil)
        XCTAssertEqual(decimalComma.parse("1,5"), 1.5)
        XCTAssertEqual(decimalComma.parse("1500"), 1500)
        XCTAssertNil(decimalComma.parse("1.500"))

        let spaces = NumberSyntax(decimal: ",", thousands: " ")
        XCTAssertEqual(spaces.parse("1 500 000,5"), 1_500_000.5)
        let apostrophes = NumberSyntax(decimal: ".", thousands: "'")
        XCTAssertEqual(apostrophes.parse("1'500.5"), 1500.5)
    }

    func testNumberProblemsAskForTheSeparators() {
        XCTAssertEqual(NumberSyntax(decimal: ",", thousands: nil).problem("1.500"),
                       "is not a number under this data source's \"decimal\": \",\": \".\" is ambiguous (it could group thousands or mark decimals); declare what it is with \"thousands\" or \"decimal\"")
        XCTAssertEqual(NumberSyntax(decimal: ",", thousands: ".").problem("1,500.5"),
                       "is not a number: the thousands separator \".\" must split the digits before the decimal separator into groups of three, as in 1.500,5")
        XCTAssertEqual(NumberSyntax(decimal: ".", thousands: " ").problem("1,500"),
                       "is not a number under this data source's \"decimal\": \".\", \"thousands\": \" \": \",\" is ambiguous (it is neither the decimal nor the thousands separator); declare what it is with \"thousands\" or \"decimal\"")
        XCTAssertEqual(NumberSyntax(decimal: ".", thousands: ",").problem("15,00"),
                       "is not a number: the thousands separator \",\" must split the digits before the decimal separator into groups of three, as in 1,500.5")
        XCTAssertEqual(NumberSyntax(decimal: ",", thousands: ".").problem("none"),
                       "is not a number; expected digits such as 1.500,5 (this data source declares \"decimal\": \",\", \"thousands\": \".\")")
    }

    func testThousandsAndDecimalOnASource() throws {
        let data = Array("date;n\n2017-03-01;1.500,5\n2017-03-02;2.300.000\n2017-03-03;7\n2017-03-04;\n".utf8)
        let loaded = try load(spec(#"{"file": "e.csv", "decimal": ",", "thousands": "."}"#), ["e.csv": data])
        let (n, d) = numbers(loaded, "n")
        XCTAssertEqual(n, [1500.5, 2_300_000, 7, nil])
        XCTAssertEqual(d, [])
    }

    func testThousandsAloneTakesTheOtherDecimal() throws {
        let dots = try load(spec(#"{"file": "e.csv", "delimiter": ";", "thousands": "."}"#), ["e.csv": Array("n\n1.500\n0,5\n".utf8)])
        XCTAssertEqual(numbers(dots, "n").0, [1500, 0.5])
        let commas = try load(spec(#"{"file": "e.csv", "thousands": ","}"#), ["e.csv": Array("n\n\"1,500\"\n0.5\n".utf8)])
        XCTAssertEqual(numbers(commas, "n").0, [1500, 0.5])
    }

    func testAmbiguousCellsAreLocatedErrors() throws {
        let loaded = try load(spec(#"{"file": "e.csv", "delimiter": ";", "decimal": ","}"#), ["e.csv": Array("n\n1,5\n1.500\n".utf8)])
        let (n, d) = numbers(loaded, "n")
        XCTAssertEqual(n, [1.5, nil])
        XCTAssertEqual(d, ["e.csv:3: error: column \"n\": \"1.500\" is not a number under this data source's \"decimal\": \",\": \".\" is ambiguous (it could group thousands or mark decimals); declare what it is with \"thousands\" or \"decimal\""])
    }

    func testWithoutSeparatorsADottedThousandIsNeverOneAndAHalf() throws {
        let loaded = try load(spec(#"{"file": "e.csv"}"#), ["e.csv": Array("n\n1.500\n2.300.000\n3.25\n12\n".utf8)])
        let (n, d) = numbers(loaded, "n")
        XCTAssertEqual(n, [nil, nil, 3.25, 12])
        XCTAssertEqual(d, [
            "e.csv:2: error: column \"n\": \"1.500\" is ambiguous: other cells of this column, such as \"2.300.000\", group thousands with \".\", so it could be 1500 or 1.5; declare \"thousands\": \".\" (and \"decimal\": \",\") on the data source, or write it without separators",
            "e.csv:3: error: column \"n\": \"2.300.000\" is not a number; expected digits such as 1200, -3.5 or +400",
        ])
        // Alone, 1.500 is the plain decimal number it always was.
        let plain = try load(spec(#"{"file": "e.csv"}"#), ["e.csv": Array("n\n1.500\n2\n".utf8)])
        XCTAssertEqual(numbers(plain, "n").0, [1.5, 2])
    }

    func testWithoutSeparatorsACommaIsStillAnError() throws {
        let loaded = try load(spec(#"{"file": "e.csv"}"#), ["e.csv": Array("n\n\"1,500\"\n".utf8)])
        XCTAssertEqual(numbers(loaded, "n").1,
                       ["e.csv:2: error: column \"n\": \"1,500\" is not a number: write numbers without commas, such as 1500 or 1.5"])
    }

    func testFiltersAndTablesReadTheSourcesNumbers() throws {
        let spec = """
        {"report": 1,
         "data": {"events": {"file": "e.csv", "delimiter": ";", "decimal": ",", "thousands": ".", "filter": {"n": {"min": 1000}}}},
         "sections": [{"type": "table", "data": "events", "sort": "-n"}]}
        """
        let loaded = try load(spec, ["e.csv": Array("n\n999\n1.500,5\n12.000\n".utf8)])
        XCTAssertEqual(loaded.tables["events"]?.readNumber("1.500,5"), 1500.5)
        XCTAssertEqual(loaded.warnings.map(\.description), [])
    }

    // MARK: JSON rows under a key

    func testRowsUnderAKey() throws {
        let json = #"{"meta": {"count": 2}, "data": [{"date": "2017-03-10", "n": 3}, {"date": "2017-03-11", "n": 4}]}"#
        let loaded = try load(spec(#"{"file": "e.json", "rows": "data"}"#), ["e.json": Array(json.utf8)])
        let table = try XCTUnwrap(loaded.tables["events"])
        XCTAssertEqual(table.columnNames, ["date", "n"])
        XCTAssertEqual(Array(table.columns[1]), ["3", "4"])
    }

    func testRowsUnderANestedPath() throws {
        let json = "{\"result\": {\"total\": 1,\n \"items\": [{\"date\": \"2017-03-10\"}]}}"
        let loaded = try load(spec(#"{"file": "e.json", "rows": "result.items"}"#), ["e.json": Array(json.utf8)])
        XCTAssertEqual(loaded.tables["events"]?.rowPositions.map(\.line), [2])
    }

    func testAWrongRowsKeyNamesTheKeysFound() {
        let json = "{\n  \"result\": {\"total\": 1, \"itemz\": []},\n  \"meta\": {}\n}"
        XCTAssertEqual(problems(spec(#"{"file": "e.json", "rows": "data"}"#), ["e.json": Array(json.utf8)]),
                       ["e.json:1:1: error: \"rows\" (at data.events.rows) names key \"data\", which the object at the top of the file does not have (keys found: \"result\", \"meta\")"])
        XCTAssertEqual(problems(spec(#"{"file": "e.json", "rows": "result.items"}"#), ["e.json": Array(json.utf8)]),
                       ["e.json:2:13: error: \"rows\" (at data.events.rows) names key \"items\", which the object at \"result\" does not have (keys found: \"total\", \"itemz\") (did you mean \"itemz\"?) [at result]"])
        XCTAssertEqual(problems(spec(#"{"file": "e.json", "rows": "data"}"#), ["e.json": Array("[{\"a\": 1}]".utf8)]),
                       ["e.json:1:1: error: \"rows\" (at data.events.rows) looks for key \"data\" in an object at the top of the file, found an array (the rows are the file itself: leave \"rows\" out)"])
    }

    func testRowsThatAreNotAnArray() {
        XCTAssertEqual(problems(spec(#"{"file": "e.json", "rows": "data"}"#), ["e.json": Array(#"{"data": {"a": 1}}"#.utf8)]),
                       ["e.json:1:10: error: expected an array of row objects, found an object [at data]"])
    }

    // MARK: Gzip

    /// `gzip` of "date;n\n2017-03-10;1.500,5\n" and of "2017-03-11;7\n" (mtime 0).
    private let first: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xFF, 0x4B, 0x49, 0x2C, 0x49, 0xB5, 0xCE,
                                  0xE3, 0x32, 0x32, 0x30, 0x34, 0xD7, 0x35, 0x30, 0xD6, 0x35, 0x34, 0xB0, 0x36, 0xD4, 0x33, 0x35,
                                  0x30, 0xD0, 0x31, 0xE5, 0x02, 0x00, 0xEA, 0xAC, 0xB2, 0x9A, 0x1A, 0x00, 0x00, 0x00]
    private let second: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xFF, 0x33, 0x32, 0x30, 0x34, 0xD7, 0x35,
                                   0x30, 0xD6, 0x35, 0x34, 0xB4, 0x36, 0xE7, 0x02, 0x00, 0x78, 0xF7, 0x43, 0x47, 0x0D, 0x00, 0x00, 0x00]

    func testGzipInflatesEveryMember() throws {
        XCTAssertEqual(String(decoding: try Gzip.inflate(first), as: UTF8.self), "date;n\n2017-03-10;1.500,5\n")
        XCTAssertEqual(String(decoding: try Gzip.inflate(first + second), as: UTF8.self), "date;n\n2017-03-10;1.500,5\n2017-03-11;7\n")
    }

    func testGzipProblems() {
        func message(_ bytes: [UInt8]) -> String? {
            do { _ = try Gzip.inflate(bytes); return nil } catch { return error.diagnostics.first?.message }
        }
        XCTAssertEqual(message(Array("date\n".utf8)), "the file is not gzip data (it does not start with 1F 8B)")
        XCTAssertEqual(message(Array(first.prefix(30))), "the file is cut short: its compressed text stops on this line")
        var damaged = first
        damaged[12] ^= 0xFF
        XCTAssertEqual(message(damaged)?.hasPrefix("the compressed data is damaged"), true)
    }

    func testACompressedCSVLoadsWithItsKeys() throws {
        let loaded = try load(spec(#"{"file": "e.csv.gz", "decimal": ",", "thousands": "."}"#), ["e.csv.gz": first + second])
        XCTAssertEqual(numbers(loaded, "n").0, [1500.5, 7])
        XCTAssertEqual(loaded.tables["events"]?.rowPositions.map(\.line), [2, 3])
        XCTAssertEqual(SourceFormat.fileKind("data/e.JSONL.GZ").ext, "jsonl")
        XCTAssertEqual(SourceFormat.fileKind("data/e.gz").ext, "gz")
        XCTAssertEqual(SourceFormat.fileKind("data/e").ext, "")
    }

    // MARK: Spec errors

    func testMisusedKeysAreLocatedSpecErrors() {
        let cases: [(String, String)] = [
            (#"{"file": "e.csv", "delimiter": "tab"}"#,
             #"report.json:2:52: error: "delimiter" must be one of ",", ";", "\t", "|", found "tab" (did you mean "\t"?) [at data.events.delimiter]"#),
            (#"{"file": "e.csv", "delimiter": 59}"#,
             #"report.json:2:52: error: "delimiter" must be a string, found a number [at data.events.delimiter]"#),
            (#"{"file": "e.json", "delimiter": ";"}"#,
             #"report.json:2:53: error: "delimiter" applies to .csv files (the character between fields), not to "e.json" (remove "delimiter") [at data.events.delimiter]"#),
            (#"{"values": [], "encoding": "utf-8"}"#,
             #"report.json:2:48: error: "encoding" describes a data file (how its text is stored); this data source has inline "values" (remove "encoding") [at data.events.encoding]"#),
            (#"{"file": "e.csv", "encoding": "latin1"}"#,
             #"report.json:2:51: error: "encoding" must be one of "utf-8", "utf-16", "utf-16le", "utf-16be", "windows-1252", found "latin1" (did you mean "windows-1252"?) [at data.events.encoding]"#),
            (#"{"file": "e.csv", "encoding": "UTF-8"}"#,
             #"report.json:2:51: error: "encoding" must be one of "utf-8", "utf-16", "utf-16le", "utf-16be", "windows-1252", found "UTF-8" (did you mean "utf-8"?) [at data.events.encoding]"#),
            (#"{"file": "e.csv", "decimal": ",", "thousands": ","}"#,
             #"report.json:2:68: error: "thousands" and "decimal" must differ, both are "," (write "thousands": "." for numbers such as 1.500,5) [at data.events.thousands]"#),
            (#"{"file": "e.csv", "thousands": "_"}"#,
             #"report.json:2:52: error: "thousands" must be one of ",", ".", " ", "'", found "_" [at data.events.thousands]"#),
            (#"{"file": "e.jsonl", "decimal": ","}"#,
             #"report.json:2:52: error: "decimal" applies to .csv files (the separators in its numbers), not to "e.jsonl" (remove "decimal") [at data.events.decimal]"#),
            (#"{"file": "e.csv", "rows": "data"}"#,
             #"report.json:2:47: error: "rows" applies to .json files (where its rows sit), not to "e.csv" (remove "rows") [at data.events.rows]"#),
            (#"{"file": "e.json", "rows": "result..items"}"#,
             #"report.json:2:48: error: "rows" must name the key that holds the rows, or a path of keys such as "result.items", found "result..items" [at data.events.rows]"#),
            (#"{"file": "e.csv", "delimeter": ";"}"#,
             #"report.json:2:39: error: unknown key "delimeter" in a data source (did you mean "delimiter"?) [at data.events.delimeter]"#),
        ]
        for (source, expected) in cases {
            XCTAssertEqual(problems(spec(source), ["e.csv": Array("a\n1\n".utf8), "e.json": Array("[]".utf8), "e.jsonl": []]), [expected], source)
        }
    }

    func testTheSchemaListsTheNewKeys() throws {
        let schema = SpecSchema.object()
        let defs = try XCTUnwrap(schema["$defs"] as? [String: Any])
        let source = try XCTUnwrap(defs["dataSource"] as? [String: Any])
        let properties = try XCTUnwrap(source["properties"] as? [String: Any])
        for key in ["delimiter", "encoding", "decimal", "thousands", "rows"] {
            let property = try XCTUnwrap(properties[key] as? [String: Any], key)
            XCTAssertNotNil(property["description"], key)
        }
    }
}
