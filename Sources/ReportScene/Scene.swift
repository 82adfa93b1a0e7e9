/// The Scene: pages of fully resolved drawing, the renderer's only input.
///
/// Everything here is absolute (points, sRGB colours, font families from Fonts/): the
/// renderer decides nothing, so PDF, PNG and SVG come out of one match over these items.

/// How the outline of a path is stroked.
public struct Stroke: Hashable, Sendable {
    public var color: Color
    public var width: Double
    /// Dash lengths in points; empty for a solid line.
    public var dash: [Double]
    /// Round line ends (for rules and leader lines) instead of butt ends.
    public var roundCaps: Bool

    /// Creates a stroke.
    public init(_ color: Color, width: Double = 1, dash: [Double] = [], roundCaps: Bool = false) {
        self.color = color; self.width = width; self.dash = dash; self.roundCaps = roundCaps
    }
}

/// How the inside of a path is filled.
public enum Fill: Hashable, Sendable {
    case solid(Color)
    /// A linear gradient between two points with colour stops at offsets 0…1
    /// (used for the soft edge of an approximate date).
    case linearGradient(from: Point, to: Point, stops: [GradientStop])
}

/// One colour stop of a gradient.
public struct GradientStop: Hashable, Sendable {
    public var offset: Double
    public var color: Color
    /// Creates a stop.
    public init(_ offset: Double, _ color: Color) { self.offset = offset; self.color = color }
}

/// A placed text box.
public struct TextItem: Hashable, Sendable {
    public var content: TextContent
    /// Top-left corner of the text box (before rotation).
    public var origin: Point
    /// Quarter turns counter-clockwise about `origin` (1 = reading upwards, for y-axis titles).
    public var quarterTurns: Int

    /// Creates a text item.
    public init(_ content: TextContent, at origin: Point, quarterTurns: Int = 0) {
        self.content = content; self.origin = origin; self.quarterTurns = quarterTurns
    }
}

/// A round mark: a disc with an optional ring centred on its edge.
///
/// Timelines draw thousands of these, so it is its own item rather than a four-curve
/// path: renderers may draw it as a round-capped stroke of zero length, a few numbers in
/// a PDF where a Bézier circle filled and outlined takes about forty.
public struct Dot: Hashable, Sendable {
    public var center: Point
    public var radius: Double
    public var fill: Color
    /// A ring on the edge, half inside and half outside the disc (a white ring keeps
    /// overlapping dots apart).
    public var ring: Stroke?

    /// Creates a dot.
    public init(center: Point, radius: Double, fill: Color, ring: Stroke? = nil) {
        self.center = center; self.radius = radius; self.fill = fill; self.ring = ring
    }

    /// The area the dot covers, ring included.
    public var bounds: Rect {
        let r = radius + (ring?.width ?? 0) / 2
        return Rect(x: center.x - r, y: center.y - r, width: 2 * r, height: 2 * r)
    }
}

/// One drawing instruction.
public indirect enum SceneItem: Hashable, Sendable {
    /// A path, filled and/or stroked (fill first).
    case path(Path, fill: Fill?, stroke: Stroke?)
    /// A round mark.
    case dot(Dot)
    /// A text box.
    case text(TextItem)
    /// A clickable area (PDF only) pointing at a URL.
    case link(Rect, uri: String)
    /// Items drawn only inside a rectangle.
    case clipped(Rect, [SceneItem])
    /// The items up to the matching `endStructure` form one element of the document's
    /// logical structure (see `StructureRole`).
    case beginStructure(StructureRole)
    /// Closes the element the latest unmatched `beginStructure` opened.
    case endStructure
}

/// A PDF bookmark pointing at a place on a page.
public struct OutlineEntry: Hashable, Sendable {
    public var title: String
    /// 1 for top level, 2 nested under the previous level-1 entry, and so on.
    public var level: Int
    /// Vertical position on the page, in points from the top.
    public var y: Double

    /// Creates an outline entry.
    public init(title: String, level: Int, y: Double) { self.title = title; self.level = level; self.y = y }
}

/// One page of drawing.
public struct ScenePage: Hashable, Sendable {
    public var size: Size
    public var items: [SceneItem]
    /// Bookmarks that point into this page.
    public var outline: [OutlineEntry]

    /// Creates a page.
    public init(size: Size, items: [SceneItem] = [], outline: [OutlineEntry] = []) {
        self.size = size; self.items = items; self.outline = outline
    }
}

/// Document metadata written into PDFs.
public struct DocumentInfo: Hashable, Sendable {
    public var title: String?
    public var author: String?
    public var subject: String?
    public var keywords: String?
    /// The producing tool and its version.
    public var creator: String?
    /// `YYYY-MM-DDThh:mm:ssZ`, or nil to leave the creation date out.
    public var creationDate: String?
    /// The document's natural language, a BCP 47 tag ("en", "ar-SY").
    public var language: String?

    /// Creates metadata.
    public init(title: String? = nil, author: String? = nil, subject: String? = nil,
                keywords: String? = nil, creator: String? = nil, creationDate: String? = nil, language: String? = nil) {
        self.title = title; self.author = author; self.subject = subject
        self.keywords = keywords; self.creator = creator; self.creationDate = creationDate; self.language = language
    }
}

/// A whole document: pages plus metadata.
public struct Scene: Hashable, Sendable {
    public var pages: [ScenePage]
    public var info: DocumentInfo

    /// Creates a scene.
    public init(pages: [ScenePage], info: DocumentInfo = DocumentInfo()) {
        self.pages = pages; self.info = info
    }
}
