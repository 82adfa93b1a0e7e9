/// An sRGB colour with alpha, each channel in 0…1.
public struct Color: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    /// Creates a colour from channels in 0…1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa`; nil for anything else.
    public init?(hex: String) {
        guard hex.hasPrefix("#") else { return nil }
        let digits = Array(hex.dropFirst())
        // ASCII only: Character.isHexDigit also accepts fullwidth digits, which Int(radix:) rejects.
        guard digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        func channel(_ s: String) -> Double { Double(Int(s, radix: 16)!) / 255 }
        switch digits.count {
        case 3:
            let c = digits.map { String([$0, $0]) }
            self.init(red: channel(c[0]), green: channel(c[1]), blue: channel(c[2]))
        case 6, 8:
            let pairs = stride(from: 0, to: digits.count, by: 2).map { String(digits[$0..<$0 + 2]) }
            self.init(red: channel(pairs[0]), green: channel(pairs[1]), blue: channel(pairs[2]),
                      alpha: pairs.count == 4 ? channel(pairs[3]) : 1)
        default:
            return nil
        }
    }

    /// The same colour with another alpha.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Mixes toward white by `amount` (0 = unchanged, 1 = white); for light fills and bands.
    public func lightened(_ amount: Double) -> Color {
        Color(red: red + (1 - red) * amount, green: green + (1 - green) * amount,
              blue: blue + (1 - blue) * amount, alpha: alpha)
    }

    /// Relative luminance (WCAG), used to pick dark or light text on a fill.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
