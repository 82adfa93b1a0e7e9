import Foundation

/// `{{name}}` in any string of a spec: titles, text, filter values, ranges, `as_of`, output
/// paths. Each stands for a parameter's value (`Params`), or for the spec's `as_of`.
///
/// - `{{week}}`: the value; a date as `2017-03-06`, a list as `a, b, c`.
/// - `{{week - 7d}}`, `{{week + 6d}}`, `{{as_of - 1m}}`: a date moved by days (`d`), weeks
///   (`w`), months (`m`, the day kept or clamped to the month's last) or years (`y`).
/// - `{{week + 6d | %-d %B %Y}}`: a date written another way (`%Y %m %d %-d %-m %B %b %A %a
///   %V %G %%`); without one, ISO `YYYY-MM-DD`.
/// - A string that is one placeholder and nothing else takes the value's own type:
///   `"limit": "{{top}}"` is a number, `"in": "{{places}}"` an array.
/// - `{{{{` writes a literal `{{`.
///
/// Written by hand: the language is these few forms, and an error must point at the
/// placeholder and name what was expected, which a template engine's messages do not.
struct Placeholders {
    /// Every value, by name (`as_of` included when the spec has one).
    var values: [String: ParamValue]
    /// The spec file, for messages.
    var file: String
    /// Names whose own value failed (an `as_of` with a bad placeholder): a use of one fails
    /// quietly, the problem having been reported where it is.
    var failedNames: Set<String> = []

    /// Top-level keys whose strings are not the report's content: they say how the spec is
    /// put together, and are read before any value is known.
    static let unsubstituted: Set<String> = ["params", "matrix", "extends", SpecKeys.schemaReference]

    /// What `apply` made: the tree, the problems, and the paths of the values left as
    /// written because a placeholder in them failed (the decoder's complaints about those
    /// would repeat the problem).
    struct Applied {
        var tree: SpecNode
        var diagnostics: [Diagnostic]
        var failedPaths: Set<String>
    }

    /// `tree` with every placeholder replaced, and the problems found. `as_of` is replaced
    /// first, so that other strings can use `{{as_of}}`.
    ///
    /// - Parameter unvalued: declared parameters left without a value (reported at their
    ///   declaration, so a use of one fails quietly).
    static func apply(_ tree: SpecNode, values: [String: ParamValue], unvalued: Set<String> = [], file: String) -> Applied {
        var placeholders = Placeholders(values: values, file: file)
        placeholders.failedNames = unvalued
        var out: [Diagnostic] = []
        guard var members = tree.members else { return Applied(tree: tree, diagnostics: [], failedPaths: []) }
        if let i = members.firstIndex(where: { $0.key == "as_of" }), let text = members[i].value.stringValue {
            let node = placeholders.substitute(members[i].value, path: "as_of", &out)
            members[i].value = node
            if !out.isEmpty { placeholders.failedNames.insert("as_of") } else if placeholders.values["as_of"] == nil {
                let resolved = node.stringValue ?? text
                if case .success(let date) = EventDate.parse(resolved), date.precision == .day {
                    placeholders.values["as_of"] = .date(date.startDay)
                } else {
                    placeholders.values["as_of"] = .string(resolved)
                }
            }
        }
        for i in members.indices where members[i].key != "as_of" && !unsubstituted.contains(members[i].key) {
            members[i].value = placeholders.substitute(members[i].value, path: members[i].key, &out)
        }
        var result = tree
        result.value = .object(members)
        return Applied(tree: result, diagnostics: out.filter { !$0.message.isEmpty }, failedPaths: Set(out.compactMap(\.path)))
    }

    /// The node with placeholders replaced in every string under it.
    func substitute(_ node: SpecNode, path: String, _ out: inout [Diagnostic]) -> SpecNode {
        switch node.value {
        case .string(let text) where text.contains("{{"):
            return expand(text, at: node.position, path: path, &out) ?? node
        case .object(let members):
            var copy = node
            copy.value = .object(members.map { m in
                var m = m
                m.value = substitute(m.value, path: path.isEmpty ? m.key : "\(path).\(m.key)", &out)
                return m
            })
            return copy
        case .array(let items):
            var copy = node
            copy.value = .array(items.enumerated().map { substitute($0.element, path: "\(path)[\($0.offset)]", &out) })
            return copy
        default:
            return node
        }
    }

    /// The string with its placeholders replaced, as a node (typed when the string is one
    /// placeholder alone); nil after an error.
    private func expand(_ text: String, at position: SourcePosition, path: String, _ out: inout [Diagnostic]) -> SpecNode? {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        var failed = false
        while i < scalars.count {
            guard scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" else {
                result.append(scalars[i]); i += 1; continue
            }
            if i + 3 < scalars.count, scalars[i + 2] == "{", scalars[i + 3] == "{" {
                result.append("{"); result.append("{"); i += 4; continue
            }
            let start = i
            var end = i + 2
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            let at = Self.position(of: start, in: scalars, from: position)
            guard end + 1 < scalars.count else {
                out.append(.error("\"{{\" is not closed by \"}}\" in \"\(Self.excerpt(scalars, from: start))\"", file: file, at: at, path: path,
                                  suggestion: "write {{{{ for a literal {{"))
                return nil
            }
            let written = String(String.UnicodeScalarView(scalars[start..<(end + 2)]))
            let inner = String(String.UnicodeScalarView(scalars[(start + 2)..<end]))
            switch evaluate(inner) {
            case .success(let value):
                // One placeholder alone keeps its value's type.
                if start == 0, end + 2 == scalars.count, case .plain(let v) = value { return v.node(at: position) }
                result.append(contentsOf: value.text.unicodeScalars)
            case .failure(let problem):
                // A quiet failure (an empty message) still marks the path as failed.
                out.append(.error(problem.message.isEmpty ? "" : "\(written): \(problem.message)", file: file, at: at, path: path, suggestion: problem.suggestion))
                failed = true
            }
            i = end + 2
        }
        return failed ? nil : SpecNode(.string(String(result)), at: position)
    }

    /// A placeholder's value: a parameter's value as it is, or text made from it.
    enum Evaluated {
        case plain(ParamValue)
        case text(String)

        var text: String {
            switch self {
            case .plain(let v): return v.text
            case .text(let s): return s
            }
        }
    }

    /// Why a placeholder cannot be read.
    struct Problem: Error {
        var message: String
        var suggestion: String?
    }

    /// `name`, `name ± N unit …`, optionally `| format`.
    func evaluate(_ inner: String) -> Result<Evaluated, Problem> {
        var expression = Substring(inner)
        var format: Substring?
        if let bar = inner.firstIndex(of: "|") {
            expression = inner[..<bar]
            format = inner[inner.index(after: bar)...].drop { $0 == " " }
        }
        var scanner = Scanner(expression)
        scanner.skipSpaces()
        let name = scanner.name()
        guard !name.isEmpty else {
            return .failure(Problem(message: "expected a parameter name, such as {{week}}", suggestion: "write {{{{ for a literal {{"))
        }
        if failedNames.contains(name) { return .failure(Problem(message: "")) }
        guard let value = values[name] else {
            let known = Set(values.keys).union(failedNames).sorted()
            return .failure(Problem(message: "unknown parameter \"\(name)\"; \(known.isEmpty ? "the spec declares no parameters (add them under \"params\")" : "known: \(known.joined(separator: ", "))")",
                                    suggestion: closestMatch(to: name, in: known).map { "did you mean \"\($0)\"?" }))
        }
        var moved = value
        var changed = false
        while true {
            scanner.skipSpaces()
            guard let sign = scanner.sign() else { break }
            scanner.skipSpaces()
            guard let amount = scanner.integer(), let unit = scanner.unit() else {
                return .failure(Problem(message: "expected an amount and a unit after \"\(sign > 0 ? "+" : "-")\", such as 7d (days), 2w (weeks), 1m (months) or 1y (years)"))
            }
            guard case .date(let day) = moved else {
                return .failure(Problem(message: "only a date takes + and -; \"\(name)\" is \(Self.kind(value))"))
            }
            guard let result = Self.move(day, by: sign * amount, unit) else {
                return .failure(Problem(message: "the date moves outside the years 0001-9999"))
            }
            moved = .date(result)
            changed = true
        }
        scanner.skipSpaces()
        guard scanner.atEnd else {
            return .failure(Problem(message: "unexpected \"\(scanner.rest)\"; expected + or - and an amount such as 7d, or | and a date format"))
        }
        guard let format else { return .success(changed ? .text(moved.text) : .plain(moved)) }
        guard case .date(let day) = moved else {
            return .failure(Problem(message: "only a date takes a format after |; \"\(name)\" is \(Self.kind(value))"))
        }
        switch Self.format(day, String(format).trimmingCharacters(in: .whitespaces)) {
        case .success(let text): return .success(.text(text))
        case .failure(let problem): return .failure(problem)
        }
    }

    private static func kind(_ value: ParamValue) -> String {
        switch value {
        case .date: return "a date"
        case .string: return "a string"
        case .number: return "a number"
        case .list: return "a list"
        }
    }

    /// `day` moved by `amount` days, weeks, months or years; a month or year move keeps the
    /// day of the month, or the month's last day when it has fewer (31 March - 1m is 28 or
    /// 29 February). Nil outside the years 0001-9999.
    static func move(_ day: CivilDate, by amount: Int, _ unit: Character) -> CivilDate? {
        switch unit {
        case "d", "w":
            let moved = CivilDate(dayNumber: day.dayNumber + (unit == "w" ? 7 : 1) * amount)
            return (1...9999).contains(moved.year) ? moved : nil
        default:
            let months = unit == "y" ? 12 * amount : amount
            let index = day.year * 12 + (day.month - 1) + months
            let year = index / 12, month = index % 12 + 1
            let clamped = min(day.day, CivilDate.daysIn(month: month, year: year))
            guard (1...9999).contains(year) else { return nil }
            return CivilDate(year: year, month: month, day: clamped)
        }
    }

    /// `day` written by a strftime-style format.
    static func format(_ day: CivilDate, _ format: String) -> Result<String, Problem> {
        var out = ""
        var chars = format.makeIterator()
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            var directive = chars.next()
            var unpadded = false
            if directive == "-" { unpadded = true; directive = chars.next() }
            func number(_ n: Int, _ width: Int) -> String { unpadded ? String(n) : zeroPadded(n, width) }
            switch directive {
            case "Y": out += zeroPadded(day.year, 4)
            case "m": out += number(day.month, 2)
            case "d": out += number(day.day, 2)
            case "B": out += EventDate.monthNames[day.month - 1]
            case "b": out += String(EventDate.monthNames[day.month - 1].prefix(3))
            case "A": out += weekdays[day.weekday - 1]
            case "a": out += String(weekdays[day.weekday - 1].prefix(3))
            case "V": out += number(isoWeek(day).week, 2)
            case "G": out += zeroPadded(isoWeek(day).year, 4)
            case "%": out += "%"
            default:
                return .failure(Problem(message: "unknown date format directive \"%\(unpadded ? "-" : "")\(directive.map(String.init) ?? "")\"; expected one of %Y %m %d %-d %-m %B %b %A %a %V %G %%"))
            }
        }
        return .success(out)
    }

    /// The ISO 8601 week and its year (the year of the week's Thursday).
    static func isoWeek(_ day: CivilDate) -> (year: Int, week: Int) {
        let thursday = CivilDate(dayNumber: day.dayNumber - (day.weekday - 1) + 3)
        let first = CivilDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, (thursday.dayNumber - first.dayNumber) / 7 + 1)
    }

    /// Where the scalar at `offset` of a string is, when that can be known: in text
    /// included from a file, which is the file verbatim; elsewhere (escapes and quoting
    /// change the columns) the string's own position.
    static func position(of offset: Int, in scalars: [Unicode.Scalar], from start: SourcePosition) -> SourcePosition {
        guard start.file?.isVerbatimText == true else { return start }
        var line = start.line, column = start.column
        for s in scalars[..<offset] {
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourcePosition(line: line, column: column, file: start.file)
    }

    /// Up to 40 scalars from `start`, for messages.
    private static func excerpt(_ scalars: [Unicode.Scalar], from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + 40)]))
    }

    /// Reads a placeholder's expression.
    private struct Scanner {
        var text: Substring
        init(_ text: Substring) { self.text = text }

        var atEnd: Bool { text.isEmpty }
        var rest: String { String(text) }

        mutating func skipSpaces() { text = text.drop { $0 == " " } }

        mutating func name() -> String {
            let name = text.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            text = text.dropFirst(name.count)
            return String(name)
        }

        mutating func sign() -> Int? {
            switch text.first {
            case "+": text = text.dropFirst(); return 1
            case "-", "\u{2212}": text = text.dropFirst(); return -1
            default: return nil
            }
        }

        mutating func integer() -> Int? {
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let n = Int(digits) else { return nil }
            text = text.dropFirst(digits.count)
            return n
        }

        mutating func unit() -> Character? {
            guard let c = text.first, "dwmy".contains(c) else { return nil }
            text = text.dropFirst()
            return c
        }
    }
}
