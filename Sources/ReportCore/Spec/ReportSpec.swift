import ReportScene

/// The typed, validated spec: what `SpecDecoder` makes of a `SpecNode` tree, with every
/// default applied. Field names follow the spec keys; each value remembers where it was written
/// so that later stages (data checks, layout) can still point at the spec.

/// A column name written in the spec, with its position for "unknown column" messages.
public struct FieldRef: Hashable, Sendable {
    public var name: String
    public var position: SourcePosition
    public var path: String
    /// Creates a reference.
    public init(_ name: String, at position: SourcePosition, path: String) {
        self.name = name; self.position = position; self.path = path
    }
}

/// The whole report.
public struct ReportSpec: Sendable {
    /// The most blocks in `sections`: ten times a long report's hundred.
    public static let maxBlocks = 1_000
    /// The most entries in `outputs`: a file for each block of the longest report.
    public static let maxOutputs = 1_000
    public var title: String?
    public var subtitle: String?
    public var author: String?
    public var marking: String?
    /// The zone date-times are shown in, as minutes east of UTC (0: UTC). Civil dates are
    /// never shifted; only instants (date-times) are.
    public var timezoneOffsetMinutes: Int = 0
    /// `lang`: the report's language, a BCP 47 tag in its canonical case ("en", "ar",
    /// "fr-CA"); what a tagged PDF writes as its `/Lang`, the language screen readers read
    /// the report in.
    public var language: String = LanguageTag.english

    /// "UTC" or "UTC+03:00": what time axes say they show.
    public var timezoneName: String {
        guard timezoneOffsetMinutes != 0 else { return "UTC" }
        let m = abs(timezoneOffsetMinutes)
        return "UTC\(timezoneOffsetMinutes < 0 ? "−" : "+")\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
    }
    public var asOf: EventDate?
    public var page: PageSpec
    public var theme: ThemeSpec
    /// Named data sources, in the order written.
    public var data: [DataSourceSpec]
    public var sections: [BlockSpec]
    public var outputs: [OutputSpec]

    /// The data source called `name`.
    public func source(named name: String) -> DataSourceSpec? { data.first { $0.name == name } }
}

/// Paper size, orientation and margins.
public struct PageSpec: Sendable, Hashable {
    /// Width and height in points after orientation.
    public var size: Size
    public var margin: Double

    /// A4 landscape with half-inch margins: the briefing default.
    public static let `default` = PageSpec(size: Size(841.89, 595.28), margin: 36)

    /// Named paper sizes in portrait orientation, in points.
    public static let namedSizes: [String: Size] = [
        "A4": Size(595.28, 841.89), "A3": Size(841.89, 1190.55),
        "Letter": Size(612, 792), "Legal": Size(612, 1008),
    ]
}

/// Fonts and colours.
public struct ThemeSpec: Sendable {
    /// The font family for all text (Arabic falls back to "Noto Sans Arabic").
    public var font: String
    /// Colours handed out to categories without a fixed colour, in order.
    public var palette: [Color]
    /// Fixed colours per category value, the same in every block.
    public var colors: [String: Color]
    /// Where `font` was written (nil for the default), for "no such font" messages.
    public var fontPosition: SourcePosition?

    /// The Okabe–Ito palette, safe for the common forms of colour blindness (yellow left
    /// out: it vanishes on white paper).
    public static let colorBlindSafe: [Color] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6A3B", "#6E6E6E",
    ].map { Color(hex: $0)! }

    /// Named palettes for `theme.palette`.
    public static let namedPalettes: [String: [Color]] = [
        "colorblind": colorBlindSafe,
        "tableau10": ["#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1",
                      "#FF9DA7", "#9C755F", "#BAB0AC"].map { Color(hex: $0)! },
        "grey": ["#252525", "#636363", "#969696", "#BDBDBD"].map { Color(hex: $0)! },
    ]
}

/// A named data source.
public struct DataSourceSpec: Sendable {
    public var name: String
    /// A file path relative to the spec's folder, or nil for inline `values`.
    public var file: String?
    /// Inline rows.
    public var values: SpecNode?
    /// Declared column types.
    public var types: [String: ColumnType]
    public var filter: FilterSpec?
    public var position: SourcePosition
    public var path: String
    /// False when the source's own keys are wrong (no file or values, a bad extension): the
    /// error is reported once, and the source is neither loaded nor blamed again by blocks.
    public var loadable: Bool = true
    /// Where each `types` entry was written, for messages about it.
    public var typeRefs: [String: FieldRef] = [:]
    /// Where the `file` value was written.
    public var filePosition: SourcePosition?
    /// Date formats of `date` columns that declare one (`{"type": "date", "format": "%d %B %Y"}`).
    public var dateFormats: [String: DateFormat] = [:]
    /// Date columns whose precision another column states
    /// (`{"type": "date", "precision": "time_precision"}`), by date column.
    public var datePrecisions: [String: DatePrecisionColumn] = [:]
    /// Where each `precision` value was written, by date column, for messages about it.
    public var precisionRefs: [String: FieldRef] = [:]
    /// How the file is written (`delimiter`, `encoding`, `decimal`, `thousands`, `rows`).
    public var format = SourceFormat()
}

/// The type of a data column.
public enum ColumnType: String, Sendable, CaseIterable {
    case string, number, date
}

/// Keeps rows whose fields match every condition, and at least one alternative of `anyOf`
/// when it is written.
public struct FilterSpec: Sendable {
    /// One condition on one column.
    public indirect enum Condition: Sendable {
        /// The value is one of these strings (a value, a list, or `{"in": [...]}`); an empty
        /// cell matches only `""`.
        case oneOf([String])
        /// A date range, either end optional (inclusive); an empty cell never matches.
        case dateRange(from: EventDate?, to: EventDate?)
        /// A number range, either end optional (inclusive); an empty cell never matches.
        case numberRange(min: Double?, max: Double?)
        /// `{"not": X}`: the rows X drops, among those it can judge. `not` of values keeps
        /// empty cells (an empty actor is not "SDF"); `not` of a range keeps only dates or
        /// numbers outside it, since an empty cell has no value to be outside anything, and a
        /// cell that does not read is an error either way. The decoder never nests `not`.
        case not(Condition)
    }

    /// `"any": [{...}, {...}]`: a row passes when it passes at least one alternative.
    public struct AnyOf: Sendable {
        /// Each alternative is itself an all-of filter (and may hold an `any` of its own).
        public var alternatives: [FilterSpec]
        /// Where `"any"` was written, and its JSON path.
        public var position: SourcePosition
        public var path: String
    }

    public var conditions: [(field: FieldRef, condition: Condition)]
    /// Alternatives of which one must hold besides `conditions`, or nil.
    public var anyOf: AnyOf? = nil
    /// Where the filter's first key was written (the filter itself when it has none): the
    /// place a warning about the whole filter points to.
    public var position: SourcePosition? = nil
    /// False when part of the filter was wrong (and reported): what is left of it says
    /// nothing about what the author meant, so keeping no row is no news.
    public var isComplete = true
}

/// How tall a block is.
public enum HeightSpec: Sendable, Hashable {
    case points(Double)
    /// A fraction of the page body's height.
    case fraction(Double)
}

/// One block of the report.
public struct BlockSpec: Sendable {
    public var id: String?
    public var title: String?
    public var caption: String?
    public var note: String?
    /// `alt`: what the block shows, in the author's words, for readers who cannot see it
    /// (`PreparedBlock.altText` takes it over the generated sentence).
    public var alt: String?
    public var filter: FilterSpec?
    public var height: HeightSpec?
    public var pageBreakBefore: Bool
    public var kind: BlockKind
    public var position: SourcePosition
    public var path: String
    /// The data source this block reads, if any.
    public var dataName: FieldRef?
    /// Where its "Sources:" line comes from.
    public var sources: SourcesSetting = .automatic
}

/// `sources` on a block that reads data.
public enum SourcesSetting: Sendable {
    /// The column `source`, when the data has one (it cites); no line otherwise.
    case automatic
    /// The values of this column.
    case column(FieldRef)
    /// No "Sources:" line (`false`): the data's `source` column means something else.
    case none
}

/// A date annotation: a labelled rule (or a value line on charts).
public struct AnnotationSpec: Sendable {
    public var date: EventDate?
    public var value: Double?
    public var text: String
}

/// One file to write.
public struct OutputSpec: Sendable {
    public var id: String?
    public var file: String
    public var format: String
    /// The block drawn alone, or nil for the whole report.
    public var block: String?
    public var width: Double?
    public var height: Double?
    public var scale: Double
    public var position: SourcePosition
    public var path: String
    /// Where the `file` value was written (the output's position when it was defaulted).
    public var filePosition: SourcePosition
}
