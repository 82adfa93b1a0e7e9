/// `--shard K/N`: the K-th of N shares of a batch (every variant of every spec, in order),
/// so that N machines of a CI matrix, or any scheduler, split a batch with nothing
/// home-made: variant `i` (counting from 0) belongs to share `i mod N + 1`. The same specs
/// always split the same way, and the N shares together render each variant once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1...count.
    public var index: Int
    /// The number of shares, at least 1.
    public var count: Int

    /// Reads `K/N`; the message says what was wrong.
    public static func parse(_ text: String) -> Result<Shard, ShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            return .failure(ShardError(message: "--shard must be K/N, such as 2/4 (the second of four shares), found \"\(text)\""))
        }
        guard n >= 1 else { return .failure(ShardError(message: "--shard \(text): N must be at least 1")) }
        guard (1...n).contains(k) else {
            return .failure(ShardError(message: "--shard \(text): K must be between 1 and \(n)"))
        }
        return .success(Shard(index: k, count: n))
    }

    /// Whether the variant at `position` in the batch belongs to this share.
    public func contains(_ position: Int) -> Bool { position % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}

/// Why a `--shard` value was refused.
public struct ShardError: Error, Sendable {
    /// What was wrong and what was expected.
    public var message: String
}
