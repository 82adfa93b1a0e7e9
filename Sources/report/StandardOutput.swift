import Foundation

/// Writes `text` and a newline to standard output, all of it; when that fails (a full disk,
/// a closed file) it says what happened on standard error and exits 4. A schema or a JSON
/// summary cut short must not pass for one written: `print` drops the error (exit 0), and
/// `FileHandle.write(_: Data)` traps on it.
func writeToStandardOutput(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + done, bytes.count - done) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else {
            let reason = String(cString: strerror(errno))
            FileHandle.standardError.write(Data("report: error: cannot write to standard output: \(reason)\n".utf8))
            exit(4)
        }
        done += n
    }
}
