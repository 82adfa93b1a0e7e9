import Foundation
import ReportCore
import ReportKit
import ReportTestSupport
import XCTest

/// Every PDF `report` writes is a tagged PDF meant to pass PDF/UA-1: the example and every
/// gallery spec drawn to PDF are checked with `pdfua check` (PyPI `pdfua`, the machine-
/// checkable subset of PDF/UA-1 and WCAG 2.1), with qpdf, and read back with poppler and
/// qpdf's JSON in reading order.
///
/// pdfua is found as `$PDFUA` (its executable), else in `.build/pdfua-venv` (where setup.sh
/// and `.ci/run` install it, `.ci/install-pdfua`), else as python3's module; without any,
/// the pdfua test says so and skips.
final class AccessibilityTests: XCTestCase {
    private static let gallery = CLI.root + "/docs/gallery"

    /// The example's PDF as `report render` writes it.
    private static let example: Result<[UInt8], Error> = Result {
        let dir = try CLI.copyExample()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI.run(CLI.binary, ["render", dir + "/report.json", "--only", "raqqa-brief.pdf", "--fonts", CLI.root + "/Fonts"])
        guard result.code == 0 else { throw RenderFailure(message: result.err) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/out/raqqa-brief.pdf")))
    }

    private struct RenderFailure: Error { var message: String }

    /// Each gallery spec with its outputs drawn as PDF instead of PNG, and the whole report
    /// as one more PDF, compiled in memory: (name, bytes).
    private static func galleryPDFs() throws -> [(name: String, bytes: [UInt8])] {
        var data: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: gallery + "/data") where name.hasSuffix(".csv") || name.hasSuffix(".geojson") {
            data["data/" + name] = Array(try Data(contentsOf: URL(fileURLWithPath: gallery + "/data/" + name)))
        }
        var pdfs: [(name: String, bytes: [UInt8])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: gallery).filter({ $0.hasSuffix(".json") }).sorted() {
            var spec = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: gallery + "/" + name))) as? [String: Any])
            var outputs: [[String: Any]] = (spec["outputs"] as? [[String: Any]] ?? []).map { output in
                var o = output
                o["file"] = ((o["file"] as? String ?? "") as NSString).deletingPathExtension + ".pdf"
                o["scale"] = nil
                return o
            }
            outputs.append(["file": "whole-report.pdf"])
            spec["outputs"] = outputs
            // Sorted keys: the spec's bytes (which the PDF's keywords digest) are the same every time.
            let text = String(decoding: try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]), as: UTF8.self)
            let report: CompiledReport
            do { report = try InMemory.compile(text, bytes: data) } catch { throw RenderFailure(message: "\(name): \(error)") }
            pdfs += report.files.map { ("\(name): \($0.output.file)", $0.bytes) }
        }
        return pdfs
    }

    /// How to run pdfua, or nil when it is not installed.
    private static func pdfua() -> [String]? {
        if let path = ProcessInfo.processInfo.environment["PDFUA"], FileManager.default.isExecutableFile(atPath: path) { return [path] }
        // Where setup.sh and .ci/run install it (.ci/install-pdfua).
        let venv = Fixtures.root + "/.build/pdfua-venv/bin/pdfua"
        if FileManager.default.isExecutableFile(atPath: venv) { return [venv] }
        guard let python = CLI.tool("python3"), (try? CLI.run(python, ["-c", "import pdfua"]))?.code == 0 else { return nil }
        return [python, "-m", "pdfua"]
    }

    /// Writes `pdfs` to a temporary folder and runs `body` with their paths.
    private func withFiles<T>(_ pdfs: [(name: String, bytes: [UInt8])], _ body: ([String]) throws -> T) throws -> T {
        let dir = NSTemporaryDirectory() + "report-ua-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try pdfs.enumerated().map { i, pdf in
            let path = dir + "/\(i).pdf"
            try Data(pdf.bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        return try body(paths)
    }

    func testExampleAndGalleryPDFsPassPDFUAWithNoErrorsOrWarnings() throws {
        guard let pdfua = Self.pdfua() else {
            throw XCTSkip("pdfua is not installed: `python3 -m pip install pdfua` (as .ci/run does), or set PDFUA to its executable")
        }
        let pdfs = [("example: raqqa-brief.pdf", try Self.example.get())] + (try Self.galleryPDFs())
        XCTAssertGreaterThanOrEqual(pdfs.count, 50, "the example and two PDFs per gallery spec")
        try withFiles(pdfs) { paths in
            let result = try CLI.run(pdfua[0], Array(pdfua.dropFirst()) + ["check", "--quiet"] + paths)
            var report = result.out + result.err
            for (path, pdf) in zip(paths, pdfs) { report = report.replacingOccurrences(of: path, with: pdf.name) }
            XCTAssertEqual(result.code, 0, "pdfua found problems:\n\(report)")
        }
    }

    func testExampleAndGalleryPDFsPassQPDFCheck() throws {
        let qpdf = try XCTUnwrap(CLI.tool("qpdf"))
        let pdfs = [("example: raqqa-brief.pdf", try Self.example.get())] + (try Self.galleryPDFs())
        try withFiles(pdfs) { paths in
            for (path, pdf) in zip(paths, pdfs) {
                let check = try CLI.run(qpdf, ["--check", path])
                XCTAssertEqual(check.code, 0, "qpdf --check \(pdf.name):\n\(check.out)\(check.err)")
            }
        }
    }

    /// Two compiles of a gallery spec's PDFs give the same bytes.
    func testGalleryPDFsAreReproducible() throws {
        let first = try Self.galleryPDFs(), second = try Self.galleryPDFs()
        XCTAssertEqual(first.map(\.name), second.map(\.name))
        for (a, b) in zip(first, second) { XCTAssertTrue(a.bytes == b.bytes, "\(a.name) differs between two renders") }
    }

    /// `pdfinfo -struct-text` reads the example as it is laid out: the title, the key
    /// figures, the text and its list, each block's title before its caption, figure and
    /// sources, the tables' header cells before their data cells, section headings between.
    /// Each figure carries its block's alt text (read from the file with qpdf's JSON: poppler
    /// 22 shows attributes such as /BBox but never /Alt).
    func testStructureTextListsTheExampleInReadingOrder() throws {
        let pdf = try Self.example.get()
        let pdfinfo = try XCTUnwrap(CLI.tool("pdfinfo")), qpdf = try XCTUnwrap(CLI.tool("qpdf"))
        let (structure, json) = try withFiles([("example", pdf)]) { paths in
            (try CLI.run(pdfinfo, ["-struct-text", paths[0]]).out, try CLI.run(qpdf, ["--json", "--json-key=qpdf", paths[0]]).out)
        }
        let elements = Self.elements(structure)
        XCTAssertEqual(elements.first?.role, "Document")
        // Landmarks, in the order they must come (a text starts with the given words).
        let expected: [(String, String)] = [
            ("H1", "Raqqa: families of foreign"), ("P", "Situation brief"), ("P", "As of 12 March 2017"), ("Figure", ""),
            ("P", "300 families of Islamic State"), ("L", ""), ("LBody", "On Thursday 9 March"), ("LBody", "US defence"),
            ("Span", "Rows not in the source article"), ("Link", ""),
            ("H2", "US troop level in Syria"), ("P", "Levels and announced changes"), ("Figure", ""), ("P", "Sources:"),
            ("H2", "Events around Raqqa, March 2017"), ("Figure", ""),
            ("H1", "The weeks before: an event log"), ("H2", "Events per week by type"), ("P", "Illustrative rows"), ("Figure", ""),
            ("H2", "Fatalities per week by actor"), ("Figure", ""),
            ("H2", "Where the events were"), ("Table", ""), ("TR", ""), ("TH", "location"), ("TH", "event_type"), ("TH", "count"),
            ("TR", ""), ("TD", "Raqqa"), ("TD", "Explosions/Remote violence"), ("TD", "13"),
            ("H2", "Raqqa: events in the week of 6 March 2017"), ("Table", ""), ("TH", "event_date"), ("TD", "06 March 2017"),
            ("H2", "Families who left Raqqa"), ("Figure", ""),
        ]
        var at = 0
        for (role, start) in expected {
            guard let found = elements[at...].firstIndex(where: { $0.role == role && $0.text.hasPrefix(start) }) else {
                return XCTFail("no \(role) \"\(start)…\" after element \(at) (\(elements[at - 1 < 0 ? 0 : at - 1])); structure:\n\(structure)")
            }
            at = found + 1
        }
        // No heading, paragraph or cell is empty (one with a link holds its text in a Span).
        for (i, element) in elements.enumerated() where ["H1", "H2", "P", "TH", "TD", "LBody"].contains(element.role) {
            XCTAssertTrue(!element.text.isEmpty || elements.dropFirst(i + 1).first?.role == "Span", "an empty \(element.role) at \(i)")
        }

        // Figures: their alt texts, in order, are those of the blocks that draw pictures.
        let loaded = try ReportLoader().load(CLI.root + "/Reports/raqqa-2017/report.json")
        let pictures = loaded.blocks.filter { ["chart", "timeline", "troops", "displacement", "map", "figures"].contains($0.content.typeName) }
        let alts = try Self.figureAlts(json)
        XCTAssertEqual(alts, pictures.map { $0.altText ?? "" })
        XCTAssertEqual(alts.count, elements.filter { $0.role == "Figure" }.count)
    }

    /// The elements `pdfinfo -struct-text` lists: role (the first word of a line) and the
    /// text of the quoted line under it, in order.
    private static func elements(_ structure: String) -> [(role: String, text: String)] {
        var out: [(role: String, text: String)] = []
        for line in structure.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), !out.isEmpty, out[out.count - 1].text.isEmpty {
                out[out.count - 1].text = String(trimmed.dropFirst().dropLast())
            } else if let role = trimmed.split(separator: " ").first.map({ String($0).trimmingCharacters(in: CharacterSet(charactersIn: ":")) }),
                      role.first?.isUppercase == true {
                out.append((role, ""))
            }
        }
        return out
    }

    /// The /Alt of each Figure element, walking the structure tree depth first from qpdf's
    /// `--json` (qpdf writes text strings as "u:text").
    private static func figureAlts(_ json: String) throws -> [String] {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let objects = try XCTUnwrap((root["qpdf"] as? [Any])?.last as? [String: Any])
        func value(_ reference: Any?) -> [String: Any]? {
            guard let ref = reference as? String else { return reference as? [String: Any] }
            return (objects["obj:" + ref] as? [String: Any])?["value"] as? [String: Any]
        }
        let trailer = try XCTUnwrap((objects["trailer"] as? [String: Any])?["value"] as? [String: Any])
        let catalog = try XCTUnwrap(value(trailer["/Root"]))
        var alts: [String] = []
        func walk(_ kids: Any?) {
            let list = kids as? [Any] ?? (kids.map { [$0] } ?? [])
            for kid in list {
                guard let element = value(kid), let role = element["/S"] as? String else { continue }
                if role == "/Figure" { alts.append(String((element["/Alt"] as? String ?? "").dropFirst(2))) }
                walk(element["/K"])
            }
        }
        walk(value(catalog["/StructTreeRoot"])?["/K"])
        return alts
    }
}
