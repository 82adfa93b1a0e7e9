/// Diagnostics: every problem a user can cause, located in the file that holds it.
///
/// Errors travel as values (a list), never as a global log: a stage returns what it
/// produced together with the problems it found, and the command line prints them all.

/// A 1-based line and column in a spec or data file.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public var column: Int
    /// The file the position is in when it is not the one the diagnostic names: a value a
    /// spec inherits through `extends`, or text it includes from a file, keeps its own file,
    /// so that a mistake there is reported where it is written. Nil for everything else.
    public var file: SourceName?

    /// Creates a position; both numbers are 1-based.
    public init(line: Int, column: Int, file: SourceName? = nil) {
        self.line = line
        self.column = column
        self.file = file
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A file's name as messages show it, shared by every position in the file (a reference, so
/// that a position stays small).
public final class SourceName: Hashable, Sendable, CustomStringConvertible {
    /// The path as the user would write it (relative to the spec's folder as given).
    public let path: String
    /// True when the file is one string of the spec, verbatim (a Markdown file a text block
    /// includes): a place inside that string is then a line and column of the file.
    public let isVerbatimText: Bool

    /// Names a file.
    public init(_ path: String, isVerbatimText: Bool = false) {
        self.path = path
        self.isVerbatimText = isVerbatimText
    }

    public static func == (a: SourceName, b: SourceName) -> Bool { a.path == b.path }
    public func hash(into hasher: inout Hasher) { hasher.combine(path) }
    public var description: String { path }
}

/// How bad a diagnostic is: errors stop the render, warnings travel with the output.
public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    case note
}

/// One problem found in a spec or its data, with everything needed to find and fix it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// How bad it is.
    public var severity: Severity
    /// What is wrong and what was expected, in words a spec author understands.
    public var message: String
    /// The file that holds the problem (as the user named it), if any.
    public var file: String?
    /// Where in `file`; `nil` when only the file (or nothing) is known.
    public var position: SourcePosition?
    /// JSON path of the offending spec value, such as `sections[2].lane`.
    public var path: String?
    /// A fix to try, such as `did you mean "color"?`.
    public var suggestion: String?

    /// Creates a diagnostic; most code uses `.error(...)` instead.
    public init(severity: Severity, message: String, file: String? = nil,
                position: SourcePosition? = nil, path: String? = nil, suggestion: String? = nil) {
        self.severity = severity
        self.message = message
        // A position in another file (an inherited or included one) names that file.
        self.file = position?.file?.path ?? file
        self.position = position
        self.path = path
        self.suggestion = suggestion
    }

    /// An error with a message and whatever location is known.
    public static func error(_ message: String, file: String? = nil, at position: SourcePosition? = nil,
                             path: String? = nil, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(severity: .error, message: message, file: file, position: position,
                   path: path, suggestion: suggestion)
    }

    /// A warning: the render goes on, the user is told.
    public static func warning(_ message: String, file: String? = nil, at position: SourcePosition? = nil,
                               path: String? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, message: message, file: file, position: position, path: path)
    }

    /// The same diagnostic placed in `file` (when it had no file yet).
    public func inFile(_ file: String) -> Diagnostic {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE (at PATH) (did you mean ...?)`, the form compilers use.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let position {
                location += ":\(position.line)"
                if position.column > 0 { location += ":\(position.column)" }
            }
            location += ": "
        }
        var text = "\(location)\(severity.rawValue): \(message)"
        if let suggestion { text += " (\(suggestion))" }
        if let path, !path.isEmpty { text += " [at \(path)]" }
        return text
    }
}

/// A list of diagnostics thrown together: a stage that found errors stops with all of them.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found (sorted by file and position before printing).
    public var diagnostics: [Diagnostic]

    /// Wraps a list of problems.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics as a stage works, so that all problems are reported, not the first.
public struct DiagnosticSink: Sendable {
    /// What was found so far.
    public private(set) var diagnostics: [Diagnostic] = []

    /// An empty sink.
    public init() {}

    /// True when at least one error (not warning) was recorded.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records a problem.
    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Records several problems.
    public mutating func report(contentsOf list: [Diagnostic]) { diagnostics.append(contentsOf: list) }
}

/// Suggests the closest candidate to a misspelt name ("colour" → "color"), or nil when none is close.
///
/// Short names allow one slip, longer ones two or three; names that differ only in digits
/// ("A5" and "A3") are different things, not typos, and get no suggestion.
public func closestMatch(to name: String, in candidates: [String]) -> String? {
    let lowered = name.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
        let other = candidate.lowercased()
        let distance = editDistance(lowered, other)
        let limit = candidate.count <= 4 ? 1 : candidate.count <= 8 ? 2 : 3
        if distance > 0, differOnlyInDigits(lowered, other) { continue }
        if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
}

/// True when `a` and `b` have the same length and every position where they differ holds a
/// digit in both.
private func differOnlyInDigits(_ a: String, _ b: String) -> Bool {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    guard a.count == b.count else { return false }
    return zip(a, b).allSatisfy { $0 == $1 || (("0"..."9").contains($0) && ("0"..."9").contains($1)) }
}

/// Edit distance with adjacent transpositions (optimal string alignment) over Unicode
/// scalars: "titel" is one step from "title". Names are short, so the O(n·m) table is fine.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
        }
    }
    return d[a.count][b.count]
}
