@_exported import ReportCore
@_exported import ReportScene

/// ReportKit compiles a report: a spec and the world it reads from → the rendered files
/// (bytes, pages, pixel sizes, provenance) and warnings, or every located problem.
///
/// ```swift
/// var world = MemoryWorld(fontsDirectory: "/path/to/Fonts")
/// world.add("brief.json", text: spec)
/// world.add("data/events.csv", text: csv)
/// let report = try ReportCompiler(world: world).compile("brief.json")
/// for file in report.files { print(file.path, file.bytes.count) }
/// ```
///
/// The stages, each in its own folder of ReportCore: Spec (text → `ReportSpec`), Data
/// (files → columns), Blocks (model preparation and layout per block type), Layout (page
/// flow) → `Scene` (ReportScene) → bytes (ReportCairo). This module ties them together.
public enum ReportKit {
    /// The tool's version, written into every PDF's metadata and footer.
    public static let version = "0.1.0"

    /// How the tool names itself in PDFs ("report 0.1.0").
    public static var toolName: String { "report \(version)" }
}
