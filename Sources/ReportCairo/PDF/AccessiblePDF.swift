import CCairo
import ReportScene

/// Makes Cairo's tagged PDF a PDF/UA-1 one: what Cairo 1.16 writes, and what is added.
///
/// Cairo writes (measured on its 1.16.0 output, `qpdf --qdf`): the structure tree of the
/// tags the renderer begins (`StructureTagger`), each leaf's content marked with its MCID,
/// the parent tree, link annotations with their Link elements (OBJR), and, when the tree is
/// topped by Document, `/MarkInfo << /Marked true >>`. It writes no `/Lang`, no
/// `/ViewerPreferences`, no XMP metadata, no `/Alt` or attributes on elements, no
/// `/Contents` on link annotations, no `/Tabs` on pages, and it cannot mark artifacts.
///
/// This pass adds those. It rewrites Cairo's file object by object (`PDFWriter`) rather
/// than appending an incremental update: artifacts need every page's content stream
/// rewritten (`ArtifactMarking`), and an update would keep Cairo's streams in the file as
/// well, 13 KB more on the 77 KB example (17%) and twice the content of a large timeline.
/// Every other object keeps Cairo's bytes (the small ones packed in an object stream). The
/// output depends on nothing but its input: no date, no random identifier.
enum AccessiblePDF {
    /// Cairo's `bytes` with the structure `tags` described (alt text, boxes, table summaries,
    /// header scope, link descriptions), untagged drawing marked as artifacts, and the catalog and XMP
    /// metadata PDF/UA-1 asks for (`info`: title and language).
    static func finish(_ bytes: [UInt8], tags: [TagRecord], info: DocumentInfo) throws(RenderError) -> [UInt8] {
        let file = try PDFFile(bytes)
        var writer = PDFWriter(file)
        guard case .reference(let root)? = file.trailer["Root"] else { throw RenderError("tagged PDF: no catalog in Cairo's output") }
        var catalog = try file.dictionary(root)
        if case .reference(let tree)? = catalog["StructTreeRoot"] {
            try describeElements(file, tree: tree, tags: tags, into: &writer)
        }
        guard case .reference(let pages)? = catalog["Pages"] else { throw RenderError("tagged PDF: no page tree in Cairo's output") }
        for page in try pageObjects(file, pages) {
            try markArtifacts(file, page: page, language: info.language, into: &writer)
        }
        let producer = "cairo \(String(cString: cairo_version_string())) (https://cairographics.org)"
        let metadata = writer.add(stream: PDFDictionary(entries: [.init(key: "Type", value: .name("Metadata")), .init(key: "Subtype", value: .name("XML"))]),
                                  data: XMPPacket.make(info, producer: producer))
        if let language = info.language { catalog["Lang"] = .text(language) }
        if catalog["MarkInfo"] == nil { catalog["MarkInfo"] = .dictionary(PDFDictionary(entries: [.init(key: "Marked", value: .true)])) }
        var preferences = PDFDictionary()
        if let existing = catalog["ViewerPreferences"], let d = try file.resolve(existing).dictionaryValue { preferences = d }
        preferences["DisplayDocTitle"] = .true
        catalog["ViewerPreferences"] = .dictionary(preferences)
        catalog["Metadata"] = .reference(metadata)
        writer.replace(root, with: .dictionary(catalog))
        return try writer.bytes()
    }

    /// Walks Cairo's structure tree depth first, which is the order the tags were begun, and
    /// adds to each element what its record says Cairo could not write.
    private static func describeElements(_ file: PDFFile, tree: Int, tags: [TagRecord], into writer: inout PDFWriter) throws(RenderError) {
        var elements: [(number: Int, dictionary: PDFDictionary)] = []
        func collect(_ kids: PDFObject?) throws(RenderError) {
            for case .reference(let n) in kids?.elements ?? [] {
                let element = try file.dictionary(n)
                guard element["S"] != nil else { continue }
                elements.append((n, element))
                try collect(element["K"])
            }
        }
        try collect(try file.dictionary(tree)["K"])
        guard elements.count == tags.count else {
            throw RenderError("tagged PDF: Cairo wrote \(elements.count) structure elements for \(tags.count) tags")
        }
        for ((number, read), tag) in zip(elements, tags) {
            var element = read
            guard element["S"]?.nameValue == tag.name else {
                throw RenderError("tagged PDF: element \(number) is \(element["S"]?.nameValue ?? "untyped"), the tag begun was \(tag.name)")
            }
            var changed = false
            if let alt = tag.alt {
                element["Alt"] = .text(alt)
                changed = true
            }
            if let box = tag.bbox {
                element["A"] = attributes(owner: "Layout", "BBox", .array(box.map { .number($0) }))
                changed = true
            }
            if let scope = tag.scope {
                element["A"] = attributes(owner: "Table", "Scope", .name(scope))
                changed = true
            }
            if let summary = tag.summary {
                element["A"] = attributes(owner: "Table", "Summary", .text(summary))
                changed = true
            }
            if changed { writer.replace(number, with: .dictionary(element)) }
            if let description = tag.linkDescription {
                try describeLink(file, element, description, into: &writer)
            }
        }
    }

    /// An attribute dictionary of one attribute.
    private static func attributes(owner: String, _ key: String, _ value: PDFObject) -> PDFObject {
        .dictionary(PDFDictionary(entries: [.init(key: "O", value: .name(owner)), .init(key: key, value: value)]))
    }

    /// Gives the annotation of a Link element (its OBJR) a `/Contents` description.
    private static func describeLink(_ file: PDFFile, _ element: PDFDictionary, _ description: String, into writer: inout PDFWriter) throws(RenderError) {
        for case .dictionary(let kid) in element["K"]?.elements ?? [] {
            guard kid["Type"]?.nameValue == "OBJR", case .reference(let annotation)? = kid["Obj"] else { continue }
            var dictionary = try file.dictionary(annotation)
            dictionary["Contents"] = .text(description)
            writer.replace(annotation, with: .dictionary(dictionary))
        }
    }

    /// The language of the text each of the page's fonts draws, by resource name, for the
    /// fonts of another script than the document's.
    private static func fontLanguages(_ file: PDFFile, page: PDFDictionary, document: String?) throws(RenderError) -> [String: String] {
        guard let resources = try page["Resources"].map({ (r) throws(RenderError) in try file.resolve(r) })?.dictionaryValue,
              let fonts = try resources["Font"].map({ (f) throws(RenderError) in try file.resolve(f) })?.dictionaryValue else { return [:] }
        var languages: [String: String] = [:]
        for entry in fonts.entries {
            guard let font = try file.resolve(entry.value).dictionaryValue, let base = font["BaseFont"]?.nameValue,
                  let language = LanguageSpans.language(ofFont: base, document: document) else { continue }
            languages[entry.key] = language
        }
        return languages
    }

    /// The page objects under the page tree node `node`, in order.
    private static func pageObjects(_ file: PDFFile, _ node: Int) throws(RenderError) -> [Int] {
        let dictionary = try file.dictionary(node)
        guard dictionary["Type"]?.nameValue == "Pages" else { return [node] }
        var pages: [Int] = []
        for case .reference(let kid) in dictionary["Kids"]?.elements ?? [] { pages += try pageObjects(file, kid) }
        return pages
    }

    /// Rewrites the page's content streams with its untagged drawing marked as artifacts,
    /// and asks for the structure order for tabbing through its annotations (7.18.3).
    /// Text in another script than the document's `language` is marked with its own
    /// (`LanguageSpans`).
    private static func markArtifacts(_ file: PDFFile, page: Int, language: String?, into writer: inout PDFWriter) throws(RenderError) {
        var dictionary = try file.dictionary(page)
        let languages = try fontLanguages(file, page: dictionary, document: language)
        func rewrite(_ content: [UInt8]) -> [UInt8] {
            LanguageSpans.mark(ArtifactMarking.mark(content), languageOfFont: languages)
        }
        for case .reference(let number) in dictionary["Contents"]?.elements ?? [] {
            let (stream, data) = try file.stream(number)
            let filters = stream["Filter"].map { $0.elements.compactMap(\.nameValue) } ?? []
            switch filters {
            case []:
                writer.replace(number, stream: stream, data: rewrite(Array(data)))
            case ["FlateDecode"] where stream["DecodeParms"] == nil:
                writer.replace(number, stream: stream, data: try Flate.deflate(rewrite(try Flate.inflate(data))))
            default:
                throw RenderError("tagged PDF: page content stream \(number) is encoded with \(filters), which this pass does not read")
            }
        }
        if dictionary["Annots"] != nil, dictionary["Tabs"] == nil {
            dictionary["Tabs"] = .name("S")
            writer.replace(page, with: .dictionary(dictionary))
        }
    }
}
