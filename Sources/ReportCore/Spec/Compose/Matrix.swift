/// `"matrix"`: one spec rendered once per value of some parameters, in one process.
///
/// ```json
/// "matrix": {"place": ["Raqqa", "Tabqa", "Deir ez-Zor"]}
/// "matrix": [{"place": "Raqqa", "week": "2017-03-06"}, {"place": "Tabqa", "week": "2017-03-13"}]
/// ```
///
/// An object of lists renders every combination, the first key outermost; a list of objects
/// renders exactly those. `--matrix place=a,b` replaces (or adds) one list from the command
/// line; `--set place=a` fixes a parameter, taking it out of the matrix.
public enum Matrix {
    /// The most variants one spec may make: a typo in a list of lists must not start a
    /// million renders.
    public static let maxVariants = 10_000

    /// One rendering of a spec: the matrix's values for it (none for a spec without a matrix).
    public struct Variant: Sendable {
        /// The values, in the matrix's order of keys.
        public var settings: [ParamSetting]

        /// `place=Raqqa, week=2017-03-06`: how messages and summaries name the variant.
        public var label: String {
            settings.map { "\($0.name)=\(Self.text($0.value))" }.joined(separator: ", ")
        }

        /// `Raqqa-2017-03-06`: the values, for a default output's file name.
        public var slug: String {
            settings.map { Self.text($0.value) }.joined(separator: "-").unicodeScalars.map { s -> String in
                s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? String(s) : "-"
            }.joined()
        }

        private static func text(_ node: SpecNode) -> String {
            switch node.value {
            case .string(let s): return s
            case .number(_, let literal): return literal
            case .array(let items): return items.map(text).joined(separator: ",")
            default: return node.kindDescription
            }
        }

        /// The variant of a spec without a matrix.
        public static let single = Variant(settings: [])
    }

    /// The variants the spec's `matrix` (with the command line's `--matrix` lists, and without
    /// the parameters `--set` fixes) makes, in order; one empty variant without a matrix.
    static func variants(_ top: SpecNode, file: String, commandLine: [(name: String, values: [String])],
                         fixed: Set<String>) -> ([Variant], [Diagnostic]) {
        var out: [Diagnostic] = []
        var rows: [[ParamSetting]]
        let node = top["matrix"]
        if let list = node?.elements {
            rows = []
            if list.isEmpty {
                out.append(.error("\"matrix\" is an empty list; expected objects of parameter values, such as [{\"place\": \"Raqqa\"}]", file: file, at: node!.position, path: "matrix"))
            }
            for (i, item) in list.enumerated() {
                guard let members = item.members else {
                    out.append(.error("each entry of \"matrix\" must be an object of parameter values, such as {\"place\": \"Raqqa\"}, found \(item.kindDescription)",
                                      file: file, at: item.position, path: "matrix[\(i)]"))
                    continue
                }
                rows.append(members.map { ParamSetting(name: $0.key, value: $0.value, file: nil) })
            }
        } else if let members = node?.members {
            var dimensions: [(name: String, values: [ParamSetting])] = []
            for member in members {
                guard let values = member.value.elements, !values.isEmpty else {
                    out.append(.error("\"matrix.\(member.key)\" must be a non-empty list of values, such as [\"Raqqa\", \"Tabqa\"], found \(member.value.elements == nil ? member.value.kindDescription : "an empty list")",
                                      file: file, at: member.value.position, path: "matrix.\(member.key)"))
                    continue
                }
                dimensions.append((member.key, values.map { ParamSetting(name: member.key, value: $0, file: nil) }))
            }
            rows = product(dimensions, commandLine: commandLine)
        } else if let node {
            out.append(.error("\"matrix\" must be an object of lists ({\"place\": [\"Raqqa\", \"Tabqa\"]}) or a list of objects, found \(node.kindDescription)",
                              file: file, at: node.position, path: "matrix"))
            rows = product([], commandLine: commandLine)
        } else {
            rows = product([], commandLine: commandLine)
        }
        // `--set` fixes a value for every variant: the matrix no longer varies it.
        var seen = Set<String>()
        var variants: [Variant] = []
        for row in rows {
            let variant = Variant(settings: row.filter { !fixed.contains($0.name) })
            if seen.insert(variant.label).inserted { variants.append(variant) }
        }
        if variants.count > maxVariants {
            out.append(.error("the matrix makes \(variants.count) variants, more than \(maxVariants); render it in parts with --matrix or --shard",
                              file: file, at: node?.position, path: "matrix"))
            variants = Array(variants.prefix(maxVariants))
        }
        return (variants.isEmpty ? [.single] : variants, out)
    }

    /// Every combination, the first dimension outermost; a `--matrix` list replaces the
    /// spec's list of that name, or adds a dimension after them.
    private static func product(_ dimensions: [(name: String, values: [ParamSetting])],
                                commandLine: [(name: String, values: [String])]) -> [[ParamSetting]] {
        var all = dimensions
        for (name, values) in commandLine {
            let settings = values.map { ParamSetting(name: name, text: $0, origin: "--matrix \(name)=\(values.joined(separator: ","))") }
            if let i = all.firstIndex(where: { $0.name == name }) { all[i].values = settings } else { all.append((name, settings)) }
        }
        var rows: [[ParamSetting]] = [[]]
        for dimension in all {
            rows = rows.flatMap { row in dimension.values.map { row + [$0] } }
            if rows.count > maxVariants + 1 { break }
        }
        return rows
    }
}
