import ReportScene

/// Reads the members of one spec object, checking types as it goes and remembering
/// which keys it consumed, so that every key left over is reported as unknown.
struct ObjectReader {
    let node: SpecNode
    let path: String
    private let members: [String: SpecMember]
    let sink: DiagnosticCollector
    let file: String
    /// What the object is, for messages: "a timeline block", "an output".
    var context: String?

    /// nil (with a diagnostic) when `node` is not an object.
    init?(_ node: SpecNode, path: String, file: String, sink: DiagnosticCollector) {
        self.node = node; self.path = path; self.file = file; self.sink = sink
        guard let list = node.members else {
            sink.report(.error("expected an object, found \(node.kindDescription)", file: file,
                                       at: node.position, path: path))
            return nil
        }
        var members: [String: SpecMember] = [:]
        for member in list where members[member.key] == nil { members[member.key] = member }
        self.members = members
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ message: String, at node: SpecNode, key: String, suggestion: String? = nil) {
        sink.report(.error(message, file: file, at: node.position, path: childPath(key), suggestion: suggestion))
    }

    /// Reports an error at the object itself.
    func error(_ message: String) {
        sink.report(.error(message, file: file, at: node.position, path: path))
    }

    /// Reports that a required key is not there.
    func missing(_ key: String) {
        error("missing required key \"\(key)\"\(context.map { " in \($0)" } ?? "")")
    }

    /// The raw node for `key`, if present.
    func node(_ key: String) -> SpecNode? { members[key]?.value }

    /// True when the key is written (even as null).
    func has(_ key: String) -> Bool { members[key] != nil }

    /// The value of `key`, reporting it missing when it is required and absent.
    private func present(_ key: String, required: Bool) -> SpecNode? {
        let value = node(key)
        if value == nil, required { missing(key) }
        return value
    }

    /// A string value; reports a missing required key or a wrong type.
    func string(_ key: String, required: Bool = false, longest: Int? = ObjectReader.longestString) -> String? {
        guard let value = present(key, required: required) else { return nil }
        guard let s = value.stringValue else {
            error("\"\(key)\" must be a string, found \(value.kindDescription)", at: value, key: key)
            return nil
        }
        if let longest, s.utf8.count > longest, case let count = s.count, count > longest {
            error("\"\(key)\" is \(NumberFormat.grouped(Double(count))) characters long, more than the \(NumberFormat.grouped(Double(longest))) a string of a spec may hold (a long title has 100, and a heading of 10,000 fills a page); only a text block's \"text\" may be longer, as it continues from page to page",
                  at: value, key: key)
            return nil
        }
        return s
    }

    /// The most characters a string of a spec may hold, but a `text` block's text: a title, a
    /// heading or a label is drawn as one piece, and one longer than this would not fit a page
    /// (a 420,000-character title was drawn as one line, the rest of it lost).
    static let longestString = 10_000

    /// A number value, optionally bounded (inclusive unless `exclusiveMin`).
    func number(_ key: String, min: Double? = nil, exclusiveMin: Bool = false, max: Double? = nil,
                required: Bool = false, maxNote: String = "") -> Double? {
        guard let value = present(key, required: required) else { return nil }
        guard let n = value.numberValue else {
            error("\"\(key)\" must be a number, found \(value.kindDescription)", at: value, key: key)
            return nil
        }
        if let min, exclusiveMin ? n <= min : n < min {
            error("\"\(key)\" must be \(exclusiveMin ? "greater than" : "at least") \(NumberFormat.spec(min)), found \(NumberFormat.spec(n))", at: value, key: key)
            return nil
        }
        if let max, n > max {
            error("\"\(key)\" must be at most \(NumberFormat.spec(max))\(maxNote), found \(NumberFormat.spec(n))", at: value, key: key)
            return nil
        }
        return n
    }

    /// A boolean value.
    func bool(_ key: String) -> Bool? {
        guard let value = node(key) else { return nil }
        guard case .bool(let b) = value.value else {
            error("\"\(key)\" must be true or false, found \(value.kindDescription)", at: value, key: key)
            return nil
        }
        return b
    }

    /// One of a fixed set of words, with "did you mean" for near misses.
    func word(_ key: String, oneOf choices: [String], required: Bool = false) -> String? {
        guard let s = string(key, required: required), let value = node(key) else { return nil }
        guard choices.contains(s) else {
            let list = choices.map { "\"\($0)\"" }.joined(separator: ", ")
            error("\"\(key)\" must be one of \(list), found \"\(s)\"", at: value, key: key,
                  suggestion: closestMatch(to: s, in: choices).map { "did you mean \"\($0)\"?" })
            return nil
        }
        return s
    }

    /// A column reference.
    func field(_ key: String, required: Bool = false) -> FieldRef? {
        guard let s = string(key, required: required), let value = node(key) else { return nil }
        guard !s.isEmpty else {
            error("\"\(key)\" must name a column, found an empty string", at: value, key: key)
            return nil
        }
        return FieldRef(s, at: value.position, path: childPath(key))
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one, else listing
    /// the allowed ones but `unlisted` (keys that are allowed but that no one mistypes a
    /// report's key for, such as `$schema`).
    func rejectUnknownKeys(allowed: [String], unlisted: [String] = [], context: String) {
        for member in node.members ?? [] where !allowed.contains(member.key) {
            let listed = allowed.filter { !unlisted.contains($0) }
            let suggestion = closestMatch(to: member.key, in: allowed).map { "did you mean \"\($0)\"?" }
                ?? (listed.isEmpty ? "it takes no keys" : "expected one of: \(listed.joined(separator: ", "))")
            sink.report(.error("unknown key \"\(member.key)\" in \(context)", file: file,
                                       at: member.keyPosition, path: childPath(member.key), suggestion: suggestion))
        }
    }
}

/// A shared, growing list of diagnostics for the readers of one spec file.
final class DiagnosticCollector {
    private(set) var sink = DiagnosticSink()
    func report(_ diagnostic: Diagnostic) { sink.report(diagnostic) }
    var diagnostics: [Diagnostic] { sink.diagnostics }
    var hasErrors: Bool { sink.hasErrors }
}
