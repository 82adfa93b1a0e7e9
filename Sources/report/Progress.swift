import Foundation

/// Progress on stderr for long renders: only on a terminal, only after about a second.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var done = 0
    private var shown = false

    /// A reporter, or nil when stderr is not a terminal or the user asked for quiet.
    static func make(quiet: Bool) -> Progress? {
        quiet || isatty(STDERR_FILENO) == 0 ? nil : Progress()
    }

    /// One more file is encoded (a batch's variants count together).
    func step(_ file: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[Krendered \(done): \(file)".utf8))
    }

    /// Clears the line, if one was shown.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); shown = false }
    }
}
