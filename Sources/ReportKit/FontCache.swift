import Foundation
import ReportCairo

/// Font folders opened once per process: loading a folder into fontconfig takes tens of
/// milliseconds, and the configuration it makes is immutable and shared by every render.
final class FontCache: @unchecked Sendable {
    static let shared = FontCache()
    private var opened: [String: FontLibrary] = [:]
    private let lock = NSLock()

    /// The fonts of `directory` (a world's `fontsDirectory`).
    func open(_ directory: String?) throws(CompileFailure) -> FontLibrary {
        guard let directory else { throw .io("no fonts folder (the command line writes its built-in fonts to $XDG_CACHE_HOME/report, ~/.cache/report or $TMPDIR, and none could be written); pass --fonts DIR or set REPORT_FONTS") }
        lock.lock(); defer { lock.unlock() }
        if let fonts = opened[directory] { return fonts }
        let cache = NSTemporaryDirectory() + "report-fontconfig-\(getuid())"
        try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        do {
            // fontconfig reads the files themselves: the folder is a path on disk.
            let fonts = try FontLibrary(directory: FileSystemWorld(fonts: directory).canonical(directory), cacheDirectory: cache)
            opened[directory] = fonts
            return fonts
        } catch {
            throw .io("\(error)")
        }
    }
}
