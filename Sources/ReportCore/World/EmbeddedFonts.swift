import CFonts
import Foundation

/// The fonts built into the executable (`Sources/CFonts`), so that a `report` copied to any
/// machine draws with the project's fonts and nothing else.
///
/// fontconfig and Pango read fonts from files only (Pango's HarfBuzz faces open `FC_FILE`),
/// so the bytes are written once into a cache folder named after their content and read from
/// there; a later run finds them, checks every byte, and writes nothing. The same bytes make
/// the same output, wherever the folder is.
public enum EmbeddedFonts {
    /// Each built-in file (the fonts and their licence) with its bytes.
    static var files: [(name: String, bytes: UnsafeRawBufferPointer)] {
        (0..<report_embedded_font_count()).compactMap { i in
            guard let font = report_embedded_font(i)?.pointee else { return nil }
            return (String(cString: font.name), UnsafeRawBufferPointer(start: font.start, count: font.end - font.start))
        }
    }

    /// A folder holding the built-in fonts, written when missing or different: under
    /// `$XDG_CACHE_HOME/report` (else `~/.cache/report`), else the temporary folder. Nil when
    /// none of them can be written.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let files = files
        guard !files.isEmpty else { return nil }
        let name = "fonts-" + contentKey(files)
        var bases: [String] = []
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { bases.append(cache + "/report") }
        if let home = environment["HOME"], home.hasPrefix("/") { bases.append(home + "/.cache/report") }
        let tmp = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        bases.append("\(tmp)/report-\(getuid())")
        for base in bases where write(files, into: "\(base)/\(name)") { return "\(base)/\(name)" }
        return nil
    }

    /// A name for this set of files: a 64-bit hash of every byte and the total size, so that
    /// builds with other fonts never share a folder.
    static func contentKey(_ files: [(name: String, bytes: UnsafeRawBufferPointer)]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var total = 0
        for (name, bytes) in files {
            for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
            // Eight bytes at a time: three megabytes hash in about a millisecond.
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01B3
                h ^= h >> 29
                i += 8
            }
            while i < bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3; i += 1 }
            total += bytes.count
        }
        return String(h, radix: 16) + "-" + String(total, radix: 16)
    }

    /// True when `folder` holds every file with exactly its bytes afterwards. Each missing
    /// or different file is written beside its place and renamed over it, so that a run
    /// beside this one never reads half a font.
    private static func write(_ files: [(name: String, bytes: UnsafeRawBufferPointer)], into folder: String) -> Bool {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch { return false }
        for (name, bytes) in files {
            let path = "\(folder)/\(name)"
            if let existing = fm.contents(atPath: path), existing.count == bytes.count,
               existing.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { continue }
            let temporary = "\(folder)/.\(name).\(getpid()).tmp"
            guard fm.createFile(atPath: temporary, contents: Data(bytes)), rename(temporary, path) == 0 else {
                try? fm.removeItem(atPath: temporary)
                return false
            }
        }
        return true
    }
}
