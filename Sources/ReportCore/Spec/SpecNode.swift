/// A parsed spec document that remembers where every value came from.
///
/// JSON and YAML specs both parse into this tree; the decoder (`SpecDecoder`) then turns it
/// into typed, validated structs and can point any problem at `file:line:column`.
public struct SpecNode: Sendable, Hashable {
    /// The value kinds of JSON (YAML specs use the same model).
    public enum Value: Sendable, Hashable {
        case object([SpecMember])
        case array([SpecNode])
        case string(String)
        /// A number with the literal text it was written as (for messages and integer checks).
        case number(Double, literal: String)
        case bool(Bool)
        case null
    }

    /// The value.
    public var value: Value
    /// Where the value starts (its first character).
    public var position: SourcePosition

    /// Creates a node.
    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }

    /// Members in source order when this is an object.
    public var members: [SpecMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// Elements when this is an array.
    public var elements: [SpecNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The string when this is a string.
    public var stringValue: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    /// The number when this is a number.
    public var numberValue: Double? {
        if case .number(let n, _) = value { return n }
        return nil
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> SpecNode? {
        members?.first { $0.key == key }?.value
    }

    /// A word for the kind of value, for messages: "a string", "an object", ...
    public var kindDescription: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// One `key: value` pair of an object, with the key's own position.
public struct SpecMember: Sendable, Hashable {
    /// The key as written.
    public var key: String
    /// Where the key starts (for "unknown key" messages).
    public var keyPosition: SourcePosition
    /// The value.
    public var value: SpecNode

    /// Creates a member.
    public init(key: String, keyPosition: SourcePosition, value: SpecNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

extension SpecNode {
    /// Where the spec writes `text`: the first string value equal to it, else the first with
    /// a line equal to it (a paragraph of a longer text), with its JSON path; nil when the
    /// text is not in the spec as a whole (it came from data, or is only part of a line: a
    /// guess could point at the wrong place). Lets layout point at the spec for text it
    /// cannot draw.
    public func locate(_ text: String) -> (position: SourcePosition, path: String)? {
        var containing: (SourcePosition, String)?
        func trimmed(_ line: Substring) -> Substring {
            var t = line
            while t.first?.isWhitespace == true { t.removeFirst() }
            while t.last?.isWhitespace == true { t.removeLast() }
            return t
        }
        func walk(_ node: SpecNode, _ path: String) -> (SourcePosition, String)? {
            switch node.value {
            case .string(let s):
                if s == text { return (node.position, path) }
                if containing == nil, s.contains(text),
                   s.split(separator: "\n").contains(where: { trimmed($0) == text }) {
                    containing = (node.position, path)
                }
            case .object(let members):
                for m in members {
                    if let found = walk(m.value, path.isEmpty ? m.key : "\(path).\(m.key)") { return found }
                }
            case .array(let items):
                for (i, item) in items.enumerated() {
                    if let found = walk(item, "\(path)[\(i)]") { return found }
                }
            default: break
            }
            return nil
        }
        return (walk(self, "") ?? containing).map { (position: $0.0, path: $0.1) }
    }
}
