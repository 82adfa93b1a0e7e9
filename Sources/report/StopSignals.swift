import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM for `report watch`, which runs until stopped.
///
/// A signal that comes while no file is being written ends the process at once: a render
/// in memory is simply abandoned, since nothing of it is on disk yet. One that comes while
/// outputs are written (`whileWriting`) waits until the writing is done, so that no output
/// is left half-renamed and no temporary file stays behind.
///
/// The process then ends by the signal itself, its default action restored, as Ctrl-C ends
/// any program that has nothing to clean up: a shell reports 130 (143 for SIGTERM), and a
/// shell script running `report watch` stops too. Exiting with status 0 or 130 instead
/// would tell the shell the program handled the signal and the script should go on. Dying
/// by the signal also skips exit handlers, which may not run under the threads of a
/// render still going on (libcrypto's once crashed that way, see ExitWhileHashingTests).
final class StopSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var writing = false
    private var pending: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// Takes over SIGINT and SIGTERM until the process ends.
    init() {
        // A queue of its own: a queue made this way gets a thread even while a render's
        // `concurrentPerform` keeps every thread of the global queue busy.
        let queue = DispatchQueue(label: "report.stop-signals")
        for number in [SIGINT, SIGTERM] {
            // The dispatch source sees the signal; the default action must not end us first.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in received(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ number: Int32) {
        lock.lock()
        guard writing else { lock.unlock(); StopSignals.end(by: number) }
        pending = pending ?? number
        lock.unlock()
    }

    /// Runs `body` (writing outputs) to its end even if a stop signal comes meanwhile; the
    /// process ends right after it, then.
    func whileWriting<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock(); writing = true; lock.unlock()
        defer {
            lock.lock(); writing = false
            let number = pending
            lock.unlock()
            if let number { StopSignals.end(by: number) }
        }
        return try body()
    }

    /// Ends the process by `number`, with its default action.
    private static func end(by number: Int32) -> Never {
        fflush(nil)  // every C stream (watch itself writes only to stderr, unbuffered)
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)  // not reached: the default action of both signals is to end
    }
}
