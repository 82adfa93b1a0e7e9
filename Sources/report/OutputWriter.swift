import Foundation
import ReportKit

/// Writes every file atomically: all files go to temporary names first, and only when
/// every one of them was written are they renamed into place. A failure leaves every
/// existing output exactly as it was and no temporary file behind.
func writeOutputs(_ outputs: [CompiledFile]) throws(Failure) {
    let fm = FileManager.default
    var temps: [String] = []
    func discard() { for t in temps { unlink(t) } }
    for o in outputs {
        let dir = (o.path as NSString).deletingLastPathComponent
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            discard()
            throw .io("cannot create folder \(dir) for \(o.displayPath): \(error.localizedDescription)")
        }
        let temp = "\(dir)/.\((o.path as NSString).lastPathComponent).tmp-\(getpid())"
        guard fm.createFile(atPath: temp, contents: Data(o.bytes)) else {
            discard()
            throw .io("cannot write \(o.displayPath): the folder \(dir) is not writable; no output was changed")
        }
        temps.append(temp)
    }
    for (o, temp) in zip(outputs, temps) where rename(temp, o.path) != 0 {
        let reason = String(cString: strerror(errno))
        discard()
        throw .io("cannot write \(o.displayPath): \(reason)")
    }
}

extension CompiledFile {
    /// Whether the file on disk holds exactly these bytes (`render --check` says so; `watch`
    /// does not rewrite such a file, so a PDF viewer does not reload it for nothing).
    var isOnDisk: Bool {
        FileManager.default.contents(atPath: path).map([UInt8].init) == bytes
    }
}
