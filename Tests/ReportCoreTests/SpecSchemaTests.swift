import Foundation
import XCTest
@testable import ReportCore

/// Validates JSON documents against a schema with Python's `jsonschema` (Draft 2020-12), an
/// independent implementation, so the schema is checked by what editors and CI tools use.
enum PythonSchemaValidator {
    static let script = """
    import json, sys
    try:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import best_match
    except ImportError:
        print(json.dumps({"missing": "jsonschema"})); sys.exit(0)
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    Draft202012Validator.check_schema(data["schema"])
    validator = Draft202012Validator(data["schema"])
    out, best = [], []
    for doc in data["documents"]:
        out.append(sorted("/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in validator.iter_errors(doc)))
        # What an editor shows first: the error jsonschema ranks most relevant.
        e = best_match(validator.iter_errors(doc))
        best.append(None if e is None else "/".join(str(p) for p in e.absolute_path) + ": " + e.message)
    print(json.dumps({"results": out, "best": best}))
    """

    static var python: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The schema errors of each document (JSON texts); an empty list means valid.
    static func validate(_ documents: [String], schema: String = SpecSchema.json()) throws -> [[String]] {
        (try run(documents, schema: schema)["results"] as? [[String]]) ?? []
    }

    /// jsonschema's `best_match` for each document ("PATH: MESSAGE"), nil for a valid one.
    static func bestMatches(_ documents: [String], schema: String = SpecSchema.json()) throws -> [String?] {
        ((try run(documents, schema: schema)["best"] as? [Any]) ?? []).map { $0 as? String }
    }

    private static func run(_ documents: [String], schema: String) throws -> [String: Any] {
        guard let python else { throw XCTSkip("python3 is not installed: the JSON Schema tests need python3 with jsonschema (pip install jsonschema)") }
        let dir = NSTemporaryDirectory() + "report-schema-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try script.write(toFile: dir + "/validate.py", atomically: true, encoding: .utf8)
        let input = "{\"schema\": \(schema), \"documents\": [\(documents.joined(separator: ",\n"))]}"
        try input.write(toFile: dir + "/input.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [dir + "/validate.py", dir + "/input.json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NSError(domain: "PythonSchemaValidator", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "python3 failed: " + String(decoding: errors, as: UTF8.self)])
        }
        if object["missing"] != nil {
            XCTFail("python3 has no jsonschema module: run `python3 -m pip install jsonschema`")
            throw XCTSkip("jsonschema is missing")
        }
        return object
    }
}

/// `report schema` stays in step with the decoder: every spec the decoder accepts is valid
/// against the schema, every spec the schema refuses is refused by the decoder, and unknown
/// keys are refused by both, at every level.
final class SpecSchemaTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every file under Reports/ and Tests/ that parses as a spec (an object with a "report"
    /// or "sections" key), with its tree.
    static func repositorySpecs() throws -> [(path: String, tree: SpecNode)] {
        var found: [(String, SpecNode)] = []
        for top in ["Reports", "Tests"] {
            guard let walker = FileManager.default.enumerator(atPath: "\(root)/\(top)") else { continue }
            for case let relative as String in walker {
                let path = "\(root)/\(top)/\(relative)"
                let ext = (path as NSString).pathExtension.lowercased()
                guard ["json", "yaml", "yml"].contains(ext), !relative.contains("/out/"),
                      let data = FileManager.default.contents(atPath: path) else { continue }
                let tree: SpecNode?
                if ext == "json" {
                    tree = try? JSONTreeParser.parse([UInt8](data))
                } else {
                    tree = String(data: data, encoding: .utf8).flatMap { try? YAMLTreeLoader.parse($0) }
                }
                guard let tree, tree.members?.contains(where: { $0.key == "report" || $0.key == "sections" }) == true else { continue }
                found.append(("\(top)/\(relative)", tree))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    func testTheSchemaIsAValidDraft202012SchemaAndMatchesSpecKeys() throws {
        _ = try PythonSchemaValidator.validate([])  // check_schema runs on every call
        let schema = SpecSchema.object()
        let defs = try XCTUnwrap(schema["$defs"] as? [String: Any])
        let block = try XCTUnwrap(defs["block"] as? [String: Any])
        let variants = try XCTUnwrap(block["allOf"] as? [[String: Any]])
        XCTAssertEqual(variants.count, SpecKeys.blockTypes.count)
        for (variant, entry) in zip(variants, SpecKeys.blockTypes) {
            let condition = try XCTUnwrap(variant["if"] as? [String: Any])
            XCTAssertEqual(((condition["properties"] as? [String: Any])?["type"] as? [String: Any])?["const"] as? String, entry.type)
            let properties = try XCTUnwrap((variant["then"] as? [String: Any])?["properties"] as? [String: Any])
            XCTAssertEqual(Set(properties.keys), Set(SpecKeys.commonBlock + entry.keys), entry.type)
        }
        XCTAssertEqual(schema["$id"] as? String, SpecSchema.id)
        let top = try XCTUnwrap(schema["properties"] as? [String: Any])
        XCTAssertEqual(Set(top.keys), Set(SpecKeys.topLevel))
    }

    /// An editor reports a block's mistake as itself: with `if`/`then` on `type`, a timeline
    /// without `date` is "'date' is a required property" at the block (the first error and
    /// jsonschema's best match), not "not valid under any of the given schemas".
    func testABlockMistakeIsReportedForTheBlocksOwnType() throws {
        let documents = [
            #"{"report": 1, "data": {"e": {"values": []}}, "sections": [{"type": "timeline", "data": "e", "lane": "actor"}]}"#,
            #"{"report": 1, "sections": [{"type": "heading", "text": "h"}, {"type": "text", "text": "t", "colour": "red"}]}"#,
            #"{"report": 1, "sections": [{"type": "timelin", "data": "e", "date": "d"}]}"#,
            #"{"report": 1, "data": {"e": {"values": []}}, "sections": [{"type": "chart", "data": "e", "x": "d", "y": "n", "mark": "pie"}]}"#,
        ]
        let expected: [(all: [String], best: String)] = [
            (["sections/0: 'date' is a required property"], "sections/0: 'date' is a required property"),
            (["sections/1: Additional properties are not allowed ('colour' was unexpected)"],
             "sections/1: Additional properties are not allowed ('colour' was unexpected)"),
            (["sections/0/type: 'timelin' is not one of ['heading', 'text', 'figures', 'timeline', 'chart', 'troops', 'displacement', 'map', 'table', 'page_break']"],
             "sections/0/type: 'timelin' is not one of ['heading', 'text', 'figures', 'timeline', 'chart', 'troops', 'displacement', 'map', 'table', 'page_break']"),
            (["sections/0/mark: 'pie' is not one of ['line', 'step', 'area', 'bar']"], "sections/0/mark: 'pie' is not one of ['line', 'step', 'area', 'bar']"),
        ]
        let all = try PythonSchemaValidator.validate(documents)
        let best = try PythonSchemaValidator.bestMatches(documents)
        for (i, e) in expected.enumerated() {
            XCTAssertEqual(all[i], e.all, documents[i])
            XCTAssertEqual(best[i], e.best, documents[i])
            XCTAssertFalse(all[i].contains { $0.contains("is not valid under any of the given schemas") }, documents[i])
        }
        XCTAssertTrue(try XCTUnwrap(best[0]).contains("'date'"), "the message names the missing key")
    }

    /// `"$schema"` at the top (how editors find a schema) is accepted by both, pointing at
    /// the schema's `$id` or a file; anything but a string is refused by both, located; and
    /// only at the top: inside a block it is an unknown key.
    func testTheSchemaKeyIsAcceptedAtTheTopOnly() throws {
        let specs = [
            #"{"$schema": "\#(SpecSchema.id)", "report": 1, "sections": [{"type": "text", "text": "t"}]}"#,
            #"{"$schema": "./report.schema.json", "report": 1, "sections": []}"#,
            #"{"report": 1,\#n "$schema": 2, "sections": []}"#,
            #"{"report": 1, "sections": [{"$schema": "x", "type": "text", "text": "t"}]}"#,
        ]
        let results = try PythonSchemaValidator.validate(specs)
        XCTAssertEqual(results[0], [])
        XCTAssertEqual(results[1], [])
        XCTAssertEqual(results[2], ["$schema: 2 is not of type 'string'"])
        XCTAssertEqual(results[3], ["sections/0: Additional properties are not allowed ('$schema' was unexpected)"])
        let decoded = try specs.map { SpecDecoder(file: "spec.json", specName: "spec").decode(try JSONTreeParser.parse(Array($0.utf8))) }
        XCTAssertEqual(decoded[0].diagnostics.map(\.description), [])
        XCTAssertNotNil(decoded[0].spec)
        XCTAssertEqual(decoded[1].diagnostics.map(\.description), [])
        XCTAssertEqual(decoded[2].diagnostics.map(\.description),
                       ["spec.json:2:13: error: \"$schema\" must be a string, the address of the spec's JSON Schema (\"\(SpecSchema.id)\"), found a number [at $schema]"])
        XCTAssertEqual(decoded[3].diagnostics.map(\.message), ["unknown key \"$schema\" in a text block"])
        // YAML specs take it too.
        let yaml = SpecDecoder(file: "spec.yaml", specName: "spec").decode(try YAMLTreeLoader.parse("$schema: \(SpecSchema.id)\nreport: 1\nsections: []\n"))
        XCTAssertEqual(yaml.diagnostics.map(\.description), [])
        // A near miss is pointed at it; the list of the report's keys does not name it.
        let typo = SpecDecoder(file: "spec.json", specName: "spec").decode(try JSONTreeParser.parse(Array(#"{"schema": "x", "colophon": 1, "report": 1, "sections": []}"#.utf8)))
        XCTAssertEqual(typo.diagnostics.map(\.suggestion), ["did you mean \"$schema\"?", "expected one of: " + SpecKeys.topLevel.dropFirst().joined(separator: ", ")])
    }

    /// Every key has a description (what editors show on hover and completion): every
    /// property of every object schema that declares its keys (`additionalProperties`), at
    /// every depth, blocks, filters, figure values and aggregates included.
    func testEveryKeyHasADescription() throws {
        var missing: [String] = [], described = 0
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                if object["additionalProperties"] != nil || path.isEmpty, let properties = object["properties"] as? [String: Any] {
                    for (key, value) in properties {
                        if let text = (value as? [String: Any])?["description"] as? String, !text.isEmpty { described += 1 } else { missing.append("\(path)/properties/\(key)") }
                    }
                }
                for (key, value) in object { walk(value, "\(path)/\(key)") }
            } else if let list = node as? [Any] {
                for (i, value) in list.enumerated() { walk(value, "\(path)/\(i)") }
            }
        }
        walk(SpecSchema.object(), "")
        XCTAssertEqual(missing.sorted(), [], "keys without a description")
        XCTAssertGreaterThan(described, 150)
    }

    func testEverySpecInTheRepositoryAgreesWithTheDecoder() throws {
        let specs = try Self.repositorySpecs()
        let results = try PythonSchemaValidator.validate(specs.map { jsonText($0.tree) })
        var decoderValid = 0, schemaInvalid = 0
        for (spec, schemaErrors) in zip(specs, results) {
            // The decoder, and what is read before it: parameters and the matrix.
            let (params, paramErrors) = Params.read(spec.tree, file: spec.path)
            let (variants, matrixErrors) = Matrix.variants(spec.tree, file: spec.path, commandLine: [], fixed: [])
            let decoderErrors = (SpecDecoder(file: spec.path, specName: "spec").decodeAll(spec.tree).diagnostics
                + paramErrors + matrixErrors + params.check(variants.flatMap(\.settings), specFile: spec.path))
                .filter { $0.severity == .error }
            if decoderErrors.isEmpty {
                decoderValid += 1
                XCTAssertEqual(schemaErrors, [], "\(spec.path): the decoder accepts it, the schema does not")
            }
            if !schemaErrors.isEmpty {
                schemaInvalid += 1
                XCTAssertFalse(decoderErrors.isEmpty, "\(spec.path): the schema refuses it (\(schemaErrors)), the decoder does not")
            }
            if decoderErrors.contains(where: { $0.message.hasPrefix("unknown key") }) {
                XCTAssertTrue(schemaErrors.contains { $0.contains("Additional properties are not allowed") || $0.contains("is not valid under any of the given schemas") },
                              "\(spec.path): an unknown key the schema does not refuse: \(schemaErrors)")
            }
        }
        XCTAssertTrue(specs.contains { $0.path == "Reports/raqqa-2017/report.json" })
        XCTAssertGreaterThanOrEqual(decoderValid, 3, "valid specs: the example and the corpus's clean cases at least")
        XCTAssertGreaterThanOrEqual(schemaInvalid, 20)
    }

    /// The example spec with one unknown key put in at each level, in turn.
    /// `"types"` takes a type name or `{"type": "date", "format": …}`; schema and decoder agree
    /// on which column types and formats are valid (the decoder alone knows that a format
    /// needs a year).
    func testTheKeysOfLastOverTroopRows() throws {
        func spec(_ value: String) -> String {
            #"{"report": 1, "data": {"t": {"values": [{"c": 1}]}}, "sections": [{"type": "figures", "items": [{"label": "l", "value": \#(value)}]}]}"#
        }
        let cases: [(value: String, valid: Bool)] = [
            (#"{"data": "t", "last": "c", "change": "d", "date": "e", "force": "f"}"#, true),
            (#"{"data": "t", "last": "c", "change": "d", "date": "e"}"#, true),
            (#"{"data": "t", "last": "c", "change": false}"#, true), (#"{"data": "t", "last": "c", "date": "e"}"#, true),
            (#"{"data": "t", "last": "c", "force": "f"}"#, true), (#"{"data": "t", "last": "c"}"#, true),
            (#"{"data": "t", "last": "c", "change": "d"}"#, false), (#"{"data": "t", "last": "c", "change": true, "date": "e"}"#, false),
            (#"{"data": "t", "last": "c", "change": 400, "date": "e"}"#, false), (#"{"data": "t", "last": "c", "change": "", "date": "e"}"#, false),
            (#"{"data": "t", "last": "c", "date": ""}"#, false), (#"{"data": "t", "last": "c", "force": 1}"#, false),
            (#"{"data": "t", "sum": "c", "date": "e"}"#, false), (#"{"data": "t", "max": "c", "change": false}"#, false),
            (#"{"data": "t", "count": true, "force": "f"}"#, false), (#"{"data": "t", "last": "c", "levels": "d"}"#, false),
        ]
        let results = try PythonSchemaValidator.validate(cases.map { spec($0.value) })
        for (c, errors) in zip(cases, results) {
            XCTAssertEqual(errors.isEmpty, c.valid, "schema on \(c.value): \(errors)")
            let tree = try JSONTreeParser.parse(Array(spec(c.value).utf8))
            let decoded = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(decoded.isEmpty, c.valid, "decoder on \(c.value): \(decoded)")
        }
    }

    func testColumnTypesWithAFormat() throws {
        func spec(_ type: String) -> String {
            #"{"report": 1, "data": {"e": {"values": [{"d": "10 March 2017"}], "types": {"d": \#(type)}}}, "sections": []}"#
        }
        let cases: [(type: String, valid: Bool)] = [
            (#""date""#, true), (#"{"type": "date"}"#, true), (#"{"type": "date", "format": "%d %B %Y"}"#, true),
            (#"{"type": "date", "format": "100%% on %e %b %y, %H:%M:%S %z"}"#, true), (#"{"type": "number"}"#, true),
            (#"{"type": "date", "format": "%d %Q %Y"}"#, false), (#"{"type": "date", "format": "%Y %"}"#, false),
            (#"{"type": "number", "format": "%Y"}"#, false), (#"{"format": "%Y"}"#, false),
            (#"{"type": "date", "fromat": "%Y"}"#, false), (#"{"type": "date", "format": 2017}"#, false),
            (#"{"type": "dates"}"#, false), (#"{"type": "date", "format": ""}"#, false),
        ]
        let results = try PythonSchemaValidator.validate(cases.map { spec($0.type) })
        for (c, errors) in zip(cases, results) {
            XCTAssertEqual(errors.isEmpty, c.valid, "schema on \(c.type): \(errors)")
            let tree = try JSONTreeParser.parse(Array(spec(c.type).utf8))
            let decoded = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(decoded.isEmpty, c.valid, "decoder on \(c.type): \(decoded)")
        }
        XCTAssertTrue(SpecSchema.json().contains("%Y %y %m %d %e %B %b %H %M %S %z %%"), "report schema names the directives")
    }

    /// `in`, `not` and `any` in filters: the schema accepts exactly what the decoder accepts.
    func testFilterFormsAreJudgedAlikeByTheSchemaAndTheDecoder() throws {
        func spec(_ filter: String) -> String {
            #"{"report": 1, "data": {"e": {"values": [{"a": "x", "d": "2017-03-01", "n": 1}]}}, "sections": [{"type": "table", "data": "e", "filter": \#(filter)}]}"#
        }
        let cases: [(filter: String, valid: Bool)] = [
            (#"{"a": {"in": ["x", 3]}}"#, true), (#"{"a": {"in": []}}"#, true), (#"{"a": {"not": "x"}}"#, true),
            (#"{"a": {"not": 3}}"#, true), (#"{"a": {"not": ["x", "y"]}}"#, true), (#"{"a": {"not": {"in": ["x"]}}}"#, true),
            (#"{"d": {"not": {"from": "2017-03"}}}"#, true), (#"{"n": {"not": {"min": 1, "max": 5}}}"#, true),
            (#"{"any": [{"a": "x"}, {"n": {"not": {"max": 0}}, "d": {"to": "2017"}}]}"#, true),
            (#"{"n": {"min": 0}, "any": [{"a": "x", "any": [{"n": 1}, {"d": "2017-03-01"}]}]}"#, true),
            // A column named "any": a value, a list of values or a condition object.
            (#"{"any": "x"}"#, true), (#"{"any": ["x", 2]}"#, true), (#"{"any": {"not": "x"}}"#, true), (#"{"any": {"in": ["x"]}}"#, true),
            (#"{"a": {"in": "x"}}"#, false), (#"{"a": {"in": [null]}}"#, false), (#"{"a": {"in": ["x"], "colour": 1}}"#, false),
            (#"{"d": {"in": ["x"], "from": "2017"}}"#, false), (#"{"a": {"not": {}}}"#, false), (#"{"a": {"not": null}}"#, false),
            (#"{"a": {"not": {"not": "x"}}}"#, false), (#"{"a": {"not": "x", "in": ["y"]}}"#, false),
            (#"{"d": {"not": {"from": "2017", "max": 2}}}"#, false), (#"{"a": {"not": {"after": "x"}}}"#, false),
            (#"{"any": []}"#, false), (#"{"any": [{}]}"#, false), (#"{"any": [{"a": "x"}, "y"]}"#, false),
            (#"{"any": [{"a": {"nto": "x"}}]}"#, false), (#"{"any": [{"a": true}]}"#, false), (#"{"any": [[{"a": "x"}]]}"#, false),
        ]
        let results = try PythonSchemaValidator.validate(cases.map { spec($0.filter) })
        for (c, errors) in zip(cases, results) {
            XCTAssertEqual(errors.isEmpty, c.valid, "schema on \(c.filter): \(errors)")
            let tree = try JSONTreeParser.parse(Array(spec(c.filter).utf8))
            let decoded = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(decoded.isEmpty, c.valid, "decoder on \(c.filter): \(decoded)")
        }
    }

    func testTheSchemaRejectsUnknownKeysAtEveryLevel() throws {
        let text = try String(contentsOfFile: Self.root + "/Reports/raqqa-2017/report.json", encoding: .utf8)
        let example = try JSONTreeParser.parse(Array(text.utf8))
        XCTAssertEqual(try PythonSchemaValidator.validate([jsonText(example)]), [[]], "the example itself must be valid")

        // Paths into the example (object keys and array indices) where an unknown key can go.
        var places: [[String]] = [[], ["page"], ["theme"], ["data", "events"], ["outputs", "0"],
                                  ["sections", "0", "items", "0"], ["sections", "0", "items", "0", "value"],
                                  ["sections", "3", "range"], ["sections", "3", "annotations", "0"]]
        for (i, _) in (example["sections"]?.elements ?? []).enumerated() { places.append(["sections", "\(i)"]) }
        // Blocks the example lacks, and filter conditions, added first, then given a stray key.
        let extras = """
        [{"type": "heading", "text": "h"}, {"type": "page_break"},
         {"type": "chart", "data": "events", "x": "date", "y": "fatalities"},
         {"type": "table", "data": "events", "filter": {"date": {"from": "2017-03-01"}, "fatalities": {"min": 1}}},
         {"type": "table", "data": "events", "filter": {"actor": {"in": ["SDF"]}, "date": {"not": {"to": "2017-03"}},
                                                        "any": [{"actor": {"not": "IS"}}]}}]
        """
        let extraBlocks = try JSONTreeParser.parse(Array(extras.utf8)).elements!
        var base = example
        base = inserting(base, at: ["sections"], values: extraBlocks)
        let count = base["sections"]!.elements!.count
        for i in (count - extraBlocks.count)..<count { places.append(["sections", "\(i)"]) }
        places.append(["sections", "\(count - 2)", "filter", "date"])
        places.append(["sections", "\(count - 2)", "filter", "fatalities"])
        places.append(["sections", "\(count - 1)", "filter", "actor"])
        places.append(["sections", "\(count - 1)", "filter", "date"])
        places.append(["sections", "\(count - 1)", "filter", "date", "not"])
        places.append(["sections", "\(count - 1)", "filter", "any", "0", "actor"])
        XCTAssertEqual(try PythonSchemaValidator.validate([jsonText(base)]), [[]], "the example with the extra blocks must be valid")

        let mutated = places.map { adding(key: "colour", to: base, at: $0) }
        let results = try PythonSchemaValidator.validate(mutated.map(jsonText))
        for (place, errors) in zip(places, results) {
            XCTAssertFalse(errors.isEmpty, "the schema accepts an unknown key at \(place.joined(separator: "."))")
        }
        for (place, tree) in zip(places, mutated) {
            let diagnostics = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics
            XCTAssertTrue(diagnostics.contains { $0.message.hasPrefix("unknown key \"colour\"") },
                          "the decoder accepts an unknown key at \(place.joined(separator: ".")): \(diagnostics)")
        }
    }

    /// Thousands of random specs (see `SpecGenerator`) judged by both: they must never
    /// disagree in the direction that would hurt a user (the schema refusing a spec that
    /// renders, or passing one whose keys or types the decoder refuses).
    func testRandomSpecsAreJudgedAlikeByTheSchemaAndTheDecoder() throws {
        var trees: [SpecNode] = []
        for seed in 0..<2000 { trees.append(SpecGenerator(seed: 100_000 + UInt64(seed), wrongness: seed % 2 == 0 ? 0.02 : 0.1).spec()) }
        let results = try PythonSchemaValidator.validate(trees.map(jsonText))
        var bothValid = 0, bothInvalid = 0
        for (i, (tree, schemaErrors)) in zip(trees, results).enumerated() {
            let errors = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics.filter { $0.severity == .error }
            if errors.isEmpty {
                XCTAssertEqual(schemaErrors, [], "tree \(i): decoder-valid but schema-invalid:\n\(jsonText(tree))")
                bothValid += 1
            } else if !schemaErrors.isEmpty {
                bothInvalid += 1
            } else {
                // Only checks JSON Schema cannot state may be the decoder's alone.
                let schemaBlind = ["duplicate", "already written", "no block has id", "no data source named", "runs backwards",
                                   "is not a day", "leaves no room", "over the limit of 100 million pixels",
                                   "date format \""]
                for e in errors where !schemaBlind.contains(where: { e.message.contains($0) }) {
                    XCTFail("tree \(i): the schema accepts what the decoder refuses: \(e)\n\(jsonText(tree))")
                }
            }
        }
        XCTAssertGreaterThan(bothValid, 100)
        XCTAssertGreaterThan(bothInvalid, 100)
    }

    /// Random filters in every form (`in`, `not`, `any`, a column named "any"), on a block of
    /// an otherwise valid spec: the schema and the decoder must agree both ways.
    func testRandomFiltersAreJudgedAlikeByTheSchemaAndTheDecoder() throws {
        let base = try JSONTreeParser.parse(Array(#"{"report": 1, "data": {"events": {"values": []}}, "sections": [{"type": "table", "data": "events"}]}"#.utf8))
        var trees: [SpecNode] = []
        for seed in 0..<800 {
            let filter = SpecGenerator(seed: 200_000 + UInt64(seed), wrongness: seed % 2 == 0 ? 0.03 : 0.12).filterInEveryForm()
            var tree = base
            guard case .object(var members) = tree.value, case .array(var blocks) = members[2].value.value,
                  case .object(var block) = blocks[0].value else { return XCTFail("the base spec changed") }
            block.append(SpecMember(key: "filter", keyPosition: base.position, value: filter))
            blocks[0].value = .object(block)
            members[2].value.value = .array(blocks)
            tree.value = .object(members)
            trees.append(tree)
        }
        let results = try PythonSchemaValidator.validate(trees.map(jsonText))
        var valid = 0
        for (i, (tree, schemaErrors)) in zip(trees, results).enumerated() {
            // A backwards range and an impossible day are the decoder's alone to see.
            let errors = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree).diagnostics
                .filter { $0.severity == .error && !$0.message.contains("runs backwards") && !$0.message.contains("is not a day") }
            XCTAssertEqual(errors.isEmpty, schemaErrors.isEmpty, "filter \(i): decoder \(errors), schema \(schemaErrors):\n\(jsonText(tree))")
            if errors.isEmpty { valid += 1 }
        }
        XCTAssertGreaterThan(valid, 100)
        XCTAssertGreaterThan(trees.count - valid, 100)
    }

    // MARK: Tree editing

    private func adding(key: String, to node: SpecNode, at path: [String]) -> SpecNode {
        var node = node
        guard let first = path.first else {
            if case .object(var members) = node.value {
                members.append(SpecMember(key: key, keyPosition: node.position, value: SpecNode(.number(1, literal: "1"), at: node.position)))
                node.value = .object(members)
            }
            return node
        }
        let rest = Array(path.dropFirst())
        switch node.value {
        case .object(var members):
            if let i = members.firstIndex(where: { $0.key == first }) { members[i].value = adding(key: key, to: members[i].value, at: rest) }
            node.value = .object(members)
        case .array(var items):
            if let i = Int(first), items.indices.contains(i) { items[i] = adding(key: key, to: items[i], at: rest) }
            node.value = .array(items)
        default: break
        }
        return node
    }

    private func inserting(_ node: SpecNode, at path: [String], values: [SpecNode]) -> SpecNode {
        var node = node
        guard case .object(var members) = node.value, let i = members.firstIndex(where: { $0.key == path[0] }),
              case .array(let items) = members[i].value.value else { return node }
        members[i].value.value = .array(items + values)
        node.value = .object(members)
        return node
    }
}
