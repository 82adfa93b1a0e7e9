import Dispatch
import Foundation
import ReportCairo

/// What a picture file (PNG, SVG) shows, in words: for a block drawn alone, the block's
/// title and alt text; for the whole report, its title.
struct PictureText: Hashable, Sendable {
    var title: String?
    var description: String?
}

/// One output to encode on its own thread, with its own Pango font map.
struct EncodeJob: Sendable {
    var output: OutputSpec
    var pages: [ScenePage]
    /// A PDF's metadata (its title and language included).
    var info: DocumentInfo
    /// What a PNG or SVG shows, in words: its title (SVG `<title>`) and description (SVG
    /// `<desc>`, PNG Description).
    var picture: PictureText

    /// Everything an encoded file's bytes depend on: equal keys, equal bytes.
    struct Key: Hashable, Sendable {
        /// The fonts folder the text is drawn with.
        var fonts: String
        var format: String
        var scale: Double
        var pages: [ScenePage]
        /// The PDF's metadata; PNG and SVG files carry none.
        var info: DocumentInfo?
        /// The words of a PNG or SVG.
        var picture: PictureText?
    }

    /// This job's key, drawing with `fonts`.
    func key(fonts: FontLibrary) -> Key {
        Key(fonts: fonts.directory, format: output.format, scale: output.scale, pages: pages,
            info: output.format == "pdf" ? info : nil, picture: output.format == "pdf" ? nil : picture)
    }

    /// Encodes with `measurer`'s fonts and shaped text when given, else with a font map of
    /// its own; a PNG is compressed on up to `threads` threads.
    func run(fonts: FontLibrary, measurer: PangoTextMeasurer?, threads: Int) -> Result<[UInt8], RenderError> {
        do {
            let renderer = try measurer.map { CairoRenderer(sharingFontsWith: $0) } ?? CairoRenderer(fonts: fonts)
            switch output.format {
            case "pdf": return .success(try renderer.pdf(Scene(pages: pages, info: info)))
            case "png": return .success(try renderer.png(pages[0], scale: output.scale, threads: threads, description: picture.description))
            default: return .success(try renderer.svg(pages[0], title: picture.title, description: picture.description))
            }
        } catch let error as RenderError {
            return .failure(error)
        } catch {
            return .failure(RenderError("\(error)"))
        }
    }

    /// Encodes jobs on up to `threads` threads; results in job order. The first lane draws
    /// with the layout's measurer (its fonts are loaded and its labels shaped already);
    /// every other lane makes its own Pango font map inside `run`, so no Pango object is
    /// ever used by two threads at once. Only the immutable font configuration is shared.
    /// A job whose key is in `cache` takes the bytes found there; the cache then keeps
    /// this run's files.
    static func runAll(_ work: [EncodeJob], fonts: FontLibrary, measurer: PangoTextMeasurer, threads: Int,
                       cache: EncodeCache? = nil,
                       progress: (@Sendable (_ file: String, _ total: Int) -> Void)?) -> [Result<[UInt8], RenderError>] {
        let results = Slots<Result<[UInt8], RenderError>>(count: work.count)
        let keys = cache.map { _ in work.map { $0.key(fonts: fonts) } }
        let pending = work.indices.filter { i in
            guard let keys, let bytes = cache?.bytes(for: keys[i]) else { return true }
            results[i] = .success(bytes)
            return false
        }
        let lanes = max(1, min(threads, pending.count))
        let shared = UncheckedSendable(measurer)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for i in stride(from: lane, to: pending.count, by: lanes).map({ pending[$0] }) {
                results[i] = work[i].run(fonts: fonts, measurer: lane == 0 ? shared.value : nil, threads: max(1, threads / lanes))
                progress?(work[i].output.file, pending.count)
            }
        }
        let values = work.indices.map { results[$0] ?? .failure(RenderError("not rendered")) }
        if let cache, let keys {
            cache.keep(zip(keys, values).compactMap { key, result in (try? result.get()).map { (key, $0) } })
        }
        return values
    }
}
