import Foundation
import XCTest
import ReportScene

/// Scenes as stable text, for snapshot tests that need no Cairo: one line per item, numbers
/// rounded to 0.1 point, so a review of the diff reads like a review of code.
///
/// `UPDATE_SNAPSHOTS=1 swift test --filter …` rewrites the files under
/// `Tests/ReportCoreTests/Snapshots/`; look at the diff before committing it.
public enum SceneSnapshot {
    public static func number(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return String(format: "%.1f", r == 0 ? 0 : r)
    }

    public static func point(_ p: Point) -> String { "\(number(p.x)),\(number(p.y))" }

    public static func color(_ c: Color) -> String {
        func hex(_ v: Double) -> String { String(format: "%02x", Int((min(1, max(0, v)) * 255).rounded())) }
        return "#" + hex(c.red) + hex(c.green) + hex(c.blue) + (c.alpha < 1 ? hex(c.alpha) : "")
    }

    /// One line per item. Structure brackets are left out unless `structure` is set: a
    /// snapshot records the drawing, which the structure never changes.
    public static func lines(_ items: [SceneItem], indent: String = "", structure: Bool = false) -> [String] {
        var out: [String] = []
        var indent = indent
        for item in items {
            switch item {
            case .beginStructure(let role):
                guard structure else { continue }
                out.append(indent + "begin \(role)")
                indent += "  "
            case .endStructure:
                guard structure else { continue }
                indent = String(indent.dropLast(2))
                out.append(indent + "end")
            case .path(let path, let fill, let stroke):
                var s = indent + "path"
                for e in path.elements {
                    switch e {
                    case .move(let p): s += " M\(point(p))"
                    case .line(let p): s += " L\(point(p))"
                    case .curve(let a, let b, let c): s += " C\(point(a)) \(point(b)) \(point(c))"
                    case .close: s += " Z"
                    }
                }
                switch fill {
                case .solid(let c)?: s += " fill=\(color(c))"
                case .linearGradient(let from, let to, let stops)?:
                    s += " gradient=\(point(from))→\(point(to))[" + stops.map { "\(number($0.offset)):\(color($0.color))" }.joined(separator: " ") + "]"
                case nil: break
                }
                if let stroke {
                    s += " stroke=\(color(stroke.color)) w=\(number(stroke.width))"
                    if !stroke.dash.isEmpty { s += " dash=" + stroke.dash.map(number).joined(separator: ",") }
                }
                out.append(s)
            case .dot(let d):
                var s = indent + "dot \(point(d.center)) r=\(number(d.radius)) fill=\(color(d.fill))"
                if let ring = d.ring { s += " ring=\(color(ring.color)) w=\(number(ring.width))" }
                out.append(s)
            case .text(let t):
                let style = t.content.style
                var s = indent + "text \"\(t.content.spans.map { $0.bold && !style.bold ? "**\($0.text)**" : $0.text }.joined())\" at \(point(t.origin))"
                s += " \(number(style.size))pt" + (style.bold ? " bold" : "") + (style.italic ? " italic" : "") + " \(color(style.color))"
                if let w = t.content.width { s += " width=\(number(w))" }
                if let m = t.content.maxLines { s += " maxLines=\(m)" }
                out.append(s)
            case .link(let r, let uri):
                out.append(indent + "link \(number(r.x)),\(number(r.y)) \(number(r.width))×\(number(r.height)) \(uri)")
            case .clipped(let r, let inner):
                out.append(indent + "clip \(number(r.x)),\(number(r.y)) \(number(r.width))×\(number(r.height))")
                out += lines(inner, indent: indent + "  ", structure: structure)
            }
        }
        return out
    }

    /// Compares `text` with the snapshot `name`, or writes it when missing or asked to.
    public static func assertMatches(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = URL(fileURLWithPath: Fixtures.root + "/Tests/ReportCoreTests/Snapshots")
        let url = dir.appendingPathComponent(name + ".txt")
        let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        if update || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            if !update { XCTFail("snapshot \(name) was missing; wrote \(url.path) (review it before committing)", file: file, line: line) }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }.map(\.offset) ?? min(a.count, b.count)
            let out = NSTemporaryDirectory() + "snapshot-\(name).txt"
            try? Data(text.utf8).write(to: URL(fileURLWithPath: out))
            XCTFail("""
                snapshot \(name) differs at line \(first + 1) (actual written to \(out); UPDATE_SNAPSHOTS=1 to accept):
                - \(first < a.count ? String(a[first]) : "<end>")
                + \(first < b.count ? String(b[first]) : "<end>")
                """, file: file, line: line)
        }
    }
}
