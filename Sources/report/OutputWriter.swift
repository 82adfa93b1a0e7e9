import Foundation
import ReportKit

/// Writes every file atomically: all files go to temporary names first, and only when
/// every one of them was written, and every destination can take its rename, are they
/// renamed into place. A failure leaves every existing output exactly as it was and no
/// temporary file behind, and says what the system said (no space left, permission denied).
func writeOutputs(_ outputs: [CompiledFile]) throws(Failure) {
    let staged = StagedOutputs()
    do {
        _ = try staged.stage(outputs)
        try staged.commit()
    } catch {
        staged.discard()
        throw error
    }
}

/// Output files written to temporary names as they are made (from any thread), then renamed
/// into place together, or all removed: a batch holds no output's bytes longer than it takes
/// to write them, and still writes nothing when any part of it fails.
///
/// Temporary files are `.NAME.tmp-PID` beside their output; one left by a process that no
/// longer runs (killed with SIGKILL mid-write) is removed the next time that folder is
/// written.
final class StagedOutputs: @unchecked Sendable {
    private var staged: [(file: CompiledFile, temp: String)] = []
    private var cleaned = Set<String>()
    /// Folders made for outputs, outermost first: removed again (when empty) on `discard`.
    private var createdFolders: [String] = []
    private let lock = NSLock()

    /// Writes `files` to their temporary names; returns them with their bytes let go.
    func stage(_ files: [CompiledFile]) throws(Failure) -> [CompiledFile] {
        var released: [CompiledFile] = []
        for o in files {
            let dir = (o.path as NSString).deletingLastPathComponent
            var missing: [String] = []
            var folder = dir
            while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
                missing.append(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
            lock.lock()
            createdFolders += missing.reversed()
            lock.unlock()
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create folder \(dir) for \(o.displayPath): \(error.localizedDescription); no output was changed")
            }
            lock.lock()
            let first = cleaned.insert(dir).inserted
            lock.unlock()
            if first { removeStaleTemporaryFiles(in: dir) }
            let temp = "\(dir)/.\((o.path as NSString).lastPathComponent).tmp-\(getpid())"
            if let reason = writeFile(temp, o.bytes) {
                throw .io("cannot write \(o.displayPath): \(reason); no output was changed")
            }
            let kept = o.releasingBytes()
            lock.lock()
            staged.append((kept, temp))
            lock.unlock()
            released.append(kept)
        }
        return released
    }

    /// Renames every staged file into place. A rename that would fail must fail before the
    /// first one is made: after it, an earlier output would already be replaced.
    ///
    /// Renames are one by one: a run killed between two of them leaves a set of outputs part
    /// new, part old. So that `render --check` can say so, the set is written down first
    /// (`RenameJournal`) and the record removed after the last rename; the next successful
    /// run over the same files removes a dead run's record.
    func commit() throws(Failure) {
        for (o, _) in staged {
            if let reason = renameRefusal(to: o.path) { throw .io("cannot write \(o.displayPath): \(reason); no output was changed") }
        }
        var journal: String?
        if staged.count > 1 {
            let entries = staged.map { (path: $0.file.path, display: $0.file.displayPath, sha256: $0.file.sha256) }
            switch RenameJournal.write(entries) {
            case .success(let path): journal = path
            case .failure(let reason): throw .io("cannot write \(reason); no output was changed")
            }
        }
        pauseForTests()
        for (o, temp) in staged {
            guard rename(temp, o.path) == 0 else { throw .io("cannot write \(o.displayPath): \(String(cString: strerror(errno)))") }
            pauseForTests()
        }
        if let journal { unlink(journal) }
        RenameJournal.settle(written: staged.map(\.file.path))
        staged = []
        createdFolders = []
    }

    /// `REPORT_TEST_RENAME_PAUSE=SECONDS` waits that long before each rename: the kill -9
    /// test's way to stop a run between two renames. Unset, it does nothing.
    private func pauseForTests() {
        guard let text = ProcessInfo.processInfo.environment["REPORT_TEST_RENAME_PAUSE"], let seconds = Double(text), seconds > 0 else { return }
        usleep(useconds_t(min(seconds, 10) * 1_000_000))
    }

    /// Removes every temporary file not yet renamed, and the folders made for them.
    func discard() {
        lock.lock(); defer { lock.unlock() }
        for (_, temp) in staged { unlink(temp) }
        for folder in createdFolders.reversed() { rmdir(folder) }
        staged = []
        createdFolders = []
    }
}

/// Writes `bytes` to a new file at `path` (replacing one of that name), or says why not in
/// the system's words ("No space left on device"), removing what it began.
private func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    var failure: String?
    bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { failure = String(cString: strerror(errno)); return }
            done += n
        }
    }
    // A full disk can surface only when the data is flushed.
    if failure == nil, fsync(fd) != 0, errno != EINVAL { failure = String(cString: strerror(errno)) }
    if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if failure != nil { unlink(path) }
    return failure
}

/// Why `rename` onto `path` would be refused though its folder is writable: the folder is
/// sticky (`/tmp`) and the file there belongs to someone else.
private func renameRefusal(to path: String) -> String? {
    var file = stat(), folder = stat()
    guard lstat(path, &file) == 0, stat((path as NSString).deletingLastPathComponent, &folder) == 0 else { return nil }
    let uid = geteuid()
    guard folder.st_mode & S_ISVTX != 0, uid != 0, file.st_uid != uid, folder.st_uid != uid else { return nil }
    return "the file belongs to another user and its folder is sticky (only the owner may replace it)"
}

/// Removes `.NAME.tmp-PID` files in `dir` whose process no longer runs (`writerMayRun`).
private func removeStaleTemporaryFiles(in dir: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(".") {
        guard let range = name.range(of: ".tmp-", options: .backwards),
              let pid = Int32(name[range.upperBound...]), pid > 0, pid != getpid() else { continue }
        if !writerMayRun(pid, wrote: "\(dir)/\(name)") { unlink("\(dir)/\(name)") }
    }
}

extension CompiledFile {
    /// Whether the file on disk holds exactly these bytes (`render --check` says so; `watch`
    /// does not rewrite such a file, so a PDF viewer does not reload it for nothing).
    var isOnDisk: Bool {
        FileManager.default.contents(atPath: path).map([UInt8].init) == bytes
    }
}

/// The record of one run's renames: `.report-renames-PID` in the folder of the run's first
/// output, a line for each file it puts in place (its sha256, its path, its name as messages
/// show it), written and flushed before the first rename and removed after the last.
///
/// A record whose process no longer runs tells of a run stopped between two renames (killed,
/// or failed on a rename): `render --check` lists which of its files are the ones it wrote and
/// which are not (`interrupted:`, exit 3), and a later render that writes those files drops
/// them from it, removing it once it lists none.
enum RenameJournal {
    static let prefix = ".report-renames-"

    typealias Entry = (path: String, display: String, sha256: String)

    /// Writes the record for `entries` (two or more), in the folder of the first by path.
    static func write(_ entries: [Entry]) -> Result<String, Failure> {
        let first = entries.map(\.path).min()!
        let path = "\((first as NSString).deletingLastPathComponent)/\(prefix)\(getpid())"
        let text = "report renames 1\n" + entries.map { "\($0.sha256)\t\($0.path)\t\($0.display)\n" }.joined()
        if let reason = writeFile(path, Array(text.utf8)) { return .failure(.io("\(path): \(reason)")) }
        return .success(path)
    }

    /// The entries of the record at `path`; nil when it is not one.
    static func read(_ path: String) -> [Entry]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.first == "report renames 1" else { return nil }
        return lines.dropFirst().compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return parts.count == 3 ? (path: parts[1], display: parts[2], sha256: parts[0]) : nil
        }
    }

    /// Records of processes that no longer run, in the folders of `files`.
    static func dead(near files: [String]) -> [(path: String, pid: Int32)] {
        var found: [(String, Int32)] = []
        for dir in Set(files.map { ($0 as NSString).deletingLastPathComponent }).sorted() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid(),
                      !writerMayRun(pid, wrote: "\(dir)/\(name)") else { continue }
                found.append(("\(dir)/\(name)", pid))
            }
        }
        return found
    }

    /// What `render --check` says of each run that was stopped between renames, near `files`:
    /// the files it put in place and those it did not (nothing when all are in place).
    static func interrupted(near files: [String]) -> [String] {
        dead(near: files).compactMap { record in
            guard let entries = read(record.path) else { return nil }
            let placed = entries.filter { fileSHA256(atPath: $0.path) == $0.sha256 }
            // None placed: stopped before its first rename, and the set is the old one whole.
            guard !placed.isEmpty, placed.count < entries.count else { return nil }
            let notPlaced = entries.filter { entry in !placed.contains { $0.path == entry.path } }
            let new = placed.isEmpty ? "" : "\(placed.map(\.display).joined(separator: ", ")) \(placed.count == 1 ? "is" : "are") new, "
            return "interrupted: a render (process \(record.pid)) was stopped while putting its \(entries.count) files in place: \(new)\(notPlaced.map(\.display).joined(separator: ", ")) \(notPlaced.count == 1 ? "is" : "are") not what it wrote; render again"
        }
    }

    /// After a run put `written` in place: drops them from the records of stopped runs near
    /// them, and removes each record that lists nothing else.
    static func settle(written: [String]) {
        let done = Set(written)
        for record in dead(near: written) {
            // A record its process did not finish writing (killed while writing it, before
            // any rename: the set is the old one whole) can never be read: it goes.
            guard let entries = read(record.path) else {
                unlink(record.path)
                continue
            }
            let left = entries.filter { !done.contains($0.path) }
            if left.count == entries.count { continue }
            // Rewritten through a temporary file that a later run removes if this one dies.
            let temp = "\(record.path).tmp-\(getpid())"
            if left.isEmpty || writeFile(temp, Array(("report renames 1\n" + left.map { "\($0.sha256)\t\($0.path)\t\($0.display)\n" }.joined()).utf8)) != nil {
                unlink(record.path)
            } else {
                rename(temp, record.path)
            }
        }
    }
}
