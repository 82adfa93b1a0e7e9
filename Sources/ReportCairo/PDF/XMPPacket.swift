import ReportScene

/// The XMP metadata packet of a tagged PDF (ISO 16684-1): PDF/UA-1 (5, 7.1) wants the
/// document's title as `dc:title` and its claim of conformance as `pdfuaid:part` there.
/// Written from the same `DocumentInfo` as the Info dictionary, so the two agree; the
/// keywords (the provenance) stay in the Info dictionary alone, where `report` documents
/// them, rather than being written twice.
enum XMPPacket {
    /// The packet's bytes (UTF-8), the same for the same metadata.
    static func make(_ info: DocumentInfo, producer: String) -> [UInt8] {
        var fields: [String] = []
        if let title = info.title { fields.append("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(title.xmlEscaped)</rdf:li></rdf:Alt></dc:title>") }
        if let language = info.language { fields.append("<dc:language><rdf:Bag><rdf:li>\(language.xmlEscaped)</rdf:li></rdf:Bag></dc:language>") }
        if let author = info.author { fields.append("<dc:creator><rdf:Seq><rdf:li>\(author.xmlEscaped)</rdf:li></rdf:Seq></dc:creator>") }
        if let subject = info.subject { fields.append("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(subject.xmlEscaped)</rdf:li></rdf:Alt></dc:description>") }
        if let creator = info.creator { fields.append("<xmp:CreatorTool>\(creator.xmlEscaped)</xmp:CreatorTool>") }
        if let date = info.creationDate { fields.append("<xmp:CreateDate>\(date.xmlEscaped)</xmp:CreateDate>") }
        fields.append("<pdf:Producer>\(producer.xmlEscaped)</pdf:Producer>")
        fields.append("<pdfuaid:part>1</pdfuaid:part>")
        let text = """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
            \(fields.joined(separator: "\n"))
            </rdf:Description>
            </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="r"?>
            """
        return Array(text.utf8)
    }
}
