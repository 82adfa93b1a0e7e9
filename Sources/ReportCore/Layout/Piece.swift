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
