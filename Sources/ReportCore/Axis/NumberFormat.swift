import Foundation

/// The one number formatter: every number the tool writes for a reader (axis ticks, end
/// labels, figures, legends, notes) or echoes back to a spec author (diagnostics) is written
/// here. All forms share one digit writer (`fixed`), so grouping, the minus sign and
/// decimals read the same everywhere.
///
/// - `grouped(_:maxDecimals:)`: one value in prose or a label, "12,500" or "3.25".
/// - `grouped(_:uniform:)` and `compact(_:uniform:)`: values shown together (ticks), exact for
///   each value, "12,000" or "12k".
/// - `exact(_:)`: one value exactly, as a data end label.
/// - `spec(_:)`: a number as a spec author wrote it, in diagnostics.
public enum NumberFormat {
    // MARK: One value

    /// Thousands separated with commas, decimals only as needed (at most `maxDecimals`,
    /// rounded half away from zero first, so 0.125 reads 0.13); "−" for minus.
    public static func grouped(_ value: Double, maxDecimals: Int = 2) -> String {
        if !value.isFinite { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        let factor = pow(10, Double(maxDecimals))
        let rounded = (abs(value) * factor).rounded() / factor
        let text = trimmingZeros(fixed(rounded, decimals: maxDecimals))
        return value < 0 && rounded != 0 ? "−" + text : text
    }

    /// One value written exactly (up to 6 decimals), grouped: a series' latest value.
    static func exact(_ value: Double) -> String {
        fixed(value, decimals: decimals([value]))
    }

    /// A number as a spec author wrote it: no trailing ".0" for whole numbers, no grouping,
    /// so that a diagnostic quotes the spec's own spelling.
    static func spec(_ n: Double) -> String {
        if n == n.rounded(), abs(n) <= 1e15 { return String(Int(n)) }
        return String(n)
    }

    // MARK: Values shown together

    /// "12,500", "0.25": thousands separated, the same number of decimals on every label
    /// (or, with `uniform` false, as few as each value needs: log axes run 0.01 … 1,000).
    static func grouped(_ values: [Double], uniform: Bool = true) -> [String] {
        let d = decimals(values)
        return values.map { fixed($0, decimals: uniform ? d : decimals([$0])) }
    }

    /// "0", "500", "1.5k", "2M": one suffix chosen by the largest value, decimals trimmed,
    /// never rounded (1.05M stays 1.05M, so neighbouring ticks never read alike). With
    /// `uniform` false, each value gets its own suffix (log axes). Below a thousand, grouped.
    static func compact(_ values: [Double], uniform: Bool = true) -> [String] {
        if !uniform { return values.map { compact([$0])[0] } }
        let largest = values.map(abs).max() ?? 0
        let units: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
        guard let (size, suffix) = units.first(where: { largest >= $0.0 }) else { return grouped(values) }
        let scaled = values.map { $0 / size }
        let d = decimals(scaled)
        return scaled.map { v in v == 0 ? "0" : trimmingZeros(fixed(v, decimals: d)) + suffix }
    }

    // MARK: The digit writer

    /// Decimals needed so that every value is written exactly (at most 6).
    static func decimals(_ values: [Double]) -> Int {
        for d in 0...6 {
            let f = pow(10, Double(d))
            if values.allSatisfy({ v in abs((v * f).rounded() - v * f) < 1e-6 * max(1, abs(v * f)) }) { return d }
        }
        return 6
    }

    /// One value with thousands separators and exactly `decimals` decimals; "−" for minus,
    /// and no sign on a value that rounds to zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        // printf rounds the exact binary value, so digits never drift for large numbers
        // (digit-by-digit arithmetic on the fraction turned 633,836.83 into 633,836.82).
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

    /// "1.50" → "1.5", "2.00" → "2"; whole numbers are left alone.
    private static func trimmingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
