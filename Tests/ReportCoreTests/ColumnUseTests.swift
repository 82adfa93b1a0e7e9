import ReportTestSupport
import Foundation
import XCTest
@testable import ReportCore

/// Only the columns some part of the spec reads keep their cells (`ColumnUse`): the column
/// names all stay, and what is kept is what a full read keeps, code for code.
final class ColumnUseTests: XCTestCase {
    /// Every `FieldRef` in a value, found by reflection, however deep (optionals, arrays,
    /// tuples and enum payloads included).
    private func fieldRefs(in value: Any) -> [FieldRef] {
        if let field = value as? FieldRef { return [field] }
        return Mirror(reflecting: value).children.flatMap { fieldRefs(in: $0.value) }
    }

    private func reported(_ uses: ColumnsRead) -> [FieldRef] {
        (uses.own + uses.others.flatMap(\.columns)).compactMap { $0 }
    }

    /// Each type's `columnsRead` names every column its decoded keys hold: over thousands of
    /// random specs, every `FieldRef` reflection finds in a block's keys is reported (bar a
    /// figure's `data`, which names a source). A type that gains a column key and forgets to
    /// report it fails here.
    func testEveryBlockTypeReportsEveryFieldItsKeysHold() {
        var seen: [String: Set<String>] = [:]  // type → keys whose FieldRef was checked
        for seed in 0..<3000 {
            let tree = SpecGenerator(seed: 300_000 + UInt64(seed), wrongness: 0).spec()
            let (spec, _) = SpecDecoder(file: "spec.json", specName: "spec").decodeAll(tree)
            for block in spec.sections {
                let found = fieldRefs(in: block.kind.value.specValue)
                let uses = block.kind.value.columnsRead
                let listed = Set(reported(uses))
                for field in found {
                    let key = String(field.path.dropFirst(block.path.count)).replacingOccurrences(of: "\\[\\d+\\]", with: "[]", options: .regularExpression)
                    if block.kind.typeName == "figures", field.path.hasSuffix(".data") {
                        XCTAssertTrue(uses.others.contains { $0.source == field.name }, "seed \(seed): figure source \(field.name) not reported")
                        continue
                    }
                    seen[block.kind.typeName, default: []].insert(key)
                    XCTAssertTrue(listed.contains(field) || uses.allOwn,
                                  "seed \(seed): \(block.kind.typeName) does not report the column at \(field.path) (\(field.name))")
                }
            }
        }
        // The generator reached the column keys of every type that reads data.
        for type in BlockTypes.all where type.readsData {
            for key in type.keys where (key.schema["$ref"] as? String) == "#/$defs/field" {
                XCTAssertTrue(seen[type.name, default: []].contains { $0.hasSuffix(".\(key.name)") },
                              "no random \(type.name) block had \"\(key.name)\": \(seen[type.name, default: []].sorted())")
            }
        }
        XCTAssertFalse(seen["figures", default: []].isEmpty, "no figure computed from a source was checked")
    }

    private let sixColumns = "date,event_type,actor,location,fatalities,source\n"
        + "2017-03-01,Battle,SDF,Raqqa,3,SOHR\n"
        + "2017-03-02,Airstrike,Coalition,\"Tabqa, dam\",0,Airwars\n"
        + "2017-03-09,Battle,IS,Raqqa,12,SOHR\n"
        + "2017-03-10,Battle,SDF,Raqqa,,\"Reuters, \"\"wire\"\"\"\n"

    private func load(_ spec: String, csv: String? = nil) throws -> ReportLoader.Loaded {
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        world.add("report.json", text: spec)
        world.add("events.csv", text: csv ?? sixColumns)
        do { return try ReportLoader(world: world).load("report.json") } catch { throw error }
    }

    private func spec(_ blocks: String, source: String = "") -> String {
        """
        {"report": 1, "title": "T", "data": {"e": {"file": "events.csv"\(source)}},
         "sections": [\(blocks)], "outputs": [{"file": "out/a.png"}]}
        """
    }

    /// The weekly chart reads two of six columns, and `source` for its "Sources:" line.
    func testAChartOfTwoColumnsKeepsThoseAndItsSources() throws {
        let loaded = try load(spec(#"{"type": "chart", "data": "e", "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "event_type", "stack": true}"#))
        let table = try XCTUnwrap(loaded.tables["e"])
        XCTAssertEqual(table.columnNames, ["date", "event_type", "actor", "location", "fatalities", "source"])
        XCTAssertEqual(table.unreadColumns, ["actor", "location", "fatalities"])
        let full = try CSVReader.read(Array(sixColumns.utf8), delimiter: 0x2C)
        for (c, name) in table.columnNames.enumerated() {
            if table.unreadColumns.contains(name) {
                XCTAssertTrue(table.columns[c].codes.isEmpty && table.columns[c].values.isEmpty, name)
            } else {
                XCTAssertEqual(table.columns[c], full.columns[c], name)
            }
        }
        XCTAssertEqual(loaded.blocks[0].sources, ["SOHR", "Airwars", "Reuters, \"wire\""])
    }

    /// A table without `columns` shows every column, so it keeps them all; with `columns`,
    /// those and its sort keys.
    func testATableWithoutColumnsKeepsAll() throws {
        var table = try XCTUnwrap(try load(spec(#"{"type": "table", "data": "e"}"#)).tables["e"])
        XCTAssertEqual(table.unreadColumns, [])
        XCTAssertTrue(table.columns.allSatisfy { $0.count == 4 })
        table = try XCTUnwrap(try load(spec(#"{"type": "table", "data": "e", "columns": ["actor"], "sort": ["-fatalities"], "sources": false}"#)).tables["e"])
        XCTAssertEqual(table.unreadColumns, ["date", "event_type", "location", "source"])
    }

    /// Filters (block and source, `not` and `any`), declared types and another `sources`
    /// column are read too; a figure reads its own source's columns, with its block's filter.
    func testFiltersTypesSourcesAndFiguresAreRead() throws {
        let s = """
            {"report": 1, "title": "T",
             "data": {"e": {"file": "events.csv", "types": {"fatalities": "number"},
                            "filter": {"any": [{"actor": {"not": "IS"}}, {"location": "Raqqa"}]}},
                      "f": {"file": "events.csv"}},
             "sections": [
               {"type": "timeline", "data": "e", "date": "date", "sources": "event_type"},
               {"type": "figures", "filter": {"source": "SOHR"}, "items": [{"label": "dead", "value": {"data": "f", "sum": "fatalities"}}]}],
             "outputs": [{"file": "out/a.pdf"}]}
            """
        let loaded = try load(s)
        XCTAssertEqual(loaded.tables["e"]?.unreadColumns, ["source"])
        XCTAssertEqual(loaded.tables["f"]?.unreadColumns, ["date", "event_type", "actor", "location"])
    }

    /// A column no block reads is never typed, and its name is still offered: a misspelt
    /// column is answered with "did you mean", the names listed in full.
    func testUnreadColumnsStayNamedInMessages() throws {
        XCTAssertThrowsError(try load(spec(#"{"type": "chart", "data": "e", "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "evnt_type"}"#))) { error in
            let text = (error as? DiagnosticList)?.diagnostics.map { "\($0.message) \($0.suggestion ?? "")" }.joined(separator: "\n") ?? "\(error)"
            XCTAssertTrue(text.contains("\"event_type\""), text)
        }
        // A bad number in a column no one reads is no error (as before: nothing typed it).
        XCTAssertNoThrow(try load(spec(#"{"type": "timeline", "data": "e", "date": "date"}"#),
                                  csv: "date,fatalities\n2017-03-01,many\n"))
    }

    /// The reader keeps the chosen columns exactly as a full read does, on one thread or
    /// several, and still refuses what it refused: ragged rows, bad quotes, bad UTF-8 in a
    /// column it does not keep.
    func testTheReaderKeepsChosenColumnsAndStillChecksTheOthers() throws {
        var text = "a,b,c\n"
        for i in 0..<3000 { text += "\(i % 7),\(i % 2 == 0 ? "x\(i % 5)" : "y"),\(i % 11)\n" }
        let bytes = Array(text.utf8)
        let full = try CSVReader.read(bytes, delimiter: 0x2C, threads: 1, minimumPart: 1 << 40)
        for threads in [1, 3] {
            let some = try CSVReader.read(bytes, delimiter: 0x2C, threads: threads, minimumPart: 64, keeping: ["a", "c"])
            XCTAssertEqual(some.header, full.header)
            XCTAssertEqual(some.rowLines, full.rowLines)
            XCTAssertEqual(some.columns[0], full.columns[0])
            XCTAssertEqual(some.columns[2], full.columns[2])
            XCTAssertEqual(some.columns[1], Column(values: [], codes: []))
            XCTAssertEqual(some.unread, ["b"])
        }
        func messages(_ text: String) -> [String] {
            do throws(DiagnosticList) { _ = try CSVReader.read(Array(text.utf8), delimiter: 0x2C, keeping: ["a"]); return [] }
            catch { return error.diagnostics.map { "\($0.position?.line ?? 0): \($0.message)" } }
        }
        XCTAssertEqual(messages("a,b\n1,2,3\n"), ["2: expected 2 fields as in the header, found 3"])
        XCTAssertEqual(messages("a,b\n1,\"multi\nline \"\"q\"\"\"\n2,x\"y\n"), ["4: column \"b\": stray quote in an unquoted field"])
        var bad = Array("a,b\n1,".utf8); bad += [0xC3, 0x28]; bad += Array("\n".utf8)
        do throws(DiagnosticList) { _ = try CSVReader.read(bad, delimiter: 0x2C, keeping: ["a"]); XCTFail("bad UTF-8 in an unread column was taken") }
        catch { XCTAssertEqual(error.diagnostics.map(\.message), ["column \"b\": invalid UTF-8"]) }
        // Quoted fields in an unread column are split right: the kept column is as a full read's.
        let quoted = Array("a,b\n1,\"x,\ny\"\n2,\"\"\"\"\n".utf8)
        XCTAssertEqual(try CSVReader.read(quoted, delimiter: 0x2C, keeping: ["a"]).columns[0],
                       try CSVReader.read(quoted, delimiter: 0x2C).columns[0])
    }
}
