import ReportScene

/// An unbreakable part of a block, as the page flow sees it: a height, and a way to draw
/// itself at a given top-left corner once the flow has decided where it goes.
public struct Piece {
    /// Height in points.
    public var height: Double
    /// Draws the piece with its top-left corner at the point; returns items and bookmarks.
    public var draw: (Point) -> [SceneItem]
    /// Bookmarks this piece adds (title, level), pointing at its top.
    public var outline: [(title: String, level: Int)]
    /// Keep on the same page as the next piece (titles stay with what they introduce).
    public var keepWithNext: Bool
    /// Drawn again at the top of each new page while this block continues (table headers).
    public var repeatsOnNewPage: Bool
    /// Not drawn: the page flow starts a new page here (a `page_break` block).
    public var breaksPage = false
    /// For a piece taller than a page (a paragraph of hundreds of lines): the part of it that
    /// fits in `room` points and the rest, or nil when not even its first line fits (with
    /// `atLeastOneLine`, its first line however tall). The page flow fills the rest of the page
    /// with the part that fits and goes on with the rest on the next page.
    public var split: ((_ room: Double, _ atLeastOneLine: Bool) -> (head: Piece, rest: Piece)?)?
    /// What to say when the page flow meets this piece taller than a page's body (whose
    /// height it is given) and it cannot split: it would be drawn past the page's end.
    public var tooTall: ((_ bodyHeight: Double) -> Diagnostic)?

    /// Creates a piece.
    public init(height: Double, outline: [(title: String, level: Int)] = [], keepWithNext: Bool = false,
                repeatsOnNewPage: Bool = false, draw: @escaping (Point) -> [SceneItem]) {
        self.height = height; self.draw = draw; self.outline = outline
        self.keepWithNext = keepWithNext; self.repeatsOnNewPage = repeatsOnNewPage
    }

    /// A new page.
    static var pageBreak: Piece {
        var piece = Piece(height: 0) { _ in [] }
        piece.breaksPage = true
        return piece
    }

    /// Vertical space between pieces of one block, and between blocks.
    public static let blockGap = 14.0
}
