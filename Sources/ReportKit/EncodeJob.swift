import Dispatch
import Foundation
import ReportCairo

/// One output to encode on its own thread, with its own Pango font map.
struct EncodeJob: Sendable {
    var output: OutputSpec
    var pages: [ScenePage]
    var info: DocumentInfo

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
    static func runAll(_ work: [EncodeJob], fonts: FontLibrary, measurer: PangoTextMeasurer, threads: Int,
                       progress: (@Sendable (_ file: String, _ total: Int) -> Void)?) -> [Result<[UInt8], RenderError>] {
        let results = Slots<Result<[UInt8], RenderError>>(count: work.count)
        let lanes = max(1, min(threads, work.count))
        let shared = UncheckedSendable(measurer)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for i in stride(from: lane, to: work.count, by: lanes) {
                results[i] = work[i].run(fonts: fonts, measurer: lane == 0 ? shared.value : nil, threads: max(1, threads / lanes))
                progress?(work[i].output.file, work.count)
            }
        }
        return work.indices.map { results[$0] ?? .failure(RenderError("not rendered")) }
    }
}
