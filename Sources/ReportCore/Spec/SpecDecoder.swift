import ReportScene

/// Spec stage: positioned tree → `ReportSpec`, with defaults applied and every problem
/// reported at its `file:line:column`.
///
/// Checks here need only the spec itself (types, ranges, known keys, references between
/// blocks and outputs). Checks against the data's columns happen in `DataCatalog`.
public struct SpecDecoder {
    private let file: String
    private let specName: String
    private let out = DiagnosticCollector()

    /// `file` names the spec in messages; `specName` is its base name without extension
    /// (the default PDF is called after it).
    public init(file: String, specName: String) {
        self.file = file
        self.specName = specName
    }

    /// Decodes the tree; returns nil spec when there were errors (all of them in the list).
    public func decode(_ root: SpecNode) -> (spec: ReportSpec?, diagnostics: [Diagnostic]) {
        let (spec, diagnostics) = decodeAll(root)
        return (diagnostics.contains { $0.severity == .error } ? nil : spec, diagnostics)
    }

    /// Decodes as much of the tree as is well formed, even when there are errors, so that the
    /// data and blocks of a spec with a typo can still be checked in the same run. Parts that
    /// could not be decoded are left out (a block of unknown type), and data sources whose own
    /// keys are wrong are marked not `loadable`.
    public func decodeAll(_ root: SpecNode) -> (spec: ReportSpec, diagnostics: [Diagnostic]) {
        guard let top = ObjectReader(root, path: "", file: file, sink: out) else {
            return (ReportSpec(page: .default, theme: ThemeSpec(font: "Noto Sans", palette: ThemeSpec.colorBlindSafe, colors: [:]),
                               data: [], sections: [], outputs: []), out.diagnostics)
        }
        // `$schema` is for editors, not a key of the report: a "did you mean" may name it, the
        // list of the report's keys does not.
        top.rejectUnknownKeys(allowed: SpecKeys.topLevel, unlisted: [SpecKeys.schemaReference], context: "the report")
        if let reference = top.node(SpecKeys.schemaReference), reference.stringValue == nil {
            top.error("\"$schema\" must be a string, the address of the spec's JSON Schema (\"\(SpecSchema.id)\"), found \(reference.kindDescription)",
                      at: reference, key: SpecKeys.schemaReference)
        }
        if let versionNode = top.node("report") {
            if versionNode.numberValue != 1 {
                top.error("\"report\" must be 1 (the only spec format version), found \(describe(versionNode))",
                          at: versionNode, key: "report")
            }
        } else {
            top.error("missing required key \"report\" (write \"report\": 1 at the top of the spec)")
        }
        let asOf = top.node("as_of").flatMap { date($0, path: "as_of") }
        let page = decodePage(top)
        let theme = decodeTheme(top)
        let data = decodeData(top)
        let sections = decodeSections(top, sourceNames: data.map(\.name))
        let outputs = decodeOutputs(top, blocks: sections, page: page)
        var spec = ReportSpec(title: top.string("title"), subtitle: top.string("subtitle"), author: top.string("author"),
                              marking: top.string("marking"), asOf: asOf, page: page, theme: theme, data: data,
                              sections: sections, outputs: outputs)
        if let zone = top.string("timezone") {
            if let minutes = Self.fixedOffsetMinutes(zone) {
                spec.timezoneOffsetMinutes = minutes
            } else {
                top.error("\"timezone\" must be \"UTC\" or a fixed offset such as \"+03:00\", found \"\(zone)\" (named zones with daylight saving are not supported: the offset would change with the date)",
                          at: top.node("timezone")!, key: "timezone")
            }
        }
        if let lang = top.string("lang") {
            if let tag = LanguageTag.canonical(lang) {
                spec.language = tag
            } else {
                let hyphenated = LanguageTag.canonical(lang.replacingOccurrences(of: "_", with: "-"))
                top.error("\"lang\" must be a BCP 47 language tag such as \"en\", \"ar\" or \"fr-CA\" (a 2- or 3-letter language code, then optionally a script, a region and variants, joined by hyphens), found \"\(lang)\"",
                          at: top.node("lang")!, key: "lang",
                          suggestion: hyphenated.map { "write \"\($0)\": subtags are joined by hyphens" })
            }
        }
        return (spec, out.diagnostics)
    }

    /// Minutes east of UTC for "UTC", "Z", "+03:00", "-0430"; nil for anything else.
    static func fixedOffsetMinutes(_ text: String) -> Int? {
        if text == "UTC" || text == "Z" { return 0 }
        let chars = Array(text)
        guard let sign = chars.first, sign == "+" || sign == "-" else { return nil }
        let digits = chars.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              chars.count == 5 || (chars.count == 6 && chars[3] == ":"),
              let hours = Int(String(digits.prefix(2))), let minutes = Int(String(digits.suffix(2))),
              hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    private func describe(_ node: SpecNode) -> String {
        switch node.value {
        case .number(_, let literal): return literal
        case .string(let s): return "\"\(s)\""
        default: return node.kindDescription
        }
    }

    private func error(_ message: String, at node: SpecNode, path: String, suggestion: String? = nil) {
        out.report(.error(message, file: file, at: node.position, path: path, suggestion: suggestion))
    }

    /// A date written in the spec, in any form `EventDate.parse` reads (2017-03-10, 2017-03, 2017, ~…, date-times).
    func date(_ node: SpecNode, path: String) -> EventDate? {
        guard let s = node.stringValue else {
            error("expected a date string like \"2017-03-10\", found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        switch EventDate.parse(Substring(s)) {
        case .success(let d): return d
        case .failure(let e):
            error("\"\(s)\" is not a date: \(e.message)", at: node, path: path)
            return nil
        }
    }

    // MARK: Page and theme

    private func decodePage(_ top: ObjectReader) -> PageSpec {
        var page = PageSpec.default
        guard let node = top.node("page"), let reader = ObjectReader(node, path: "page", file: file, sink: out) else { return page }
        reader.rejectUnknownKeys(allowed: SpecKeys.page, context: "page")
        var portrait = Size(PageSpec.default.size.height, PageSpec.default.size.width)
        if let sizeNode = reader.node("size") {
            if let name = sizeNode.stringValue {
                let names = PageSpec.namedSizes.keys.sorted()
                if let size = PageSpec.namedSizes[name] ?? PageSpec.namedSizes.first(where: { $0.key.lowercased() == name.lowercased() })?.value {
                    portrait = size
                } else {
                    reader.error("unknown page size \"\(name)\"; expected one of \(names.joined(separator: ", ")) or [width, height] in points",
                                 at: sizeNode, key: "size", suggestion: closestMatch(to: name, in: names).map { "did you mean \"\($0)\"?" })
                }
            } else if let pair = sizeNode.elements, pair.count == 2, let w = pair[0].numberValue, let h = pair[1].numberValue {
                if w < 72 || h < 72 || w > 14400 || h > 14400 {
                    reader.error("page size must be between 72 and 14400 points (1 to 200 inches) on each side, found \(NumberFormat.spec(w))×\(NumberFormat.spec(h))", at: sizeNode, key: "size")
                } else {
                    portrait = Size(min(w, h), max(w, h))
                    if w > h { portrait = Size(w, h) }
                }
            } else {
                reader.error("\"size\" must be a paper name (\"A4\") or [width, height] in points, found \(sizeNode.elements.map { "an array of \($0.count)" } ?? sizeNode.kindDescription)", at: sizeNode, key: "size")
            }
        }
        let orientation = reader.word("orientation", oneOf: ["landscape", "portrait"])
        let isCustomLandscape = portrait.width > portrait.height
        switch orientation {
        case "portrait": page.size = Size(min(portrait.width, portrait.height), max(portrait.width, portrait.height))
        case "landscape": page.size = Size(max(portrait.width, portrait.height), min(portrait.width, portrait.height))
        default: page.size = reader.node("size") == nil ? PageSpec.default.size
            : (isCustomLandscape || reader.node("size")?.stringValue == nil ? portrait
               : Size(portrait.height, portrait.width))
        }
        if let margin = reader.number("margin", min: 0) {
            if margin * 2 >= min(page.size.width, page.size.height) - 72 {
                let limit = ((min(page.size.width, page.size.height) - 72) / 2 * 100).rounded(.down) / 100
                reader.error("margin \(NumberFormat.spec(margin)) leaves no room on a \(NumberFormat.spec(page.size.width))×\(NumberFormat.spec(page.size.height)) page; it must be below \(NumberFormat.spec(limit)) points",
                             at: reader.node("margin")!, key: "margin")
            } else {
                page.margin = margin
            }
        }
        return page
    }

    private func decodeTheme(_ top: ObjectReader) -> ThemeSpec {
        var theme = ThemeSpec(font: "Noto Sans", palette: ThemeSpec.colorBlindSafe, colors: [:])
        guard let node = top.node("theme"), let reader = ObjectReader(node, path: "theme", file: file, sink: out) else { return theme }
        reader.rejectUnknownKeys(allowed: SpecKeys.theme, context: "theme")
        if let font = reader.string("font") { theme.font = font; theme.fontPosition = reader.node("font")?.position }
        if let paletteNode = reader.node("palette") {
            if let name = paletteNode.stringValue {
                let names = ThemeSpec.namedPalettes.keys.sorted()
                if let palette = ThemeSpec.namedPalettes[name] {
                    theme.palette = palette
                } else {
                    error("unknown palette \"\(name)\"; expected one of \(names.joined(separator: ", ")) or a list of colours",
                          at: paletteNode, path: "theme.palette", suggestion: closestMatch(to: name, in: names).map { "did you mean \"\($0)\"?" })
                }
            } else if let list = paletteNode.elements, !list.isEmpty {
                theme.palette = list.enumerated().compactMap { color($1, path: "theme.palette[\($0)]") }
            } else {
                error("\"palette\" must be a palette name or a non-empty list of colours, found \(paletteNode.elements == nil ? paletteNode.kindDescription : "an empty list")", at: paletteNode, path: "theme.palette")
            }
        }
        if let colorsNode = reader.node("colors"), let colors = ObjectReader(colorsNode, path: "theme.colors", file: file, sink: out) {
            for member in colorsNode.members ?? [] {
                if let c = color(member.value, path: colors.childPath(member.key)) { theme.colors[member.key] = c }
            }
        }
        return theme
    }

    /// A colour: `#rgb`, `#rrggbb`, `#rrggbbaa` or a CSS colour name.
    func color(_ node: SpecNode, path: String) -> Color? {
        guard let s = node.stringValue else {
            error("expected a colour such as \"#d4a017\", found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        // Only ASCII hex digits: Character.isHexDigit also takes fullwidth ones, which
        // Color(hex:) would then fail to convert.
        if s.allSatisfy(\.isASCII), let c = Color(hex: s) ?? namedColors[s.lowercased()] { return c }
        error("\"\(s)\" is not a colour; expected #rgb, #rrggbb, #rrggbbaa or a CSS colour name", at: node, path: path,
              suggestion: closestMatch(to: s, in: namedColors.keys.sorted()).map { "did you mean \"\($0)\"?" })
        return nil
    }

    // MARK: Data sources

    private func decodeData(_ top: ObjectReader) -> [DataSourceSpec] {
        guard let node = top.node("data") else { return [] }
        guard let members = node.members else {
            error("\"data\" must be an object of named sources, found \(node.kindDescription)", at: node, path: "data")
            return []
        }
        var sources: [DataSourceSpec] = []
        var formats: [String: (format: SourceFormat, valid: Bool)] = [:]
        for member in members {
            let path = "data.\(member.key)"
            guard let reader = ObjectReader(member.value, path: path, file: file, sink: out) else {
                // Still a known name, so blocks that read it are not told it does not exist.
                sources.append(DataSourceSpec(name: member.key, file: nil, values: nil, types: [:], filter: nil,
                                              position: member.keyPosition, path: path, loadable: false))
                continue
            }
            reader.rejectUnknownKeys(allowed: SpecKeys.dataSource, context: "a data source")
            var loadable = true
            formats[member.key] = decodeFileFormat(reader)
            let file = reader.string("file")
            let values = reader.node("values")
            if reader.has("file"), file == nil { loadable = false }
            if file == nil, values == nil, !reader.has("file") {
                reader.error("a data source needs \"file\" (a \(SourceFormat.extensionList) path) or \"values\" (an array of row objects)")
                loadable = false
            }
            if file != nil, values != nil {
                reader.error("a data source takes \"file\" or \"values\", not both")
                loadable = false
            }
            if let values, values.elements == nil {
                reader.error("\"values\" must be an array of row objects, found \(values.kindDescription)", at: values, key: "values")
                loadable = false
            }
            // The same words and place as the loader's (`InlineRows`), so the two are said once.
            for (i, row) in (values?.elements ?? []).enumerated() where row.members == nil {
                error("each row must be an object, found \(row.kindDescription)", at: row, path: "\(path).values[\(i)]")
            }
            if let file {
                let ext = SourceFormat.fileKind(file).ext  // `.csv.gz` is a compressed .csv
                if !SourceFormat.extensions.contains(ext) {
                    reader.error("data file \"\(file)\" must end in \(SourceFormat.extensionList)", at: reader.node("file")!, key: "file",
                                 suggestion: ext == "gz" ? "a compressed file is named for what it holds, such as events.csv.gz" : nil)
                    loadable = false
                }
            }
            var types: [String: ColumnType] = [:]
            var typeRefs: [String: FieldRef] = [:]
            var dateFormats: [String: DateFormat] = [:]
            var datePrecisions: [String: (DatePrecisionColumn, FieldRef)] = [:]
            if let typesNode = reader.node("types"), ObjectReader(typesNode, path: "\(path).types", file: self.file, sink: out) != nil {
                for t in typesNode.members ?? [] {
                    let names = ColumnType.allCases.map(\.rawValue)
                    if let s = t.value.stringValue, let type = ColumnType(rawValue: s) {
                        types[t.key] = type
                        typeRefs[t.key] = FieldRef(t.key, at: t.keyPosition, path: "\(path).types.\(t.key)")
                    } else if t.value.members != nil {
                        // {"type": "date", "format": "%d %B %Y"}
                        let typePath = "\(path).types.\(t.key)"
                        guard let entry = ObjectReader(t.value, path: typePath, file: self.file, sink: out) else { continue }
                        entry.rejectUnknownKeys(allowed: SpecKeys.columnType, context: "a column type")
                        guard let typeNode = entry.node("type") else {
                            entry.error("missing required key \"type\" in a column type (one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")))")
                            continue
                        }
                        guard let s = typeNode.stringValue, let type = ColumnType(rawValue: s) else {
                            error("column type must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")), found \(describe(typeNode))",
                                  at: typeNode, path: "\(typePath).type",
                                  suggestion: typeNode.stringValue.flatMap { closestMatch(to: $0, in: names) }.map { "did you mean \"\($0)\"?" })
                            continue
                        }
                        // `precision` before `format`, so that both are told about at once.
                        if let precision = decodeDatePrecision(entry, type: type) {
                            datePrecisions[t.key] = precision
                        }
                        if let formatNode = entry.node("format") {
                            guard type == .date else {
                                entry.error("\"format\" is for columns of type \"date\", not \"\(type.rawValue)\"", at: formatNode, key: "format")
                                continue
                            }
                            guard let text = entry.string("format") else { continue }
                            do throws(DateParseError) {
                                dateFormats[t.key] = try DateFormat(text)
                            } catch {
                                entry.error("date format \"\(text)\": \(error.message)", at: formatNode, key: "format",
                                            suggestion: "for 10 March 2017 write \"%d %B %Y\"")
                                continue
                            }
                        }
                        types[t.key] = type
                        typeRefs[t.key] = FieldRef(t.key, at: t.keyPosition, path: typePath)
                    } else {
                        error("column type must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")), found \(describe(t.value))",
                              at: t.value, path: "\(path).types.\(t.key)",
                              suggestion: t.value.stringValue.flatMap { closestMatch(to: $0, in: names) }.map { "did you mean \"\($0)\"?" })
                    }
                }
            }
            let filter = reader.node("filter").flatMap { decodeFilter($0, path: "\(path).filter") }
            sources.append(DataSourceSpec(name: member.key, file: file, values: values, types: types, filter: filter,
                                          position: member.keyPosition, path: path, loadable: loadable, typeRefs: typeRefs,
                                          filePosition: reader.node("file")?.position, dateFormats: dateFormats,
                                          datePrecisions: datePrecisions.mapValues { $0.0 }, precisionRefs: datePrecisions.mapValues { $0.1 }))
        }
        for i in sources.indices {
            guard let (format, valid) = formats[sources[i].name] else { continue }
            sources[i].format = format
            if !valid { sources[i].loadable = false }
        }
        return sources
    }

    /// The keys that say how a data file is written: `delimiter`, `decimal` and `thousands`
    /// (CSV), `encoding` (any file) and `rows` (JSON). `valid` is false when one is wrong.
    /// A date column's `precision` (the column that states it) and `precision_codes` (whose
    /// codes it holds: named, or known from the column's name). Whether the column exists is
    /// the loader's check, when the file's columns are known.
    private func decodeDatePrecision(_ entry: ObjectReader, type: ColumnType) -> (DatePrecisionColumn, FieldRef)? {
        let codeNames = DatePrecisionCodes.allCases.map(\.rawValue)
        var codes: DatePrecisionCodes?
        if let node = entry.node("precision_codes") {
            guard entry.has("precision") else {
                entry.error("\"precision_codes\" says which codes the \"precision\" column holds, and there is no \"precision\"",
                            at: node, key: "precision_codes", suggestion: "add \"precision\": the column that holds the codes, such as \"time_precision\"")
                return nil
            }
            guard let word = entry.word("precision_codes", oneOf: codeNames) else { return nil }
            codes = DatePrecisionCodes(rawValue: word)
        }
        guard let node = entry.node("precision") else { return nil }
        guard type == .date else {
            entry.error("\"precision\" is for columns of type \"date\", not \"\(type.rawValue)\"", at: node, key: "precision")
            return nil
        }
        guard let field = entry.field("precision") else { return nil }
        if entry.has("precision_codes"), codes == nil { return nil }
        guard let known = codes ?? DatePrecisionCodes.recognised(fromColumn: field.name) else {
            entry.error("cannot tell whose precision codes column \"\(field.name)\" holds: its name is neither ACLED's \"time_precision\" nor UCDP's \"date_prec\"",
                        at: node, key: "precision",
                        suggestion: closestMatch(to: field.name, in: ["time_precision", "date_prec"]).map { "did you mean \"\($0)\"?" }
                            ?? "add \"precision_codes\": \"acled\" (1 day, 2 week, 3 month) or \"ucdp\" (1 day … 5 more than a month)")
            return nil
        }
        return (DatePrecisionColumn(column: field.name, codes: known), field)
    }

    private func decodeFileFormat(_ reader: ObjectReader) -> (format: SourceFormat, valid: Bool) {
        var format = SourceFormat()
        var valid = true
        let fileName = reader.node("file")?.stringValue
        let ext = fileName.map { SourceFormat.fileKind($0).ext }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\t", with: "\\t") + "\"" }
        func describe(_ node: SpecNode) -> String { node.stringValue.map(quoted) ?? node.kindDescription }
        /// The key's string value when it is written and applies to this source's file.
        func value(_ key: String, appliesTo extensions: [String], what: String) -> (String, SpecNode)? {
            guard let node = reader.node(key) else { return nil }
            if fileName == nil, reader.has("values") {
                reader.error("\"\(key)\" describes a data file (\(what)); this data source has inline \"values\"", at: node, key: key,
                             suggestion: "remove \"\(key)\"")
                valid = false
                return nil
            }
            if let fileName, let ext, !extensions.contains(ext), SourceFormat.extensions.contains(ext) {
                reader.error("\"\(key)\" applies to \(extensions.map { "." + $0 }.joined(separator: " and ")) files (\(what)), not to \"\(fileName)\"", at: node, key: key,
                             suggestion: "remove \"\(key)\"")
                valid = false
                return nil
            }
            guard let s = node.stringValue else {
                reader.error("\"\(key)\" must be a string, found \(node.kindDescription)", at: node, key: key)
                valid = false
                return nil
            }
            return (s, node)
        }
        func choice(_ key: String, _ s: String, _ node: SpecNode, _ choices: [String], aliases: [String: String] = [:]) -> Bool {
            guard !choices.contains(s) else { return true }
            let alias = aliases[s.lowercased()] ?? (choices.contains(s.lowercased()) ? s.lowercased() : nil)
            reader.error("\"\(key)\" must be one of \(choices.map(quoted).joined(separator: ", ")), found \(describe(node))", at: node, key: key,
                         suggestion: (alias ?? closestMatch(to: s, in: choices.filter { $0.count > 1 })).map { "did you mean \(quoted($0))?" })
            valid = false
            return false
        }
        let all = ["csv", "json", "jsonl", "ndjson"]
        if let (s, node) = value("delimiter", appliesTo: ["csv"], what: "the character between fields"),
           choice("delimiter", s, node, SourceFormat.delimiters,
                  aliases: ["comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"]) {
            format.delimiter = s.utf8.first
        }
        if let (s, node) = value("encoding", appliesTo: all, what: "how its text is stored"),
           choice("encoding", s, node, TextEncoding.allCases.map(\.rawValue),
                  aliases: ["utf8": "utf-8", "utf16": "utf-16", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be",
                            "latin1": "windows-1252", "latin-1": "windows-1252", "iso-8859-1": "windows-1252", "cp1252": "windows-1252",
                            "windows1252": "windows-1252", "ansi": "windows-1252"]) {
            format.encoding = TextEncoding(rawValue: s)
        }
        var decimal: Character?, thousands: Character?
        if let (s, node) = value("decimal", appliesTo: ["csv"], what: "the separators in its numbers"),
           choice("decimal", s, node, NumberSyntax.decimals) {
            decimal = s.first
        }
        if let (s, node) = value("thousands", appliesTo: ["csv"], what: "the separators in its numbers"),
           choice("thousands", s, node, NumberSyntax.groupings) {
            if let decimal, s.first == decimal {
                reader.error("\"thousands\" and \"decimal\" must differ, both are \(quoted(s))", at: node, key: "thousands",
                             suggestion: decimal == "," ? "write \"thousands\": \".\" for numbers such as 1.500,5" : "write \"thousands\": \",\" for numbers such as 1,500.5")
                valid = false
            } else {
                thousands = s.first
            }
        }
        if decimal != nil || thousands != nil {
            format.numbers = NumberSyntax(decimal: decimal ?? (thousands == "." ? "," : "."), thousands: thousands)
        }
        if let (s, node) = value("rows", appliesTo: ["json"], what: "where its rows sit") {
            let keys = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if keys.contains(where: \.isEmpty) {
                reader.error("\"rows\" must name the key that holds the rows, or a path of keys such as \"result.items\", found \(quoted(s))", at: node, key: "rows")
                valid = false
            } else {
                format.rows = keys
                format.rowsPath = reader.childPath("rows")
            }
        }
        return (format, valid)
    }

    /// A `filter`: column conditions that must all hold, and `"any"`, a list of such objects
    /// of which at least one must hold.
    func decodeFilter(_ node: SpecNode, path: String) -> FilterSpec? {
        guard let members = node.members else {
            error("\"filter\" must be an object of column conditions, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        var filter = FilterSpec(conditions: [])
        let errorsBefore = out.diagnostics.count { $0.severity == .error }
        for member in members {
            let fieldPath = "\(path).\(member.key)"
            // Only a list holding objects (or an empty list, which can mean nothing else) is
            // any-of: a column named "any" stays filterable with a value, a list of values or
            // a condition object, as every other column is.
            if member.key == "any", let items = member.value.elements, items.isEmpty || items.contains(where: { $0.members != nil }) {
                if let anyOf = decodeAnyOf(items, member: member, path: fieldPath) {
                    filter.anyOf = anyOf
                    filter.position = filter.position ?? member.keyPosition
                }
                continue
            }
            let field = FieldRef(member.key, at: member.keyPosition, path: fieldPath)
            if let condition = decodeCondition(member.value, path: fieldPath) {
                filter.conditions.append((field: field, condition: condition))
                filter.position = filter.position ?? field.position
            }
        }
        filter.isComplete = out.diagnostics.count { $0.severity == .error } == errorsBefore
        return filter
    }

    /// `"any": [{...}, ...]`: each alternative an all-of filter with at least one condition.
    private func decodeAnyOf(_ items: [SpecNode], member: SpecMember, path: String) -> FilterSpec.AnyOf? {
        guard !items.isEmpty else {
            error("\"any\" needs at least one object of column conditions (a row passes when it passes one of them), found an empty list",
                  at: member.value, path: path)
            return nil
        }
        var alternatives: [FilterSpec] = []
        for (i, item) in items.enumerated() {
            let itemPath = "\(path)[\(i)]"
            guard let members = item.members else {
                error("each alternative in \"any\" must be an object of column conditions, found \(item.kindDescription)", at: item, path: itemPath,
                      suggestion: "a list of values filters a column named \"any\" only when it holds no object")
                continue
            }
            guard !members.isEmpty else {
                // An empty alternative passes every row, which makes the whole "any" say nothing.
                error("an alternative in \"any\" needs at least one column condition, found an empty object (it would keep every row)",
                      at: item, path: itemPath)
                continue
            }
            if let alternative = decodeFilter(item, path: itemPath) { alternatives.append(alternative) }
        }
        return alternatives.isEmpty ? nil : FilterSpec.AnyOf(alternatives: alternatives, position: member.keyPosition, path: path)
    }

    /// The keys of a condition object.
    private static let conditionKeys = ["in", "not", "from", "to", "min", "max"]

    /// One column's condition: a value, a list of values, `{"in": [...]}`, `{"not": X}`,
    /// `{"from", "to"}` or `{"min", "max"}`. Inside a `not` (`negated`), `not` is refused:
    /// a double negation is the condition itself, written the long way.
    private func decodeCondition(_ value: SpecNode, path: String, negated: Bool = false) -> FilterSpec.Condition? {
        let objectKeys = negated ? "in, from/to or min/max" : "in, not, from/to or min/max"
        switch value.value {
        case .string(let s):
            return .oneOf([s])
        case .number(_, let literal):
            return .oneOf([literal])
        case .array(let items):
            return .oneOf(filterValues(items, path: path))
        case .object(let members):
            guard let reader = ObjectReader(value, path: path, file: file, sink: out) else { return nil }
            if let key = ["in", "not"].first(where: reader.has) {
                // "in" and "not" stand alone: one condition a column (combine with "any").
                for member in members where member.key != key {
                    if Self.conditionKeys.contains(member.key) {
                        out.report(.error("\"\(member.key)\" cannot be combined with \"\(key)\" in one condition", file: file, at: member.keyPosition,
                                          path: reader.childPath(member.key),
                                          suggestion: "a condition is one of: a value, a list, {\"in\": [...]}, {\"not\": ...}, {\"from\", \"to\"}, {\"min\", \"max\"}"))
                    } else {
                        out.report(.error("unknown key \"\(member.key)\" in an \"\(key)\" condition", file: file, at: member.keyPosition,
                                          path: reader.childPath(member.key), suggestion: "\"\(key)\" stands alone: remove \"\(member.key)\""))
                    }
                }
                let inner = reader.node(key)!
                let innerPath = reader.childPath(key)
                if key == "in" {
                    guard let items = inner.elements else {
                        var written = inner.stringValue.map { "\"\($0)\"" }
                        if case .number(_, let literal) = inner.value { written = literal }
                        error("\"in\" must be a list of values, found \(inner.kindDescription)", at: inner, path: innerPath,
                              suggestion: written.map { "write \"in\": [\($0)]" })
                        return nil
                    }
                    return .oneOf(filterValues(items, path: innerPath))
                }
                if negated {
                    let keyPosition = members.first { $0.key == "not" }!.keyPosition
                    out.report(.error("\"not\" cannot hold another \"not\"; write the condition itself", file: file, at: keyPosition, path: innerPath))
                    return nil
                }
                if inner.members?.isEmpty == true {
                    error("\"not\" needs a condition to negate: a value, a list of values, or an object with in, from/to or min/max, found an empty object",
                          at: inner, path: innerPath)
                    return nil
                }
                return decodeCondition(inner, path: innerPath, negated: true).map { .not($0) }
            } else if reader.has("from") || reader.has("to") {
                reader.rejectUnknownKeys(allowed: ["from", "to"], context: "a date filter")
                let from = reader.node("from").flatMap { date($0, path: "\(path).from") }
                let to = reader.node("to").flatMap { date($0, path: "\(path).to") }
                if let from, let to, to.end <= from.start {
                    reader.error("date range runs backwards: \"to\" (\(to.isoString)) is before \"from\" (\(from.isoString))")
                }
                return .dateRange(from: from, to: to)
            } else if reader.has("min") || reader.has("max") {
                reader.rejectUnknownKeys(allowed: ["min", "max"], context: "a number filter")
                let lo = reader.number("min"), hi = reader.number("max")
                if let lo, let hi, hi < lo { reader.error("number range runs backwards: \"max\" (\(NumberFormat.spec(hi))) is below \"min\" (\(NumberFormat.spec(lo)))") }
                return .numberRange(min: lo, max: hi)
            } else {
                reader.error("a filter condition object needs \"in\" (a list of values)\(negated ? "" : ", \"not\" (a condition)"), \"from\"/\"to\" (dates) or \"min\"/\"max\" (numbers)")
                return nil
            }
        default:
            error("a filter condition must be a value, a list of values, or an object with \(objectKeys)", at: value, path: path)
            return nil
        }
    }

    /// The strings and numbers of a list of filter values; anything else is an error.
    private func filterValues(_ items: [SpecNode], path: String) -> [String] {
        items.compactMap { item -> String? in
            if let s = item.stringValue { return s }
            if case .number(_, let literal) = item.value { return literal }
            error("filter values must be strings or numbers, found \(item.kindDescription)", at: item, path: path)
            return nil
        }
    }

    // MARK: Blocks

    private func decodeSections(_ top: ObjectReader, sourceNames: [String]) -> [BlockSpec] {
        guard let node = top.node("sections") else {
            top.error("missing required key \"sections\" (the list of blocks in the report)")
            return []
        }
        guard let items = node.elements else {
            error("\"sections\" must be an array of blocks, found \(node.kindDescription)", at: node, path: "sections")
            return []
        }
        var blocks: [BlockSpec] = []
        var ids: [String: SourcePosition] = [:]
        if items.count > ReportSpec.maxBlocks {
            error("a spec holds at most \(NumberFormat.grouped(Double(ReportSpec.maxBlocks))) blocks (a long report has about 100), found \(NumberFormat.grouped(Double(items.count))); split the report into several specs, or show many rows in one table or timeline",
                  at: items[ReportSpec.maxBlocks], path: "sections[\(ReportSpec.maxBlocks)]")
        }
        for (index, item) in items.prefix(ReportSpec.maxBlocks).enumerated() {
            let path = "sections[\(index)]"
            guard let block = BlockDecoder(decoder: self, path: path, sourceNames: sourceNames).decode(item) else { continue }
            if let id = block.id {
                if let first = ids[id] {
                    error("duplicate block id \"\(id)\" (first used at \(first)); block ids must be unique", at: item["id"] ?? item, path: "\(path).id")
                } else {
                    ids[id] = item["id"]?.position ?? item.position
                }
            }
            blocks.append(block)
        }
        return blocks
    }

    // MARK: Outputs

    private func decodeOutputs(_ top: ObjectReader, blocks: [BlockSpec], page: PageSpec) -> [OutputSpec] {
        guard let node = top.node("outputs") else {
            let start = SourcePosition(line: 1, column: 1)
            return [OutputSpec(id: nil, file: "\(specName).pdf", format: "pdf", block: nil, width: nil, height: nil,
                               scale: 1, position: start, path: "outputs", filePosition: start)]
        }
        guard let items = node.elements else {
            error("\"outputs\" must be an array of outputs such as {\"file\": \"out/brief.pdf\"}, found \(node.kindDescription)",
                  at: node, path: "outputs")
            return []
        }
        let blockIDs = blocks.compactMap(\.id)
        var outputs: [OutputSpec] = []
        var files: [String: SourcePosition] = [:]
        var ids: [String: SourcePosition] = [:]
        if items.count > ReportSpec.maxOutputs {
            error("a spec writes at most \(NumberFormat.grouped(Double(ReportSpec.maxOutputs))) outputs (a file for each block of a long report is about 100), found \(NumberFormat.grouped(Double(items.count))); split them among several specs",
                  at: items[ReportSpec.maxOutputs], path: "outputs[\(ReportSpec.maxOutputs)]")
        }
        for (index, item) in items.prefix(ReportSpec.maxOutputs).enumerated() {
            let path = "outputs[\(index)]"
            guard var reader = ObjectReader(item, path: path, file: file, sink: out) else { continue }
            reader.context = "an output"
            reader.rejectUnknownKeys(allowed: SpecKeys.output, context: "an output")
            let id = reader.string("id")
            if let id, let idNode = reader.node("id") {
                if let first = ids[id] {
                    reader.error("duplicate output id \"\(id)\" (first used at \(first)); output ids must be unique", at: idNode, key: "id")
                } else {
                    ids[id] = idNode.position
                }
            }
            guard let fileName = reader.string("file", required: true), let fileNode = reader.node("file") else { continue }
            let ext = fileName.contains(".") ? String(fileName.split(separator: ".", omittingEmptySubsequences: false).last!).lowercased() : ""
            guard ["pdf", "png", "svg"].contains(ext) else {
                reader.error("output \"\(fileName)\" must end in .pdf, .png or .svg", at: fileNode, key: "file")
                continue
            }
            let normalized = PathPolicy.lexicallyNormalized(fileName)
            if let first = files[normalized] {
                reader.error("\"\(fileName)\" is already written by the output at \(first); each output needs its own file",
                             at: fileNode, key: "file")
            } else {
                files[normalized] = item.position
            }
            let block = reader.string("block")
            if let block, !blockIDs.contains(block) {
                reader.error("no block has id \"\(block)\"", at: reader.node("block")!, key: "block",
                             suggestion: closestMatch(to: block, in: blockIDs).map { "did you mean \"\($0)\"?" }
                                ?? (blockIDs.isEmpty ? "give the block an \"id\"" : "block ids: \(blockIDs.joined(separator: ", "))"))
            }
            let width = reader.number("width", min: 1, max: 14400, maxNote: " points (200 inches)")
            let height = reader.number("height", min: 1, max: 14400, maxNote: " points (200 inches)")
            let scale = reader.number("scale", min: 0, exclusiveMin: true, max: 16) ?? 1
            if ext == "png" {
                // The size is known here for a whole page, or a block with its height given
                // (its width defaults to the page body's); other sizes are checked after layout.
                let singleWidth = width ?? (page.size.width - 2 * page.margin + 24)
                let size: (Double, Double)? = block == nil ? (page.size.width, page.size.height)
                    : height.map { (singleWidth, $0) }
                if let (w, h) = size, let problem = PixelLimit.problem(width: w, height: h, scale: scale, wholePage: block == nil) {
                    reader.error(problem)
                }
            }
            if ext != "png", reader.has("scale") {
                reader.error("\"scale\" applies only to .png outputs (this one is .\(ext))", at: reader.node("scale")!, key: "scale")
            }
            outputs.append(OutputSpec(id: id, file: fileName, format: ext, block: block, width: width,
                                      height: height, scale: scale, position: item.position, path: path,
                                      filePosition: fileNode.position))
        }
        return outputs
    }

    fileprivate func report(_ d: Diagnostic) { out.report(d) }
    fileprivate var collector: DiagnosticCollector { out }
    fileprivate var fileName: String { file }
}

/// Decodes one block: the common keys, then (through its `BlockType`) the keys of its `type`.
/// Block types read their keys with the helpers here.
struct BlockDecoder {
    let decoder: SpecDecoder
    let path: String
    let sourceNames: [String]

    func decode(_ node: SpecNode) -> BlockSpec? {
        guard var r = reader(node, path: path) else { return nil }
        r.context = "a block"
        guard let typeName = r.word("type", oneOf: BlockTypes.all.map(\.name), required: true),
              let type = BlockTypes.named(typeName) else { return nil }
        r.context = "a \(typeName) block"
        r.rejectUnknownKeys(allowed: type.allKeys, context: "a \(typeName) block")
        for key in type.unusedCommonKeys where r.has(key) {
            let why = key == "filter" ? "it reads no rows" : key == "height" ? "it takes no room"
                : key == "alt" && typeName != PageBreakBlock.name ? "its words are read as they are"
                : typeName == "heading" ? "it draws only its \"text\"" : "it draws nothing"
            r.error("a \(typeName) block has no use for \"\(key)\": \(why)",
                    at: r.node(key)!, key: key, suggestion: "remove \"\(key)\"")
        }
        var dataName: FieldRef?
        if type.readsData, let name = r.field("data", required: true) {
            if checkSource(name, at: r.node("data")!) { dataName = name }
        }
        var height: HeightSpec?
        if let h = r.number("height", min: 0, exclusiveMin: true) {
            height = h <= 1 ? .fraction(h) : .points(h)
        }
        let pageBreak = r.word("page_break", oneOf: ["before"]) != nil
        let sources = self.sources(r)
        // Where "alt" is refused (above), its value says nothing more.
        let alt = type.unusedCommonKeys.contains("alt") ? nil : r.string("alt")
        if alt?.isEmpty == true {
            r.error("\"alt\" must say what the block shows, found an empty string",
                    at: r.node("alt")!, key: "alt", suggestion: "leave \"alt\" out to have a sentence worked out from the block's numbers")
        }
        guard let kind = type.decode(r, self) else { return nil }
        return BlockSpec(id: r.string("id"), title: r.string("title"), caption: r.string("caption"), note: r.string("note"),
                         alt: alt?.isEmpty == true ? nil : alt,
                         filter: r.node("filter").flatMap { decoder.decodeFilter($0, path: "\(path).filter") },
                         height: height, pageBreakBefore: pageBreak, kind: kind, position: node.position, path: path,
                         dataName: dataName, sources: sources)
    }

    /// `sources`: a column name, or false for no "Sources:" line.
    private func sources(_ r: ObjectReader) -> SourcesSetting {
        guard let node = r.node("sources") else { return .automatic }
        if node.value == .bool(false) { return .none }
        if node.stringValue != nil { return r.field("sources").map { .column($0) } ?? .automatic }
        r.error("\"sources\" must be the name of the column that cites each row, or false for no \"Sources:\" line, found \(node.kindDescription)",
                at: node, key: "sources")
        return .automatic
    }

    /// A reader of one object of the block, reporting to the spec's diagnostics.
    func reader(_ node: SpecNode, path: String) -> ObjectReader? {
        ObjectReader(node, path: path, file: decoder.fileName, sink: decoder.collector)
    }

    /// True when a data source called `name` is declared; otherwise reports it.
    func checkSource(_ name: FieldRef, at node: SpecNode) -> Bool {
        if sourceNames.contains(name.name) { return true }
        decoder.report(.error("no data source named \"\(name.name)\"", file: decoder.fileName, at: node.position, path: name.path,
                              suggestion: closestMatch(to: name.name, in: sourceNames).map { "did you mean \"\($0)\"?" }
                                ?? (sourceNames.isEmpty ? "declare it under \"data\"" : "sources: \(sourceNames.joined(separator: ", "))")))
        return false
    }

    /// `range`: dates from and to, either optional.
    func range(_ r: ObjectReader) -> (from: EventDate?, to: EventDate?)? {
        guard let node = r.node("range"), let range = reader(node, path: r.childPath("range")) else { return nil }
        range.rejectUnknownKeys(allowed: ["from", "to"], context: "range")
        let from = range.node("from").flatMap { decoder.date($0, path: range.childPath("from")) }
        let to = range.node("to").flatMap { decoder.date($0, path: range.childPath("to")) }
        if let from, let to, to.end <= from.start { range.error("range runs backwards: \"to\" (\(to.isoString)) is before \"from\" (\(from.isoString))") }
        return (from, to)
    }

    /// `annotations`: dated (or valued) labelled rules.
    func annotations(_ r: ObjectReader) -> [AnnotationSpec] {
        guard let node = r.node("annotations") else { return [] }
        guard let items = node.elements else {
            r.error("\"annotations\" must be an array of {\"date\": ..., \"text\": ...} objects, found \(node.kindDescription)", at: node, key: "annotations"); return []
        }
        return items.enumerated().compactMap { i, item in
            let path = r.childPath("annotations[\(i)]")
            guard var a = reader(item, path: path) else { return nil }
            a.context = "an annotation"
            a.rejectUnknownKeys(allowed: SpecKeys.annotation, context: "an annotation")
            let date = a.node("date").flatMap { decoder.date($0, path: a.childPath("date")) }
            let value = a.number("value", min: -DataTable.largestNumber, max: DataTable.largestNumber)
            if date == nil, value == nil, !a.has("date"), !a.has("value") { a.error("an annotation needs \"date\" or \"value\"") }
            guard let text = a.string("text", required: true) else { return nil }
            return AnnotationSpec(date: date, value: value, text: text)
        }
    }
}
