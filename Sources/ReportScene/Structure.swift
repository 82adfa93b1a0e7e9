/// The logical structure of a page: what each run of drawing is (a heading, a paragraph, a
/// table cell, a figure, page furniture), in reading order.
///
/// Layout knows what it draws; the renderer does not. So layout brackets the items it places
/// with `SceneItem.beginStructure(_:)` and `SceneItem.endStructure`, nested like the
/// elements they stand for, and the PDF renderer turns them into tags (a tagged PDF for
/// screen readers). PNG and SVG draw the same items and skip the brackets.
///
/// Brackets rather than nested groups, because an element may outlast a page: a table's
/// rows or a list's items continue on the next page inside the one element, while each
/// page's furniture is drawn between them. Within one element the items keep their drawing
/// order, so the structure never changes what a page looks like.
///
/// Rules the renderer relies on (`StructureCheck` finds breaches):
/// - brackets pair up across the whole document, in order;
/// - a leaf (`StructureRole.isContainer` false) holds drawing and no other element;
/// - a container holds elements and artifacts, never drawing of its own;
/// - an artifact holds drawing only, and sits in no leaf.

/// What an element of the structure is.
public enum StructureRole: Hashable, Sendable {
    /// A heading; level 1 for the report's title and `heading` blocks, 2 for block titles
    /// (the levels of the PDF outline).
    case heading(level: Int)
    /// A paragraph: body text, a caption, a note or a sources line.
    case paragraph
    /// A bulleted list; its items are `listItem`s.
    case list
    /// One item of a list; its text is a `listBody`.
    case listItem
    /// The text of a list item.
    case listBody
    /// A table; its rows are `tableRow`s. `summary` says what it holds before its cells
    /// are read (the block's alt text).
    case table(summary: String?)
    /// One row of a table; its cells are `tableHeader`s or `tableCell`s.
    case tableRow
    /// A header cell naming its column.
    case tableHeader
    /// A data cell.
    case tableCell
    /// A picture (a chart, a timeline, key figures): `alt` is what a reader who cannot see
    /// it is told, `bounds` the area it covers on the page.
    case figure(alt: String, bounds: Rect)
    /// Page furniture that is not part of the text: running header and footer, markings,
    /// page numbers, rules and background boxes, a table header repeated on a new page.
    case artifact

    /// True for elements that hold other elements rather than drawing.
    public var isContainer: Bool {
        switch self {
        case .list, .listItem, .table, .tableRow: return true
        default: return false
        }
    }
}

extension Array where Element == SceneItem {
    /// `items` bracketed as one element of the structure.
    public static func structured(_ role: StructureRole, _ items: [SceneItem]) -> [SceneItem] {
        [.beginStructure(role)] + items + [.endStructure]
    }

    /// `items` as page furniture (an artifact); their own brackets are dropped, so a table
    /// header drawn again on a new page is furniture as a whole.
    public static func artifact(_ items: [SceneItem]) -> [SceneItem] {
        structured(.artifact, items.filter(\.isDrawing))
    }
}

extension SceneItem {
    /// True for items that draw or link (everything but structure brackets).
    public var isDrawing: Bool {
        switch self {
        case .beginStructure, .endStructure: return false
        default: return true
        }
    }
}

/// Checks a document's structure brackets against the rules above; the PDF renderer tags
/// what it is given, so a breach would reach the file as untagged or mis-tagged content.
public enum StructureCheck {
    /// The breaches in `pages` (page number and what is wrong), in order; empty when the
    /// structure is sound.
    public static func problems(_ pages: [ScenePage]) -> [String] {
        var open: [StructureRole] = []
        var problems: [String] = []
        for (index, page) in pages.enumerated() {
            func note(_ text: String) { problems.append("page \(index + 1): \(text)") }
            for item in page.items {
                switch item {
                case .beginStructure(let role):
                    if let parent = open.last, parent == .artifact || !parent.isContainer {
                        note("\(role) inside \(parent), which holds drawing only")
                    }
                    open.append(role)
                case .endStructure:
                    if open.popLast() == nil { note("an end with no element open") }
                case .clipped(_, let inner) where inner.contains { !$0.isDrawing }:
                    note("structure inside a clipped group")
                default:
                    if let parent = open.last, parent == .artifact || !parent.isContainer { continue }
                    note("drawing outside any leaf or artifact (\(open.last.map { "in \($0)" } ?? "at the top level")): \(String(describing: item).prefix(120))")
                }
            }
        }
        if !open.isEmpty { problems.append("end of document: \(open.count) element(s) left open") }
        return problems
    }
}
