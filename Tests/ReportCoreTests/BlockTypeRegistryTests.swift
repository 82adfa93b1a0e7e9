import Foundation
import XCTest
@testable import ReportCore

/// Every registered block type is consistent: its keys, their schema, `report schema` and the
/// decoder all say the same, from the one registry entry (`BlockTypes.all`).
final class BlockTypeRegistryTests: XCTestCase {
    /// The compiler makes each type complete; this makes sure each is in the registry: every
    /// type declared under `Sources/ReportCore/Blocks/` conforming to `BlockType` (directly
    /// or through `TextKeyBlock`) has its line in `BlockTypes.all`, and nothing else does.
    func testEveryBlockTypeInTheSourcesIsRegistered() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ReportCore/Blocks").path
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: folder)).filter { $0.hasSuffix(".swift") }
        let declaration = try NSRegularExpression(pattern: #"^(?:public )?(?:enum|struct|final class) (\w+): (?:BlockType|TextKeyBlock)\b"#, options: .anchorsMatchLines)
        var declared: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
            for match in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declared.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        XCTAssertGreaterThanOrEqual(declared.count, 9)
        XCTAssertEqual(declared, Set(BlockTypes.all.map { String(describing: $0.swiftType) }), "a block type is declared but not registered in BlockTypes.all (or the other way round)")
    }

    func testNamesAndKeysAreUniqueAndEveryKeyHasASchema() {
        let types = BlockTypes.all
        XCTAssertEqual(Set(types.map(\.name)).count, types.count, "two block types share a name")
        for type in types {
            let names = type.keys.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(type.name) lists a key twice")
            XCTAssertEqual(Set(names).intersection(SpecKeys.commonBlock), [], "\(type.name) lists a key every block takes")
            for key in type.keys {
                XCTAssertFalse(key.schema.isEmpty, "\(type.name).\(key.name) has an empty schema")
                XCTAssertTrue(JSONSerialization.isValidJSONObject(key.schema), "\(type.name).\(key.name): its schema is not JSON")
            }
            XCTAssertTrue(type.requiredKeys.allSatisfy(names.contains))
            XCTAssertEqual(type.readsData, names.contains("data"))
            if type.readsData { XCTAssertTrue(type.requiredKeys.contains("data"), "\(type.name) reads data without requiring it") }
            XCTAssertEqual(SpecKeys.blockKeys(type.name), SpecKeys.commonBlock + names)
            XCTAssertEqual(SpecKeys.requiredBlockKeys(type.name), type.requiredWhenAlone)
        }
        XCTAssertEqual(SpecKeys.blockTypes.map(\.type), types.map(\.name))
    }

    /// `report schema` has one `if`/`then` per registered type, in registry order: the
    /// condition is the type's `type` word, and the schema it applies has exactly the type's
    /// keys (each with the type's schema, each described) and its required keys.
    func testReportSchemaListsEveryBlockTypeWithItsKeys() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(SpecSchema.json().utf8)) as? [String: Any])
        let defs = try XCTUnwrap(json["$defs"] as? [String: Any])
        let block = try XCTUnwrap(defs["block"] as? [String: Any])
        let typeEnum = try XCTUnwrap((block["properties"] as? [String: Any])?["type"] as? [String: Any])
        XCTAssertEqual(typeEnum["enum"] as? [String], BlockTypes.all.map(\.name))
        XCTAssertNil(block["oneOf"], "blocks are told apart by type, not tried one by one")
        let pairs = try XCTUnwrap(block["allOf"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, BlockTypes.all.count)
        for (pair, type) in zip(pairs, BlockTypes.all) {
            let condition = try XCTUnwrap(pair["if"] as? [String: Any])
            XCTAssertEqual(condition["required"] as? [String], ["type"], type.name)
            XCTAssertEqual(((condition["properties"] as? [String: Any])?["type"] as? [String: Any])?["const"] as? String, type.name)
            let variant = try XCTUnwrap(pair["then"] as? [String: Any])
            XCTAssertEqual(variant["additionalProperties"] as? Bool, false, type.name)
            let properties = try XCTUnwrap(variant["properties"] as? [String: Any])
            XCTAssertEqual((properties["type"] as? [String: Any])?["const"] as? String, type.name)
            XCTAssertEqual(Set(properties.keys), Set(type.allKeys), type.name)
            for key in type.keys {
                let written = try JSONSerialization.data(withJSONObject: try XCTUnwrap(properties[key.name]), options: .sortedKeys)
                XCTAssertEqual(written, try JSONSerialization.data(withJSONObject: key.schema, options: .sortedKeys), "\(type.name).\(key.name)")
                XCTAssertFalse((key.schema["description"] as? String ?? "").isEmpty, "\(type.name).\(key.name) has no description")
            }
            XCTAssertEqual(variant["required"] as? [String], ["type"] + type.requiredKeys, type.name)
            XCTAssertEqual((variant["allOf"] as? [Any])?.count ?? 0, type.schemaRules.count, type.name)
        }
    }

    /// The decoder takes every key a type lists, refuses others (naming the type's keys),
    /// reports each required key that is missing, and keeps the block with its type.
    func testTheDecoderAcceptsExactlyTheListedKeysAndRequiresTheRequiredOnes() throws {
        for type in BlockTypes.all {
            // Every listed key written (values of any kind): none is unknown.
            let all = type.keys.map { "\"\($0.name)\": null" }.joined(separator: ", ")
            let everything = try decode("{\"type\": \"\(type.name)\"\(all.isEmpty ? "" : ", " + all)}")
            XCTAssertEqual(everything.diagnostics.filter { $0.message.hasPrefix("unknown key") }.map(\.message), [], type.name)
            // An unlisted key: refused.
            let extra = try decode("{\"type\": \"\(type.name)\", \"colour\": \"red\"}")
            XCTAssertTrue(extra.diagnostics.contains { $0.message == "unknown key \"colour\" in a \(type.name) block" }, "\(type.name): \(extra.diagnostics)")
            // Nothing but the type: each required key missing, no other key said to be.
            let bare = try decode("{\"type\": \"\(type.name)\"}")
            let missing = bare.diagnostics.compactMap { d -> String? in
                guard d.message.hasPrefix("missing required key \"") else { return nil }
                return d.message.split(separator: "\"")[1].description
            }
            XCTAssertEqual(missing, type.requiredWhenAlone, type.name)
            if type.requiredKeys.isEmpty {
                XCTAssertEqual(bare.spec?.sections.map(\.kind.typeName), [type.name], "\(type.name): a block with no required keys is kept")
            }
        }
    }

    private func decode(_ block: String) throws -> (spec: ReportSpec?, diagnostics: [Diagnostic]) {
        let json = "{\"report\": 1, \"data\": {\"d\": {\"values\": []}}, \"sections\": [\(block)]}"
        return SpecDecoder(file: "t.json", specName: "t").decode(try JSONTreeParser.parse(Array(json.utf8)))
    }
}
