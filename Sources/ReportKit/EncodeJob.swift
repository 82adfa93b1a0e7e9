import Dispatch
import Foundation
import ReportCairo

/// One output to encode on its own thread, with its own Pango font map.
struct EncodeJob: Sendable {
    var output: OutputSpec
    var pages: [ScenePage]
    var info: DocumentInfo

    /// Everything an encoded file's bytes depend on: equal keys, equal bytes.
    struct Key: Hashable, Sendable {
        /// The fonts folder the text is drawn with.
        var fonts: String
        var format: String
        var scale: Double
        var pages: [ScenePage]
        /// The PDF's metadata; PNG and SVG files carry none.
        var info: DocumentInfo?
    }

    /// This job's key, drawing with `fonts`.
    func key(fonts: FontLibrary) -> Key {
        Key(fonts: fonts.directory, format: output.format, scale: output.scale, pages: pages,
            info: output.format == "pdf" ? info : nil)
    }

    /// Encodes with `measurer`'s fonts and shaped text when given, else with a font map of
    /// its own; a PNG is compressed on up to `threads` threads.
    func run(fonts: FontLibrary, measurer: PangoTextMeasurer?, threads: Int) -> Result<[UInt8], RenderError> {
        do {
            let renderer = try measurer.map { CairoRenderer(sharingFontsWith: $0) } ?? CairoRenderer(fonts: fonts)
            switch output.format {
            case "pdf": return .success(try renderer.pdf(Scene(pages: pages, info: info)))
            case "png": return .success(try renderer.png(pages[0], scale: output.scale, threads: threads))
            default: return .success(try renderer.svg(pages[0]))
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
