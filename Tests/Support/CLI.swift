import Foundation

/// Running the built `report` binary as a user would.
public enum CLI {
    /// The repository's root folder.
    public static let root = Fixtures.root

    /// The binary beside the test bundle (the same build folder), else the default one.
    /// On Linux `Bundle.main` is the build folder itself; on macOS the .xctest bundle in it.
    public static var binary: String {
        let candidates = [Bundle.main.bundleURL.path, Bundle.main.bundleURL.deletingLastPathComponent().path,
                          root + "/.build/debug", root + "/.build/release"].map { $0 + "/report" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// Runs `executable` with `args` (in `cwd`, with `environment` added), and returns its
    /// exit code and what it printed.
    /// Every PDF a `render` says it wrote is checked with qpdf (`PDFCheck`).
    @discardableResult
    public static func run(_ executable: String, _ args: [String], cwd: String? = nil, environment: [String: String] = [:],
                           input: [UInt8]? = nil) throws -> (code: Int32, out: String, err: String) {
        let result = try runTool(executable, args, cwd: cwd, environment: environment, input: input)
        if args.contains("render") || args.contains("watch") { PDFCheck.checkWritten(stderr: result.err, cwd: cwd) }
        return result
    }

    /// Runs `executable` with `args` and returns its exit code and what it printed, checking nothing.
    @discardableResult
    public static func runTool(_ executable: String, _ args: [String], cwd: String? = nil, environment: [String: String] = [:],
                               input: [UInt8]? = nil) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let stdin = Pipe()
        if input != nil { p.standardInput = stdin }
        try p.run()
        if let input {
            // Written whole before reading: the specs are small, far under a pipe's buffer.
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A system tool (pdftotext, qpdf…) from the usual folders, or nil when not installed.
    public static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }


    /// A fresh copy of the example report in a temporary folder, without outputs.
    public static func copyExample() throws -> String {
        let dir = NSTemporaryDirectory() + "report-cli-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: root + "/Reports/raqqa-2017", toPath: dir)
        try? FileManager.default.removeItem(atPath: dir + "/out")
        return dir
    }
}
