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

extension String {
    /// The text with its control characters shown as `\u{1B}` instead of sent raw: messages
    /// quote data cells, and an escape sequence in a cell must not move the cursor, recolour
    /// or retitle the terminal of whoever reads them.
    var terminalSafe: String {
        guard unicodeScalars.contains(where: \.isControlForTerminal) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isControlForTerminal {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

private extension Unicode.Scalar {
    /// C0 controls but tab and newline, DEL, and the C1 controls.
    var isControlForTerminal: Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }
}
