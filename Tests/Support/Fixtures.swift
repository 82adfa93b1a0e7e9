import Foundation

/// Where the repository's own files are, found from this file's path.
public enum Fixtures {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The project's Fonts/ folder: the only fonts any test draws with.
    public static var fonts: String { root + "/Fonts" }

    /// The diagnostics corpus: one folder a case.
    public static var diagnosticCases: String { root + "/Tests/DiagnosticCases" }

    /// The example report's folder.
    public static var example: String { root + "/Reports/raqqa-2017" }
}
