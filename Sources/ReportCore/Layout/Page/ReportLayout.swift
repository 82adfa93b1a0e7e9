import ReportScene

/// Page flow for the whole report, and single-block pages for block outputs.
///
/// Blocks are placed in order; a piece that does not fit on the rest of a page starts a new
/// one (a title stays with what follows it, a table header repeats). Page chrome (marking,
/// running header, "Page N of M") is added once the page count is known.
///
/// Each call is a function of the prepared blocks: it returns its pages and the problems it
/// found, and changes nothing it was given.
public struct ReportLayout {
    public let spec: ReportSpec
    public let blocks: [PreparedBlock]
    /// The context layout uses: the one given, its colour map completed with every category
    /// the blocks colour (a no-op when it was built with `ColorMap(theme:blocks:)`).
    public let ctx: LayoutContext
    /// Written in the PDF's creator field and the footer.
    public let toolName: String

    /// Creates a layout.
    public init(spec: ReportSpec, blocks: [PreparedBlock], context: LayoutContext, toolName: String) {
        self.spec = spec; self.blocks = blocks; self.toolName = toolName
        // Colours by report order, so a block drawn alone gets the colours it has in the PDF.
        ctx = context.with(colors: context.colors.adding(blocks.flatMap(\.content.colorCategories)))
    }

    /// This layout for one call: its context records the text no font covers.
    private func recording() -> ReportLayout {
        ReportLayout(spec: spec, blocks: blocks, ctx: ctx.recording(), toolName: toolName)
    }

    private init(spec: ReportSpec, blocks: [PreparedBlock], ctx: LayoutContext, toolName: String) {
        self.spec = spec; self.blocks = blocks; self.ctx = ctx; self.toolName = toolName
    }

    private var page: PageSpec { spec.page }
    private var chromeBand: Double { 18 }
    private var body: Rect {
        Rect(x: page.margin, y: page.margin + chromeBand, width: page.size.width - 2 * page.margin,
             height: page.size.height - 2 * page.margin - 2 * chromeBand)
    }

    /// The whole report as pages, with the problems found (text no font in Fonts/ covers).
    public func layOutDocument() -> (pages: [ScenePage], diagnostics: [Diagnostic]) {
        let call = recording()
        let pages = call.pages()
        return (pages, call.ctx.coverage?.diagnostics ?? [])
    }

    /// One block alone on a page of `width` × `height` points (defaults: the body width and
    /// the block's own height), with the problems found; nil when no block has that id.
    public func layOutBlock(_ blockID: String, width: Double?, height: Double?) -> (page: ScenePage, diagnostics: [Diagnostic])? {
        blockPage(blockID, width: width, height: height).map { ($0.page, $0.diagnostics) }
    }

    /// One block alone, as `layOutBlock` makes it, with the height its content takes (with
    /// the page's margins): more than the page's `height` means that content is cut.
    public func blockPage(_ blockID: String, width: Double?, height: Double?) -> (page: ScenePage, diagnostics: [Diagnostic], contentHeight: Double)? {
        let call = recording()
        guard let (page, contentHeight) = call.page(blockID: blockID, width: width, height: height) else { return nil }
        return (page, call.ctx.coverage?.diagnostics ?? [], contentHeight)
    }

    private func pages() -> [ScenePage] {
        var pages: [ScenePage] = [ScenePage(size: page.size)]
        var y = body.minY
        var pageHasContent = false
        func newPage() {
            pages.append(ScenePage(size: page.size))
            y = body.minY
            pageHasContent = false
        }
        func place(_ piece: Piece, again: Bool = false) {
            // A piece drawn again (a table's header on the page it continues on) is furniture:
            // the table element already has its header row.
            let items = piece.draw(Point(body.minX, y))
            pages[pages.count - 1].items.append(contentsOf: again ? .artifact(items) : items)
            for entry in piece.outline {
                pages[pages.count - 1].outline.append(OutlineEntry(title: entry.title, level: entry.level, y: y))
            }
            y += piece.height
            pageHasContent = true
        }
        for piece in titleBlock() {
            place(piece)
            // The title cannot continue on the next page either.
            if piece.height > body.height + 0.5 {
                let written = ctx.locate?(spec.title ?? spec.subtitle ?? "")
                let problem = Diagnostic.error("the report's title, subtitle and as-of line are \(Int(piece.height.rounded())) points tall, taller than a page's body (\(Int(body.height.rounded())) points), and would be cut off; shorten the title or the subtitle",
                                               file: ctx.specFile, at: written?.position, path: written?.path ?? "title")
                ctx.coverage?.note(problem, about: "\u{0}too tall: title")
            }
        }
        y += Piece.blockGap
        // Flatten every block into one run of pieces so that "keep with next" works across
        // blocks: a heading never ends a page without the block it introduces.
        var flow: [FlowItem] = []
        for block in blocks {
            if block.spec.pageBreakBefore { flow.append(.pageBreak) }
            let pieces = BlockPieces.make(block, width: body.width, bodyHeight: body.height, ctx)
            if !pieces.isEmpty, pieces.allSatisfy(\.breaksPage) { flow.append(.pageBreak); continue }
            for (i, piece) in pieces.enumerated() { flow.append(piece.breaksPage ? .pageBreak : .piece(piece, firstOfBlock: i == 0, block: block)) }
            flow.append(.gap)
        }
        var repeating: Piece?
        for (index, item) in flow.enumerated() {
            switch item {
            case .pageBreak:
                if pageHasContent { newPage() }
            case .gap:
                if pageHasContent { y += Piece.blockGap }
            case .piece(var piece, let first, let block):
                if first { repeating = nil }
                // A piece taller than a page (a paragraph of hundreds of lines) fills the rest of
                // this page line by line, and as many pages after it as it needs.
                if piece.split != nil, y + piece.height > body.maxY + 0.5 {
                    while y + piece.height > body.maxY + 0.5, let split = piece.split {
                        if let (head, rest) = split(body.maxY + 0.5 - y, !pageHasContent) {
                            place(head)
                            piece = rest
                        }
                        newPage()
                        if let header = repeating { place(header, again: true) }
                    }
                    place(piece)
                    continue
                }
                var needed = piece.height
                var j = index, link = piece
                while link.keepWithNext, j + 1 < flow.count {
                    j += 1
                    switch flow[j] {
                    case .gap: needed += Piece.blockGap
                    case .piece(let next, _, _): needed += next.height; link = next
                    case .pageBreak: link.keepWithNext = false
                    }
                }
                if y + needed > body.maxY + 0.5, pageHasContent {
                    newPage()
                    if let header = repeating, !piece.repeatsOnNewPage { place(header, again: true) }
                }
                place(piece)
                if piece.repeatsOnNewPage { repeating = piece }
                // A piece that cannot split and is taller than a page is drawn past its end: an
                // error, never a page with text cut off.
                if piece.height > body.height + 0.5 {
                    let problem = piece.tooTall?(body.height) ?? .error(
                        "\(block.spec.id.map { "block \"\($0)\"" } ?? "this \(block.content.typeName) block") has a part \(Int(piece.height.rounded())) points tall, taller than a page's body (\(Int(body.height.rounded())) points), which cannot continue on the next page; make it smaller, or use a larger page",
                        file: ctx.specFile, at: block.spec.position, path: block.spec.path)
                    ctx.coverage?.note(problem, about: "\u{0}too tall: \(problem.description)")
                }
            }
        }
        if !pageHasContent, pages.count > 1 { pages.removeLast() }
        for i in pages.indices { pages[i].items.append(contentsOf: chrome(pageIndex: i, pageCount: pages.count)) }
        return pages
    }

    private func page(blockID: String, width: Double?, height: Double?) -> (ScenePage, Double)? {
        guard let block = blocks.first(where: { $0.spec.id == blockID }) else { return nil }
        let margin = 12.0
        let w = (width ?? body.width + 2 * margin) - 2 * margin
        let pieces = BlockPieces.make(block, width: w, bodyHeight: max(height.map { $0 - 2 * margin } ?? body.height, 40),
                                      height: height.map { $0 - 2 * margin }, ctx)
        let contentHeight = pieces.map(\.height).reduce(0, +)
        let size = Size(w + 2 * margin, height ?? contentHeight + 2 * margin)
        var page = ScenePage(size: size)
        var y = margin
        for piece in pieces {
            page.items.append(contentsOf: piece.draw(Point(margin, y)))
            y += piece.height
        }
        return (page, contentHeight + 2 * margin)
    }

    /// Title, subtitle and the as-of/author line at the top of page 1.
    private func titleBlock() -> [Piece] {
        let s = ctx.styles
        var lines: [(String, TextStyle)] = []
        if let t = spec.title { lines.append((t, s.title)) }
        if let sub = spec.subtitle { lines.append((sub, s.subtitle)) }
        var meta: [String] = []
        if let d = spec.asOf { meta.append("As of \(d.formatted(style: .long))") }
        if let a = spec.author { meta.append(a) }
        if !meta.isEmpty { lines.append((meta.joined(separator: "  ·  "), s.body.colored(s.muted))) }
        guard !lines.isEmpty else { return [] }
        let width = body.width
        let heights = lines.map { ctx.measure(TextContent($0.0, style: $0.1, width: width)).height + 2 }
        let total = heights.reduce(0, +) + 8
        let titled = spec.title != nil
        return [Piece(height: total, outline: spec.title.map { [($0, 1)] } ?? []) { p in
            // The title is the level-1 heading; subtitle and the as-of line are paragraphs.
            var items: [SceneItem] = []
            var y = p.y
            for (i, (line, h)) in zip(lines, heights).enumerated() {
                items += .structured(i == 0 && titled ? .heading(level: 1) : .paragraph, [ctx.text(line.0, line.1, at: Point(p.x, y), width: width)])
                y += h
            }
            items += .artifact([.path(.rect(Rect(x: p.x, y: y + 4, width: width, height: 1.5)), fill: .solid(s.accent), stroke: nil)])
            return items
        }]
    }

    /// Marking banners, running header and page number: furniture, an artifact.
    private func chrome(pageIndex: Int, pageCount: Int) -> [SceneItem] {
        .artifact(chromeItems(pageIndex: pageIndex, pageCount: pageCount))
    }

    private func chromeItems(pageIndex: Int, pageCount: Int) -> [SceneItem] {
        let s = ctx.styles
        var items: [SceneItem] = []
        let size = page.size
        if let marking = spec.marking {
            let style = s.small.bolded().sized(8).colored(s.accent)
            items.append(ctx.label(marking, style, at: Point(size.width / 2, max(4, page.margin / 2 - 5)), anchor: .center).item)
            items.append(ctx.label(marking, style, at: Point(size.width / 2, size.height - max(4, page.margin / 2 - 5)), anchor: .center, vertical: 1).item)
        }
        let top = page.margin
        if pageIndex > 0 {
            var left = spec.title ?? ""
            if let sub = spec.subtitle, left.isEmpty { left = sub }
            let right = spec.asOf.map { "As of \($0.formatted(style: .day))" } ?? ""
            let rightWidth = ctx.width(right, s.small)
            items.append(ctx.text(left, s.small, at: Point(page.margin, top), width: body.width - rightWidth - 12, maxLines: 1))
            items.append(ctx.label(right, s.small, at: Point(size.width - page.margin, top), anchor: .right).item)
            items.append(.path(.line(Point(page.margin, top + 12), Point(size.width - page.margin, top + 12)), fill: nil, stroke: Stroke(s.grid, width: 0.6)))
        }
        let bottom = size.height - page.margin
        items.append(.path(.line(Point(page.margin, bottom - 13), Point(size.width - page.margin, bottom - 13)), fill: nil, stroke: Stroke(s.grid, width: 0.6)))
        items.append(ctx.label("Page \(pageIndex + 1) of \(pageCount)", s.small, at: Point(size.width - page.margin, bottom), anchor: .right, vertical: 1).item)
        var footer = [spec.author, toolName].compactMap { $0 }.joined(separator: "  ·  ")
        if footer.isEmpty { footer = toolName }
        items.append(ctx.label(footer, s.small, at: Point(page.margin, bottom), anchor: .left, vertical: 1).item)
        return items
    }
}

/// One step of the page flow.
private enum FlowItem {
    case piece(Piece, firstOfBlock: Bool, block: PreparedBlock)
    case gap
    case pageBreak
}
