import Foundation
import ReportKit

/// A progress line on stderr for long renders: only on a terminal, never with `--quiet` or
/// `--json`, and only after about a second (`REPORT_PROGRESS_AFTER` seconds, for tests), so
/// a quick render prints nothing. One line, redrawn in place from a thread of its own ten
/// times a second while the render writes `RenderProgress`, and cleared when it ends.
final class Progress: @unchecked Sendable {
    /// What the render writes and this line reads.
    let status = RenderProgress()
    private let stop = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let delay: Double

    /// A progress line, or nil when stderr is not a terminal or the user asked for quiet.
    static func make(quiet: Bool) -> Progress? {
        guard !quiet, isatty(STDERR_FILENO) != 0 else { return nil }
        let delay = ProcessInfo.processInfo.environment["REPORT_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        let progress = Progress(delay: delay)
        Thread.detachNewThread { progress.run() }
        return progress
    }

    private init(delay: Double) { self.delay = delay }

    /// Redraws the line when it changes, until `finish`; then clears it.
    private func run() {
        let start = Date()
        var shown = ""
        while stop.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            guard Date().timeIntervalSince(start) >= delay else { continue }
            let line = Progress.fitted(Progress.line(status.snapshot), width: Progress.terminalWidth())
            if line != shown {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
                shown = line
            }
        }
        if !shown.isEmpty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        stopped.signal()
    }

    /// Stops redrawing and clears the line, if one was shown, before anything else is printed.
    func finish() {
        stop.signal()
        stopped.wait()
    }

    /// The line for a moment of the render, such as "reading events.csv: 312 of 585 MB
    /// (53%), 5,334,000 rows".
    static func line(_ s: RenderProgress.Snapshot) -> String {
        let variant = s.variantsTotal > 1 ? "variant \(min(s.variantsDone + 1, s.variantsTotal)) of \(s.variantsTotal): " : ""
        switch s.stage {
        case .loading:
            return variant + "reading the spec and its data"
        case .reading(let file):
            let done = min(s.bytesRead, s.bytesTotal)
            let percent = s.bytesTotal > 0 ? done * 100 / s.bytesTotal : 100
            let rows = NumberFormat.grouped(Double(s.rowsRead))
            return variant + "reading \(file): \(megabytes(done)) of \(megabytes(s.bytesTotal)) MB (\(percent)%), \(rows) \(s.rowsRead == 1 ? "row" : "rows")"
        case .preparing:
            return variant + "preparing blocks: \(min(s.blocksDone + 1, s.blocksTotal)) of \(s.blocksTotal)"
        case .layingOut:
            return variant + "laying out pages"
        case .writing:
            return variant + "writing outputs: \(s.outputsDone) of \(s.outputsTotal) done"
        }
    }

    /// Megabytes with one decimal below 100 ("0.4", "12.5", "585").
    private static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_000_000
        return mb < 100 ? String(format: "%.1f", mb) : String(Int(mb.rounded()))
    }

    /// The line cut to the terminal's width less one (a line that wraps cannot be redrawn in place).
    static func fitted(_ line: String, width: Int) -> String {
        guard width > 1, line.count >= width else { return line }
        return String(line.prefix(width - 2)) + "…"
    }

    /// The terminal's width in columns (80 when it cannot be asked).
    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
