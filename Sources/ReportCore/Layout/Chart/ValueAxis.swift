import Foundation
import ReportScene

/// Value axes of charts: which ticks, and how their numbers read.
///
/// Takes a data range and the room the axis has; gives tick values (nice steps of 1, 2 or
/// 5 × 10ⁿ, after d3-array) and labels that are exact for every tick. Grouped labels
/// ("12,000") are the default; compact ones ("12k", "1.25M") only where grouped ones do not
/// fit. Lives beside `Axes` (which draws date axes) and uses `NiceTicks` from Scale/.
enum ValueAxis {
    /// A linear axis over `lower…upper`: the domain widened to whole steps, and its ticks.
    /// Zero is always inside the domain: bars, areas and counts are read against zero.
    ///
    /// The step is one of 1, 2, 5 × 10ⁿ, chosen for about `count` intervals and a domain
    /// that hugs the data (0…142 becomes 0…150 by 50, not 0…160 by 20 or 0…200 by 50), and
    /// the domain always starts and ends on a tick.
    static func linear(_ lower: Double, _ upper: Double, count: Int) -> (domain: (Double, Double), ticks: [Double]) {
        let lo = min(0, lower)
        var hi = max(0, upper)
        if hi <= lo { hi = lo + 1 }
        let rough = floor(log10((hi - lo) / Double(max(1, count))))
        var best: (score: Double, step: Double, first: Double, last: Double)?
        for e in Int(rough) - 1...Int(rough) + 1 {
            for m in [1.0, 2, 5] {
                let step = decimal(m, e)
                let first = (lo / step + 1e-9).rounded(.down), last = (hi / step - 1e-9).rounded(.up)
                let intervals = last - first
                let coverage = (hi - lo) / (intervals * step)
                let score = abs(intervals - Double(count)) + 4 * (1 - coverage)
                if best == nil || score < best!.score - 1e-9 { best = (score, step, first, last) }
            }
        }
        let b = best!
        // Ticks as whole multiples of the step, divided last, so 0.1 steps stay exact.
        let (mantissa, exponent) = (b.step / pow(10, floor(log10(b.step) + 1e-9)), Int(floor(log10(b.step) + 1e-9)))
        let ticks = stride(from: b.first, through: b.last, by: 1).map { i -> Double in
            exponent >= 0 ? i * mantissa.rounded() * pow(10, Double(exponent)) : i * mantissa.rounded() / pow(10, Double(-exponent))
        }
        return ((ticks.first!, ticks.last!), ticks)
    }

    /// A log₁₀ axis over positive `lower…upper`: the domain in whole decades (as exponents)
    /// and the ticks: every decade, with 2× and 5× between when few decades are shown, or
    /// every second (third…) decade when many are.
    static func log(_ lower: Double, _ upper: Double, maxTicks: Int) -> (domain: (Double, Double), ticks: [Double]) {
        let lo = floor(log10(lower) + 1e-9)
        var hi = ceil(log10(upper) - 1e-9)
        if hi <= lo { hi = lo + 1 }
        let decades = Int(hi - lo)
        var ticks: [Double] = []
        if decades * 3 <= maxTicks + 1 {
            for e in Int(lo)...Int(hi) {
                for m in [1.0, 2, 5] where e < Int(hi) || m == 1 { ticks.append(decimal(m, e)) }
            }
        } else {
            // Every `every`-th decade, with the top widened so that it is a tick too.
            let every = max(1, Int((Double(decades) / Double(max(1, maxTicks))).rounded(.up)))
            hi = lo + Double(every * Int((Double(decades) / Double(every)).rounded(.up)))
            for e in stride(from: Int(lo), through: Int(hi), by: every) { ticks.append(decimal(1, e)) }
        }
        return ((lo, hi), ticks)
    }

    /// `m × 10^e` without float drift for negative exponents (0.001, not 0.0010000000000000002).
    private static func decimal(_ m: Double, _ e: Int) -> Double {
        e >= 0 ? m * pow(10, Double(e)) : m / pow(10, Double(-e))
    }

    /// About how many ticks an axis of `length` points can hold comfortably.
    static func tickCount(length: Double, spacing: Double = 38) -> Int {
        max(2, min(10, Int(length / spacing)))
    }
}

extension EventDate {
    /// Where a date sits on a chart's x axis: a day (or an instant) at its start, where the
    /// date axis puts its ticks; a month or a year in its middle, so that it stands for its
    /// whole period. Data, steps and annotations all use this, so a rule dated 9 March meets
    /// a level that changed on 9 March.
    var chartX: Double { precision >= .day ? start : start + (end - start) / 2 }
}

/// Number labels for a set of ticks (or any values shown together), exact for each value.
enum AxisNumbers {
    /// Decimals needed so that every value is written exactly (at most 6).
    static func decimals(_ values: [Double]) -> Int {
        for d in 0...6 {
            let f = pow(10, Double(d))
            if values.allSatisfy({ v in abs((v * f).rounded() - v * f) < 1e-6 * max(1, abs(v * f)) }) { return d }
        }
        return 6
    }

    /// "12,500", "0.25": thousands separated, the same number of decimals on every label
    /// (or, with `uniform` false, as few as each value needs: log axes run 0.01 … 1,000).
    static func grouped(_ values: [Double], uniform: Bool = true) -> [String] {
        let d = decimals(values)
        return values.map { fixed($0, decimals: uniform ? d : decimals([$0])) }
    }

    /// "0", "500", "1.5k", "2M": one suffix chosen by the largest value, decimals trimmed.
    static func compact(_ values: [Double], uniform: Bool = true) -> [String] {
        if !uniform { return values.map { compact([$0])[0] } }
        let largest = values.map(abs).max() ?? 0
        let units: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
        guard let (size, suffix) = units.first(where: { largest >= $0.0 }) else { return grouped(values) }
        let scaled = values.map { $0 / size }
        let d = decimals(scaled)
        return scaled.map { v in
            if v == 0 { return "0" }
            var text = fixed(v, decimals: d)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text + suffix
        }
    }

    /// Grouped labels, or compact ones when some grouped label is wider than `maxWidth`.
    static func labels(_ values: [Double], maxWidth: Double, style: TextStyle, uniform: Bool = true,
                       _ ctx: LayoutContext) -> (labels: [String], compact: Bool) {
        let g = grouped(values, uniform: uniform)
        if g.allSatisfy({ ctx.width($0, style) <= maxWidth }) { return (g, false) }
        return (compact(values, uniform: uniform), true)
    }

    /// One value with thousands separators and exactly `decimals` decimals; "−" for minus.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var groups: [Substring] = []
        while whole.count > 3 { groups.insert(whole.suffix(3), at: 0); whole = String(whole.dropLast(3)) }
        groups.insert(Substring(whole), at: 0)
        var result = groups.joined(separator: ",")
        if parts.count > 1 { result += "." + parts[1] }
        let isZero = Double(text) == 0
        return value < 0 && !isZero ? "−" + result : result
    }
}

/// Spreads labels along one axis so that none overlap, each as near its wanted place as it
/// can be, all inside `lower…upper` (the cluster method of Datawrapper-style end labels:
/// overlapping labels merge into a block centred on their wanted positions).
enum LabelDodge {
    /// New centres for boxes of the given `sizes` wanted at `centres`, in the input order.
    static func spread(centres: [Double], sizes: [Double], within lower: Double, _ upper: Double, gap: Double = 1) -> [Double] {
        let order = centres.indices.sorted { (centres[$0], $0) < (centres[$1], $1) }
        struct Cluster { var members: [Int]; var start: Double; var length: Double; var wanted: Double }
        var clusters: [Cluster] = []
        for i in order {
            let size = sizes[i] + gap
            clusters.append(Cluster(members: [i], start: centres[i] - size / 2, length: size, wanted: centres[i] * size))
            // Merge while the last cluster overlaps the one before it (or leaves the bounds).
            while true {
                var last = clusters[clusters.count - 1]
                let weight = last.members.map { sizes[$0] + gap }.reduce(0, +)
                last.start = last.wanted / weight - last.length / 2
                last.start = max(lower, min(last.start, upper - last.length))
                clusters[clusters.count - 1] = last
                guard clusters.count > 1 else { break }
                let previous = clusters[clusters.count - 2]
                if previous.start + previous.length <= last.start + 1e-9 { break }
                clusters.removeLast()
                clusters[clusters.count - 1].members += last.members
                clusters[clusters.count - 1].length += last.length
                clusters[clusters.count - 1].wanted += last.wanted
            }
        }
        var result = centres
        for cluster in clusters {
            // A block longer than the room starts at the top and runs past the end: overlap
            // with neighbours is worse than overflow, which the caller can see and handle.
            var y = cluster.length > upper - lower ? lower : cluster.start
            for i in cluster.members {
                let size = sizes[i] + gap
                result[i] = y + size / 2
                y += size
            }
        }
        return result
    }
}
