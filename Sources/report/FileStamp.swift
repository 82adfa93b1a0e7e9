#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file, enough to tell that it changed: `report watch` compares a
/// file's stamp with the one it had when it was last rendered.
///
/// The inode and device tell a file written anew and renamed over the old one (most
/// editors save that way) even within one tick of the clock; size and modification time
/// tell a file written in place; the status-change time also tells a file whose
/// permissions changed (it may have become unreadable, or readable again). Links are
/// followed: a data file reached through a link changes when its target does.
struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: (seconds: Int, nanoseconds: Int)
    var statusChanged: (seconds: Int, nanoseconds: Int)

    /// The stamp of a path where nothing (readable by `stat`) is: creating the file is a change.
    static let missing = FileStamp(device: 0, inode: 0, size: -1, modified: (0, 0), statusChanged: (0, 0))

    /// The stamp of the file at `path` (absolute), or `.missing`.
    static func of(_ path: String) -> FileStamp {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        #if canImport(Darwin)
        let m = info.st_mtimespec, c = info.st_ctimespec
        #else
        let m = info.st_mtim, c = info.st_ctim
        #endif
        return FileStamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         modified: (Int(m.tv_sec), Int(m.tv_nsec)), statusChanged: (Int(c.tv_sec), Int(c.tv_nsec)))
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified == b.modified && a.statusChanged == b.statusChanged
    }
}
