import XCTest
@testable import ReportCore

/// A spec whose data are all inline `values`, decoded and prepared without any file: what
/// most model tests start from.
enum InlineSpec {
    /// The decoded spec (which must decode cleanly), its blocks and the problems preparing
    /// them gave. `extraTables` stand in for sources of the same name.
    static func prepare(_ json: String, extraTables: [String: DataTable] = [:]) throws
        -> (spec: ReportSpec, blocks: [PreparedBlock], problems: [Diagnostic]) {
        let tree = try JSONTreeParser.parse(Array(json.utf8))
        let (spec, diagnostics) = SpecDecoder(file: "t.json", specName: "t").decode(tree)
        let decoded = try XCTUnwrap(spec, diagnostics.map(\.description).joined(separator: "\n"))
        var tables = extraTables
        for source in decoded.data where tables[source.name] == nil {
            tables[source.name] = try InlineRows.table(source.values!, name: source.name, specFile: "t.json", path: source.path)
        }
        let (blocks, problems) = BlockPreparer(spec: decoded, tables: tables, specFile: "t.json").prepareAll()
        return (decoded, blocks, problems)
    }
}
