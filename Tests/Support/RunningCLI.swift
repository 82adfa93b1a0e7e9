import Foundation

extension CLI {
    /// Starts `executable` with `args` and returns at once, for commands that run until
    /// stopped (`report watch`): the test reads what it prints as it goes, then signals it.
    public static func start(_ executable: String, _ args: [String], cwd: String? = nil) throws -> RunningCLI {
        try RunningCLI(executable, args, cwd: cwd)
    }
}

/// A process started by `CLI.start`, with what it printed so far on stderr.
public final class RunningCLI: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var errBytes = Data()

    fileprivate init(_ executable: String, _ args: [String], cwd: String?) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }  // the end
            guard let self else { return }
            self.lock.lock(); self.errBytes.append(data); self.lock.unlock()
        }
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Everything printed on stderr so far.
    public var err: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: errBytes, as: UTF8.self)
    }

    /// The lines printed on stderr so far.
    public var errLines: [String] { err.split(separator: "\n").map(String.init) }

    /// Waits until `condition` holds for stderr's lines (checked every 10 ms), at most
    /// `timeout` seconds; false when it never did, or the process ended first.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 60, _ condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(errLines) { return true }
            if !process.isRunning { return condition(errLines) }
            usleep(10_000)
        }
        return false
    }

    /// Sends `signal` and waits at most `timeout` seconds for the process to end; the time
    /// it took, or nil when it did not end.
    public func stop(with signal: Int32, timeout: TimeInterval = 30) -> TimeInterval? {
        let start = Date()
        kill(process.processIdentifier, signal)
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout { return nil }
            usleep(5_000)
        }
        return Date().timeIntervalSince(start)
    }

    /// How it ended: `.uncaughtSignal` with the signal's number, or `.exit` with the code.
    public var termination: (reason: Process.TerminationReason, status: Int32) {
        (process.terminationReason, process.terminationStatus)
    }
}
