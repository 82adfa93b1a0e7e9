import Yams

/// Loads a YAML spec into the same positioned `SpecNode` tree that JSON specs produce.
///
/// Yams (libyaml) does the parsing; this type decides what the scalars mean and turns libyaml's
/// terse errors into located diagnostics. Plain scalars follow the YAML 1.2 core schema, not the
/// YAML 1.1 rules Yams applies by default, so `yes`, `no`, `on` and `2017-03-10` stay strings:
///
/// | plain scalar                                           | becomes |
/// | ------------------------------------------------------ | ------- |
/// | empty, `~`, `null`, `Null`, `NULL`                     | null    |
/// | `true` `True` `TRUE` `false` `False` `FALSE`           | boolean |
/// | `12`, `-3`, `+4`, `0o17`, `0x1F`, `1.5`, `.5`, `2e3`   | number (literal kept as written) |
/// | `.inf`, `-.inf`, `.nan` (any case variant)             | error: a spec number must be finite; quote it for text |
/// | anything else                                          | string  |
///
/// Quoted and block scalars are always strings. Anchors and aliases are resolved (an alias's
/// value carries the anchor's position); merge keys (`<<`) are not supported. Keys must be
/// strings, and a key may appear once per mapping.
public enum YAMLTreeLoader {
    /// Parses one YAML document.
    ///
    /// Structural problems in the tree (duplicate or non-string keys, unsupported tags or numbers)
    /// are collected and reported together; a YAML syntax error stops the load (any duplicate keys
    /// found before it are reported with it). The diagnostics carry no `file`: the caller adds it
    /// with `inFile`.
    ///
    /// - Throws: every problem found.
    public static func parse(_ text: String) throws(DiagnosticList) -> SpecNode {
        // libyaml counts a byte order mark as a column; editors do not, and neither does the
        // JSON parser, so drop it before Yams sees it.
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }

        let (root, probes) = try YAMLComposition.compose(text)
        var converter = YAMLConverter(probes: probes, nodeBudget: text.utf8.count + 100_000, byteBudget: text.utf8.count + 10_000_000)
        let node = converter.convert(root, depth: 1)
        if !converter.errors.isEmpty { throw DiagnosticList(converter.errors) }
        return node
    }
}

// MARK: - Composing with Yams

/// A marker inserted before the first copy of a duplicated key so that Yams can compose the rest.
///
/// Yams rejects a mapping with a repeated key outright, giving only the key's text and the
/// position of its *first* appearance; a spec author needs the second one. Renaming the first
/// copy (inserting a private-use marker at its start) lets the document compose, and the converter
/// then finds every duplicate itself with both positions. Positions after a marker on the same
/// line are shifted back, so reported columns match the author's file.
private struct DuplicateKeyProbe {
    /// Where the marker was inserted, in the text as it was before this probe.
    var line: Int
    var column: Int
    /// Length of the marker in Unicode scalars.
    var length: Int
    /// The key's text and where the key itself starts (in the same coordinates).
    var key: String
    var keyLine: Int
    var keyColumn: Int

    static let markerDelimiter: Unicode.Scalar = "\u{E000}"

    static func marker(_ index: Int) -> String {
        "\(Character(markerDelimiter))\(index)\(Character(markerDelimiter))"
    }

    /// The probe index encoded in a key produced from a marked scalar, if any.
    static func index(inKey key: String) -> Int? {
        let scalars = key.unicodeScalars
        guard scalars.first == markerDelimiter else { return nil }
        let digits = scalars.dropFirst().prefix { $0 != markerDelimiter }
        return Int(String(String.UnicodeScalarView(digits)))
    }

    /// Maps a position in the probed text back to the author's text.
    static func original(_ position: SourcePosition, through probes: [DuplicateKeyProbe]) -> SourcePosition {
        var position = position
        for probe in probes.reversed()
        where position.line == probe.line && position.column >= probe.column + probe.length {
            position.column -= probe.length
        }
        return position
    }
}

/// Runs Yams, probing past duplicate keys (see `DuplicateKeyProbe`) and translating its errors.
private enum YAMLComposition {
    /// More duplicates than this in one file are reported at their first copies only.
    static let maxProbes = 50

    /// Implicit plain scalars resolve to this private tag instead of `!!str`: Yams resolves key
    /// tags while checking duplicates, and this keeps an implicit `1:` apart from an explicit
    /// `!!str 1:`. The core schema is applied by `YAMLConverter`, not by Yams' 1.1 rules.
    static let plainTag = Tag.Name(rawValue: "tag:report.local,2025:plain")
    // The pattern matches every string, so the tag is the only rule.
    // swiftlint:disable:next force_try
    static let resolver = try! Resolver.basic.appending(plainTag, "^")

    static func compose(_ text: String) throws(DiagnosticList) -> (Node, [DuplicateKeyProbe]) {
        var working = text
        var probes: [DuplicateKeyProbe] = []
        while true {
            do {
                guard let root = try Yams.compose(yaml: working, resolver, .default, .utf8) else {
                    throw DiagnosticList([.error("empty document: expected YAML content",
                                                 at: SourcePosition(line: 1, column: 1))])
                }
                return (root, probes)
            } catch let list as DiagnosticList {
                throw list
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                if probes.count < maxProbes,
                   let probed = insertProbe(index: probes.count, key: key, mark: context.mark, in: working) {
                    probes.append(probed.probe)
                    working = probed.text
                    continue
                }
                // The key could not be renamed (an anchored or complex key): report its first copy.
                let position = DuplicateKeyProbe.original(SourcePosition(context.mark), through: probes)
                let message: String
                switch TextLocation.scalar(line: context.mark.line, column: context.mark.column, in: working) {
                case "[": message = "mapping key must be a string, found a sequence"
                case "{": message = "mapping key must be a string, found a mapping"
                default: message = "duplicate key \"\(key)\" (it appears again later in the same mapping)"
                }
                throw DiagnosticList(probeDiagnostics(probes) + [.error(message, at: position)])
            } catch let error as YamlError {
                throw DiagnosticList(probeDiagnostics(probes) + [diagnostic(for: error, in: working, probes: probes)])
            } catch {
                throw DiagnosticList(probeDiagnostics(probes) + [.error("could not read YAML: \(error)")])
            }
        }
    }

    /// When a later syntax error hides the tree, the duplicates found so far are still worth telling.
    static func probeDiagnostics(_ probes: [DuplicateKeyProbe]) -> [Diagnostic] {
        probes.indices.map { i in
            let position = DuplicateKeyProbe.original(
                SourcePosition(line: probes[i].keyLine, column: probes[i].keyColumn), through: Array(probes[..<i]))
            return .error("duplicate key \"\(probes[i].key)\" (it appears again later in the same mapping)", at: position)
        }
    }

    /// Inserts probe `index` into the key at `mark`: before a plain key, or just inside the quote
    /// of a quoted one (so that `"a":1` in a flow mapping keeps its meaning). Nil for anything else.
    static func insertProbe(index: Int, key: String, mark: Mark, in text: String)
        -> (probe: DuplicateKeyProbe, text: String)? {
        guard let at = TextLocation.index(line: mark.line, column: mark.column, in: text),
              at < text.unicodeScalars.endIndex else { return nil }
        let scalars = text.unicodeScalars
        let first = scalars[at]
        var insertion = at
        var column = mark.column
        if first == "\"" || first == "'" {
            insertion = scalars.index(after: at)
            column += 1
        } else if "&*!|>%@`#,[]{}".unicodeScalars.contains(first) || first == " " || first == "\t"
                    || first == "\n" || first == "\r" {
            return nil
        }
        let marker = DuplicateKeyProbe.marker(index)
        var probed = text.unicodeScalars
        probed.insert(contentsOf: marker.unicodeScalars, at: insertion)
        let probe = DuplicateKeyProbe(line: mark.line, column: column, length: marker.unicodeScalars.count,
                                      key: key, keyLine: mark.line, keyColumn: mark.column)
        return (probe, String(probed))
    }

    /// Turns a Yams error into a located diagnostic with a message a spec author can act on.
    static func diagnostic(for error: YamlError, in text: String, probes: [DuplicateKeyProbe]) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let (message, position) = describe(problem: problem, context: context, at: SourcePosition(mark),
                                               in: text, probes: probes)
            return .error(message, at: position)
        case let .reader(problem, offset, value, _):
            let character = value >= 0 ? " \(scalarName(UInt32(value)))" : ""
            let message = "invalid character\(character) in YAML: \(problem)"
            guard let position = TextLocation.position(ofCharacterOffset: offset, orScalar: value, in: text) else {
                return .error(message)
            }
            return .error(message, at: DuplicateKeyProbe.original(position, through: probes))
        default:
            return .error("could not read YAML: \(error)")
        }
    }

    /// libyaml's problem text reworded for the mistakes spec authors actually make, and where to
    /// point at (usually libyaml's problem mark; the opening quote for an unterminated string).
    /// `text` is what Yams read (probes included); the positions returned are the author's.
    static func describe(problem: String, context: YamlError.Context?, at probedPosition: SourcePosition,
                         in text: String, probes: [DuplicateKeyProbe]) -> (String, SourcePosition) {
        let position = DuplicateKeyProbe.original(probedPosition, through: probes)
        let contextPosition = context.map { DuplicateKeyProbe.original(SourcePosition($0.mark), through: probes) }
        let startedAt = context.flatMap { context in
            contextNoun(context.text).map { " (the \($0) starts at \(contextPosition!))" }
        } ?? ""
        let found = TextLocation.scalar(line: probedPosition.line, column: probedPosition.column, in: text)
        // libyaml words tab problems several ways ("cannot start any token", "violates indentation").
        if found == "\t" || problem.contains("tab character") {
            return ("tab character: YAML indentation must use spaces, not tabs", position)
        }
        switch problem {
        case "found character that cannot start any token":
            if let found { return ("'\(found)' cannot start a YAML value here (quote the value)", position) }
        case "mapping values are not allowed in this context":
            return ("unexpected ':': mapping values are not allowed here "
                    + "(check the indentation, or quote a value that contains ': ')", position)
        case "did not find expected key", "did not find expected '-' indicator":
            // libyaml says the same when a value goes on after its end (`a: "x" y`); only text that
            // starts a line is an indentation problem.
            guard TextLocation.startsLine(line: probedPosition.line, column: probedPosition.column, in: text) else {
                return ("unexpected text after the value, found \(describeFound(found)) "
                        + "(quote the whole value if it is meant to include this)", position)
            }
            let entry = problem.contains("'-'") ? "a '-' sequence entry" : "a mapping key"
            return ("bad indentation: expected \(entry) aligned with the others\(startedAt)", position)
        case "did not find expected node content":
            return ("expected a value, found \(describeFound(found))", position)
        case "did not find expected ',' or ']'":
            return ("expected ',' or ']' in the flow sequence, found \(describeFound(found))\(startedAt)", position)
        case "did not find expected ',' or '}'":
            return ("expected ',' or '}' in the flow mapping, found \(describeFound(found))\(startedAt)", position)
        case "could not find expected ':'":
            // libyaml points past the text it took for a key; the key's own start is more useful.
            return ("expected ':' after this mapping key (or is the indentation wrong?)", contextPosition ?? position)
        case "did not find expected alphabetic or numeric character":
            if let context, context.text.contains("anchor") {
                return ("expected an anchor name after '&' (quote a value that starts with '&')", position)
            }
            if let context, context.text.contains("alias") {
                return ("expected an alias name after '*' (quote a value that starts with '*')", position)
            }
        case "did not find expected hexdecimal number":
            return ("invalid \\x, \\u or \\U escape in a double-quoted string: expected hexadecimal digits", position)
        case "found invalid Unicode character escape code":
            return ("invalid \\u or \\U escape in a double-quoted string: not a Unicode character "
                    + "(a lone surrogate, or past U+10FFFF)", position)
        case "found unknown escape character":
            return ("invalid escape in a double-quoted string (write '\\\\' for a backslash, or use single quotes)",
                    position)
        case "did not find expected comment or line break":
            return ("unexpected text after the value: expected a comment or the end of the line", position)
        case "block sequence entries are not allowed in this context":
            return ("a '- ' sequence entry cannot start here (put the list on the next lines, indented)", position)
        case "did not find expected <document start>":
            return ("unexpected content after the document (check the indentation of this line)", position)
        case "found undefined alias":
            let name = TextLocation.word(line: probedPosition.line, column: probedPosition.column + 1, in: text)
            return ("undefined alias '*\(name)': no anchor '&\(name)' appears before it", position)
        case "but found another document":
            return ("expected a single YAML document, found another one (remove the '---' line)", position)
        case "found unexpected end of stream":
            if let context, let contextPosition, context.text.contains("quoted scalar") {
                return ("unterminated quoted string: expected a closing quote before the end of input", contextPosition)
            }
        default:
            if problem.hasPrefix("Maximum nesting level reached") {
                return ("too deeply nested: more than \(JSONTreeParser.maxDepth) nested mappings and sequences", position)
            }
        }
        return ("YAML syntax error: \(problem)\(startedAt)", position)
    }

    static func describeFound(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "end of input" }
        if TextLocation.isBreak(scalar) { return "end of line" }
        return "'\(scalar)'"
    }

    /// "while parsing a block mapping" → "block mapping"; nil for contexts that say nothing useful.
    static func contextNoun(_ context: String) -> String? {
        for prefix in ["while parsing a ", "while parsing an ", "while scanning a ", "while scanning an "]
        where context.hasPrefix(prefix) {
            return String(context.dropFirst(prefix.count))
        }
        return nil
    }

    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// Line and column arithmetic over a `String`, with libyaml's idea of a line break.
private enum TextLocation {
    /// libyaml breaks lines at LF, CR, CRLF, NEL, LS and PS.
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": return true
        default: return false
        }
    }

    /// The scalar index at a 1-based line and column, or nil when the text has no such place.
    static func index(line: Int, column: Int, in text: String) -> String.UnicodeScalarView.Index? {
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        var currentLine = 1
        while currentLine < line {
            guard i < scalars.endIndex else { return nil }
            let scalar = scalars[i]
            i = scalars.index(after: i)
            if isBreak(scalar) {
                if scalar == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
                currentLine += 1
            }
        }
        return scalars.index(i, offsetBy: column - 1, limitedBy: scalars.endIndex)
    }

    /// The anchor-name-like run of characters at a place (for alias messages).
    static func word(line: Int, column: Int, in text: String) -> String {
        guard let start = index(line: line, column: column, in: text) else { return "" }
        let rest = text.unicodeScalars[start...]
        let end = rest.firstIndex { $0 == " " || $0 == "\t" || isBreak($0) || ",[]{}".unicodeScalars.contains($0) }
        return String(String.UnicodeScalarView(rest[..<(end ?? rest.endIndex)]))
    }

    /// True when only spaces stand before the column on its line.
    static func startsLine(line: Int, column: Int, in text: String) -> Bool {
        guard let lineStart = index(line: line, column: 1, in: text),
              let at = index(line: line, column: column, in: text) else { return true }
        return text.unicodeScalars[lineStart..<at].allSatisfy { $0 == " " }
    }

    static func scalar(line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        guard let i = index(line: line, column: column, in: text), i < text.unicodeScalars.endIndex else { return nil }
        return text.unicodeScalars[i]
    }

    /// The position of the character `offset` `Character`s into `text` (the unit Yams reports reader
    /// errors in), or of the first scalar with value `scalar` when the offset is missing.
    static func position(ofCharacterOffset offset: Int?, orScalar scalar: Int32, in text: String) -> SourcePosition? {
        let target: String.UnicodeScalarView.Index
        if let offset, let i = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) {
            target = i
        } else if scalar >= 0, let i = text.unicodeScalars.firstIndex(where: { $0.value == UInt32(scalar) }) {
            target = i
        } else {
            return nil
        }
        var line = 1, column = 1
        var previous: Unicode.Scalar?
        for i in text.unicodeScalars.indices {
            if i >= target { break }
            let s = text.unicodeScalars[i]
            if isBreak(s) {
                if !(s == "\n" && previous == "\r") { line += 1 }
                column = 1
            } else {
                column += 1
            }
            previous = s
        }
        return SourcePosition(line: line, column: column)
    }
}

extension SourcePosition {
    fileprivate init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}

// MARK: - Converting to SpecNode

/// Walks a composed Yams tree, resolving scalars by the core schema and checking keys.
private struct YAMLConverter {
    let probes: [DuplicateKeyProbe]
    /// Nodes left to produce: aliases can make a small file expand exponentially ("billion
    /// laughs"), and an alias-free document never has more nodes than bytes.
    var nodeBudget: Int
    let nodeLimit: Int
    /// Bytes of scalar text left to produce: one alias of a long string, repeated, expands
    /// to gigabytes in few nodes. An alias-free document never holds more text than bytes.
    var byteBudget: Int
    let byteLimit: Int
    var errors: [Diagnostic] = []
    var budgetExceeded = false

    static let maxErrors = 100
    static let yamlTagPrefix = "tag:yaml.org,2002:"

    init(probes: [DuplicateKeyProbe], nodeBudget: Int, byteBudget: Int) {
        self.probes = probes
        self.nodeBudget = nodeBudget
        self.nodeLimit = nodeBudget
        self.byteBudget = byteBudget
        self.byteLimit = byteBudget
    }

    mutating func convert(_ node: Node, depth: Int) -> SpecNode {
        let position = self.position(of: node)
        let placeholder = SpecNode(.null, at: position)
        guard depth <= JSONTreeParser.maxDepth else {
            report("too deeply nested: more than \(JSONTreeParser.maxDepth) nested mappings and sequences", at: position)
            return placeholder
        }
        nodeBudget -= 1
        guard nodeBudget >= 0 else {
            if !budgetExceeded {
                budgetExceeded = true
                report("aliases expand to more than \(nodeLimit) values; a spec needs far fewer", at: position)
            }
            return placeholder
        }
        switch node {
        case .scalar(let scalar):
            byteBudget -= scalar.string.utf8.count
            guard byteBudget >= 0 else {
                if !budgetExceeded {
                    budgetExceeded = true
                    report("aliases expand the spec to more than \(byteLimit / 1_000_000) MB of text; a spec needs far less", at: position)
                }
                return placeholder
            }
            return SpecNode(scalarValue(scalar, at: position), at: position)
        case .sequence(let sequence):
            checkCollectionTag(sequence.tag, expected: "seq", at: position)
            return SpecNode(.array(sequence.map { convert($0, depth: depth + 1) }), at: position)
        case .mapping(let mapping):
            checkCollectionTag(mapping.tag, expected: "map", at: position)
            return SpecNode(.object(members(of: mapping, depth: depth)), at: position)
        case .alias:
            // `Yams.compose` replaces aliases with their anchored node; this is only a safeguard.
            report("unresolved alias", at: position)
            return placeholder
        }
    }

    mutating func members(of mapping: Node.Mapping, depth: Int) -> [SpecMember] {
        var members: [SpecMember] = []
        var firstPositions: [String: SourcePosition] = [:]
        for (keyNode, valueNode) in mapping {
            let keyPosition = position(of: keyNode)
            guard let key = keyString(keyNode, at: keyPosition) else { continue }
            if let first = firstPositions[key] {
                report("duplicate key \"\(key)\" (first at \(first))", at: keyPosition)
            } else {
                firstPositions[key] = keyPosition
            }
            members.append(SpecMember(key: key, keyPosition: keyPosition, value: convert(valueNode, depth: depth + 1)))
        }
        return members
    }

    /// The key's text, or nil (with an error) when it is not a string.
    mutating func keyString(_ node: Node, at position: SourcePosition) -> String? {
        guard case .scalar(let scalar) = node else {
            let kind = node.mapping != nil ? "a mapping" : "a sequence"
            report("mapping key must be a string, found \(kind)", at: position)
            return nil
        }
        if let index = DuplicateKeyProbe.index(inKey: scalar.string), probes.indices.contains(index) {
            return probes[index].key
        }
        if scalar.style == .plain, isImplicit(scalar.tag), scalar.string == "<<" {
            report("merge keys ('<<') are not supported: write the keys out, or alias the whole mapping",
                   at: position)
            return nil
        }
        let value = scalarValue(scalar, at: position)
        guard case .string(let key) = value else {
            let kind = SpecNode(value, at: position).kindDescription
            report("mapping key must be a string, found \(kind) (quote it: \"\(scalar.string)\")", at: position)
            return nil
        }
        return key
    }

    /// Resolves a scalar by its tag and, for untagged plain scalars, by the YAML 1.2 core schema.
    mutating func scalarValue(_ scalar: Node.Scalar, at position: SourcePosition) -> SpecNode.Value {
        let tag = scalar.tag.rawValue
        let text = scalar.string
        if (isImplicit(scalar.tag) && scalar.style != .plain) || tag == "!" || tag == Self.yamlTagPrefix + "str" {
            return .string(text)
        }
        let resolved = CoreSchema.resolve(text)
        if case .nonFinite = resolved {
            report("'\(text)' is not a supported number: spec numbers must be finite (quote it to use it as text)",
                   at: position)
            return .string(text)
        }
        if isImplicit(scalar.tag) { return resolved.value(for: text) }

        // An explicit core tag must agree with the text: `!!int abc` is a mistake, not a string.
        let expected: String
        switch tag {
        case Self.yamlTagPrefix + "null": expected = "null"
        case Self.yamlTagPrefix + "bool": expected = "bool"
        case Self.yamlTagPrefix + "int": expected = "int"
        case Self.yamlTagPrefix + "float": expected = "float"
        default:
            report("unsupported YAML tag '\(shortTag(tag))'", at: position)
            return .string(text)
        }
        let matches: Bool
        switch (expected, resolved) {
        case ("null", .null), ("bool", .bool), ("int", .integer), ("float", .integer), ("float", .float):
            matches = true
        default:
            matches = false
        }
        if !matches { report("'\(text)' is not a valid \(shortTag(tag))", at: position) }
        return resolved.value(for: text)
    }

    func isImplicit(_ tag: Tag) -> Bool {
        tag.rawValue.isEmpty || tag.rawValue == YAMLComposition.plainTag.rawValue
    }

    mutating func checkCollectionTag(_ tag: Tag, expected: String, at position: SourcePosition) {
        let name = tag.rawValue
        if name.isEmpty || name == "!" || name == Self.yamlTagPrefix + expected { return }
        report("unsupported YAML tag '\(shortTag(name))'", at: position)
    }

    func shortTag(_ tag: String) -> String {
        tag.hasPrefix(Self.yamlTagPrefix) ? "!!" + tag.dropFirst(Self.yamlTagPrefix.count) : tag
    }

    func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(line: 1, column: 1) }
        return DuplicateKeyProbe.original(SourcePosition(mark), through: probes)
    }

    mutating func report(_ message: String, at position: SourcePosition) {
        guard errors.count < Self.maxErrors else { return }
        errors.append(.error(message, at: position))
    }
}

/// The YAML 1.2 core schema's reading of a plain scalar (YAML 1.2.2, section 10.3.2).
private enum CoreSchema {
    enum Resolved {
        case null, bool(Bool), integer(Double), float(Double), nonFinite, string

        func value(for text: String) -> SpecNode.Value {
            switch self {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .integer(let n), .float(let n): return .number(n, literal: text)
            case .nonFinite, .string: return .string(text)
            }
        }
    }

    static func resolve(_ text: String) -> Resolved {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
             ".nan", ".NaN", ".NAN":
            return .nonFinite
        default:
            break
        }
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o"), let n = radixValue(bytes.dropFirst(2), radix: 8) { return .integer(n) }
            if bytes[1] == UInt8(ascii: "x"), let n = radixValue(bytes.dropFirst(2), radix: 16) { return .integer(n) }
        }
        guard let isInteger = decimalShape(bytes) else { return .string }
        // The shape check above is the core schema's; Double's parser accepts all of those forms.
        guard let n = Double(text) else { return .string }
        guard n.isFinite else { return .nonFinite }
        return isInteger ? .integer(n) : .float(n)
    }

    /// Hex or octal digits; accumulated in a Double so that long literals cannot overflow.
    static func radixValue(_ digits: ArraySlice<UInt8>, radix: Int) -> Double? {
        var n = 0.0
        for b in digits {
            guard let digit = Int(String(UnicodeScalar(b)), radix: radix) else { return nil }
            n = n * Double(radix) + Double(digit)
        }
        return n
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`: nil when `bytes` does
    /// not have this shape, else whether it is an integer (`[-+]? [0-9]+`).
    static func decimalShape(_ bytes: [UInt8]) -> Bool? {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) }
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var integerDigits = 0
        while isDigit(i) { i += 1; integerDigits += 1 }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            isInteger = false
            var fractionDigits = 0
            while isDigit(i) { i += 1; fractionDigits += 1 }
            if integerDigits == 0 && fractionDigits == 0 { return nil }
        } else if integerDigits == 0 {
            return nil
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            isInteger = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        return i == bytes.count ? isInteger : nil
    }
}
