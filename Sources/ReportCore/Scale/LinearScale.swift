import Foundation

/// Maps a number domain onto a pixel range, with "nice" ticks in steps of 1, 2 or 5 × 10ⁿ.
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

/// Nice tick values for a number domain (after d3-array's `ticks`): steps of 1, 2 or 5 × 10ⁿ,
/// computed as integers times a power of ten so that 0.1 + 0.2 drift never shows up.
public enum NiceTicks {
    /// The step between about `count` ticks over `lower…upper`.
    public static func step(_ lower: Double, _ upper: Double, count: Int) -> Double {
        let span = upper - lower
        guard span > 0, count > 0 else { return 1 }
        let raw = span / Double(count)
        let power = floor(log10(raw))
        let base = pow(10, power)
        let fraction = raw / base
        let nice: Double = fraction >= 7.07 ? 10 : fraction >= 3.16 ? 5 : fraction >= 1.41 ? 2 : 1
        return nice * base
    }

    /// Tick values inside `lower…upper`, about `count` of them.
    public static func ticks(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        guard upper > lower else { return [lower] }
        let s = step(lower, upper, count: count)
        // Work in integer multiples of the step (or of its inverse for steps below 1).
        if s >= 1 {
            let first = ceil(lower / s), last = floor(upper / s)
            guard last >= first else { return [] }
            return stride(from: first, through: last, by: 1).map { $0 * s }
        }
        let inverse = (1 / s).rounded()
        let first = ceil(lower * inverse), last = floor(upper * inverse)
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 / inverse }
    }

    /// A domain widened outwards to whole steps, so the axis starts and ends on a tick.
    public static func niceDomain(_ lower: Double, _ upper: Double, count: Int) -> (Double, Double) {
        guard upper > lower else {
            let pad = lower == 0 ? 1 : abs(lower) * 0.5
            return niceDomain(lower - pad, upper + pad, count: count)
        }
        let s = step(lower, upper, count: count)
        return (floor(lower / s) * s, ceil(upper / s) * s)
    }
}

/// Number labels readers take in at a glance.
public enum NumberFormat {
    /// Thousands separated with commas, decimals only as needed (at most `maxDecimals`).
    public static func grouped(_ value: Double, maxDecimals: Int = 2) -> String {
        if !value.isFinite { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        let negative = value < 0
        let factor = pow(10, Double(maxDecimals))
        let rounded = (abs(value) * factor).rounded() / factor
        let whole = floor(rounded)
        var fraction = rounded - whole
        var digits = String(format: "%.0f", whole)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(Substring(digits), at: 0)
        var text = groups.joined(separator: ",")
        if fraction > 0 && maxDecimals > 0 {
            var decimals = ""
            for _ in 0..<maxDecimals {
                fraction *= 10
                let d = Int((fraction + 1e-9).rounded(.down))
                decimals.append(String(d)); fraction -= Double(d)
                if fraction < 1e-9 { break }
            }
            while decimals.hasSuffix("0") { decimals.removeLast() }
            if !decimals.isEmpty { text += "." + decimals }
        }
        return negative && rounded != 0 ? "−" + text : text
    }

    /// Compact form for tight spaces: 950, 1.2k, 3.4M, 2B.
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
        for (size, suffix) in units where magnitude >= size {
            let scaled = value / size
            let text = abs(scaled) >= 100 ? String(format: "%.0f", scaled) : String(format: "%.1f", scaled)
            let trimmed = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            return trimmed.replacingOccurrences(of: "-", with: "−") + suffix
        }
        return grouped(value)
    }
}
