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
    func commit() throws(Failure) {
        for (o, _) in staged {
            if let reason = renameRefusal(to: o.path) { throw .io("cannot write \(o.displayPath): \(reason); no output was changed") }
        }
        for (o, temp) in staged where rename(temp, o.path) != 0 {
            throw .io("cannot write \(o.displayPath): \(String(cString: strerror(errno)))")
        }
        staged = []
        createdFolders = []
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

/// Removes `.NAME.tmp-PID` files in `dir` whose process no longer runs.
private func removeStaleTemporaryFiles(in dir: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(".") {
        guard let range = name.range(of: ".tmp-", options: .backwards),
              let pid = Int32(name[range.upperBound...]), pid > 0, pid != getpid() else { continue }
        if kill(pid, 0) != 0, errno == ESRCH { unlink("\(dir)/\(name)") }
    }
}

extension CompiledFile {
    /// Whether the file on disk holds exactly these bytes (`render --check` says so; `watch`
    /// does not rewrite such a file, so a PDF viewer does not reload it for nothing).
    var isOnDisk: Bool {
        FileManager.default.contents(atPath: path).map([UInt8].init) == bytes
    }
}
