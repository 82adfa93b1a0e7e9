import Foundation

/// The JSON Schema (draft 2020-12) of the spec, generated from `SpecKeys` — the same lists
/// the decoder checks against — so the schema and the decoder cannot drift apart.
public enum SpecSchema {
    /// The schema as a dictionary.
    public static func object() -> [String: Any] {
        let date: [String: Any] = ["type": "string", "pattern": "^~?\\d{4}(-\\d{2}(-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?)?)?$",
                                   "description": "2017-03-10, 2017-03, 2017, an ISO 8601 date-time, optionally led by ~ (approximate)"]
        let field: [String: Any] = ["type": "string", "minLength": 1, "description": "a column name of the block's data source"]
        let color: [String: Any] = ["type": "string", "description": "#rgb, #rrggbb, #rrggbbaa or a CSS colour name"]
        let range: [String: Any] = closed(["from": ["$ref": "#/$defs/date"], "to": ["$ref": "#/$defs/date"]])
        let annotation: [String: Any] = closed(["date": ["$ref": "#/$defs/date"], "value": ["type": "number"], "text": ["type": "string"]], required: ["text"])
        let filter: [String: Any] = ["type": "object", "additionalProperties": ["anyOf": [
            ["type": ["string", "number"]], ["type": "array", "items": ["type": ["string", "number"]]],
            closed(["from": ["$ref": "#/$defs/date"], "to": ["$ref": "#/$defs/date"]]),
            closed(["min": ["type": "number"], "max": ["type": "number"]]),
        ]]]
        var blockProperties: [String: [String: Any]] = [
            "id": ["type": "string"], "title": ["type": "string"], "caption": ["type": "string"], "note": ["type": "string"],
            "filter": ["$ref": "#/$defs/filter"], "height": ["type": "number", "exclusiveMinimum": 0,
                                                             "description": "points, or a fraction (≤ 1) of the page body"],
            "page_break": ["enum": ["before"]], "text": ["type": "string"], "data": ["type": "string"],
            "date": ["$ref": "#/$defs/field"], "end": ["$ref": "#/$defs/field"], "label": ["$ref": "#/$defs/field"],
            "lane": ["$ref": "#/$defs/field"], "lanes": ["type": "array", "items": ["type": "string"]],
            "color": ["$ref": "#/$defs/field"], "size": ["$ref": "#/$defs/field"], "range": ["$ref": "#/$defs/range"],
            "annotations": ["type": "array", "items": ["$ref": "#/$defs/annotation"]],
            "mark": ["enum": ChartSpec.Mark.allCases.map(\.rawValue)], "x": ["$ref": "#/$defs/field"],
            "y": ["anyOf": [["$ref": "#/$defs/field"], ["type": "array", "items": ["$ref": "#/$defs/field"], "minItems": 1]]],
            "series": ["$ref": "#/$defs/field"], "stack": ["type": "boolean"], "y_low": ["$ref": "#/$defs/field"],
            "y_high": ["$ref": "#/$defs/field"], "cumulative": ["type": "boolean"], "log": ["type": "boolean"], "y_title": ["type": "string"],
            "force": ["$ref": "#/$defs/field"], "count": ["$ref": "#/$defs/field"], "change": ["$ref": "#/$defs/field"],
            "count_low": ["$ref": "#/$defs/field"], "count_high": ["$ref": "#/$defs/field"],
            "from": ["$ref": "#/$defs/field"], "to": ["$ref": "#/$defs/field"], "value": ["$ref": "#/$defs/field"],
            "unit": ["enum": DisplacementSpec.Unit.allCases.map(\.rawValue)], "persons_per_family": ["type": "number", "exclusiveMinimum": 0],
            "view": ["enum": DisplacementSpec.View.allCases.map(\.rawValue)],
            "columns": ["type": "array", "items": ["$ref": "#/$defs/field"], "minItems": 1],
            "sort": ["anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]],
            "limit": ["type": "integer", "minimum": 1],
        ]
        blockProperties["items"] = ["type": "array", "minItems": 1, "items": closed([
            "label": ["type": "string"], "unit": ["type": "string"], "source": ["type": "string"],
            "value": ["anyOf": [["type": ["string", "number"]], ["type": "object", "required": ["data"],
                      "properties": ["data": ["type": "string"]].merging(FigureItem.Aggregate.allCases.map { ($0.rawValue, ["type": "string"]) }) { a, _ in a },
                      "additionalProperties": false]]],
        ], required: ["label", "value"])]
        let requiredKeys: [String: [String]] = [
            "heading": ["text"], "text": ["text"], "figures": ["items"], "timeline": ["data", "date"],
            "chart": ["data", "x", "y"], "troops": ["data", "date", "force"], "displacement": ["data", "from", "to", "value"],
            "table": ["data"], "page_break": [],
        ]
        let blocks: [[String: Any]] = SpecKeys.blockTypes.map { entry in
            var properties: [String: Any] = ["type": ["const": entry.type]]
            for key in SpecKeys.commonBlock + entry.keys where key != "type" { properties[key] = blockProperties[key] }
            return ["type": "object", "properties": properties, "required": ["type"] + (requiredKeys[entry.type] ?? []),
                    "additionalProperties": false, "if": ["properties": ["type": ["const": entry.type]]]]
        }
        let block: [String: Any] = ["type": "object", "required": ["type"],
                                    "properties": ["type": ["enum": SpecKeys.blockTypes.map(\.type)]],
                                    "oneOf": blocks.map { b -> [String: Any] in var copy = b; copy.removeValue(forKey: "if"); return copy }]
        let dataSource: [String: Any] = closed([
            "file": ["type": "string", "pattern": "\\.(csv|json|jsonl|ndjson)$"],
            "values": ["type": "array", "items": ["type": "object"]],
            "types": ["type": "object", "additionalProperties": ["enum": ColumnType.allCases.map(\.rawValue)]],
            "filter": ["$ref": "#/$defs/filter"],
        ])
        let output: [String: Any] = closed([
            "id": ["type": "string"], "file": ["type": "string", "pattern": "\\.(pdf|png|svg)$"], "block": ["type": "string"],
            "width": ["type": "number", "minimum": 1, "maximum": 14400], "height": ["type": "number", "minimum": 1, "maximum": 14400],
            "scale": ["type": "number", "exclusiveMinimum": 0, "maximum": 16],
        ], required: ["file"])
        let top: [String: Any] = [
            "report": ["const": 1], "title": ["type": "string"], "subtitle": ["type": "string"], "author": ["type": "string"],
            "as_of": ["$ref": "#/$defs/date"], "marking": ["type": "string"],
            "page": closed(["size": ["anyOf": [["enum": PageSpec.namedSizes.keys.sorted()],
                                               ["type": "array", "items": ["type": "number", "minimum": 72, "maximum": 14400], "minItems": 2, "maxItems": 2]]],
                            "orientation": ["enum": ["landscape", "portrait"]], "margin": ["type": "number", "minimum": 0]]),
            "theme": closed(["font": ["type": "string"],
                             "palette": ["anyOf": [["enum": ThemeSpec.namedPalettes.keys.sorted()], ["type": "array", "items": ["$ref": "#/$defs/color"], "minItems": 1]]],
                             "colors": ["type": "object", "additionalProperties": ["$ref": "#/$defs/color"]]]),
            "data": ["type": "object", "additionalProperties": ["$ref": "#/$defs/dataSource"]],
            "sections": ["type": "array", "items": ["$ref": "#/$defs/block"]],
            "outputs": ["type": "array", "items": ["$ref": "#/$defs/output"]],
        ]
        precondition(Set(top.keys) == Set(SpecKeys.topLevel), "schema and SpecKeys.topLevel disagree")
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://report.invalid/spec/v1.json",
            "title": "report spec, version 1",
            "type": "object", "required": ["report", "sections"], "additionalProperties": false,
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

    private static func closed(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { o["required"] = required }
        return o
    }
}
