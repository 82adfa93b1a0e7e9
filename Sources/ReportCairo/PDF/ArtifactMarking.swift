/// Marks a page's untagged drawing as artifacts: PDF/UA-1 (7.1) wants every piece of page
/// content either in a structure element or in an `/Artifact` marked-content sequence.
///
/// Cairo 1.16 cannot write artifacts. A tag's name must be a standard structure type
/// (`cairo-tag-stack.c` refuses any other, "Artifact" included, with
/// CAIRO_STATUS_TAG_ERROR), and a tag always becomes a structure element whose content
/// carries an MCID, so no tag yields `/Artifact BMC`. What Cairo does give is exact: the
/// content of every structure leaf sits between `/Tag << /MCID n >> BDC` and `EMC`, and
/// everything else is drawn outside any such sequence. The Scene puts all page furniture
/// outside the leaves (`StructureCheck`), so "outside" is exactly the artifacts, plus the
/// white page background the renderer paints first.
///
/// So the content stream is rewritten: each run of graphics objects (a path up to its
/// painting operator, a text object BT…ET, a shading, an XObject, an inline image) drawn
/// outside any MCID-marked sequence is wrapped in `/Artifact BMC … EMC`. A run never
/// crosses `q`/`Q` or a tagged sequence, so marked content and the graphics state stack
/// stay properly nested; state operators between two objects of a run go in with them.
/// Marked content without an MCID that Cairo writes inside text objects (a `/Span` with
/// `/ActualText` for a ligature) goes in with its text object.
enum ArtifactMarking {
    static let open = Array("/Artifact BMC\n".utf8)
    static let close = Array("\nEMC".utf8)

    /// `content` with its untagged drawing wrapped as artifacts.
    static func mark(_ content: [UInt8]) -> [UInt8] {
        let runs = content.withUnsafeBufferPointer { untaggedRuns($0) }
        guard !runs.isEmpty else { return content }
        var out: [UInt8] = []
        out.reserveCapacity(content.count + runs.count * (open.count + close.count))
        var copied = 0
        for run in runs {
            out += content[copied..<run.lowerBound]
            out += open
            out += content[run]
            out += close
            copied = run.upperBound
        }
        out += content[copied...]
        return out
    }

    /// The byte ranges of the runs of untagged graphics objects, in order.
    static func untaggedRuns(_ content: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lexer = PDFLexer(content)
        var scan = Scan()
        var operandsStart: Int?
        var hasMCID = false
        var firstName: PDFToken?
        while let token = lexer.next() {
            if token.kind != .keyword || lexer.isOperandKeyword(token) {
                if operandsStart == nil { operandsStart = token.range.lowerBound }
                if token.kind == .name {
                    if firstName == nil { firstName = token }
                    if lexer.token(token, is: "/MCID") { hasMCID = true }
                }
                continue
            }
            let start = operandsStart ?? token.range.lowerBound
            let op = Operator(lexer, token)
            if op == .inlineImageData {
                _ = lexer.skipInlineImageData()
                scan.step(.inlineImageData, start: start, end: lexer.position, structural: false)
            } else {
                let structural = hasMCID || firstName.map { lexer.token($0, is: "/Artifact") } ?? false
                scan.step(op, start: start, end: token.range.upperBound, structural: structural)
            }
            operandsStart = nil
            hasMCID = false
            firstName = nil
        }
        scan.closeRun()
        return scan.runs
    }

    /// The operators that matter here; every other one changes state only.
    enum Operator: Equatable {
        case beginMarked, endMarked, beginText, endText, beginPath, paintPath, paint, beginImage, inlineImageData
        case save, restore, other

        init(_ lexer: PDFLexer, _ token: PDFToken) {
            let r = token.range, b = lexer.bytes
            func byte(_ i: Int) -> UInt8 { b[r.lowerBound + i] }
            switch r.count {
            case 1:
                switch byte(0) {
                case UInt8(ascii: "m"): self = .beginPath
                case UInt8(ascii: "S"), UInt8(ascii: "s"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "B"),
                     UInt8(ascii: "b"), UInt8(ascii: "n"): self = .paintPath
                case UInt8(ascii: "q"): self = .save
                case UInt8(ascii: "Q"): self = .restore
                default: self = .other
                }
            case 2:
                switch (byte(0), byte(1)) {
                case (UInt8(ascii: "r"), UInt8(ascii: "e")): self = .beginPath
                case (UInt8(ascii: "B"), UInt8(ascii: "T")): self = .beginText
                case (UInt8(ascii: "E"), UInt8(ascii: "T")): self = .endText
                case (UInt8(ascii: "f"), UInt8(ascii: "*")), (UInt8(ascii: "B"), UInt8(ascii: "*")), (UInt8(ascii: "b"), UInt8(ascii: "*")): self = .paintPath
                case (UInt8(ascii: "s"), UInt8(ascii: "h")), (UInt8(ascii: "D"), UInt8(ascii: "o")): self = .paint
                case (UInt8(ascii: "B"), UInt8(ascii: "I")): self = .beginImage
                case (UInt8(ascii: "I"), UInt8(ascii: "D")): self = .inlineImageData
                default: self = .other
                }
            case 3:
                switch (byte(0), byte(1), byte(2)) {
                case (UInt8(ascii: "B"), UInt8(ascii: "D"), UInt8(ascii: "C")), (UInt8(ascii: "B"), UInt8(ascii: "M"), UInt8(ascii: "C")): self = .beginMarked
                case (UInt8(ascii: "E"), UInt8(ascii: "M"), UInt8(ascii: "C")): self = .endMarked
                default: self = .other
                }
            default:
                self = .other
            }
        }
    }

    /// The state of one pass over a content stream.
    private struct Scan {
        var runs: [Range<Int>] = []
        /// Marked-content nesting.
        var depth = 0
        /// The depth inside the outermost MCID (or artifact) sequence open; nil outside any.
        var taggedDepth: Int?
        /// Marked content without an MCID opened in untagged drawing, and not yet closed.
        var loose = 0
        var inText = false
        var inPath = false
        /// The run being gathered: where it starts, and where its last complete object ends.
        var runStart: Int?
        var runEnd: Int?

        mutating func step(_ op: Operator, start: Int, end: Int, structural: Bool) {
            if let tagged = taggedDepth {
                if op == .beginMarked { depth += 1 }
                if op == .endMarked {
                    depth -= 1
                    if depth < tagged { taggedDepth = nil }
                }
                return
            }
            switch op {
            case .beginMarked where structural && !inText && loose == 0:
                closeRun()
                depth += 1
                taggedDepth = depth
            case .beginMarked:
                openRun(at: start)
                depth += 1
                loose += 1
            case .endMarked:
                depth = max(0, depth - 1)
                if loose > 0 { loose -= 1; runEnd = end }
            case .beginText:
                openRun(at: start)
                inText = true
            case .endText:
                inText = false
                runEnd = end
            case .beginPath where !inText && !inPath:
                inPath = true
                openRun(at: start)
            case .paintPath where !inText:
                inPath = false
                runEnd = end
            case .paint, .inlineImageData:
                openRun(at: start)
                runEnd = end
            case .beginImage:
                openRun(at: start)
            case .save, .restore:
                if !inText && loose == 0 { closeRun() }
            default:
                break
            }
        }

        mutating func openRun(at start: Int) {
            if runStart == nil { runStart = start }
        }

        mutating func closeRun() {
            if let start = runStart, let end = runEnd, end > start { runs.append(start..<end) }
            runStart = nil
            runEnd = nil
        }
    }
}
