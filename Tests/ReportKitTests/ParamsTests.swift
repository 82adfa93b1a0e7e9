import Foundation
import ReportKit
@testable import ReportCore
import ReportTestSupport
import XCTest

/// Parameters, `extends`, text files, matrices and shards, compiled in memory.
final class ParamsTests: XCTestCase {
    private let events = """
    date,place,type
    2017-02-28,Raqqa,battle
    2017-03-06,Raqqa,battle
    2017-03-07,Tabqa,shelling
    2017-03-12,Raqqa,shelling
    2017-03-13,Raqqa,battle
    """

    private let template = """
    {"report": 1,
     "params": {"week": {"type": "date", "default": "2017-03-06"},
                "place": {"type": "string", "default": "Raqqa"},
                "top": {"type": "number", "default": 10}},
     "title": "{{place}}, week {{week | %-V}} ({{week | %-d %b}} to {{week + 6d | %-d %b %Y}})",
     "as_of": "{{week + 6d}}",
     "data": {"events": {"file": "events.csv"}},
     "sections": [{"id": "t", "type": "table", "data": "events", "limit": "{{top}}",
                   "filter": {"place": "{{place}}", "date": {"from": "{{week}}", "to": "{{as_of}}"}}}],
     "outputs": [{"file": "out/{{place}}-{{week}}.svg", "block": "t"}]}
    """

    private func world(_ files: [String: String]) -> MemoryWorld {
        var world = MemoryWorld(workingDirectory: "/r", fontsDirectory: Fixtures.fonts)
        for (path, text) in files { world.add(path, text: text) }
        return world
    }

    private func batch(_ files: [String: String], _ options: CompileOptions = CompileOptions(), specs: [String] = ["report.json"]) -> [BatchItem] {
        ReportCompiler(world: world(files)).compileBatch(specs, options: options)
    }

    private func messages(_ items: [BatchItem]) -> [String] {
        items.flatMap { item -> [String] in
            guard case .failure(.diagnostics(let list)) = item.result else { return [] }
            return list.map(\.description)
        }
    }

    private func report(_ item: BatchItem, file: StaticString = #filePath, line: UInt = #line) throws -> CompiledReport {
        switch item.result {
        case .success(let r): return r
        case .failure(let f): XCTFail("\(f)", file: file, line: line); throw f
        }
    }

    /// The rows the table drew: the text of its SVG's cells.
    private func rows(_ report: CompiledReport) -> Int {
        let svg = String(decoding: report.files[0].bytes, as: UTF8.self)
        return ["2017-02-28", "2017-03-06", "2017-03-07", "2017-03-12", "2017-03-13"].filter { date in svg.contains(Self.glyphsOf(date)) || svg.contains(date) }.count
    }
    private static func glyphsOf(_ s: String) -> String { s }

    func testDefaultsSetAndParamsFileFillTitlesFiltersAndPaths() throws {
        let files = ["report.json": template, "events.csv": events]
        let defaults = try report(batch(files)[0])
        XCTAssertEqual(defaults.spec.title, "Raqqa, week 10 (6 Mar to 12 Mar 2017)")
        XCTAssertEqual(defaults.spec.asOf?.startDay.isoString, "2017-03-12")
        XCTAssertEqual(defaults.files.map(\.path), ["/r/out/Raqqa-2017-03-06.svg"])
        XCTAssertEqual(defaults.spec.sections[0].filter.map { "\($0)" }?.contains("Raqqa"), true)

        var options = CompileOptions()
        options.settings = [ParamSetting(name: "week", text: "2017-02-27", origin: "--set week=2017-02-27"),
                            ParamSetting(name: "top", text: "1", origin: "--set top=1")]
        let earlier = try report(batch(files, options)[0])
        XCTAssertEqual(earlier.spec.title, "Raqqa, week 9 (27 Feb to 5 Mar 2017)")
        XCTAssertEqual(earlier.files.map(\.path), ["/r/out/Raqqa-2017-02-27.svg"])

        var fromFile = CompileOptions()
        fromFile.paramsFile = "week.yaml"
        let tabqa = try report(batch(files.merging(["week.yaml": "place: Tabqa\nweek: 2017-03-06\n"]) { $1 }, fromFile)[0])
        XCTAssertEqual(tabqa.files.map(\.path), ["/r/out/Tabqa-2017-03-06.svg"])
        XCTAssertEqual(tabqa.spec.title, "Tabqa, week 10 (6 Mar to 12 Mar 2017)")
    }

    func testAPlaceholderAloneKeepsItsValuesType() throws {
        let files = ["report.json": template, "events.csv": events]
        let table = try report(batch(files)[0]).spec.sections[0]
        XCTAssertTrue("\(table)".contains("limit: Optional(10)") || "\(table)".contains("10"), "\(table)")
        var options = CompileOptions()
        options.settings = [ParamSetting(name: "top", text: "ten", origin: "--set top=ten")]
        XCTAssertEqual(messages(batch(files, options)),
                       ["error: --set top=ten: parameter \"top\" must be a number, found \"ten\" (declared at report.json:4:13)"])
    }

    func testAMatrixRendersEveryValueAndAShardItsShare() throws {
        let spec = template.replacingOccurrences(of: "\"title\"", with: "\"matrix\": {\"place\": [\"Raqqa\", \"Tabqa\", \"Deir ez-Zor\"]}, \"title\"")
        let files = ["report.json": spec, "events.csv": events]
        let all = batch(files, CompileOptions(jobs: 2))
        XCTAssertEqual(all.map(\.variant.label), ["place=Raqqa", "place=Tabqa", "place=Deir ez-Zor"])
        let reports = try all.map { try report($0) }
        XCTAssertEqual(reports.map { $0.files[0].path }, ["/r/out/Raqqa-2017-03-06.svg", "/r/out/Tabqa-2017-03-06.svg", "/r/out/Deir ez-Zor-2017-03-06.svg"])
        XCTAssertEqual(reports.map { $0.spec.title ?? "" }, ["Raqqa, week 10 (6 Mar to 12 Mar 2017)", "Tabqa, week 10 (6 Mar to 12 Mar 2017)",
                                                            "Deir ez-Zor, week 10 (6 Mar to 12 Mar 2017)"])
        // One thread or two, the same bytes.
        let serial = batch(files, CompileOptions(jobs: 1))
        for (a, b) in zip(all, serial) { XCTAssertEqual(try report(a).files[0].bytes, try report(b).files[0].bytes) }

        var first = CompileOptions(), second = CompileOptions()
        first.shard = try Shard.parse("1/2").get()
        second.shard = try Shard.parse("2/2").get()
        XCTAssertEqual(batch(files, first).map(\.variant.label), ["place=Raqqa", "place=Deir ez-Zor"])
        XCTAssertEqual(batch(files, second).map(\.variant.label), ["place=Tabqa"])

        var fixed = CompileOptions()
        fixed.settings = [ParamSetting(name: "place", text: "Tabqa", origin: "--set place=Tabqa")]
        XCTAssertEqual(batch(files, fixed).map { try? report($0).files[0].path }, ["/r/out/Tabqa-2017-03-06.svg"])

        var commandLine = CompileOptions()
        commandLine.matrix = [("week", ["2017-02-27", "2017-03-06"])]
        XCTAssertEqual(batch(files, commandLine).count, 6)
    }

    func testVariantsWritingOneFileAreAnErrorAtTheOutput() {
        let spec = template.replacingOccurrences(of: "\"title\"", with: "\"matrix\": {\"place\": [\"Raqqa\", \"Tabqa\"]}, \"title\"")
            .replacingOccurrences(of: "out/{{place}}-{{week}}.svg", with: "out/brief.svg")
        XCTAssertEqual(messages(batch(["report.json": spec, "events.csv": events])),
                       ["report.json:10:23: error: out/brief.svg would be written 2 times, by place=Raqqa, place=Tabqa (put a parameter in the file name, such as \"out/brief-{{place}}.svg\") [at outputs[0].file]"])
    }

    func testExtendsMergesTheHouseStyleUnderTheSpec() throws {
        let house = """
        {"author": "Desk", "marking": "SECRET", "page": {"size": "A4", "margin": 20},
         "theme": {"colors": {"SDF": "#d4a017"}},
         "data": {"events": {"file": "data/events.csv"}},
         "sections": [{"type": "heading", "text": "from the house"}]}
        """
        let spec = """
        {"report": 1, "extends": "../house/house.json", "marking": null,
         "page": {"orientation": "portrait"}, "theme": {"colors": {"IS": "#000000"}},
         "sections": [{"id": "t", "type": "table", "data": "events"}]}
        """
        var options = CompileOptions(encode: false)
        options.root = "/r"
        let items = ReportCompiler(world: world(["brief/report.json": spec, "house/house.json": house, "house/data/events.csv": events]))
            .compileBatch(["brief/report.json"], options: options)
        let r = try report(items[0])
        XCTAssertEqual(r.spec.author, "Desk")
        XCTAssertNil(r.spec.marking, "null removes what the base set")
        XCTAssertEqual(r.spec.page.size.width, 595.28, accuracy: 0.01, "A4 from the house, portrait from the spec")
        XCTAssertEqual(r.spec.page.margin, 20)
        XCTAssertEqual(Set(r.spec.theme.colors.keys), ["SDF", "IS"], "objects merge key by key")
        XCTAssertEqual(r.spec.sections.map(\.kind.typeName), ["table"], "arrays replace")
        XCTAssertEqual(r.spec.data.first?.file, "../house/data/events.csv", "the house's data files are relative to the house")

        // A mistake in the house is reported in the house; outside the sandbox, at the spec.
        let broken = house.replacingOccurrences(of: "\"margin\": 20", with: "\"margni\": 20")
        XCTAssertEqual(messages(ReportCompiler(world: world(["brief/report.json": spec, "house/house.json": broken, "house/data/events.csv": events]))
            .compileBatch(["brief/report.json"], options: options)),
                       ["house/house.json:1:64: error: unknown key \"margni\" in page (did you mean \"margin\"?) [at page.margni]"])
        XCTAssertEqual(messages(ReportCompiler(world: world(["brief/report.json": spec, "house/house.json": house, "house/data/events.csv": events]))
            .compileBatch(["brief/report.json"], options: CompileOptions(encode: false))).first,
                       "brief/report.json:1:26: error: extends refused: \"../house/house.json\" leads outside the allowed folder /r/brief (to /r/house/house.json); paths must stay inside it unless --root DIR names a wider folder [at extends]")
    }

    func testExtendsCyclesAreNamedWithEveryFile() {
        let items = batch(["report.json": "{\"report\": 1, \"extends\": \"a.yaml\", \"sections\": []}",
                           "a.yaml": "extends: report.json\n"])
        XCTAssertEqual(messages(items), ["a.yaml:1:10: error: \"extends\" makes a cycle: report.json → a.yaml → report.json (a base must not extend, directly or not, the spec that extends it) [at extends]"])
    }

    func testTextFromAFileIsSubstitutedAndItsMistakesLocatedThere() throws {
        let spec = """
        {"report": 1, "params": {"place": {"type": "string", "default": "Raqqa"}},
         "sections": [{"type": "text", "text": {"file": "notes/week.md"}}]}
        """
        let r = try report(batch(["report.json": spec, "notes/week.md": "\u{FEFF}In **{{place}}**:\r\n\r\n- one\r\n"])[0])
        XCTAssertEqual(r.spec.sections[0].kind.spec(TextBlock.self), "In **Raqqa**:\n\n- one")
        XCTAssertEqual(messages(batch(["report.json": spec, "notes/week.md": "line one\nthen {{plcae}} here\n"])),
                       ["notes/week.md:2:6: error: {{plcae}}: unknown parameter \"plcae\"; known: place (did you mean \"place\"?) [at sections[0].text]"])
        XCTAssertEqual(messages(batch(["report.json": spec])),
                       ["report.json:2:40: error: no such file \"notes/week.md\" (the text file, looked for at /r/notes/week.md) [at sections[0].text]"])
    }

    func testParameterMistakesAreLocated() {
        let spec = """
        {"report": 1,
         "params": {"week": {"type": "day"}, "n": {"type": "number", "default": "5"}, "w": {"type": "date"}},
         "title": "{{wek}} {{w + 7}} {{n - 1d}} {{w | %Q}} {{w",
         "sections": []}
        """
        XCTAssertEqual(messages(batch(["report.json": spec])), [
            "report.json:2:30: error: \"type\" must be one of \"date\", \"string\", \"number\", \"list\", found \"day\" [at params.week.type]",
            "report.json:2:73: error: the default of parameter \"n\" must be a number, found \"5\" [at params.n.default]",
            "report.json:2:79: error: parameter \"w\" has no value: give it a \"default\", or pass --set w=YYYY-MM-DD [at params.w]",
            "report.json:3:11: error: {{wek}}: unknown parameter \"wek\"; known: n, w [at title]",
            "report.json:3:11: error: \"{{\" is not closed by \"}}\" in \"{{w\" (write {{{{ for a literal {{) [at title]",
        ])
        var options = CompileOptions()
        options.settings = [ParamSetting(name: "wek", text: "1", origin: "--set wek=1")]
        XCTAssertEqual(messages(batch(["report.json": "{\"report\": 1, \"params\": {\"week\": {\"type\": \"date\", \"default\": \"2017-03-06\"}}, \"sections\": []}"], options)),
                       ["error: --set wek=1: unknown parameter \"wek\"; the spec declares week (did you mean \"week\"?)"])
    }

    func testDateArithmeticAndFormats() {
        let d = CivilDate(year: 2017, month: 3, day: 31)!
        XCTAssertEqual(Placeholders.move(d, by: -1, "m")?.isoString, "2017-02-28")
        XCTAssertEqual(Placeholders.move(CivilDate(year: 2016, month: 2, day: 29)!, by: 1, "y")?.isoString, "2017-02-28")
        XCTAssertEqual(Placeholders.move(d, by: 2, "w")?.isoString, "2017-04-14")
        XCTAssertNil(Placeholders.move(d, by: 8000, "y"))
        XCTAssertEqual(Placeholders.isoWeek(CivilDate(year: 2017, month: 1, day: 1)!).week, 52, "1 Jan 2017 is in week 52 of 2016")
        XCTAssertEqual(try? Placeholders.format(CivilDate(year: 2017, month: 3, day: 6)!, "%A %-d %B %Y (%a %d %b, %G-W%V) 100%%").get(),
                       "Monday 6 March 2017 (Mon 06 Mar, 2017-W10) 100%")
        let p = Placeholders(values: ["week": .date(CivilDate(year: 2017, month: 3, day: 6)!)], file: "r.json")
        var out: [Diagnostic] = []
        XCTAssertEqual(p.substitute(SpecNode(.string("{{{{literal}} {{ week - 1w }}"), at: SourcePosition(line: 1, column: 1)), path: "t", &out).stringValue,
                       "{{literal}} 2017-02-27")
        XCTAssertTrue(out.isEmpty)
    }

    func testSpecFromStandardInput() throws {
        var options = CompileOptions()
        options.standardInput = Array("report: 1\ntitle: From stdin\nsections: [{type: heading, text: Hi}]\n".utf8)
        let items = batch([:], options, specs: ["-"])
        let r = try report(items[0])
        XCTAssertEqual(r.spec.title, "From stdin")
        XCTAssertEqual(r.files.map(\.path), ["/r/report.pdf"])
        options.standardInput = Array("{\"report\": 2, \"sections\": []}".utf8)
        XCTAssertEqual(messages(batch([:], options, specs: ["-"])), ["<stdin>:1:12: error: \"report\" must be 1 (the only spec format version), found 2 [at report]"])
    }
}
