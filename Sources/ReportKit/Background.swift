import Foundation

/// A value computed on another thread; `value` waits for it.
final class Background<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on another thread, or runs it here and now when `inline` (one thread
    /// was asked for: `--jobs 1`).
    init(inline: Bool = false, _ work: @escaping @Sendable () -> T) {
        if inline {
            result = work()
            done.signal()
            return
        }
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work has finished (the semaphore orders the write before it).
    /// Read it from one thread: the lazy property itself is not locked.
    lazy var value: T = {
        done.wait()
        return result!
    }()
}

/// A value handed to exactly one other thread (the caller guarantees it is not used by two
/// at once).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Results written from several threads, each to its own slot.
final class Slots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { lock.lock(); defer { lock.unlock() }; return slots[i] }
        set { lock.lock(); slots[i] = newValue; lock.unlock() }
    }
}
