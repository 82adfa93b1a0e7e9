import Foundation

/// The JSON Schema (draft 2020-12) of the spec, generated from `SpecKeys` and the block
/// types' keys (`BlockTypes.all`) — the same lists the decoder checks against — so the
/// schema and the decoder cannot drift apart.
///
/// The schema says as much as JSON Schema can: every key, type, enumeration, bound and
/// pattern the decoder checks on its own, so that a spec the decoder accepts is always valid
/// here, and a spec invalid here is always refused by the decoder (the tests check both on
/// every spec in the repository and on thousands of random ones). What needs more than one
/// value at a time — unique ids, output files written once, blocks an output names, dates
/// that exist (30 February), ranges that run forwards, a margin that leaves room on the page
/// — is the decoder's alone; what needs the data (column names, cell types) is the loader's.
public enum SpecSchema {
    /// The schema's `$id`, which a spec may name in `"$schema"`. Stable: it changes only with
    /// the spec format version (`"report": 1`), so a spec written today keeps pointing at the
    /// schema of its version. `.invalid` is reserved (RFC 2606): the name never resolves, so
    /// no editor fetches someone else's file for it; editors map it to the file `report
    /// schema` writes (VS Code's `json.schemas`), or a spec names that file directly.
    public static let id = "https://report.invalid/spec/v1.json"

    /// The schema as a dictionary.
    public static func object() -> [String: Any] {
        let block = Self.block
        let dataSource: [String: Any] = closed([
            "file": ["type": "string", "pattern": extensionPattern(SourceFormat.extensions, gzip: true),
                     "description": "a .csv, .json (array of objects), .jsonl, .ndjson or .geojson (features as rows, for map layers) file, relative to the spec's folder, or one of these gzip-compressed (.csv.gz)"],
            "values": ["type": "array", "items": ["type": "object"], "description": "rows written inline"],
            "types": ["type": "object", "additionalProperties": columnType,
                      "description": "column types by column name: {\"event_date\": \"date\", \"fatalities\": \"number\"}"],
            "filter": ["$ref": "#/$defs/filter", "description": "keeps only the rows that match, for every block that reads the source"],
            "delimiter": ["enum": SourceFormat.delimiters,
                          "description": "a .csv file's field delimiter: \",\" \";\" \"\\t\" (tab) or \"|\"; detected when absent (the one that gives every one of the first 50 records the same number of fields, comma first)"],
            "encoding": ["enum": TextEncoding.allCases.map(\.rawValue),
                         "description": "the data file's text encoding: utf-8 (default; a BOM is skipped), utf-16 (by its byte order mark, also read without this key), utf-16le, utf-16be, or windows-1252 (read only when declared)"],
            "decimal": ["enum": NumberSyntax.decimals,
                        "description": "a .csv file's decimal separator in number columns (default \".\", or \",\" when \"thousands\" is \".\")"],
            "thousands": ["enum": NumberSyntax.groupings,
                          "description": "a .csv file's thousands separator in number columns: with \",\" 1,500 is 1500; with \".\" (and decimal \",\") 1.500,5 is 1500.5"],
            "rows": ["type": "string", "pattern": "^[^.]+(\\.[^.]+)*$",
                     "description": "a .json file whose rows sit under a key: the key (\"data\") or a path of keys (\"result.items\")"],
        ], keys: SpecKeys.dataSource, extra: ["oneOf": [["required": ["file"]], ["required": ["values"]]],
                                              "allOf": dataSourceFileRules])
        let output: [String: Any] = closed([
            "id": ["type": "string", "description": "names the output for --only"],
            "file": ["type": "string", "pattern": extensionPattern(["pdf", "png", "svg"]),
                     "description": "the file written, relative to the spec's folder: .pdf, .png or .svg (a report of several pages as .png or .svg writes one file a page)"],
            "block": ["type": "string", "description": "the id of one block, drawn alone"],
            "width": ["type": "number", "minimum": 1, "maximum": 14400, "description": "points"],
            "height": ["type": "number", "minimum": 1, "maximum": 14400, "description": "points"],
            "scale": ["type": "number", "exclusiveMinimum": 0, "maximum": 16, "description": "PNG pixels per point"],
        ], keys: SpecKeys.output, required: ["file"], extra: [
            "if": ["properties": ["file": ["pattern": extensionPattern(["png"])]]],
            "else": ["not": ["required": ["scale"]]],
        ])
        let top: [String: Any] = [
            "$schema": ["type": "string",
                        "description": "the JSON Schema editors check the spec against (this schema's $id, \(Self.id), or the path of a file `report schema` wrote); ignored when rendering"],
            "report": ["const": 1, "description": "the spec format version"],
            "extends": ["type": "string", "pattern": "\\.(json|ya?ml)$",
                        "description": "a spec file to build on, such as a house style (\"../house.json\"): its keys merge under this spec's (objects key by key, other values replaced, null removes); its data files are relative to its own folder"],
            "params": ["type": "object", "propertyNames": ["pattern": "^[A-Za-z][A-Za-z0-9_]*$"],
                       "additionalProperties": closed([
                           "type": ["enum": ParamType.allCases.map(\.rawValue), "description": "date (YYYY-MM-DD, takes {{name + 7d}}), string, number or list"],
                           "default": ["description": "the value when none is given (--set, --params, the matrix); without one, a value must be given"],
                           "description": ["type": "string", "description": "what the parameter is for"],
                       ], keys: SpecKeys.param, required: ["type"]),
                       "description": "values the spec leaves open, written {{name}} in any string: {\"week\": {\"type\": \"date\", \"default\": \"2017-03-06\"}}"],
            "matrix": ["anyOf": [["type": "object", "additionalProperties": ["type": "array", "minItems": 1]],
                                 ["type": "array", "minItems": 1, "items": ["type": "object"]]],
                       "description": "render once per value: {\"place\": [\"Raqqa\", \"Tabqa\"]} (every combination of the lists) or [{\"place\": \"Raqqa\"}, …] (exactly these)"],
            "title": ["type": "string", "description": "the report's title, on the first page, in the running header and in the PDF's metadata"],
            "subtitle": ["type": "string", "description": "a line under the title (the PDF's subject)"],
            "author": ["type": "string", "description": "who wrote the report: under the title, in every page's footer and in the PDF's metadata"],
            "as_of": ["$ref": "#/$defs/date", "description": "the date the report is current to: in the running header, and the PDF's date when SOURCE_DATE_EPOCH is not set"],
            "marking": ["type": "string", "description": "a handling marking (\"UNCLASSIFIED\") printed at the top and bottom of every page"],
            "timezone": ["type": "string", "pattern": "^(UTC|Z|[+-]\\d{2}:?\\d{2})$",
                         "description": "the zone date-times are shown in: UTC (default) or a fixed offset such as +03:00"],
            "lang": ["type": "string", "pattern": LanguageTag.pattern,
                     "description": "the report's language, a BCP 47 tag such as en (default), ar or fr-CA: what screen readers read it in (the tagged PDF's /Lang)"],
            "page": closed([
                "size": ["anyOf": [["type": "string", "pattern": caseInsensitive(PageSpec.namedSizes.keys.sorted()),
                                    "description": PageSpec.namedSizes.keys.sorted().joined(separator: ", ")],
                                   ["type": "array", "items": ["type": "number", "minimum": 72, "maximum": 14400],
                                    "minItems": 2, "maxItems": 2, "description": "[width, height] in points"]],
                         "description": "a paper name (A4 by default, any letter case) or [width, height] in points"],
                "orientation": ["enum": ["landscape", "portrait"], "description": "landscape (the default for named sizes) or portrait"],
                "margin": ["type": "number", "minimum": 0, "description": "points"],
            ], keys: SpecKeys.page, extra: ["description": "paper size, orientation and margin (default: A4 landscape, 36-point margins)"]),
            "theme": closed([
                "font": ["type": "string", "description": "the font family of all text, one of the fonts folder's (default Noto Sans; Arabic falls back to Noto Sans Arabic)"],
                "palette": ["anyOf": [["enum": ThemeSpec.namedPalettes.keys.sorted()],
                                      ["type": "array", "items": ["$ref": "#/$defs/color"], "minItems": 1]],
                            "description": "the colours handed out, in order, to categories without a fixed one: a palette's name or a list of colours (default colorblind)"],
                "colors": ["type": "object", "additionalProperties": ["$ref": "#/$defs/color"],
                           "description": "a fixed colour per category value, the same in every block: {\"SDF\": \"#d4a017\"}"],
            ], keys: SpecKeys.theme, extra: ["description": "the font and colours"]),
            "data": ["type": "object", "additionalProperties": ["$ref": "#/$defs/dataSource"],
                     "description": "the data sources blocks read, by name"],
            "sections": ["type": "array", "items": ["$ref": "#/$defs/block"], "description": "the blocks, in page order"],
            "outputs": ["type": "array", "items": ["$ref": "#/$defs/output"],
                        "description": "the files to write (default: one PDF named after the spec)"],
        ]
        precondition(Set(top.keys) == Set(SpecKeys.topLevel), "schema and SpecKeys.topLevel disagree")
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": id,
            "title": "report spec, version 1",
            // A spec that extends another may take `report` and `sections` from it.
            "type": "object", "anyOf": [["required": ["extends"]], ["required": ["report", "sections"]]], "additionalProperties": false,
            "properties": top,
            "$defs": ["date": date, "field": field, "color": color, "range": range, "annotation": annotation,
                      "filter": filter, "block": block, "dataSource": dataSource, "output": output],
        ]
    }

    /// The schema as pretty-printed JSON with sorted keys (stable output).
    public static func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: object(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Definitions

    /// Every form `EventDate.parse` accepts, with the ranges it checks that a pattern can say
    /// (months 01–12, days 01–31, hours, minutes, seconds, offsets; no year 0000; `~` only on
    /// years, months and days). Whether the day exists in its month is left to the decoder.
    static var date: [String: Any] {
        let space = "[ \\t\\n\\u000B\\f\\r]*"
        let year = "(?!0000)[0-9]{4}", month = "(0[1-9]|1[0-2])", day = "(0[1-9]|[12][0-9]|3[01])"
        let time = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.,][0-9]+)?)?"
        let offset = "([Zz]|[-+\\u2212]([01][0-9]|2[0-3]):?[0-5][0-9])?"
        let pattern = "^\(space)(~?\(year)(-\(month)(-\(day))?)?|\(year)-\(month)-\(day)[Tt ]\(time)\(offset))\(space)$"
        // Or a parameter standing for one: "{{week}}", "{{as_of - 7d}}".
        return ["type": "string", "pattern": "\(pattern)|\\{\\{",
                "description": "2017-03-10, 2017-03 (month), 2017 (year), or an ISO 8601 date-time with an offset; a leading ~ marks an approximate date; or a parameter such as {{week - 7d}}"]
    }

    /// A column type: `"date"`, or `{"type": "date", "format": "%d %B %Y"}` (only dates take
    /// a format). The pattern refuses unknown directives and a lone `%`; that the format has a
    /// year, and a month for its day, is the decoder's check.
    static var columnType: [String: Any] {
        let names = ColumnType.allCases.map(\.rawValue)
        return ["anyOf": [
            ["enum": names],
            closed(["type": ["enum": names, "description": "the column's type"], "format": [
                "type": "string", "minLength": 1, "pattern": "^([^%]|%[YymdeBbHMSz%])*$",
                "description": "strftime-style, English month names in any case: \(DateFormat.directives); other text as written",
            ], "precision": [
                "type": "string", "minLength": 1,
                "description": "the column that states each row's date precision: ACLED's time_precision (1 day, 2 week or weekend, 3 month) or UCDP's date_prec (1 day, 2 2–6 days, 3 week, 4 month, 5 more than a month); a week is drawn as an approximate date (~), a month or year as a bracket",
            ], "precision_codes": [
                "enum": DatePrecisionCodes.allCases.map(\.rawValue),
                "description": "whose codes the precision column holds; needed when its name is not time_precision (acled) or date_prec (ucdp)",
            ]], keys: SpecKeys.columnType, required: ["type"],
                   // `format`'s rule as it was; `precision`'s rules beside it.
                   extra: ["if": ["required": ["format"]], "then": ["properties": ["type": ["const": "date"]]], "allOf": [
                       ["if": ["required": ["precision"]], "then": ["properties": ["type": ["const": "date"]]]],
                       ["if": ["required": ["precision_codes"]], "then": ["required": ["precision"]]],
                       ["if": ["required": ["precision"], "not": ["required": ["precision_codes"]]],
                        "then": ["properties": ["precision": ["pattern": caseInsensitive(["time_precision", "date_prec"])]]]],
                   ]]),
        ], "description": "string, number or date; a date column may give its format and the column that states its precision: {\"type\": \"date\", \"format\": \"%d %B %Y\", \"precision\": \"time_precision\"}"]
    }

    /// Which file each data-source key that describes a file applies to (as the decoder checks).
    static var dataSourceFileRules: [[String: Any]] {
        func fileMatching(_ extensions: [String]) -> [String: Any] {
            ["required": ["file"], "properties": ["file": ["pattern": extensionPattern(extensions, gzip: true)]]]
        }
        func none(_ keys: [String]) -> [String: Any] { ["not": ["anyOf": keys.map { ["required": [$0]] }]] }
        let same = NumberSyntax.decimals.map { s -> [String: Any] in
            ["required": ["decimal", "thousands"], "properties": ["decimal": ["const": s], "thousands": ["const": s]]]
        }
        return [
            ["if": fileMatching(["csv"]), "else": none(["delimiter", "decimal", "thousands"])],
            ["if": fileMatching(["json"]), "else": none(["rows"])],
            ["if": ["required": ["file"]], "else": none(["encoding"])],
            ["not": ["anyOf": same]],
        ]
    }

    static var field: [String: Any] { ["type": "string", "minLength": 1, "description": "a column name of the block's data source"] }

    /// `#rgb`, `#rrggbb`, `#rrggbbaa` or a CSS colour name the decoder knows (any case).
    static var color: [String: Any] { ["anyOf": [
        ["type": "string", "pattern": "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$"],
        ["type": "string", "pattern": caseInsensitive(namedColors.keys.sorted())],
    ], "description": "#rgb, #rrggbb, #rrggbbaa or a CSS colour name"] }

    static var range: [String: Any] { closed(["from": ["$ref": "#/$defs/date", "description": "the first date shown (default: from the data)"],
                                              "to": ["$ref": "#/$defs/date", "description": "the last date shown (default: from the data)"]],
                                             keys: ["from", "to"]) }

    static var annotation: [String: Any] { closed(
        ["date": ["$ref": "#/$defs/date", "description": "where the rule is drawn on a time axis"],
         "value": ["type": "number", "description": "where the rule is drawn on a chart's value axis"],
         "text": ["type": "string", "description": "the rule's label"]],
        keys: SpecKeys.annotation, required: ["text"],
        extra: ["anyOf": [["required": ["date"]], ["required": ["value"]]]]) }

    /// Column conditions that must all hold, and `"any"`: a list of such objects of which one
    /// must hold. A column named "any" is still a column when its value is not a list of
    /// objects (see `SpecDecoder.decodeFilter`).
    static var filter: [String: Any] {
        let anyOf: [String: Any] = [
            "type": "array", "minItems": 1, "items": ["$ref": "#/$defs/filter", "minProperties": 1],
            "description": "any-of: a row passes when it passes at least one of these objects of conditions",
        ]
        return ["type": "object",
                "properties": ["any": ["anyOf": [anyOf] + filterConditions(negated: false, listMinItems: 1),
                                       "description": "a list of objects of conditions, of which a row must pass one (or the condition on a column named \"any\")"]],
                "additionalProperties": ["anyOf": filterConditions(negated: false)]]
    }

    /// One column's condition: a value, a list of values, `{"in": [...]}`, `{"not": ...}`
    /// (not inside another), a date range or a number range. `listMinItems` is for the column
    /// named "any", where an empty list is a mistaken any-of.
    static func filterConditions(negated: Bool, listMinItems: Int = 0) -> [[String: Any]] {
        var values: [String: Any] = ["type": "array", "items": ["type": ["string", "number"]]]
        if listMinItems > 0 { values["minItems"] = listMinItems }
        var conditions: [[String: Any]] = [
            ["type": ["string", "number"]],
            values,
            closed(["in": ["type": "array", "items": ["type": ["string", "number"]], "description": "the values kept"]], keys: ["in"], required: ["in"],
                   extra: ["description": "the value is one of these"]),
            closed(["from": ["$ref": "#/$defs/date", "description": "the earliest date kept (inclusive)"],
                    "to": ["$ref": "#/$defs/date", "description": "the latest date kept (inclusive)"]], keys: ["from", "to"], extra: ["minProperties": 1]),
            closed(["min": ["type": "number", "description": "the smallest number kept (inclusive)"],
                    "max": ["type": "number", "description": "the largest number kept (inclusive)"]], keys: ["min", "max"], extra: ["minProperties": 1]),
        ]
        if !negated {
            conditions.insert(closed(["not": ["anyOf": filterConditions(negated: true), "description": "the condition whose rows are dropped"]], keys: ["not"], required: ["not"],
                                     extra: ["description": "rows the condition drops; empty cells pass the not of values, never the not of a range"]),
                              at: 3)
        }
        return conditions
    }

    /// A block: `type` is one of the block types, and the type's own schema applies through
    /// `if`/`then`, one pair a type. Not a `oneOf` of the types: a block that fails a `oneOf`
    /// fails every variant, and validators (editors, jsonschema) then say only "not valid under
    /// any of the given schemas"; with `if`/`then` only the schema of the block's own type is
    /// tried, so a mistake is reported as itself ("'date' is a required property", at the block).
    static var block: [String: Any] {
        let common = commonBlockProperties
        let names = BlockTypes.all.map(\.name)
        let types: [[String: Any]] = BlockTypes.all.map { type in
            var properties = common
            properties["type"] = ["const": type.name, "description": typeDescription]
            for key in type.keys { properties[key.name] = key.schema }
            var then: [String: Any] = ["title": "a \(type.name) block", "type": "object", "properties": properties,
                                       "additionalProperties": false, "required": ["type"] + type.requiredKeys]
            if !type.schemaRules.isEmpty { then["allOf"] = type.schemaRules }
            // `required` in the condition too: `properties` alone holds for a block without a
            // `type`, and every type's schema would then be applied to it.
            return ["if": ["required": ["type"], "properties": ["type": ["const": type.name]]], "then": then]
        }
        return ["type": "object", "required": ["type"],
                "properties": ["type": ["enum": names, "description": typeDescription]],
                "allOf": types]
    }

    /// What `type` says, for the `type` key of every block.
    private static var typeDescription: String {
        "what the block is: " + BlockTypes.all.map(\.name).joined(separator: ", ")
    }

    /// The schema of every key all blocks take (`SpecKeys.commonBlock` but `type`); each
    /// type's own keys bring theirs (`BlockType.keys`).
    static var commonBlockProperties: [String: Any] {
        let properties: [String: Any] = [
            "id": ["type": "string", "description": "names the block, for an output's \"block\""],
            "title": ["type": "string", "description": "a title above the block"],
            "caption": ["type": "string", "description": "a line in italics under the block"],
            "note": ["type": "string", "description": "a note under the block"],
            "alt": ["type": "string", "minLength": 1,
                    "description": "what the block shows, in words, for readers who cannot see it (default: a sentence worked out from its numbers); not on heading, text or page_break"],
            "filter": ["$ref": "#/$defs/filter", "description": "keeps only the rows that match, after the data source's own filter"],
            "height": ["type": "number", "exclusiveMinimum": 0, "description": "points, or a fraction (≤ 1) of the page body"],
            "page_break": ["enum": ["before"], "description": "\"before\": the block starts a new page"],
        ]
        precondition(Set(properties.keys) == Set(SpecKeys.commonBlock).subtracting(["type"]), "schema and SpecKeys.commonBlock disagree")
        return properties
    }

    // MARK: Helpers

    /// A closed object: exactly `keys` (each of which must have a schema in `properties`).
    static func closed(_ properties: [String: Any], keys: [String], required: [String] = [],
                               extra: [String: Any] = [:]) -> [String: Any] {
        precondition(Set(properties.keys) == Set(keys), "schema properties \(properties.keys.sorted()) and keys \(keys) disagree")
        var o: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { o["required"] = required }
        return o.merging(extra) { a, _ in a }
    }

    /// A pattern for a file name ending in one of `extensions` (then `.gz` if `gzip` allows it),
    /// in any letter case (as the decoder reads them).
    static func extensionPattern(_ extensions: [String], gzip: Bool = false) -> String {
        "\\.(" + extensions.map(anyCase).joined(separator: "|") + ")" + (gzip ? "(\\.[gG][zZ])?" : "") + "$"
    }

    /// A whole-string pattern matching any of `words` in any letter case.
    static func caseInsensitive(_ words: [String]) -> String {
        "^(" + words.map(anyCase).joined(separator: "|") + ")$"
    }

    private static func anyCase(_ word: String) -> String {
        word.map { c -> String in
            let lower = c.lowercased(), upper = c.uppercased()
            return lower == upper ? String(c) : "[\(lower)\(upper)]"
        }.joined()
    }
}
