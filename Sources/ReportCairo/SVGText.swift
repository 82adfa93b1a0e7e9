/// What an SVG shows, in words: `<title>` and `<desc>`, which screen readers announce and
/// browsers show as a tooltip.
enum SVGText {
    /// `svg` with `<title>` and `<desc>` as the first children of its root element (as SVG
    /// asks); a description equal to the title is not said twice. Cairo's bytes are
    /// otherwise untouched.
    static func described(_ svg: [UInt8], title: String?, description: String?) -> [UInt8] {
        var text = ""
        if let title, !title.isEmpty { text += "<title>\(title.xmlEscaped)</title>\n" }
        if let description, !description.isEmpty, description != title { text += "<desc>\(description.xmlEscaped)</desc>\n" }
        guard !text.isEmpty, let root = rootContentStart(svg) else { return svg }
        return Array(svg[..<root]) + Array(text.utf8) + Array(svg[root...])
    }

    /// The index just after the root `<svg …>` start tag and its line break.
    private static func rootContentStart(_ svg: [UInt8]) -> Int? {
        let open = Array("<svg".utf8)
        guard let start = svg.indices.first(where: { svg[$0...].starts(with: open) }),
              let close = svg[start...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let next = close + 1
        return next < svg.count && svg[next] == UInt8(ascii: "\n") ? next + 1 : next
    }
}
