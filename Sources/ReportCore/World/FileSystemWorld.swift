import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// read(2), named apart from `World.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Why `$SOURCE_DATE_EPOCH` was refused.
public struct EpochError: Error, Sendable {
    /// What was wrong and what is expected.
    public var message: String
}

/// The machine's file system, environment and fonts folder: the world of the command line.
public struct FileSystemWorld: World {
    /// The process's working folder, unless another was given.
    public let workingDirectory: String
    /// `--fonts`, `$REPORT_FONTS`, or the folder the built-in fonts are written to.
    public let fontsDirectory: String?
    /// `$SOURCE_DATE_EPOCH`, when set to a whole number of seconds.
    public let now: Int?

    /// - Parameters:
    ///   - fonts: `--fonts DIR`; when nil, `$REPORT_FONTS`, else the fonts built into the
    ///     executable.
    ///   - workingDirectory: where relative paths start (default: the process's).
    ///   - environment: where `SOURCE_DATE_EPOCH` and `REPORT_FONTS` are read from.
    public init(fonts: String? = nil, workingDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let cwd = FileManager.default.currentDirectoryPath
        self.workingDirectory = workingDirectory.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd
        fontsDirectory = FileSystemWorld.locateFonts(fonts, environment: environment)
            .map { PathPolicy.lexicallyNormalized($0.hasPrefix("/") ? $0 : cwd + "/" + $0) }
        now = (try? FileSystemWorld.sourceDateEpoch(environment).get()) ?? nil
    }

    /// The latest second a PDF date can hold: 9999-12-31T23:59:59Z.
    public static let latestEpoch = 253_402_300_799

    /// `$SOURCE_DATE_EPOCH` read as the reproducible-builds convention says: a whole number
    /// of seconds since 1970-01-01 UTC. Nil when unset or empty; a failure with the reason
    /// when it is set to anything else (a typo must not quietly give another date).
    public static func sourceDateEpoch(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<Int?, EpochError> {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return .success(nil) }
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text.utf8.count <= 12, let seconds = Int(text) else {
            return .failure(EpochError(message: "SOURCE_DATE_EPOCH=\(text): expected a whole number of seconds since 1970-01-01 UTC, such as 1489276800"))
        }
        guard seconds <= latestEpoch else {
            return .failure(EpochError(message: "SOURCE_DATE_EPOCH=\(text): after 9999-12-31T23:59:59Z (\(latestEpoch)), the last date a PDF can hold"))
        }
        return .success(seconds)
    }

    /// What the disk holds at `path` (links followed).
    public func kind(of path: String) -> FileKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .folder : .file
    }

    /// The file's bytes, or nil when it is missing, a folder or unreadable.
    ///
    /// A regular file is read straight into the array, sized once from `fstat`: going
    /// through `Data` made a second copy (585 MB of CSV took 1.2 GB and a tenth of a
    /// 10M-row render). Anything else (a pipe, a device) goes through `FileManager`.
    public func read(_ path: String) -> [UInt8]? {
        let file = absolute(path)
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return info.st_mode & S_IFMT == S_IFDIR ? nil : FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        }
        let size = Int(info.st_size)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = systemRead(fd, buffer.baseAddress! + count, size - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; return }
                if n == 0 { return }  // the file shrank: keep what there is
                count += n
            }
        }
        guard !failed else { return nil }
        // The file grew while it was read: take the rest too.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// A regular, non-empty file mapped read-only and privately; nil for anything else.
    public func map(_ path: String) -> MappedFile? {
        let fd = open(absolute(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        let bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        return MappedFile(bytes: bytes) { bytes in _ = munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
    }

    /// realpath of the longest prefix of `path` (made absolute) that exists, the rest appended.
    public func resolvingLinks(_ path: String) -> String {
        let parts = absolute(path).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // Resolve links on the longest prefix that exists, then re-apply the rest.
        var existing = parts.count
        while existing > 0 {
            let prefix = "/" + parts[0..<existing].joined(separator: "/")
            if let real = realpath(prefix, nil) {
                defer { free(real) }
                let rest = parts[existing...]
                let head = String(cString: real)
                if rest.isEmpty { return head }
                // A link in the real prefix may point upwards; the rest has no `..` left.
                return (head == "/" ? "" : head) + "/" + rest.joined(separator: "/")
            }
            existing -= 1
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `--fonts`, `$REPORT_FONTS`, or the fonts built into the executable (written out once
    /// to a cache folder, see `EmbeddedFonts`).
    static func locateFonts(_ explicit: String?, environment: [String: String]) -> String? {
        if let explicit { return explicit }
        if let env = environment["REPORT_FONTS"], !env.isEmpty { return env }
        return EmbeddedFonts.directory(environment: environment)
    }
}
