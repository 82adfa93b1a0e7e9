import Foundation
import ReportTestSupport
import XCTest
@testable import ReportCore

/// A bounded-time fuzz loop over the parsers of user text (issue 18): JSON and YAML specs,
/// CSV data, dates and date formats, and Markdown. Each input is a mutation of a seed
/// (bytes flipped, special characters inserted, slices repeated, cut or swapped), and each
/// parser must answer without crashing and keep its promises: a JSON, YAML or CSV error is at
/// a line; a CSV table is rectangular; a date starts before it ends; Markdown keeps every
/// character of its input but markers, and makes no empty span.
///
/// CI runs it for two seconds (`REPORT_FUZZ_SECONDS` runs it longer: an hour is
/// `REPORT_FUZZ_SECONDS=3600 swift test --filter ParserFuzzTests`), from a seed printed at
/// the start (`REPORT_FUZZ_SEED` repeats a run). A broken promise is shrunk to a smallest
/// input that still breaks it before it is reported; in a long run each input is written to
/// `$TMPDIR/report-fuzz-input` first, so that one that crashes the process is left there.
final class ParserFuzzTests: XCTestCase {
    private struct Target {
        var name: String
        var seeds: [String]
        /// Nil when the parser kept its promises, else what it broke.
        var check: ([UInt8]) -> String?
    }

    private var targets: [Target] {
        [
            Target(name: "JSON", seeds: [
                #"{"report": 1, "title": "Raqqa \u0627", "sections": [{"type": "text", "text": "a\nb"}], "n": [1, -2.5e3, true, null]}"#,
                #"[[[{"a": {"b": ["c", 1e308, -0]}}]]]"#,
            ]) { bytes in
                do throws(DiagnosticList) { _ = try JSONTreeParser.parse(bytes) } catch {
                    if let bad = error.diagnostics.first(where: { $0.position == nil || $0.position!.line < 1 }) { return "error without a line: \(bad)" }
                }
                return nil
            },
            Target(name: "YAML", seeds: [
                "report: 1\ntitle: Raqqa\nsections:\n  - type: text\n    text: |\n      a\n      b\nx: &a [1, 2]\ny: *a\n",
                "a: {b: [c, 'd', \"e\"], f: !!str 1}\n? complex\n: value\n",
            ]) { bytes in
                do throws(DiagnosticList) { _ = try YAMLTreeLoader.parse(String(decoding: bytes, as: UTF8.self)) } catch {
                    if let bad = error.diagnostics.first(where: { $0.position == nil || $0.position!.line < 1 }) { return "error without a line: \(bad)" }
                }
                return nil
            },
            Target(name: "CSV", seeds: [
                "date,place,deaths\n2017-06-06,\"Raqqa, city\",3\n2017-06-07,\"say \"\"hi\"\"\",4\r\n",
                "a;b\n1;2\n\"x\n y\";3\n",
            ]) { bytes in
                do throws(DiagnosticList) {
                    let table = try CSVReader.read(bytes, delimiter: bytes.contains(UInt8(ascii: ";")) ? UInt8(ascii: ";") : UInt8(ascii: ","))
                    if table.columns.count != table.header.count { return "\(table.columns.count) columns for \(table.header.count) names" }
                    if let c = table.columns.first(where: { $0.count != table.rowLines.count }) { return "a column of \(c.count) cells for \(table.rowLines.count) rows" }
                } catch {
                    if let bad = error.diagnostics.first(where: { $0.position == nil || $0.position!.line < 1 }) { return "error without a line: \(bad)" }
                }
                return nil
            },
            Target(name: "date", seeds: ["2017-06-06", "2017-06-06T10:30:00+03:00", "2017-W23", "2017-06", "~2017", "06/07/2017", "2017-06-06/2017-06-09"]) { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                for result in [EventDate.parseData(Substring(text)), EventDate.parse(text)] {
                    switch result {
                    case .success(let d) where !(d.start <= d.end): return "\(text): starts \(d.start) after it ends \(d.end)"
                    case .failure(let e) where e.message.isEmpty: return "\(text): an error without a message"
                    default: continue
                    }
                }
                if let format = try? DateFormat("%d %B %Y"), case .success(let d) = format.parse(Substring(text)), !(d.start <= d.end) {
                    return "\(text): the format's date starts after it ends"
                }
                _ = try? DateFormat(text)
                return nil
            },
            Target(name: "GeoJSON", seeds: [
                #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Euphrates", "n": 1.50}, "geometry": {"type": "LineString", "coordinates": [[38.01, 36.82], [39.01, 35.94, 250]]}}]}"#,
                #"{"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [[[38, 35], [39, 35], [39, 36], [38, 35]]]}, {"type": "MultiPoint", "coordinates": [[0, 0]]}]}"#,
            ]) { bytes in
                // Every problem is located in the file; every feature read is inside the world.
                let (features, diagnostics) = GeoJSONReader.read(bytes, file: SourceName("layer.geojson"))
                if let bad = diagnostics.first(where: { $0.position == nil || $0.position!.line < 1 || $0.file != "layer.geojson" }) {
                    return "error without a place in the file: \(bad)"
                }
                for f in features {
                    for p in f.geometry.allPoints where !(-180...180).contains(p.lon) || !(-90...90).contains(p.lat) { return "a position out of range was kept: \(p)" }
                }
                return nil
            },
            Target(name: "Markdown", seeds: ["**Bold** and *italic* [link](https://x.org/a_(b)) \\* escaped\n\n- one\n- two [x](mailto:a@b)", "[[a](", "***a**b*"]) { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                for paragraph in Markdown.parse(text) {
                    if paragraph.spans.contains(where: { $0.text.isEmpty }) { return "an empty span" }
                }
                let spans = Markdown.inline(text)
                if spans.contains(where: { $0.text.isEmpty }) { return "an empty span" }
                // Markers, URLs and escapes go; nothing else does, and nothing is added.
                // (Compared by scalars: "\r" and "\n" either side of a marker join into one character.)
                var rest = Substring(text).unicodeScalars
                for span in spans {
                    for c in span.text.unicodeScalars {
                        guard let i = rest.firstIndex(of: c) else { return "U+\(String(c.value, radix: 16)) is not in the input in order" }
                        rest = rest[rest.index(after: i)...]
                    }
                }
                return nil
            },
        ]
    }

    private static let specials: [[UInt8]] = ["\"", "\\", "{", "}", "[", "]", "(", ")", "*", "**", ":", ",", ";", "\n", "\r\n", "\t", " ", "-", "&a", "*a", "!!", "|", "#",
                                              "\u{0}", "\u{FEFF}", "é", "الرقة", "\u{200B}", "1e999", "-0", "T", "Z", "+03:00", "/", "~", "%", "W53", "99999999999999999999"].map { Array($0.utf8) }

    private func mutate(_ input: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...random.next(below: 4) {
            let at = bytes.isEmpty ? 0 : random.next(below: bytes.count + 1)
            switch random.next(below: 6) {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(contentsOf: Self.specials[random.next(below: Self.specials.count)], at: at)
            case 2 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(below: 8)))
            case 3 where at < bytes.count:
                let slice = Array(bytes[at..<min(bytes.count, at + 1 + random.next(below: 16))])
                for _ in 0..<(1 + random.next(below: 50)) { bytes.insert(contentsOf: slice, at: at) }
            case 4: bytes = Array(bytes.prefix(at))
            default:
                let other = bytes.isEmpty ? 0 : random.next(below: bytes.count)
                if at < bytes.count { bytes.swapAt(at, other) }
            }
        }
        return bytes
    }

    /// A smallest input found that still breaks the promise: chunks removed while it does.
    private func shrink(_ input: [UInt8], _ check: ([UInt8]) -> String?) -> [UInt8] {
        var best = input
        var chunk = max(1, best.count / 2)
        while chunk >= 1 {
            var i = 0, removed = false
            while i < best.count {
                var candidate = best
                candidate.removeSubrange(i..<min(best.count, i + chunk))
                if check(candidate) != nil { best = candidate; removed = true } else { i += chunk }
            }
            if !removed { chunk /= 2 }
        }
        return best
    }

    func testParsersKeepTheirPromisesOnMutatedInput() {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["REPORT_FUZZ_SECONDS"].flatMap(Double.init) ?? 2
        let seed = environment["REPORT_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let keepInputs = environment["REPORT_FUZZ_SECONDS"] != nil
        let inputFile = NSTemporaryDirectory() + "report-fuzz-input"
        print("parser fuzz: seed \(seed) (REPORT_FUZZ_SEED=\(seed) repeats it), \(seconds) s")
        var random = SeededRandom(seed: seed)
        let targets = self.targets
        let deadline = Date().addingTimeInterval(seconds)
        var runs = [Int](repeating: 0, count: targets.count)
        var pool = targets.map { $0.seeds.map { Array($0.utf8) } }
        while Date() < deadline {
            for (t, target) in targets.enumerated() {
                let base = pool[t][random.next(below: pool[t].count)]
                let input = mutate(base, &random)
                if keepInputs { try? Data(input).write(to: URL(fileURLWithPath: inputFile)) }
                runs[t] += 1
                if let broken = target.check(input) {
                    let small = shrink(input, target.check)
                    XCTFail("\(target.name) (seed \(seed)): \(target.check(small) ?? broken); shrunk input: \(Array(small)) \"\(String(decoding: small, as: UTF8.self))\"")
                    return
                }
                // Inputs that grew a little are kept to mutate further; the pool stays small.
                if input.count < 4096, random.next(below: 8) == 0 {
                    if pool[t].count < 64 { pool[t].append(input) } else { pool[t][random.next(below: 64)] = input }
                }
            }
        }
        print("parser fuzz: " + zip(targets, runs).map { "\($0.name) \($1)" }.joined(separator: ", ") + " inputs")
        XCTAssertGreaterThan(runs.min() ?? 0, 50)
    }
}
