/// The largest PNG `report` writes: 100 million pixels (a 10,000 × 10,000 image, about
/// 400 MB in memory while drawing). Each output is checked once: by the spec decoder when
/// its size is written in the spec, otherwise after layout, when its height is known.
public enum PixelLimit {
    /// Pixels in the largest PNG.
    public static let maximum = 100_000_000.0
    /// The longest side of any page, in points: 200 inches, as PDF viewers take (and the
    /// spec's page sizes and output sizes are held to).
    public static let maximumSide = 14_400.0

    /// The problem with a `width` × `height` point PNG drawn at `scale` pixels a point, or nil
    /// when it is within the limit. `wholePage` says what the user can lower.
    public static func problem(width: Double, height: Double, scale: Double, wholePage: Bool) -> String? {
        guard width * scale * height * scale > maximum else { return nil }
        let pixels = "\(Int((width * scale).rounded()))×\(Int((height * scale).rounded()))"
        return "a \(pixels) pixel PNG is over the limit of 100 million pixels; lower \(wholePage ? "the page size or " : "width, height or ")\"scale\""
    }

    /// True when the decoder can check an output: a whole page, or a block with its height
    /// given (its width defaults to the page body's).
    public static func isKnownBeforeLayout(_ output: OutputSpec) -> Bool {
        output.block == nil || output.height != nil
    }
}
