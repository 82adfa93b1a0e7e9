import ReportTestSupport
import XCTest
@testable import ReportCore

final class YAMLTreeLoaderTests: XCTestCase {
    // MARK: - Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SpecNode? {
        do {
            return try YAMLTreeLoader.parse(text)
        } catch {
            XCTFail("unexpected errors:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// The diagnostics for invalid input as `LINE:COLUMN message` lines.
    private func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            let node = try YAMLTreeLoader.parse(text)
            XCTFail("expected errors, parsed \(node)", file: file, line: line)
            return []
        } catch {
            return error.diagnostics.map { diagnostic in
                XCTAssertNil(diagnostic.file, file: file, line: line)
                return "\(diagnostic.position.map(\.description) ?? "-") \(diagnostic.message)"
            }
        }
    }

    private func pos(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    // MARK: - Values and positions

    func testPositionsOfNestedValuesAndKeys() throws {
        let text = """
        title: Raqqa
        sections:
          - lane: 2
            items: [true, null, "x"]
          - kind: table
        """
        let root = try XCTUnwrap(parse(text))
        XCTAssertEqual(root.position, pos(1, 1))
        XCTAssertEqual(root.members?.map(\.key), ["title", "sections"])
        XCTAssertEqual(root.members?.map(\.keyPosition), [pos(1, 1), pos(2, 1)])
        XCTAssertEqual(root["title"]?.position, pos(1, 8))
        let sections = try XCTUnwrap(root["sections"])
        XCTAssertEqual(sections.position, pos(3, 3))
        let first = try XCTUnwrap(sections.elements?.first)
        XCTAssertEqual(first.position, pos(3, 5))
        XCTAssertEqual(first.members?.map(\.keyPosition), [pos(3, 5), pos(4, 5)])
        XCTAssertEqual(first["lane"]?.position, pos(3, 11))
        XCTAssertEqual(first["lane"]?.value, .number(2, literal: "2"))
        let items = try XCTUnwrap(first["items"])
        XCTAssertEqual(items.position, pos(4, 12))
        XCTAssertEqual(items.elements?.map(\.position), [pos(4, 13), pos(4, 19), pos(4, 25)])
        XCTAssertEqual(items.elements?.map(\.value), [.bool(true), .null, .string("x")])
        XCTAssertEqual(sections.elements?[1].position, pos(5, 5))
    }

    func testPlainScalarsFollowTheCoreSchema() throws {
        let text = """
        a: ~
        b: null
        c: NULL
        d:
        e: true
        f: False
        g: TRUE
        h: yes
        i: no
        j: on
        k: 12
        l: -3
        m: +4
        n: 0o17
        o: 0x1F
        p: 1.5
        q: .5
        r: 2e3
        s: 1_000
        t: 2017-03-10
        u: "true"
        v: '12'
        w: 0o8
        x: 1.
        y: 007
        z: 12:30
        A: tRUE
        B: Null value
        """
        let root = try XCTUnwrap(parse(text))
        let values = Dictionary(uniqueKeysWithValues: try XCTUnwrap(root.members).map { ($0.key, $0.value.value) })
        let expected: [String: SpecNode.Value] = [
            "a": .null, "b": .null, "c": .null, "d": .null,
            "e": .bool(true), "f": .bool(false), "g": .bool(true),
            "h": .string("yes"), "i": .string("no"), "j": .string("on"),
            "k": .number(12, literal: "12"), "l": .number(-3, literal: "-3"), "m": .number(4, literal: "+4"),
            "n": .number(15, literal: "0o17"), "o": .number(31, literal: "0x1F"), "p": .number(1.5, literal: "1.5"),
            "q": .number(0.5, literal: ".5"), "r": .number(2000, literal: "2e3"), "s": .string("1_000"),
            "t": .string("2017-03-10"), "u": .string("true"), "v": .string("12"), "w": .string("0o8"),
            "x": .number(1, literal: "1."), "y": .number(7, literal: "007"), "z": .string("12:30"),
            "A": .string("tRUE"), "B": .string("Null value"),
        ]
        for (key, value) in expected { XCTAssertEqual(values[key], value, key) }
        XCTAssertEqual(values.count, expected.count)
    }

    func testBlockScalarsAndTagsOnStringsStayStrings() throws {
        let root = try XCTUnwrap(parse("a: |\n  12\nb: >-\n  true\nc: !!str 123\nd: ! 12\ne: !!int 12\nf: !!float 3\n"))
        XCTAssertEqual(root["a"]?.value, .string("12\n"))
        XCTAssertEqual(root["b"]?.value, .string("true"))
        XCTAssertEqual(root["c"]?.value, .string("123"))
        XCTAssertEqual(root["d"]?.value, .string("12"))
        XCTAssertEqual(root["e"]?.value, .number(12, literal: "12"))
        XCTAssertEqual(root["f"]?.value, .number(3, literal: "3"))
    }

    func testUnsupportedAndMismatchedTags() {
        XCTAssertEqual(errors("a: !!int abc\nb: !foo x\nc: !!bool yes\nd: !!map [1]\n"), [
            "1:4 'abc' is not a valid !!int",
            "2:4 unsupported YAML tag '!foo'",
            "3:4 'yes' is not a valid !!bool",
            "4:4 unsupported YAML tag '!!map'",
        ])
    }

    func testInfinityAndNaNAreErrors() {
        // A spec number must be finite; quoting gives the text.
        XCTAssertEqual(errors("a: .inf\nb: -.INF\nc: .NaN\nd: \".inf\"\n"), [
            "1:4 '.inf' is not a supported number: spec numbers must be finite (quote it to use it as text)",
            "2:4 '-.INF' is not a supported number: spec numbers must be finite (quote it to use it as text)",
            "3:4 '.NaN' is not a supported number: spec numbers must be finite (quote it to use it as text)",
        ])
    }

    func testAnchorsAndAliasesAreResolved() throws {
        let root = try XCTUnwrap(parse("base: &b\n  color: red\n  width: 2\ncopy: *b\nlist: [*b, 3]\n"))
        XCTAssertEqual(root["copy"], root["base"])
        // An alias's value is the anchored node, which starts at its anchor.
        XCTAssertEqual(root["copy"]?.position, pos(1, 7))
        XCTAssertEqual(root["list"]?.elements?.first, root["base"])
    }

    func testMergeKeysAreNotSupported() {
        XCTAssertEqual(errors("base: &b {color: red}\nderived:\n  <<: *b\n  width: 2\n"), [
            "3:3 merge keys ('<<') are not supported: write the keys out, or alias the whole mapping",
        ])
        XCTAssertEqual(parse("\"<<\": 1\n")?.members?.first?.key, "<<")
    }

    func testByteOrderMarkIsNotAColumn() throws {
        let root = try XCTUnwrap(parse("\u{FEFF}a: 1\n"))
        XCTAssertEqual(root.members?.first?.keyPosition, pos(1, 1))
        XCTAssertEqual(root["a"]?.position, pos(1, 4))
        XCTAssertEqual(errors("\u{FEFF}a: [1, }\n"), ["1:8 expected a value, found '}'"])
    }

    func testCRLFLineEndings() throws {
        let root = try XCTUnwrap(parse("a: 1\r\nb:\r\n  c: 2\r\n"))
        XCTAssertEqual(root["b"]?.members?.first?.keyPosition, pos(3, 3))
        XCTAssertEqual(root["b"]?["c"]?.position, pos(3, 6))
        XCTAssertEqual(errors("a: 1\r\nb: 2\r\nc: ]\r\n"), ["3:4 expected a value, found ']'"])
    }

    func testColumnsCountUnicodeScalars() {
        // Arabic letters are two bytes each in UTF-8; libyaml and we count them once.
        XCTAssertEqual(errors("title: \"مرحبا بالعالم\"\nname: مرحبا: x\n"), [
            "2:12 unexpected ':': mapping values are not allowed here (check the indentation, or quote a value that contains ': ')",
        ])
        XCTAssertEqual(errors("é: 1\nب: ]\n"), ["2:4 expected a value, found ']'"])
        let root = parse("😀: [é, ب, x]\n")
        XCTAssertEqual(root?["😀"]?.elements?.map(\.position), [pos(1, 5), pos(1, 8), pos(1, 11)])
    }

    // MARK: - Keys

    func testDuplicateKeysAreReportedAtTheSecondKey() {
        XCTAssertEqual(errors("a: 1\nb:\n  x: 1\n  x: 2\n"), ["4:3 duplicate key \"x\" (first at 3:3)"])
        // JSON-style flow mapping: the probe goes inside the quotes, and columns after it are restored.
        XCTAssertEqual(errors("k: {\"a\":1,\"a\":2}\n"), ["1:11 duplicate key \"a\" (first at 1:5)"])
        // A plain and a quoted spelling of the same key are the same key.
        XCTAssertEqual(errors("a: 1\n\"a\": 2\n"), ["2:1 duplicate key \"a\" (first at 1:1)"])
    }

    func testSeveralDuplicatesOnOneLine() {
        XCTAssertEqual(errors("m: {a: 1, b: 2, a: 3, b: 4, a: 5}\n"), [
            "1:17 duplicate key \"a\" (first at 1:5)",
            "1:23 duplicate key \"b\" (first at 1:11)",
            "1:29 duplicate key \"a\" (first at 1:5)",
        ])
    }

    func testDuplicatesAndOtherProblemsAreReportedTogether() {
        XCTAssertEqual(errors("a: 1\na: .nan\nb:\n  1: x\n  c: 2\n  c: 3\n"), [
            "2:1 duplicate key \"a\" (first at 1:1)",
            "2:4 '.nan' is not a supported number: spec numbers must be finite (quote it to use it as text)",
            "4:3 mapping key must be a string, found a number (quote it: \"1\")",
            "6:3 duplicate key \"c\" (first at 5:3)",
        ])
    }

    func testDuplicateAnchoredKeyFallsBackToTheFirstCopy() {
        XCTAssertEqual(errors("&k a: 1\na: 2\n"), [
            "1:1 duplicate key \"a\" (it appears again later in the same mapping)",
        ])
    }

    func testRepeatedComplexKeysAreReportedAsNonStringKeys() {
        // Yams rejects the repeated keys before the converter sees them.
        XCTAssertEqual(errors("? [a]\n: 1\n? [a]\n: 2\n"), ["1:3 mapping key must be a string, found a sequence"])
    }

    func testKeysMustBeStrings() {
        XCTAssertEqual(errors("1: a\nnull: b\ntrue: c\n? [x]\n: d\n\"2\": e\n? {k: v}\n: f\n"), [
            "1:1 mapping key must be a string, found a number (quote it: \"1\")",
            "2:1 mapping key must be a string, found null (quote it: \"null\")",
            "3:1 mapping key must be a string, found a boolean (quote it: \"true\")",
            "4:3 mapping key must be a string, found a sequence",
            "7:3 mapping key must be a string, found a mapping",
        ])
    }

    // MARK: - Syntax errors

    func testTabsGiveALocatedMessage() {
        XCTAssertEqual(errors("a:\n\tb: 1\n"), ["2:1 tab character: YAML indentation must use spaces, not tabs"])
        XCTAssertEqual(errors("list:\n  - 1\n\t- 2\n"), ["3:1 tab character: YAML indentation must use spaces, not tabs"])
    }

    func testIndentationErrors() {
        XCTAssertEqual(errors("a:\n  b: 1\n c: 2\n"), [
            "3:2 bad indentation: expected a mapping key aligned with the others (the block mapping starts at 1:1)",
        ])
        XCTAssertEqual(errors("- a\nb: 1\n"), [
            "2:1 bad indentation: expected a '-' sequence entry aligned with the others (the block collection starts at 1:1)",
        ])
        XCTAssertEqual(errors("key: value\n  bad: 1\n"), [
            "2:6 unexpected ':': mapping values are not allowed here (check the indentation, or quote a value that contains ': ')",
        ])
    }

    func testOtherSyntaxErrors() {
        XCTAssertEqual(errors("a: *x\n"), ["1:4 undefined alias '*x': no anchor '&x' appears before it"])
        XCTAssertEqual(errors("a: 1\n---\nb: 2\n"),
                       ["2:1 expected a single YAML document, found another one (remove the '---' line)"])
        XCTAssertEqual(errors("a: \"abc\nb: 1\n"),
                       ["1:4 unterminated quoted string: expected a closing quote before the end of input"])
        XCTAssertEqual(errors("a: [1, 2\nb: 3\n"),
                       ["2:2 expected ',' or ']' in the flow sequence, found ':' (the flow sequence starts at 1:4)"])
        XCTAssertEqual(errors("a: 1\u{1}\n"), ["1:5 invalid character U+0001 in YAML: control characters are not allowed"])
        XCTAssertEqual(errors("a: ok\nb: \"é\" \u{7}\n"),
                       ["2:8 invalid character U+0007 in YAML: control characters are not allowed"])
    }

    func testRewordedLibyamlErrors() {
        let cases: [(String, String)] = [
            ("a: &\n", "1:5 expected an anchor name after '&' (quote a value that starts with '&')"),
            ("a: * x\n", "1:5 expected an alias name after '*' (quote a value that starts with '*')"),
            ("a: \"\\x4G\"\n", "1:7 invalid \\x, \\u or \\U escape in a double-quoted string: expected hexadecimal digits"),
            ("a: \"\\uD800\"\n", "1:7 invalid \\u or \\U escape in a double-quoted string: not a Unicode character "
                + "(a lone surrogate, or past U+10FFFF)"),
            ("a: \"\\q\"\n", "1:5 invalid escape in a double-quoted string (write '\\\\' for a backslash, or use single quotes)"),
            ("a: \"x\" y\n", "1:8 unexpected text after the value, found 'y' (quote the whole value if it is meant to include this)"),
            ("a: \"x\" # ok\nb: 'y' z\n", "2:8 unexpected text after the value, found 'z' (quote the whole value if it is meant to include this)"),
            ("a: - b\n", "1:4 a '- ' sequence entry cannot start here (put the list on the next lines, indented)"),
            ("- a\n- b\nc\n", "3:1 expected ':' after this mapping key (or is the indentation wrong?)"),
            ("a: {b: 1\n", "2:1 expected ',' or '}' in the flow mapping, found end of input (the flow mapping starts at 1:4)"),
            ("a: {b: 1]\n", "1:9 expected ',' or '}' in the flow mapping, found ']' (the flow mapping starts at 1:4)"),
            ("a: @x\n", "1:4 '@' cannot start a YAML value here (quote the value)"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(errors(text), [expected], text)
        }
    }

    func testEmptyDocument() {
        XCTAssertEqual(errors(""), ["1:1 empty document: expected YAML content"])
        XCTAssertEqual(errors("# only a comment\n"), ["1:1 empty document: expected YAML content"])
    }

    // MARK: - Limits

    func testNestingLimit() throws {
        let depth = JSONTreeParser.maxDepth
        XCTAssertNotNil(parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        XCTAssertEqual(errors(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)),
                       ["1:513 too deeply nested: more than 512 nested mappings and sequences"])
        // Past libyaml's own limit the error comes from the parser, and nothing overflows.
        XCTAssertEqual(errors(String(repeating: "[", count: 50_000)).map { $0.drop { $0 != " " } },
                       [" too deeply nested: more than 512 nested mappings and sequences"])
        var block = ""
        for level in 0..<600 { block += String(repeating: " ", count: level) + "k:\n" }
        XCTAssertEqual(errors(block), ["513:513 too deeply nested: more than 512 nested mappings and sequences"])
    }

    func testAliasExpansionIsBounded() {
        // "Billion laughs": each level multiplies the one before by ten.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let found = errors(text)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.contains("aliases expand to more than") ?? false, "\(found)")
    }

    // MARK: - Robustness

    /// Thousands of seeded mutations of a valid spec must each load or throw diagnostics, never
    /// crash or hang.
    func testMutatedInputNeverCrashes() {
        let base = Array(Self.sampleSpec.utf8)
        var random = SeededRandom(seed: 0xAB1E_2017)
        var parsed = 0, failed = 0
        let started = Date()
        for _ in 0..<5000 {
            // YAML input is a String: mutations that break UTF-8 become U+FFFD, as when the caller
            // decodes a file.
            let mutated = String(decoding: JSONTreeParserTests.mutate(base, using: &random), as: UTF8.self)
            do {
                _ = try YAMLTreeLoader.parse(mutated)
                parsed += 1
            } catch {
                failed += 1
                XCTAssertFalse(error.diagnostics.isEmpty)
                for diagnostic in error.diagnostics {
                    guard let position = diagnostic.position else { continue }
                    XCTAssertGreaterThanOrEqual(position.line, 1, diagnostic.message)
                    XCTAssertGreaterThanOrEqual(position.column, 1, diagnostic.message)
                }
            }
        }
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertGreaterThan(failed, 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    static let sampleSpec = """
    title: "Raqqa 2017 — الرقة"
    page: {size: A4, margins: [36, 36.5, 4.2e1, 0]}
    defaults: &defaults
      color: '#336699'
      width: 2
    sections:
      - kind: timeline
        lane: 2
        from: 2017-06-06
        style: *defaults
        items: [true, false, null, ~]
      - kind: table
        columns: ["a", "b\\u00e9"]
        note: |
          Line one
          Line two
    """
}
