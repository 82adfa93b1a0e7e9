import Foundation
import XCTest
@testable import ReportCore

/// Every parser of user text is linear on adversarial inputs (issue 18): ten times the input
/// takes about ten times the time. Markdown with 16,000 unmatched `[` was quadratic (2.3 s);
/// these inputs are each parser's worst shapes found so far.
///
/// Timing is made robust rather than tight: each size is timed as the fastest of five runs,
/// the small input is large enough to take milliseconds, and the bound is 25× plus 50 ms
/// (linear parsers measured 7× to 17× alone, and 20× once in a full suite: the small input's
/// fastest run is itself noisy), so that a busy machine does not fail it. A quadratic parser
/// takes a hundred times as long at ten times the input, far beyond that for any small input
/// over a millisecond (each here takes 3 ms or more). YAML with duplicate keys is linear with a large constant: it
/// is parsed again after each of up to 50 duplicates (`DuplicateKeyProbe`), so 10,000
/// duplicate keys take about 4 s in a debug build.
final class ParserLinearityTests: XCTestCase {
    /// The fastest of five runs of `body`, in seconds.
    private func fastest(_ body: () -> Void) -> Double {
        (0..<5).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.min()!
    }

    /// Asserts that `parse` of `make(10 n)` takes at most 25× `parse` of `make(n)`, plus 50 ms.
    private func assertLinear<T>(_ name: String, n: Int, _ make: (Int) -> T, _ parse: (T) -> Void,
                                 file: StaticString = #filePath, line: UInt = #line) {
        let small = make(n), large = make(10 * n)
        parse(small)  // warm up
        let a = fastest { parse(small) }, b = fastest { parse(large) }
        print(String(format: "linearity %@: n=%d %.4f s, 10n %.4f s, ratio %.1f", name, n, a, b, b / max(a, 1e-9)))
        XCTAssertLessThanOrEqual(b, 25 * a + 0.05, "\(name): 10× the input took \(b / a)× the time (\(a) s, \(b) s)", file: file, line: line)
    }

    func testJSONIsLinear() {
        let json: (String) -> [UInt8] = { Array($0.utf8) }
        assertLinear("JSON keys", n: 2_000, { n in json("{" + (0..<n).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}") }) { _ = try? JSONTreeParser.parse($0) }
        assertLinear("JSON duplicate keys", n: 2_000, { n in json("{" + (0..<n).map { _ in "\"k\": 1" }.joined(separator: ",") + "}") }) { _ = try? JSONTreeParser.parse($0) }
        assertLinear("JSON escapes", n: 10_000, { n in json("\"" + String(repeating: "\\u0041\\n", count: n) + "\"") }) { _ = try? JSONTreeParser.parse($0) }
        assertLinear("JSON nesting", n: 20, { n in json("[" + Array(repeating: String(repeating: "[", count: 500) + String(repeating: "]", count: 500), count: n).joined(separator: ",") + "]") }) { _ = try? JSONTreeParser.parse($0) }
        assertLinear("JSON unclosed string", n: 20_000, { n in json("{\"a\": \"" + String(repeating: "x", count: n)) }) { _ = try? JSONTreeParser.parse($0) }
    }

    func testYAMLIsLinear() {
        assertLinear("YAML keys", n: 500, { n in (0..<n).map { "k\($0): v\($0)" }.joined(separator: "\n") }) { _ = try? YAMLTreeLoader.parse($0) }
        assertLinear("YAML duplicate keys", n: 100, { n in (0..<n).map { _ in "k: v" }.joined(separator: "\n") }) { _ = try? YAMLTreeLoader.parse($0) }
        assertLinear("YAML flow list", n: 1_000, { n in "a: [" + (0..<n).map(String.init).joined(separator: ", ") + "]" }) { _ = try? YAMLTreeLoader.parse($0) }
        assertLinear("YAML aliases", n: 500, { n in "x: &a hello\ny:\n" + String(repeating: "  - *a\n", count: n) }) { _ = try? YAMLTreeLoader.parse($0) }
    }

    func testCSVIsLinear() {
        let csv: (String) -> [UInt8] = { Array($0.utf8) }
        assertLinear("CSV rows", n: 5_000, { n in csv("a,b,c\n" + String(repeating: "1,two,\"th,ree\"\n", count: n)) }) { _ = try? CSVReader.read($0, delimiter: UInt8(ascii: ",")) }
        assertLinear("CSV doubled quotes", n: 20_000, { n in csv("a\n\"" + String(repeating: "\"\"", count: n) + "\"\n") }) { _ = try? CSVReader.read($0, delimiter: UInt8(ascii: ",")) }
        assertLinear("CSV unterminated quote", n: 20_000, { n in csv("a,b\n1,\"" + String(repeating: "x,\n", count: n)) }) { _ = try? CSVReader.read($0, delimiter: UInt8(ascii: ",")) }
        assertLinear("CSV ragged rows", n: 5_000, { n in csv("a,b\n" + String(repeating: "1\n1,2,3\n", count: n)) }) { _ = try? CSVReader.read($0, delimiter: UInt8(ascii: ",")) }
        assertLinear("CSV one long field", n: 100_000, { n in csv("a\n" + String(repeating: "y", count: n) + "\n") }) { _ = try? CSVReader.read($0, delimiter: UInt8(ascii: ",")) }
    }

    func testDatesAreLinear() {
        let format = try! DateFormat("%d %B %Y")
        assertLinear("date text", n: 2_000, { n in (0..<n).map { "2017-\(String(format: "%02d", 1 + $0 % 12))-0\(1 + $0 % 9)" } }) { texts in
            for t in texts { _ = EventDate.parseData(Substring(t)) }
        }
        assertLinear("long date text", n: 20_000, { n in String(repeating: "2017-", count: n) }) { _ = EventDate.parseData(Substring($0)) }
        assertLinear("long digits", n: 20_000, { n in String(repeating: "9", count: n) }) { _ = EventDate.parseData(Substring($0)) }
        assertLinear("date format", n: 20_000, { n in "1 " + String(repeating: "Ja", count: n) + " 2017" }) { _ = format.parse(Substring($0)) }
        assertLinear("date format text", n: 5_000, { n in String(repeating: "%d ", count: n) }) { _ = try? DateFormat($0) }
    }

    func testGeoJSONIsLinear() {
        let point = { (i: Int) in "[\(Double(i % 3_600) / 10 - 180), \(Double(i % 1_800) / 20 - 45)]" }
        assertLinear("GeoJSON line", n: 5_000, { n in Array(#"{"type": "LineString", "coordinates": ["#.utf8) + Array((0..<n).map(point).joined(separator: ",").utf8) + Array("]}".utf8) }) {
            _ = GeoJSONReader.read($0, file: SourceName("a.geojson"))
        }
        assertLinear("GeoJSON features", n: 500, { n in
            Array((#"{"type": "FeatureCollection", "features": ["# + (0..<n).map { #"{"type": "Feature", "properties": {"name": "f\#($0)"}, "geometry": {"type": "Point", "coordinates": \#(point($0))}}"# }.joined(separator: ",") + "]}").utf8)
        }) { _ = GeoJSONReader.read($0, file: SourceName("a.geojson")) }
        assertLinear("GeoJSON bad positions", n: 5_000, { n in Array(#"{"type": "MultiPoint", "coordinates": ["#.utf8) + Array(Array(repeating: "[500, 500]", count: n).joined(separator: ",").utf8) + Array("]}".utf8) }) {
            _ = GeoJSONReader.read($0, file: SourceName("a.geojson"))
        }
    }

    func testMarkdownIsLinear() {
        assertLinear("Markdown [", n: 4_000, { String(repeating: "[", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown *", n: 4_000, { String(repeating: "*a", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown ** unclosed", n: 4_000, { "**" + String(repeating: "a *", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown links", n: 1_000, { String(repeating: "[a](https://x.org/(b)) ", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown ](", n: 4_000, { String(repeating: "[x](", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown (((", n: 4_000, { "[a](" + String(repeating: "(", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown escapes", n: 4_000, { String(repeating: "\\*\\[", count: $0) }) { _ = Markdown.inline($0) }
        assertLinear("Markdown bullets", n: 2_000, { String(repeating: "- item *one*\n", count: $0) }) { _ = Markdown.parse($0) }
    }
}
