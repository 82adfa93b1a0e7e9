import CCairo

/// Errors from the drawing backend: fonts that cannot be loaded, surfaces Cairo refuses.
public struct RenderError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the user.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The fonts of one folder (Fonts/ or `--fonts DIR`), and nothing else.
///
/// Holds one immutable fontconfig configuration shared by every render task; each task
/// makes its own Pango font map from it, because a font map shared across threads
/// corrupted the heap (seen here with Pango 1.50: crashes under --jobs 2 that a font map per task ended).
public final class FontLibrary: @unchecked Sendable {
    /// The fontconfig configuration; never mutated after `init`.
    let config: OpaquePointer
    /// The folder the fonts came from.
    public let directory: String
    /// Family names found in the folder, sorted.
    public let families: [String]

    /// Loads every font file in `directory` into a fresh fontconfig configuration that
    /// knows no system fonts, and makes it the process's current configuration so that
    /// Pango never loads the system one behind our back.
    public init(directory: String, cacheDirectory: String) throws {
        guard let config = FcConfigCreate() else { throw RenderError("fontconfig: cannot create a configuration") }
        let xml = "<?xml version=\"1.0\"?><fontconfig><cachedir>\(cacheDirectory.xmlEscaped)</cachedir></fontconfig>"
        guard FcConfigParseAndLoadFromMemory(config, xml, FcTrue) == FcTrue else {
            FcConfigDestroy(config)
            throw RenderError("fontconfig: cannot use cache folder \(cacheDirectory)")
        }
        guard FcConfigAppFontAddDir(config, directory) == FcTrue else {
            FcConfigDestroy(config)
            throw RenderError("cannot read fonts from \(directory): not a folder of font files")
        }
        let families = FontLibrary.familyNames(in: config)
        guard !families.isEmpty else {
            FcConfigDestroy(config)
            throw RenderError("no fonts found in \(directory) (expected .ttf or .otf files)")
        }
        FcConfigSetCurrent(config)
        self.config = config
        self.directory = directory
        self.families = families
    }

    deinit { FcConfigDestroy(config) }

    /// Family names of the application fonts in `config`.
    private static func familyNames(in config: OpaquePointer) -> [String] {
        guard let pattern = FcPatternCreate() else { return [] }
        defer { FcPatternDestroy(pattern) }
        guard let objects = FcObjectSetCreate() else { return [] }
        defer { FcObjectSetDestroy(objects) }
        FcObjectSetAdd(objects, FC_FAMILY)
        guard let set = FcFontList(config, pattern, objects) else { return [] }
        defer { FcFontSetDestroy(set) }
        var names = Set<String>()
        let count = Int(set.pointee.nfont)
        for i in 0..<count {
            guard let font = set.pointee.fonts[i] else { continue }
            var value: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(font, FC_FAMILY, 0, &value) == FcResultMatch, let value {
                names.insert(String(cString: value))
            }
        }
        return names.sorted()
    }
}

extension String {
    /// Literal replacement without Foundation (this target stays Foundation-free).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
