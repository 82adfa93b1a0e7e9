import Foundation

/// Parameters: the values a spec leaves open (`"params"`), given from outside each time it is
/// rendered (`--set`, `--params FILE`, a matrix), so that one spec makes the brief of any
/// week or any place.
///
/// ```json
/// "params": {
///   "week":  {"type": "date", "default": "2017-03-06"},
///   "place": {"type": "string", "default": "Raqqa", "description": "the governorate"}
/// }
/// ```
///
/// A value stands in any string of the spec as `{{name}}` (see `Placeholders`).

/// The type of a parameter.
public enum ParamType: String, Sendable, CaseIterable {
    /// A civil day, written `YYYY-MM-DD`; takes `+ 7d`-style arithmetic.
    case date
    case string
    case number
    /// A list of strings or numbers; on the command line, comma-separated.
    case list

    /// What a value of the type looks like, for messages.
    var expected: String {
        switch self {
        case .date: return "a date YYYY-MM-DD"
        case .string: return "a string"
        case .number: return "a number"
        case .list: return "a list (on the command line: comma-separated values)"
        }
    }
}

/// A parameter's value.
public enum ParamValue: Sendable, Hashable {
    case date(CivilDate)
    case string(String)
    /// A number with the literal it was written as (so that `5` stays `5`, not `5.0`).
    case number(Double, literal: String)
    /// Strings and numbers, as spec nodes.
    case list([SpecNode])

    /// The value as text inside a longer string: a date as `2017-03-06`, a list as its items
    /// joined by ", ".
    public var text: String {
        switch self {
        case .date(let d): return d.isoString
        case .string(let s): return s
        case .number(_, let literal): return literal
        case .list(let items): return items.map(Self.itemText).joined(separator: ", ")
        }
    }

    /// The value standing alone for a whole string (`"in": "{{places}}"`): a number stays a
    /// number and a list becomes an array, so typed keys take them as written.
    func node(at position: SourcePosition) -> SpecNode {
        switch self {
        case .number(let n, let literal): return SpecNode(.number(n, literal: literal), at: position)
        case .list(let items): return SpecNode(.array(items.map { SpecNode($0.value, at: position) }), at: position)
        default: return SpecNode(.string(text), at: position)
        }
    }

    private static func itemText(_ node: SpecNode) -> String {
        if case .number(_, let literal) = node.value { return literal }
        return node.stringValue ?? ""
    }
}

/// One declared parameter.
public struct ParamDeclaration: Sendable {
    public var name: String
    public var type: ParamType
    public var defaultValue: ParamValue?
    /// What it is for, shown by `report schema`-aware editors and in messages.
    public var description: String?
    /// Where the declaration is written.
    public var position: SourcePosition
    /// True when a `default` is written, even one that was refused (reported there, not
    /// again as a missing value).
    var hasDefault = false
}

/// A value given for a parameter from outside the spec.
public struct ParamSetting: Sendable {
    /// The parameter's name.
    public var name: String
    /// The value: a string node for `--set` (read by the declared type, so `--set top=5` is
    /// a number), any node from a params file or a matrix.
    public var value: SpecNode
    /// True when `value` is command-line text, to be read by the declared type.
    public var isText: Bool
    /// Where it was given, for messages: `--set week=2017-03-06`, or nil when `value`'s
    /// position names its file.
    public var origin: String?
    /// The file that gave it (a params file), when there is one.
    public var file: String?

    /// A `--set name=value` or `--matrix` value, given as text.
    public init(name: String, text: String, origin: String) {
        self.name = name
        self.value = SpecNode(.string(text), at: SourcePosition(line: 0, column: 0))
        self.isText = true
        self.origin = origin
    }

    /// A value written in a file (a params file, or a spec's matrix).
    public init(name: String, value: SpecNode, file: String?) {
        self.name = name; self.value = value; self.isText = false; self.file = file
    }
}

/// The declarations of a spec and the values they take.
public struct Params: Sendable {
    /// In the order written.
    public var declarations: [ParamDeclaration]

    /// No parameters.
    public static let none = Params(declarations: [])

    /// The declaration of `name`.
    public func declaration(_ name: String) -> ParamDeclaration? { declarations.first { $0.name == name } }

    /// Reads `params` from the composed spec; problems are reported in the spec.
    static func read(_ top: SpecNode, file: String) -> (Params, [Diagnostic]) {
        guard let node = top["params"] else { return (.none, []) }
        var out: [Diagnostic] = []
        guard let members = node.members else {
            return (.none, [.error("\"params\" must be an object of parameters, such as {\"week\": {\"type\": \"date\", \"default\": \"2017-03-06\"}}, found \(node.kindDescription)",
                                   file: file, at: node.position, path: "params")])
        }
        var declarations: [ParamDeclaration] = []
        for member in members {
            let path = "params.\(member.key)"
            guard Self.isName(member.key) else {
                out.append(.error("parameter name \"\(member.key)\" must be letters, digits and _ starting with a letter (it is written {{\(member.key)}})",
                                  file: file, at: member.keyPosition, path: path))
                continue
            }
            if member.key == "as_of" {
                out.append(.error("\"as_of\" cannot be declared as a parameter: it is the spec's own key, and {{as_of}} already stands for its value",
                                  file: file, at: member.keyPosition, path: path, suggestion: "write \"as_of\": \"{{week}}\" with a parameter of another name"))
                continue
            }
            guard let fields = member.value.members else {
                out.append(.error("parameter \"\(member.key)\" must be an object such as {\"type\": \"string\", \"default\": \"Raqqa\"}, found \(member.value.kindDescription)",
                                  file: file, at: member.value.position, path: path))
                continue
            }
            for field in fields where !SpecKeys.param.contains(field.key) {
                out.append(.error("unknown key \"\(field.key)\" in parameter \"\(member.key)\"", file: file, at: field.keyPosition,
                                  path: "\(path).\(field.key)",
                                  suggestion: closestMatch(to: field.key, in: SpecKeys.param).map { "did you mean \"\($0)\"?" } ?? "expected one of: \(SpecKeys.param.joined(separator: ", "))"))
            }
            guard let typeNode = member.value["type"] else {
                out.append(.error("parameter \"\(member.key)\" needs a \"type\": one of \(ParamType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))",
                                  file: file, at: member.value.position, path: path))
                continue
            }
            guard let typeName = typeNode.stringValue, let type = ParamType(rawValue: typeName) else {
                let found = typeNode.stringValue.map { "\"\($0)\"" } ?? typeNode.kindDescription
                out.append(.error("\"type\" must be one of \(ParamType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \(found)",
                                  file: file, at: typeNode.position, path: "\(path).type",
                                  suggestion: typeNode.stringValue.flatMap { closestMatch(to: $0, in: ParamType.allCases.map(\.rawValue)) }.map { "did you mean \"\($0)\"?" }))
                continue
            }
            var declaration = ParamDeclaration(name: member.key, type: type, position: member.keyPosition)
            declaration.hasDefault = member.value["default"] != nil
            if let description = member.value["description"] {
                if let text = description.stringValue { declaration.description = text } else {
                    out.append(.error("\"description\" must be a string, found \(description.kindDescription)", file: file, at: description.position, path: "\(path).description"))
                }
            }
            if let value = member.value["default"] {
                switch Self.value(value, isText: false, as: type) {
                case .success(let v): declaration.defaultValue = v
                case .failure(let problem):
                    out.append(.error("the default of parameter \"\(member.key)\" \(problem.message)", file: file, at: value.position, path: "\(path).default"))
                }
            }
            declarations.append(declaration)
        }
        return (Params(declarations: declarations), out)
    }

    /// The value of every parameter: its default, then each setting in order (a later one
    /// wins). An unknown name, a value of the wrong type and a parameter left without a
    /// value are errors.
    func values(_ settings: [ParamSetting], specFile: String) -> ([String: ParamValue], [Diagnostic]) {
        var values: [String: ParamValue] = [:]
        var out: [Diagnostic] = []
        for d in declarations { values[d.name] = d.defaultValue }
        for setting in settings {
            switch read(setting, specFile: specFile) {
            case .success(let value): values[setting.name] = value
            case .failure(let problem): out.append(problem)
            }
        }
        for d in declarations where values[d.name] == nil && !d.hasDefault {
            out.append(.error("parameter \"\(d.name)\" has no value: give it a \"default\", or pass --set \(d.name)=\(Self.example(d.type))",
                              file: specFile, at: d.position, path: "params.\(d.name)"))
        }
        return (values, out)
    }

    /// Problems with settings every variant is given alike (a matrix's values): an unknown
    /// name or a value of the wrong type, each said once, before any variant is loaded.
    func check(_ settings: [ParamSetting], specFile: String) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return settings.compactMap { setting in
            if case .failure(let problem) = read(setting, specFile: specFile) { return problem }
            return nil
        }.filter { seen.insert($0).inserted }
    }

    /// One setting read by its parameter's type, or why it cannot be.
    private func read(_ setting: ParamSetting, specFile: String) -> Result<ParamValue, Diagnostic> {
        let at = setting.isText ? nil : setting.value.position
        let file = setting.file ?? (at == nil ? nil : specFile)
        let prefix = setting.origin.map { "\($0): " } ?? ""
        guard let declaration = declaration(setting.name) else {
            let names = declarations.map(\.name)
            let declared = names.isEmpty ? "the spec declares no parameters (add them under \"params\")" : "the spec declares \(names.joined(separator: ", "))"
            return .failure(.error("\(prefix)unknown parameter \"\(setting.name)\"; \(declared)", file: file, at: at,
                                   suggestion: closestMatch(to: setting.name, in: names).map { "did you mean \"\($0)\"?" }))
        }
        return Self.value(setting.value, isText: setting.isText, as: declaration.type).mapError { problem in
            .error("\(prefix)parameter \"\(setting.name)\" \(problem.message) (declared at \(specFile):\(declaration.position))", file: file, at: at)
        }
    }

    /// `2017-03-06`, `Raqqa`, … : what `--set` takes for a type.
    static func example(_ type: ParamType) -> String {
        switch type {
        case .date: return "YYYY-MM-DD"
        case .string: return "TEXT"
        case .number: return "NUMBER"
        case .list: return "A,B,C"
        }
    }

    /// Letters, digits and `_`, starting with a letter: what a placeholder can name.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// Why a value does not fit its type.
    struct Mismatch: Error { var message: String }

    /// `node` read as a value of `type`; command-line text (`isText`) is read by the type
    /// (`5` a number, `a,b` a list).
    static func value(_ node: SpecNode, isText: Bool, as type: ParamType) -> Result<ParamValue, Mismatch> {
        let found = isText ? "\"\(node.stringValue ?? "")\"" : describe(node)
        let wrong = Mismatch(message: "must be \(type.expected), found \(found)")
        switch type {
        case .string:
            guard let s = node.stringValue else { return .failure(wrong) }
            return .success(.string(s))
        case .number:
            if case .number(let n, let literal) = node.value { return .success(.number(n, literal: literal)) }
            guard isText, let text = node.stringValue, let n = Double(text), n.isFinite else { return .failure(wrong) }
            return .success(.number(n, literal: text))
        case .date:
            guard let text = node.stringValue else { return .failure(wrong) }
            switch EventDate.parse(text) {
            case .success(let date) where date.precision == .day && !date.approximate:
                return .success(.date(date.startDay))
            case .success:
                return .failure(Mismatch(message: "must be a whole day YYYY-MM-DD, found \"\(text)\""))
            case .failure(let error):
                return .failure(Mismatch(message: "must be a date YYYY-MM-DD, found \"\(text)\": \(error.message)"))
            }
        case .list:
            if isText, let text = node.stringValue {
                let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
                return .success(.list(items.map { SpecNode(.string($0), at: node.position) }))
            }
            guard let items = node.elements else { return .failure(wrong) }
            for item in items {
                switch item.value {
                case .string, .number: continue
                default: return .failure(Mismatch(message: "must be a list of strings and numbers, found \(item.kindDescription) in it"))
                }
            }
            return .success(.list(items))
        }
    }

    private static func describe(_ node: SpecNode) -> String {
        switch node.value {
        case .string(let s): return "\"\(s)\""
        case .number(_, let literal): return literal
        default: return node.kindDescription
        }
    }
}
