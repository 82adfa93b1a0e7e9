import Foundation

/// A tick step of 1, 2 or 5 × 10ⁿ, kept as its mantissa and exponent rather than as one
/// double: 0.1 has no exact double, so ticks are computed as whole multiples of the
/// mantissa divided by a power of ten last, and 3 × 0.1 never reads 0.30000000000000004.
public struct NiceStep: Sendable, Hashable {
    /// 1, 2 or 5.
    public let mantissa: Double
    /// The power of ten.
    public let exponent: Int

    /// `mantissa × 10^exponent`; a mantissa of 10 is carried into the exponent.
    public init(mantissa: Double, exponent: Int) {
        if mantissa == 10 { self.mantissa = 1; self.exponent = exponent + 1 } else { self.mantissa = mantissa; self.exponent = exponent }
    }

    /// The step as a number (for negative exponents, divided rather than multiplied by a
    /// power of ten: 0.001, not 0.0010000000000000002).
    public var value: Double { multiple(1) }

    /// `i` steps: `i × mantissa` is a whole number, so the only rounding is the last one.
    public func multiple(_ i: Double) -> Double {
        exponent >= 0 ? i * mantissa * pow(10, Double(exponent)) : i * mantissa / pow(10, Double(-exponent))
    }

    /// The first and last whole multiples of the step inside `lower…upper` (none when the
    /// range holds no multiple). Steps below 1 multiply by their exact inverse (a whole
    /// number) instead of dividing by an inexact step.
    func inner(_ lower: Double, _ upper: Double) -> (first: Double, last: Double)? {
        let bounds: (Double, Double)
        if exponent >= 0 {
            bounds = (ceil(lower / value), floor(upper / value))
        } else {
            let inverse = pow(10, Double(-exponent)) / mantissa
            bounds = (ceil(lower * inverse), floor(upper * inverse))
        }
        return bounds.1 >= bounds.0 ? bounds : nil
    }

    /// The whole multiples of the step at or just outside `lower` and `upper`: the domain
    /// widened to whole steps. A data end within `tolerance` steps past a multiple does
    /// not add a whole step for float noise.
    func outer(_ lower: Double, _ upper: Double, tolerance: Double = 0) -> (first: Double, last: Double) {
        ((lower / value + tolerance).rounded(.down), (upper / value - tolerance).rounded(.up))
    }
}

/// The one home of "nice" numbers on axes and legends: steps of 1, 2 or 5 × 10ⁿ (after
/// d3-array's `ticks`), ticks inside a range, domains widened to whole steps, value axes
/// from zero, log axes by decades, and how many ticks an axis has room for. Charts, the
/// displacement bars, the timeline's size legend and its density strips all use it.
public enum NiceTicks {
    /// How a step is chosen for about `count` intervals.
    public enum Fit: Sendable {
        /// The step nearest (by ratio) to span ÷ count, as d3-array's `tickIncrement`:
        /// for ticks inside a range that stays as it is (a numeric x axis whose ends are the
        /// data's), and for nice numbers at or under a value (legends, strip tops).
        case nearest
        /// The step whose whole-step domain hugs the data best with about `count`
        /// intervals (0…142 becomes 0…150 by 50, not 0…160 by 20 or 0…200 by 50): for value
        /// axes that are widened to start and end on a tick. It scores every step of
        /// 1, 2, 5 × 10ⁿ near span ÷ count by how far its interval count is from `count`
        /// and by how much of the widened domain the data leave empty.
        case hugging
    }

    /// The step for about `count` intervals over `lower…upper`.
    public static func step(_ lower: Double, _ upper: Double, count: Int, fit: Fit = .nearest) -> NiceStep {
        let span = upper - lower
        guard span > 0, count > 0 else { return NiceStep(mantissa: 1, exponent: 0) }
        switch fit {
        case .nearest:
            let raw = span / Double(count)
            let power = floor(log10(raw))
            let fraction = raw / pow(10, power)
            // The geometric midpoints between 1, 2, 5 and 10 (√2, √10, √50), as d3 rounds them.
            let nice: Double = fraction >= 7.07 ? 10 : fraction >= 3.16 ? 5 : fraction >= 1.41 ? 2 : 1
            return NiceStep(mantissa: nice, exponent: Int(power))
        case .hugging:
            let rough = Int(floor(log10(span / Double(count))))
            var best: (score: Double, step: NiceStep)?
            for e in rough - 1...rough + 1 {
                for m in [1.0, 2, 5] {
                    let step = NiceStep(mantissa: m, exponent: e)
                    let (first, last) = step.outer(lower, upper, tolerance: 1e-9)
                    let intervals = last - first
                    let coverage = span / (intervals * step.value)
                    let score = abs(intervals - Double(count)) + 4 * (1 - coverage)
                    // Ties go to the finer step, which comes first.
                    if best == nil || score < best!.score - 1e-9 { best = (score, step) }
                }
            }
            return best!.step
        }
    }

    /// Tick values inside `lower…upper`, about `count` of them.
    public static func ticks(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        guard upper > lower else { return [lower] }
        let s = step(lower, upper, count: count)
        guard let (first, last) = s.inner(lower, upper) else { return [] }
        return stride(from: first, through: last, by: 1).map(s.multiple)
    }

    /// A domain widened outwards to whole steps, so the axis starts and ends on a tick.
    public static func niceDomain(_ lower: Double, _ upper: Double, count: Int) -> (Double, Double) {
        guard upper > lower else {
            let pad = lower == 0 ? 1 : abs(lower) * 0.5
            return niceDomain(lower - pad, upper + pad, count: count)
        }
        let s = step(lower, upper, count: count)
        let (first, last) = s.outer(lower, upper)
        return (s.multiple(first), s.multiple(last))
    }

    /// A linear value axis over `lower…upper`: the domain widened to whole steps (`hugging`)
    /// and its ticks. Zero is always inside the domain: bars, areas and counts are read
    /// against zero.
    /// With `fromZero: false` (`"zero": false`) the domain hugs the data alone.
    static func valueAxis(_ lower: Double, _ upper: Double, count: Int, fromZero: Bool = true) -> (domain: (Double, Double), ticks: [Double]) {
        var lo = fromZero ? min(0, lower) : lower
        var hi = fromZero ? max(0, upper) : upper
        if hi <= lo {
            // One value: a unit above zero, or a tenth of it either side when fitted.
            let pad = fromZero ? 0 : max(abs(lo) * 0.1, 1)
            lo -= pad
            hi = fromZero ? lo + 1 : hi + pad
        }
        let s = step(lo, hi, count: max(1, count), fit: .hugging)
        let (first, last) = s.outer(lo, hi, tolerance: 1e-9)
        let ticks = stride(from: first, through: last, by: 1).map(s.multiple)
        return ((ticks.first!, ticks.last!), ticks)
    }

    /// A log₁₀ axis over positive `lower…upper`: the domain in whole decades (as exponents)
    /// and the ticks: every decade, with 2× and 5× between when few decades are shown, or
    /// every second (third…) decade when many are.
    static func logAxis(_ lower: Double, _ upper: Double, maxTicks: Int) -> (domain: (Double, Double), ticks: [Double]) {
        let lo = floor(log10(lower) + 1e-9)
        var hi = ceil(log10(upper) - 1e-9)
        if hi <= lo { hi = lo + 1 }
        let decades = Int(hi - lo)
        var ticks: [Double] = []
        if decades * 3 <= maxTicks + 1 {
            for e in Int(lo)...Int(hi) {
                for m in [1.0, 2, 5] where e < Int(hi) || m == 1 { ticks.append(NiceStep(mantissa: m, exponent: e).value) }
            }
        } else {
            // Every `every`-th decade, with the top widened so that it is a tick too.
            let every = max(1, Int((Double(decades) / Double(max(1, maxTicks))).rounded(.up)))
            hi = lo + Double(every * Int((Double(decades) / Double(every)).rounded(.up)))
            for e in stride(from: Int(lo), through: Int(hi), by: every) { ticks.append(NiceStep(mantissa: 1, exponent: e).value) }
        }
        return ((lo, hi), ticks)
    }

    /// About how many ticks an axis of `length` points holds comfortably, one per
    /// `spacing` points (38 suits upright value axes; lying ones, with wider labels, use 70).
    static func count(forLength length: Double, spacing: Double = 38) -> Int {
        max(2, min(10, Int(length / spacing)))
    }
}
