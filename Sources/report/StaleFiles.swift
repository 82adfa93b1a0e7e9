import Foundation

/// Whether the process that left a file (a `.NAME.tmp-PID` or a `.report-renames-PID`) may
/// still be running.
///
/// A process number alone does not say: numbers are reused (32,768 of them here), and a file
/// left by a killed run whose number now belongs to another process was kept for ever (CI's
/// kill -9 test met one). So on Linux the process of that number must also have started before
/// the file was last written (`/proc/PID/stat`'s start time, in the same clock as the file's);
/// one that started after it is another process, and the file is stale. Elsewhere the number
/// alone is asked.
func writerMayRun(_ pid: Int32, wrote path: String) -> Bool {
    guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
    guard let started = processStart(pid), let written = modificationTime(path) else { return true }
    // The start time is counted in clock ticks (10 ms); a process that wrote the file
    // started before it, so a start well after the file's time is another process.
    return started <= written + 0.05
}

/// When process `pid` started, in seconds since 1970 (Linux), or nil.
private func processStart(_ pid: Int32) -> Double? {
    #if os(Linux)
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    // Fields after the command's name (which may hold spaces): state is field 3, start time 22.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
    let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    var real = timespec(), boot = timespec()
    guard perSecond > 0, clock_gettime(CLOCK_REALTIME, &real) == 0, clock_gettime(CLOCK_BOOTTIME, &boot) == 0 else { return nil }
    let bootedAt = Double(real.tv_sec - boot.tv_sec) + Double(real.tv_nsec - boot.tv_nsec) / 1e9
    return bootedAt + ticks / perSecond
    #else
    return nil
    #endif
}

/// When `path` was last written, in seconds since 1970, or nil.
private func modificationTime(_ path: String) -> Double? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
}
