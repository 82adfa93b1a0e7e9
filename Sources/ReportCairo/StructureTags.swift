import CCairo
import ReportScene

/// The Scene's structure brackets as Cairo tags, while a PDF is drawn.
///
/// Cairo 1.16 builds the PDF's structure tree from `cairo_tag_begin`/`cairo_tag_end` and
/// marks the content drawn inside a tag with that element's MCID, but only in a *leaf*: an
/// element with child elements gets no content of its own (measured on 1.16.0, as its
/// source says: `is_leaf_node` in cairo-pdf-interchange.c).
/// It writes no /Alt, no attributes (/BBox, /Scope) and no artifacts. So each tag begun is
/// also noted here (`records`, in the order begun, which is the order of Cairo's tree read
/// depth first), for `AccessiblePDF` to add what Cairo leaves out once the file is written.
///
/// Artifacts get no tag: their drawing is left outside any marked content (they only ever
/// sit in containers, see `StructureCheck`), and `ArtifactMarking` wraps everything so left
/// in `/Artifact BMC … EMC`.
final class StructureTagger {
    private let cr: OpaquePointer?
    /// Every tag begun, in order.
    private(set) var records: [TagRecord] = []
    /// Height of the page being drawn: figure boxes are written in PDF space (y upwards).
    var pageHeight = 0.0
    private var open: [Open] = []

    private struct Open {
        /// The Cairo tag, nil for an artifact.
        var name: String?
        /// A leaf whose drawing goes in `Span`s, because Cairo would not mark the drawing of
        /// a leaf that also holds a `Link`.
        var spans: Bool
    }

    init(_ cr: OpaquePointer?) { self.cr = cr }

    /// True when drawing now goes into a leaf with links, which draws each item in a Span.
    var drawsInSpans: Bool { open.last?.spans ?? false }

    /// Opens the element `role`; `holdsLinks` says that a leaf's drawing has links.
    func begin(_ role: StructureRole, holdsLinks: Bool) {
        guard let name = Self.tagName(role) else {
            open.append(Open(name: nil, spans: false))
            return
        }
        var record = TagRecord(name: name)
        switch role {
        case .figure(let alt, let b):
            record.alt = alt
            record.bbox = [b.minX, pageHeight - b.maxY, b.maxX, pageHeight - b.minY]
        case .tableHeader:
            record.scope = "Column"
        case .table(let summary):
            record.summary = summary
        default: break
        }
        begin(record)
        open.append(Open(name: name, spans: holdsLinks))
    }

    /// Closes the latest element opened (nothing when none is).
    func end() {
        guard let closing = open.popLast() else { return }
        if let name = closing.name { cairo_tag_end(cr, name) }
    }

    /// The document element around every page. Cairo 1.16 drops a tag begun before the first
    /// page's first drawing (and with it the /MarkInfo it writes for a tree topped by
    /// Document): begin it after the page background.
    func beginDocument() { begin(TagRecord(name: "Document")) }

    /// Closes whatever is open, then the document.
    func endDocument() {
        while !open.isEmpty { end() }
        cairo_tag_end(cr, "Document")
    }

    /// `draw` inside a Span of its own.
    func span(_ draw: () -> Void) {
        begin(TagRecord(name: "Span"))
        draw()
        cairo_tag_end(cr, "Span")
    }

    /// A link over `rects` (Cairo's "x y w h …" in user space) to `uri`; `description` is
    /// what a reader is told about it (the link annotation's /Contents).
    func link(_ rects: String, uri: String, description: String) {
        var record = TagRecord(name: CAIRO_TAG_LINK)
        record.linkDescription = description
        begin(record, attributes: "rect=[\(rects)] uri='\(escapedURI(uri))'")
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    private func begin(_ record: TagRecord, attributes: String? = nil) {
        records.append(record)
        cairo_tag_begin(cr, record.name, attributes)
    }

    /// The standard structure type of a role; nil for an artifact, which is no element.
    static func tagName(_ role: StructureRole) -> String? {
        switch role {
        case .heading(let level): return "H\(min(max(level, 1), 6))"
        case .paragraph: return "P"
        case .list: return "L"
        case .listItem: return "LI"
        case .listBody: return "LBody"
        case .table: return "Table"
        case .tableRow: return "TR"
        case .tableHeader: return "TH"
        case .tableCell: return "TD"
        case .figure: return "Figure"
        case .artifact: return nil
        }
    }
}

/// One structure element Cairo was asked for, with what it cannot write itself.
struct TagRecord: Equatable {
    /// The structure type (`/S`), as given to `cairo_tag_begin`.
    var name: String
    /// A figure's alternative text (`/Alt`).
    var alt: String?
    /// A figure's box in PDF space, `[x0 y0 x1 y1]` (`/A << /O /Layout /BBox … >>`).
    var bbox: [Double]?
    /// A header cell's scope (`/A << /O /Table /Scope … >>`).
    var scope: String?
    /// A table's summary (`/A << /O /Table /Summary … >>`).
    var summary: String?
    /// A link's description (its annotation's `/Contents`).
    var linkDescription: String?

    init(name: String) { self.name = name }
}

/// A URL for Cairo's link attribute, with nothing in it to quote or escape: percent-encoded (RFC 3986) except for the characters a URL writes plainly: Cairo 1.16
/// copies the attribute into a PDF string unescaped, so a `(`, `)` or `\` in a URL (a
/// Wikipedia address, a trailing backslash) made a PDF `qpdf --check` rejects, and a NUL
/// failed inside Cairo. `%XX` means the same to every browser and PDF viewer.
func escapedURI(_ uri: String) -> String {
    let plain = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&*+,;=%".utf8)
    var out = ""
    for byte in uri.utf8 {
        if plain.contains(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) } else {
            out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return out
}

private extension String {
    /// The string with zeros before it up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
