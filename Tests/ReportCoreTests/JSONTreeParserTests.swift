import ReportTestSupport
import XCTest
@testable import ReportCore

final class JSONTreeParserTests: XCTestCase {
    // MARK: - Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SpecNode? {
        do {
            return try JSONTreeParser.parse(Array(text.utf8))
        } catch {
            XCTFail("unexpected errors:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// The diagnostics for invalid input as `LINE:COLUMN message` lines.
    private func errors(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            let node = try JSONTreeParser.parse(bytes)
            XCTFail("expected errors, parsed \(node)", file: file, line: line)
            return []
        } catch {
            return error.diagnostics.map { diagnostic in
                XCTAssertNil(diagnostic.file, file: file, line: line)
                XCTAssertEqual(diagnostic.severity, .error, file: file, line: line)
                return "\(diagnostic.position.map(\.description) ?? "-") \(diagnostic.message)"
            }
        }
    }

    private func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        errors(Array(text.utf8), file: file, line: line)
    }

    private func pos(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    // MARK: - Values and positions

    func testPositionsOfNestedValuesAndKeys() throws {
        let text = """
        {
          "title": "Raqqa",
          "sections": [
            {"lane": 2, "items": [true, null]},
            "x"
          ]
        }
        """
        let root = try XCTUnwrap(parse(text))
        XCTAssertEqual(root.position, pos(1, 1))
        let members = try XCTUnwrap(root.members)
        XCTAssertEqual(members.map(\.key), ["title", "sections"])
        XCTAssertEqual(members[0].keyPosition, pos(2, 3))
        XCTAssertEqual(members[0].value.position, pos(2, 12))
        XCTAssertEqual(members[0].value.stringValue, "Raqqa")
        XCTAssertEqual(members[1].keyPosition, pos(3, 3))
        let sections = try XCTUnwrap(root["sections"])
        XCTAssertEqual(sections.position, pos(3, 15))
        let first = try XCTUnwrap(sections.elements?.first)
        XCTAssertEqual(first.position, pos(4, 5))
        XCTAssertEqual(first.members?[0].keyPosition, pos(4, 6))
        XCTAssertEqual(first["lane"]?.position, pos(4, 14))
        XCTAssertEqual(first["lane"]?.value, .number(2, literal: "2"))
        let items = try XCTUnwrap(first["items"]?.elements)
        XCTAssertEqual(items.map(\.position), [pos(4, 27), pos(4, 33)])
        XCTAssertEqual(items.map(\.value), [.bool(true), .null])
        XCTAssertEqual(sections.elements?[1].position, pos(5, 5))
    }

    func testNumbersKeepTheirLiteral() throws {
        let root = try XCTUnwrap(parse(#"[0, -0, 12, -3.5, 1.50e3, 2E-2, 123456789012345678901, 0.1]"#))
        let values = try XCTUnwrap(root.elements).map(\.value)
        XCTAssertEqual(values, [
            .number(0, literal: "0"), .number(-0.0, literal: "-0"), .number(12, literal: "12"),
            .number(-3.5, literal: "-3.5"), .number(1500, literal: "1.50e3"), .number(0.02, literal: "2E-2"),
            .number(Double("123456789012345678901")!, literal: "123456789012345678901"), .number(0.1, literal: "0.1"),
        ])
    }

    func testFastNumberPathAgreesWithTheGeneralConversion() throws {
        // The parser converts short literals itself; every result must match Double's parser bit for bit.
        var random = SeededRandom(seed: 42)
        var literals: [String] = ["0.1", "0.3", "1e22", "1e23", "9007199254740993", "123456789012345",
                                  "1234567890123456", "0.000001", "1e-22", "4.35", "-0.0", "5e-324", "1.7976931348623157e308"]
        for _ in 0..<3000 {
            var literal = random.next(below: 2) == 0 ? "-" : ""
            literal += String(random.next(below: 1_000_000_000))
            if random.next(below: 2) == 0 { literal += "." + String(random.next(below: 10_000_000)) }
            if random.next(below: 3) == 0 { literal += "e" + String(random.next(below: 60) - 30) }
            literals.append(literal)
        }
        let root = try XCTUnwrap(parse("[" + literals.joined(separator: ",") + "]"))
        for (literal, node) in zip(literals, try XCTUnwrap(root.elements)) {
            guard case .number(let value, let kept) = node.value else { return XCTFail("\(literal) is not a number") }
            XCTAssertEqual(kept, literal)
            XCTAssertEqual(value.bitPattern, Double(literal)!.bitPattern, literal)
        }
    }

    func testStringEscapesAndSurrogatePairs() throws {
        let root = try XCTUnwrap(parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0000x", "\uD83D\uDE00!", "é😀"]"#))
        XCTAssertEqual(root.elements?.compactMap(\.stringValue),
                       ["a\"b\\c/d\u{8}\u{C}\n\r\t", "é\u{0}x", "😀!", "é😀"])
    }

    func testEmptyContainersAndScalarRoot() throws {
        XCTAssertEqual(parse("{}")?.value, .object([]))
        XCTAssertEqual(parse(" [ ] ")?.value, .array([]))
        XCTAssertEqual(parse("  \"x\"  ")?.position, pos(1, 3))
        XCTAssertEqual(parse("\n\n  null")?.position, pos(3, 3))
    }

    func testByteOrderMarkIsSkippedAndNotCounted() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let root = try JSONTreeParser.parse(bom + Array(#"{"a": 1}"#.utf8))
        XCTAssertEqual(root.position, pos(1, 1))
        XCTAssertEqual(root.members?.first?.keyPosition, pos(1, 2))
        XCTAssertEqual(errors(bom + Array(#"{"a" 1}"#.utf8)), ["1:6 expected ':' after object key, found '1'"])
        XCTAssertEqual(errors(bom), ["1:1 empty input: expected a JSON value"])
    }

    func testCRLFLineEndings() throws {
        let text = "{\r\n  \"a\": 1,\r\n  \"b\": [2,\r\n    3]\r\n}\r\n"
        let root = try XCTUnwrap(parse(text))
        XCTAssertEqual(root.members?[1].keyPosition, pos(3, 3))
        XCTAssertEqual(root["b"]?.elements?[1].position, pos(4, 5))
        XCTAssertEqual(errors("{\r\n  \"a\": 1\r\n  \"b\": 2\r\n}"),
                       ["3:3 expected ',' or '}' after object member, found '\"'"])
        // A lone CR is a line break too, as editors show it.
        XCTAssertEqual(errors("[1,\r 2\r x]"), ["3:2 expected ',' or ']' after array element, found 'x'"])
    }

    func testColumnsCountUnicodeScalarsNotBytes() {
        // Arabic letters take two bytes each in UTF-8; the column must count them once.
        XCTAssertEqual(errors(#"{"name": "مرحبا بالعالم" x}"#),
                       ["1:26 expected ',' or '}' after object member, found 'x'"])
        // Four-byte scalars (emoji) count once too.
        XCTAssertEqual(errors("[\"😀😀\", ?]"), ["1:8 expected a value, found '?'"])
    }

    // MARK: - Errors

    func testDuplicateKeysAreReportedAtTheSecondKey() {
        let text = """
        {
          "a": 1,
          "b": {
            "x": 1,
            "x": 2
          },
          "a": 3
        }
        """
        XCTAssertEqual(errors(text), [
            "5:5 duplicate key \"x\" (first at 4:5)",
            "7:3 duplicate key \"a\" (first at 2:3)",
        ])
    }

    func testDuplicateKeysInLargeObjects() {
        // Past the linear-scan limit the parser switches to a dictionary; both must agree.
        let keys = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        XCTAssertEqual(errors("{\(keys), \"k3\": 0, \"k39\": 1}"), [
            "1:\(keys.unicodeScalars.count + 4) duplicate key \"k3\" (first at 1:\(keys.firstRange(of: "\"k3\"")!.lowerBound.utf16Offset(in: keys) + 2))",
            "1:\(keys.unicodeScalars.count + 13) duplicate key \"k39\" (first at 1:\(keys.firstRange(of: "\"k39\"")!.lowerBound.utf16Offset(in: keys) + 2))",
        ])
    }

    func testTrailingCommas() {
        XCTAssertEqual(errors(#"{"a": 1,}"#), ["1:8 trailing comma before '}'"])
        XCTAssertEqual(errors("[1, 2,\n]"), ["1:6 trailing comma before ']'"])
    }

    func testUnexpectedCharacters() {
        XCTAssertEqual(errors(#"{"a": 1 x}"#), ["1:9 expected ',' or '}' after object member, found 'x'"])
        XCTAssertEqual(errors("[1 2]"), ["1:4 expected ',' or ']' after array element, found '2'"])
        XCTAssertEqual(errors(#"{"a" 1}"#), ["1:6 expected ':' after object key, found '1'"])
        XCTAssertEqual(errors("{a: 1}"), ["1:2 expected a string key or '}', found 'a'"])
        XCTAssertEqual(errors(#"{"a": 1, b: 2}"#), ["1:10 expected a string key after ',', found 'b'"])
        XCTAssertEqual(errors(#"{"a": }"#), ["1:7 expected a value, found '}'"])
        XCTAssertEqual(errors("[True]"), ["1:2 expected a value, found 'True'"])
        XCTAssertEqual(errors("[nul]"), ["1:2 expected a value, found 'nul'"])
        XCTAssertEqual(errors("[truex]"), ["1:2 expected a value, found 'truex'"])
        XCTAssertEqual(errors("['a']"), ["1:2 expected a value (JSON strings use double quotes), found '''"])
        XCTAssertEqual(errors("[+1]"), ["1:2 expected a value, found '+1'"])
        XCTAssertEqual(errors("[1,\u{1}]"), ["1:4 expected a value, found control character U+0001"])
        XCTAssertEqual(errors("{\"a\": [1, 2}"), ["1:12 expected ',' or ']' after array element, found '}'"])
        XCTAssertEqual(errors("[1, 2"), ["1:6 expected ',' or ']' after array element, found end of input"])
        XCTAssertEqual(errors(#"{"a": 1"#), ["1:8 expected ',' or '}' after object member, found end of input"])
        XCTAssertEqual(errors("[é]"), ["1:2 expected a value, found 'é'"])
    }

    func testTrailingContentAfterTheDocument() {
        XCTAssertEqual(errors("{}\n  x"), ["2:3 expected end of input after the JSON value, found 'x'"])
        XCTAssertEqual(errors("[1] [2]"), ["1:5 expected end of input after the JSON value, found '['"])
    }

    func testEmptyInput() {
        XCTAssertEqual(errors(""), ["1:1 empty input: expected a JSON value"])
        XCTAssertEqual(errors("  \n \t"), ["2:3 empty input: expected a JSON value"])
    }

    func testUnterminatedStrings() {
        XCTAssertEqual(errors("{\n  \"title\": \"abc\n}"),
                       ["2:12 unterminated string: expected a closing '\"' before the end of the line"])
        XCTAssertEqual(errors("[\"abc"), ["1:2 unterminated string: expected a closing '\"' before the end of input"])
        XCTAssertEqual(errors("[\"abc\\"), ["1:2 unterminated string: expected a closing '\"' before the end of input"])
    }

    func testControlCharactersInStrings() {
        XCTAssertEqual(errors("[\"a\tb\", \"\u{1}\"]"), [
            "1:4 unescaped control character U+0009 in string (write it as \\t)",
            "1:10 unescaped control character U+0001 in string (write it as \\u0001)",
        ])
    }

    func testBadEscapesAreAllReported() {
        XCTAssertEqual(errors(#"["\x", "\u12G4", "\u12"]"#), [
            "1:3 invalid escape '\\x' in string: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
            "1:9 invalid \\u escape in string: expected 4 hex digits, found 'G'",
            "1:19 invalid \\u escape in string: expected 4 hex digits, found '\"'",
        ])
    }

    func testLoneSurrogates() {
        XCTAssertEqual(errors(#"["\uD83D", "\uDE00x", "\uD83Dabc", "\uD83D\u0041"]"#), [
            "1:3 lone surrogate \\uD83D in string: expected a low surrogate \\uDC00-\\uDFFF to follow",
            "1:13 lone surrogate \\uDE00 in string: a low surrogate must follow a high surrogate \\uD800-\\uDBFF",
            "1:24 lone surrogate \\uD83D in string: expected a low surrogate \\uDC00-\\uDFFF to follow",
            "1:37 lone surrogate \\uD83D in string: expected a low surrogate \\uDC00-\\uDFFF to follow",
        ])
    }

    func testInvalidUTF8() {
        // Inside a string: reported, and parsing goes on to find the trailing comma too.
        XCTAssertEqual(errors(Array("[\"aé".utf8) + [0xFF] + Array("b\", 1,]".utf8)), [
            "1:5 invalid UTF-8 byte 0xFF (the file must be UTF-8)",
            "1:11 trailing comma before ']'",
        ])
        // Overlong encodings and encoded surrogates are invalid too.
        XCTAssertEqual(errors([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D]), ["1:3 invalid UTF-8 byte 0xC0 (the file must be UTF-8)"])
        XCTAssertEqual(errors([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]), ["1:3 invalid UTF-8 byte 0xED (the file must be UTF-8)"])
        // Truncated sequence at the end of input.
        XCTAssertEqual(errors([0x5B, 0x22, 0xE2, 0x82]), [
            "1:3 invalid UTF-8 byte 0xE2 (the file must be UTF-8)",
            "1:2 unterminated string: expected a closing '\"' before the end of input",
        ])
        // Outside a string it stops the parse.
        XCTAssertEqual(errors([0x5B, 0x31, 0x2C, 0x80, 0x5D]), ["1:4 invalid UTF-8 byte 0x80 (the file must be UTF-8)"])
    }

    func testInvalidNumbers() {
        XCTAssertEqual(errors("[01]"), ["1:2 invalid number '01': leading zeros are not allowed"])
        XCTAssertEqual(errors("[-01]"), ["1:2 invalid number '-01': leading zeros are not allowed"])
        XCTAssertEqual(errors("[1.]"), ["1:2 invalid number '1.': expected a digit after '.'"])
        XCTAssertEqual(errors("[1.e5]"), ["1:2 invalid number '1.e5': expected a digit after '.'"])
        XCTAssertEqual(errors("[1e]"), ["1:2 invalid number '1e': expected a digit in the exponent"])
        XCTAssertEqual(errors("[1e+]"), ["1:2 invalid number '1e+': expected a digit in the exponent"])
        XCTAssertEqual(errors("[-]"), ["1:2 invalid number '-': expected a digit after '-'"])
        XCTAssertEqual(errors("[-Infinity]"), ["1:2 invalid number '-Infinity': expected a digit after '-'"])
        XCTAssertEqual(errors("[1e400, 2]"), ["1:2 number 1e400 is too large"])
        XCTAssertEqual(errors("[0x1F]"), ["1:3 expected ',' or ']' after array element, found 'x1F'"])
    }

    func testRecoverableErrorsAreCollectedTogether() {
        let text = """
        {
          "a": "bad\\q",
          "a": [1, 2,],
          "b": "\\uDE00"
        }
        """
        XCTAssertEqual(errors(text), [
          "2:12 invalid escape '\\q' in string: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
          "3:3 duplicate key \"a\" (first at 2:3)",
          "3:13 trailing comma before ']'",
          "4:9 lone surrogate \\uDE00 in string: a low surrogate must follow a high surrogate \\uD800-\\uDBFF",
        ])
        // A syntax error after collected ones stops the parse and is reported last.
        XCTAssertEqual(errors(#"{"a": 1, "a": 2 "b"}"#), [
            "1:10 duplicate key \"a\" (first at 1:2)",
            "1:17 expected ',' or '}' after object member, found '\"'",
        ])
    }

    func testTooManyErrorsStop() {
        let text = "[" + String(repeating: "\"\\q\", ", count: 500) + "1]"
        let found = errors(text)
        XCTAssertEqual(found.count, 101)
        XCTAssertEqual(found.last, "1:597 too many errors; stopping here")
    }

    // MARK: - Nesting

    func testNestingUpToTheLimitIsAccepted() throws {
        let depth = JSONTreeParser.maxDepth
        let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        var node = try XCTUnwrap(parse(text))
        for _ in 1..<depth { node = try XCTUnwrap(node.elements?.first) }
        XCTAssertEqual(node.elements?.first?.position, pos(1, depth + 1))
    }

    func testNestingPastTheLimitIsAnError() {
        let depth = JSONTreeParser.maxDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertEqual(errors(text), ["1:513 too deeply nested: more than 512 nested arrays and objects"])
        // Very deep input is an error, not a stack overflow.
        XCTAssertEqual(errors(String(repeating: "{\"a\":", count: 200_000)),
                       ["1:2561 too deeply nested: more than 512 nested arrays and objects"])
    }

    // MARK: - Robustness

    func testLargeArrayOfObjects() throws {
        // A few MB keeps the debug run short; the release build parses 60 MB in about a second.
        var text = "["
        for i in 0..<20_000 {
            text += #"{"id": \#(i), "name": "row \#(i) é", "value": \#(Double(i) * 0.25), "ok": true},"#
            text += "\n"
        }
        text += "null]"
        let root = try XCTUnwrap(parse(text))
        let rows = try XCTUnwrap(root.elements)
        XCTAssertEqual(rows.count, 20_001)
        XCTAssertEqual(rows[19_999]["name"]?.stringValue, "row 19999 é")
        XCTAssertEqual(rows[19_999]["value"]?.position, pos(20_000, 47))
    }

    /// Thousands of seeded mutations of a valid spec must each parse or throw diagnostics:
    /// never crash, hang or report a position outside the input.
    func testMutatedInputNeverCrashes() {
        let base = Array(Self.sampleSpec.utf8)
        var random = SeededRandom(seed: 0x5EED_1234)
        var parsed = 0, failed = 0
        let started = Date()
        for _ in 0..<10_000 {
            let mutated = Self.mutate(base, using: &random)
            do {
                _ = try JSONTreeParser.parse(mutated)
                parsed += 1
            } catch {
                failed += 1
                XCTAssertFalse(error.diagnostics.isEmpty)
                for diagnostic in error.diagnostics {
                    let position = diagnostic.position!
                    XCTAssertGreaterThanOrEqual(position.line, 1)
                    XCTAssertGreaterThanOrEqual(position.column, 1)
                    XCTAssertLessThanOrEqual(position.line, Self.lineCount(mutated))
                }
            }
        }
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertGreaterThan(failed, 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    /// Lines as the parser counts them: LF, CRLF and a lone CR each end one.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        var lines = 1
        for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
            lines += 1
        }
        return lines
    }

    static let sampleSpec = """
    {
      "title": "Raqqa 2017: \\"timeline\\" — الرقة",
      "page": {"size": "A4", "margins": [36, 36.5, 4.2e1, 0]},
      "sections": [
        {"kind": "timeline", "lane": 2, "from": "2017-06-06", "items": [true, false, null]},
        {"kind": "table", "columns": ["a", "b\\u00e9", "\\uD83D\\uDE00"], "rows": []},
        {}
      ]
    }
    """

    /// Applies 1–3 random edits: flip a byte, truncate, insert or delete bytes, duplicate a slice.
    static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        let interesting: [UInt8] = Array("{}[]\",:\\ \n\r\t0-.eEu".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF]
        for _ in 0..<(1 + random.next(below: 3)) {
            let at = random.next(below: bytes.count + 1)
            switch random.next(below: 5) {
            case 0 where at < bytes.count:
                bytes[at] ^= UInt8(1 << random.next(below: 8))
            case 1:
                bytes.removeSubrange(at...)
            case 2:
                bytes.insert(interesting[random.next(below: interesting.count)], at: at)
            case 3 where at < bytes.count:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(below: 8)))
            default:
                let length = random.next(below: 16)
                let from = random.next(below: max(1, bytes.count - length))
                if from + length <= bytes.count { bytes.insert(contentsOf: bytes[from..<from + length], at: at) }
            }
        }
        return bytes
    }
}

