import Foundation

/// Maps a number domain onto a pixel range (its ticks come from `NiceTicks` in Axis/).
public struct LinearScale: Sendable, Hashable {
    public var domain: (lower: Double, upper: Double) { (lower, upper) }
    public let lower: Double
    public let upper: Double
    public let rangeStart: Double
    public let rangeEnd: Double

    /// Creates a scale; an empty domain is widened so that mapping never divides by zero.
    public init(domain lower: Double, _ upper: Double, range start: Double, _ end: Double) {
        if upper > lower {
            self.lower = lower; self.upper = upper
        } else {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            self.lower = lower - pad; self.upper = lower + pad
        }
        rangeStart = start; rangeEnd = end
    }

    /// The position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        rangeStart + (value - lower) / (upper - lower) * (rangeEnd - rangeStart)
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.lower == b.lower && a.upper == b.upper && a.rangeStart == b.rangeStart && a.rangeEnd == b.rangeEnd
    }

    public func hash(into h: inout Hasher) { h.combine(lower); h.combine(upper); h.combine(rangeStart); h.combine(rangeEnd) }
}
