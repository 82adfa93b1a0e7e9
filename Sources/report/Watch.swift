import Foundation
import ReportKit

/// `report watch`: renders each spec, then renders it again whenever a file its last render
/// read changes, until a stop signal (`StopSignals`).
///
/// What is watched is what the compile read (`CompileOptions.readLog`): the spec, its data
/// files, whatever it includes, and paths that were missing when looked for, so a data file
/// created later is a change. It stays right as the spec format grows, with no list of
/// input keys to keep. The outputs are never watched (writing them would be a change), nor
/// the fonts, which stay open for the life of the process (`FontCache`), as do Cairo and
/// Pango: a render after an edit costs what the compile costs, not a process start.
///
/// Changes are found by polling `stat` (`FileStamp`) every 20 ms rather than with inotify.
/// A report reads a handful of files: watching the example's five 50 times a second took
/// 0.4% of a core here, and polling adds 10 ms on average to the time from a save to the
/// new PDF (76 ms in all, median; Benchmarks/watch_latency.py, figures in README.md). It needs none of what inotify needs to be
/// right: watching the parent folders (editors save by renaming a new file over the old
/// one), folders that do not exist yet (a data folder still to be made), links to files in
/// other folders, and file systems that send no events (network and container mounts).
///
/// One save can be several writes (truncate, write, write, rename). After a change is seen,
/// the files are stat-ed again every 20 ms until one poll finds nothing moved since the last
/// (at most a second, for a file that is appended to all the time), and only then rendered:
/// one save gives one render, and a half-written file is not read. That quiet poll also
/// makes a stamp safe: a write after it falls on a later tick of the file system's clock,
/// so its modification time differs from the stamp's even when its size does not.
///
/// A render after an edit encodes only the outputs whose pages changed (`EncodeCache`)
/// and writes only the files whose bytes changed.
///
/// Why here and not in ReportKit: watching ends in writing files, printing and signals,
/// which only the command line does (ReportKit compiles to bytes); what it needs from
/// ReportKit, the files a compile read, is there for any caller.
struct Watcher {
    /// The specs as given on the command line.
    let specs: [String]
    /// Where the specs and their data are read from.
    let world: any World
    /// The options of every render: `--root`, `--out-dir`, `--only`, `--jobs`.
    let options: CompileOptions

    /// The time between two polls of the watched files.
    static let pollInterval = Duration.milliseconds(20)
    /// The longest wait for files to stop changing before a render.
    static let longestSettling = Duration.seconds(1)

    /// A spec and what its last render read.
    private struct Target {
        /// The spec as given.
        var spec: String
        /// Each file the last render read (the spec always) with its stamp before the render.
        var stamps: [String: FileStamp] = [:]
        /// The paths of the spec's outputs, as far as a render has told: never watched.
        var outputs: Set<String> = []
        /// The last render's files, reused for outputs laid out as they were (an edit of
        /// the title does not draw and compress the PNGs again).
        let encoded = EncodeCache()

        /// Whether a file the last render read has another stamp in `now`.
        func changed(in now: [String: FileStamp]) -> Bool {
            stamps.contains { path, stamp in now[path] != stamp }
        }
    }

    /// Renders every spec, then watches; ends only by a signal.
    func run() -> Never {
        let signals = StopSignals()
        var targets = specs.map { Target(spec: $0) }
        for i in targets.indices { render(&targets[i], stamps: [:], signals: signals) }
        var watched = Set(targets.flatMap(\.stamps.keys))
        while true {
            Self.pause(Self.pollInterval)
            var now = Self.stamps(of: watched)
            guard targets.contains(where: { $0.changed(in: now) }) else { continue }
            now = Self.settled(now, watched)
            for i in targets.indices where targets[i].changed(in: now) {
                render(&targets[i], stamps: now, signals: signals)
            }
            watched = Set(targets.flatMap(\.stamps.keys))
        }
    }

    /// The stamps of `paths` once a poll finds none of them moved since the one before.
    private static func settled(_ first: [String: FileStamp], _ paths: Set<String>) -> [String: FileStamp] {
        let clock = ContinuousClock()
        let deadline = clock.now + longestSettling
        var last = first
        while clock.now < deadline {
            pause(pollInterval)
            let next = stamps(of: paths)
            if next == last { break }
            last = next
        }
        return last
    }

    private static func stamps(of paths: Set<String>) -> [String: FileStamp] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, FileStamp.of($0)) })
    }

    private static func pause(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var left = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var rest = timespec()
        while nanosleep(&left, &rest) != 0, errno == EINTR { left = rest }
    }

    /// Renders one spec as `report render` does and writes the outputs that changed; with
    /// errors, prints them and writes nothing. Then watches what this render read, with the
    /// stamps the files had before it (`stamps`; stat-ed now for files new to the list), so
    /// that a file changed while it was read is rendered again.
    private func render(_ target: inout Target, stamps: [String: FileStamp], signals: StopSignals) {
        let start = ContinuousClock.now
        let spec = world.absolute(target.spec)
        let specStamp = stamps[spec] ?? FileStamp.of(spec)
        let log = ReadLog()
        var options = options
        options.readLog = log
        options.encodeCache = target.encoded
        var read: [String]
        do throws(Failure) {
            // Every variant of a matrix, as `render` makes them.
            var files: [CompiledFile] = [], warnings: [Diagnostic] = [], problems: [Diagnostic] = []
            var inputs: [String] = []
            for item in ReportCompiler(world: world).compileBatch([target.spec], options: options) {
                switch item.result {
                case .success(let report):
                    files += report.files
                    warnings += report.warnings
                    inputs = report.inputFiles
                case .failure(.diagnostics(let list)): problems += list
                case .failure(let error): throw Failure(error)
                }
            }
            if !problems.isEmpty { throw .spec(unique(problems)) }
            // What the compile looked at and did not count as input is the outputs' paths.
            target.outputs = Set(log.paths).subtracting(inputs).union(files.map(\.path))
            read = inputs
            let changed = files.filter { !$0.isOnDisk }
            try signals.whileWriting { () throws(Failure) in try writeOutputs(changed) }
            for warning in unique(warnings) { say("\(warning)") }
            let same = files.count - changed.count
            var done = "wrote " + changed.map(\.displayPath).joined(separator: ", ")
            if changed.isEmpty { done = same == 1 ? "the file is unchanged" : "all \(same) files unchanged" }
            else if same > 0 { done += "; \(same) unchanged" }
            say("\(Self.timeOfDay()) \(target.spec): rendered in \(Self.milliseconds(since: start)) ms; \(done)")
        } catch {
            read = log.paths.filter { !target.outputs.contains($0) }
            switch error {
            case .spec(let diagnostics):
                for d in diagnostics { say("\(d)") }
                let errors = diagnostics.filter { $0.severity == .error }.count
                say("\(Self.timeOfDay()) \(target.spec): \(errors) error\(errors == 1 ? "" : "s"); the outputs were left as they were")
            case .io(let message):
                say("report: error: \(message)")
                say("\(Self.timeOfDay()) \(target.spec): failed; the outputs were left as they were")
            case .stale:
                break  // only `render --check` finds stale files
            }
        }
        // The spec is watched even when it could not be read (a folder, or missing).
        var next = [spec: specStamp]
        for path in read where next[path] == nil { next[path] = stamps[path] ?? FileStamp.of(path) }
        target.stamps = next
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line.terminalSafe + "\n").utf8))
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The local time as HH:MM:SS, to tell one render's line from the next.
    private static func timeOfDay() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
