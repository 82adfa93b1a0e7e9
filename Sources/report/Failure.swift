import ReportKit

/// Why a command stopped, mapped to the documented exit codes.
enum Failure: Error {
    /// The spec or its data has errors (exit 1).
    case spec([Diagnostic])
    /// `--check` found stale or missing files (exit 3).
    case stale([String])
    /// Writing or rendering failed (exit 4).
    case io(String)

    /// The failure of a compile.
    init(_ failure: CompileFailure) {
        switch failure {
        case .diagnostics(let list): self = .spec(list)
        case .io(let message): self = .io(message)
        }
    }

    var exitCode: Int32 {
        switch self {
        case .spec: return 1
        case .stale: return 3
        case .io: return 4
        }
    }
}
