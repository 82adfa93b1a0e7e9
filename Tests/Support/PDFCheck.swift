import Foundation
import XCTest

/// `qpdf --check` on every PDF the tests write (issue 18: a corrupt PDF with exit 0 is a bug),
/// done where the tests run the binary and compile in memory, so that no test can forget it.
public enum PDFCheck {
    /// qpdf, when installed (CI installs it; `.ci/run`).
    static let qpdf = CLI.tool("qpdf")

    /// Fails the running test when `path` is a PDF that qpdf rejects.
    public static func check(path: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let qpdf, path.hasSuffix(".pdf"), FileManager.default.fileExists(atPath: path),
              let result = try? CLI.runTool(qpdf, ["--check", path]) else { return }
        // 0: no problems; 3: warnings only (Cairo's files have none); 2: errors.
        if result.code == 2 { XCTFail("qpdf --check rejects \(path):\n\(result.out)\(result.err)", file: file, line: line) }
    }

    /// Checks the PDFs a `render` run says it wrote ("wrote PATH (…)" lines, paths relative to `cwd`).
    static func checkWritten(stderr: String, cwd: String?) {
        for line in stderr.split(separator: "\n") where line.hasPrefix("wrote ") {
            guard let end = line.range(of: ".pdf (") else { continue }
            let path = String(line[line.index(line.startIndex, offsetBy: 6)..<end.lowerBound]) + ".pdf"
            check(path: path.hasPrefix("/") ? path : (cwd ?? FileManager.default.currentDirectoryPath) + "/" + path)
        }
    }

    /// Checks PDF bytes (an in-memory compile's outputs).
    public static func check(bytes: [UInt8], name: String) {
        guard qpdf != nil, bytes.starts(with: Array("%PDF".utf8)) else { return }
        try? InMemory.withTemporaryFile(bytes, ext: "pdf") { check(path: $0) }
    }
}
