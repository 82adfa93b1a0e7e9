import ReportScene

/// `timeline`: events (instants and spans) along a time axis, in lanes.
enum TimelineBlock: BlockType {
    static let name = "timeline"
    static var keys: [BlockKey] { [
        .data, .sources, .field("date", required: true, "the column of event dates: instants, or the starts of spans"),
        .field("end", "the column of end dates: a row with one is drawn as a span"),
        .field("label", "the column of the text written beside each event"),
        .field("lane", "the column whose values are the lanes (rows) events are drawn in"),
        BlockKey("lanes", ["type": "array", "items": ["type": "string"],
                           "description": "lane names in the order they are drawn; lanes not listed follow in order of appearance"]),
        .field("color", "the column whose values colour the events"),
        .field("size", "the column of numbers that size each event's dot (fatalities; UCDP's best)"),
        .field("size_low", "the column of the low end of the reported range of \"size\" (UCDP's low); needs \"size\""),
        .field("size_high", "the column of the high end of the reported range of \"size\" (UCDP's high); needs \"size\""),
        BlockKey("range", ["$ref": "#/$defs/range", "description": "the dates the time axis spans (default: the data's)"]), .annotations,
    ] }
    /// A size range needs the size it is a range of (the decoder says so too).
    static var schemaRules: [[String: Any]] { [
        ["dependentRequired": ["size_low": ["size"], "size_high": ["size"]]],
    ] }

    static func decode(_ r: ObjectReader, _ decoder: BlockDecoder) -> TimelineSpec? {
        let date = r.field("date", required: true)
        var lanes: [String]?
        if let node = r.node("lanes") {
            lanes = node.elements?.compactMap(\.stringValue)
            if lanes == nil || lanes!.count != node.elements!.count {
                r.error("\"lanes\" must be a list of lane names (strings), found \(node.elements == nil ? node.kindDescription : "an array holding other values")", at: node, key: "lanes"); lanes = nil
            }
        }
        let (end, label, lane, color, size) = (r.field("end"), r.field("label"), r.field("lane"), r.field("color"), r.field("size"))
        let (range, annotations) = (decoder.range(r), decoder.annotations(r))
        let (sizeLow, sizeHigh) = (r.field("size_low"), r.field("size_high"))
        for key in ["size_low", "size_high"] where size == nil && r.has(key) {
            r.error("\"\(key)\" is one end of the reported range of \"size\", and there is no \"size\"", at: r.node(key)!, key: key,
                    suggestion: "add \"size\": the best estimate (UCDP's \"best\"), drawn as the dot")
        }
        guard let date else { return nil }
        return TimelineSpec(date: date, end: end, label: label, lane: lane, color: color, size: size,
                            sizeLow: size == nil ? nil : sizeLow, sizeHigh: size == nil ? nil : sizeHigh, lanes: lanes,
                            range: range, annotations: annotations)
    }

    static func columnsRead(_ t: TimelineSpec) -> ColumnsRead {
        ColumnsRead(own: [t.date, t.end, t.label, t.lane, t.color, t.size, t.sizeLow, t.sizeHigh])
    }

    /// The most lanes a timeline's `lane` column may have: the tallest page (200 inches)
    /// shows about 650 at ~22 points each.
    static let maxLanes = 1_000

    static func prepare(_ t: TimelineSpec, _ input: BlockInput, _ d: inout [Diagnostic]) -> TimelineModel? {
        let p = input.preparer, v = input.rows
        guard p.check([t.label, t.lane, t.color], dates: [(t.date, "a timeline's \"date\""), (t.end, "a timeline's \"end\"")],
                      numbers: [(t.size, "a timeline's \"size\""), (t.sizeLow, "a timeline's \"size_low\""),
                                (t.sizeHigh, "a timeline's \"size_high\"")], in: v, &d) else { return nil }
        return model(t, v, p, &d)
    }

    static func colorCategories(_ model: TimelineModel) -> [String] { model.lanes + model.categories }

    static func layout(_ model: TimelineModel, _ block: PreparedBlock, _ area: BlockArea, _ ctx: LayoutContext) -> [Piece] {
        TimelineLayout(block: block, model: model, ctx: ctx).pieces(width: area.width, height: area.height, available: area.bodyHeight)
    }

    /// Reads the events into columns (`TimelineEvents`): dates are parsed once here, lanes
    /// and categories become indices, and nothing is made per event that a million rows
    /// would make a million times over.
    private static func model(_ t: TimelineSpec, _ v: DataView, _ p: BlockPreparer, _ d: inout [Diagnostic]) -> TimelineModel? {
        let before = d.count
        let dates = p.rowDates(t.date, v, "a timeline's \"date\"", &d)
        let ends = t.end.map { p.rowDates($0, v, "a timeline's \"end\"", &d) }
        let sizes = t.size.map { p.readNumbers($0, v, "a timeline's \"size\"", &d) }
        let sizeLows = t.sizeLow.map { p.readNumbers($0, v, "a timeline's \"size_low\"", &d) }
        let sizeHighs = t.sizeHigh.map { p.readNumbers($0, v, "a timeline's \"size_high\"", &d) }
        p.checkRangeOrder(sizeLows, sizeHighs, low: t.sizeLow, high: t.sizeHigh, v, &d)
        let cellsOK = d.count == before
        guard let dateCells = v.table.column(t.date.name) else { return nil }
        let laneCells = t.lane.flatMap { v.table.column($0.name) }
        let colorCells = t.color.flatMap { v.table.column($0.name) }
        let labelCells = t.label.flatMap { v.table.column($0.name) }
        var events = TimelineEvents(spans: ends != nil)
        if sizes != nil { events.size.reserveCapacity(v.count) }
        if sizeLows != nil { events.sizeLow.reserveCapacity(v.count) }
        if sizeHighs != nil { events.sizeHigh.reserveCapacity(v.count) }
        if labelCells != nil { events.labels.reserveCapacity(v.count) }
        // Rows whose date (and end) cells have the same codes share a moment; without codes
        // (dates read row by row) each row has its own. Without an end column, moments,
        // lanes and categories are then looked up through the cells' codes (`EventIndex`):
        // the loop below only finds each code's index, on its first row.
        let coded = ends == nil && dates.isByCode
        if !coded { events.moment.reserveCapacity(v.count); events.lane.reserveCapacity(v.count); events.category.reserveCapacity(v.count) }
        var momentOfDate = [UInt32](repeating: .max, count: ends == nil ? dates.codeCount : 0)
        var momentOfPair: [Int: UInt32] = [:]
        func momentID(_ i: Int, _ date: EventDate, _ end: EventDate?) -> UInt32 {
            guard let code = dates.code(i) else { return events.addMoment(date, end: end) }
            guard let ends else {
                if momentOfDate[code] == .max { momentOfDate[code] = events.addMoment(date, end: nil) }
                return momentOfDate[code]
            }
            guard let endCode = ends.code(i) else { return events.addMoment(date, end: end) }
            let key = code * (ends.codeCount + 1) + endCode
            if let known = momentOfPair[key] { return known }
            let m = events.addMoment(date, end: end)
            momentOfPair[key] = m
            return m
        }
        var laneIndex: [String: UInt32] = [:], categoryIndex: [String: UInt32] = [:]
        for name in t.lanes ?? [] where laneIndex[name] == nil {
            laneIndex[name] = UInt32(events.laneNames.count); events.laneNames.append(name)
        }
        let listed = events.laneNames.count
        func intern(_ name: String, _ table: inout [String: UInt32], _ names: inout [String]) -> UInt32 {
            if let known = table[name] { return known }
            let index = UInt32(names.count)
            table[name] = index; names.append(name)
            return index
        }
        // Lanes and categories by the cells' codes: each distinct text is looked up once,
        // on its first row, so lanes and categories keep their order of first appearance.
        let unset = UInt32.max
        var laneOfCode = [UInt32](repeating: unset, count: laneCells?.values.count ?? 1)
        var categoryOfCode = [UInt32](repeating: unset, count: colorCells?.values.count ?? 0)
        var categoryOfLane: [UInt32] = []
        func laneID(_ row: Int) -> UInt32 {
            let code = laneCells.map { Int($0.codes[row]) } ?? 0
            if laneOfCode[code] == unset {
                let name = laneCells?.values[code] ?? ""
                laneOfCode[code] = intern(name.isEmpty ? "—" : name, &laneIndex, &events.laneNames)
            }
            return laneOfCode[code]
        }
        func categoryID(_ row: Int, lane: UInt32) -> UInt32 {
            guard let colorCells else {
                // No colour column: the lane is the category.
                while categoryOfLane.count <= Int(lane) { categoryOfLane.append(unset) }
                if categoryOfLane[Int(lane)] == unset {
                    categoryOfLane[Int(lane)] = intern(events.laneNames[Int(lane)], &categoryIndex, &events.categoryNames)
                }
                return categoryOfLane[Int(lane)]
            }
            let code = Int(colorCells.codes[row])
            if categoryOfCode[code] == unset {
                categoryOfCode[code] = intern(colorCells.values[code], &categoryIndex, &events.categoryNames)
            }
            return categoryOfCode[code]
        }
        var from = Double.infinity, to = -Double.infinity
        // The common case, without a date per row: every date looked up by code, no end and
        // no column read row by row (size, label). The codes the rows use give the moments and
        // the range; lanes and categories are named in order of first appearance by walking
        // the rows only until every lane and colour in use has been met (an event log meets
        // its actors early). Anything else, or an empty date, takes the loop below.
        let walked = coded && cellsOK && sizes == nil && sizeLows == nil && sizeHighs == nil && labelCells == nil
            && nameInOrder(v, p, dates, dateCells, laneCells, colorCells, laneID: laneID, categoryID: categoryID) { code, date in
                momentOfDate[code] = events.addMoment(date, end: nil)
                from = min(from, date.start)
                to = max(to, date.end)
            }
        for i in 0..<(walked ? 0 : v.count) {
            let row = v.rows[i]
            guard let date = dates[i] else {
                if dateCells[row].isEmpty {
                    d.append(v.cellError(row: row, column: t.date.name, value: "", problem: "is empty; every event needs a date"))
                }
                continue
            }
            let end = ends?[i] ?? nil
            if let end, end.precision == .instant ? end.end < date.start : end.end <= date.start {
                d.append(v.cellError(row: row, column: t.end!.name, value: end.isoString,
                                     problem: "is before the event's start \(date.isoString)"))
            }
            guard cellsOK, d.count == before else { continue }
            let lane = laneID(row), moment = momentID(i, date, end), category = categoryID(row, lane: lane)
            if !coded {
                events.moment.append(moment)
                events.lane.append(lane)
                events.category.append(category)
            }
            if let sizes { events.size.append(sizes[i] ?? .nan) }
            if let sizeLows { events.sizeLow.append(sizeLows[i] ?? .nan) }
            if let sizeHighs { events.sizeHigh.append(sizeHighs[i] ?? .nan) }
            if let labelCells { events.labels.append(labelCells[row]) }
            from = min(from, date.start)
            to = max(to, date.end, end?.end ?? date.end)
        }
        guard cellsOK, d.count == before else { return nil }
        if coded {
            let rows = v.rows
            events.moment = EventIndex(codes: dateCells.codes, rows: rows, map: momentOfDate)
            if let laneCells {
                events.lane = EventIndex(codes: laneCells.codes, rows: rows, map: laneOfCode)
            } else {
                events.lane = EventIndex(constant: laneOfCode[0], count: rows.count)
            }
            if let colorCells {
                events.category = EventIndex(codes: colorCells.codes, rows: rows, map: categoryOfCode)
            } else if let laneCells {
                // The lane is the category: each lane code's lane's category.
                let map = laneOfCode.map { $0 == unset ? unset : categoryOfLane[Int($0)] }
                events.category = EventIndex(codes: laneCells.codes, rows: rows, map: map)
            } else {
                events.category = EventIndex(constant: laneOfCode[0] == unset ? 0 : categoryOfLane[Int(laneOfCode[0])], count: rows.count)
            }
        }
        // Lanes beyond what a page shows share one lane; so many that their names alone are
        // more than any page can list (a column of ids by mistake) is an error.
        if events.laneNames.count > TimelineBlock.maxLanes, let lane = t.lane {
            d.append(.error("a timeline draws at most \(NumberFormat.grouped(Double(TimelineBlock.maxLanes))) lanes (an A4 page shows about 20, and lanes beyond what fits share one), but column \"\(lane.name)\" has \(NumberFormat.grouped(Double(events.laneNames.count))) different values; choose a column with fewer values, or filter the rows",
                            file: p.specFile, at: lane.position, path: lane.path))
            return nil
        }
        // A range read from the data gets a margin of 2% each side, so that marks at its
        // ends are not cut in half; a range the spec gives is kept as given.
        if !from.isFinite { from = 0; to = 1 }
        if to - from < 1e-9 { from -= 0.5; to += 0.5 }
        let margin = (to - from) * 0.02
        let given = (from: t.range?.from?.start, to: t.range?.to?.end)
        from = given.from ?? from - margin
        to = given.to ?? max(to + margin, from + 1e-3)
        return TimelineModel(events: events, from: from, to: to, annotations: t.annotations,
                             colorIsSeparate: t.color != nil && t.color?.name != t.lane?.name, sizeField: t.size?.name,
                             colorField: t.color?.name, listedLanes: listed)
    }
}

extension TimelineBlock {
    /// The fast walk of `model`: calls `moment` with each date code the rows use and its date,
    /// and `laneID` and `categoryID` on the rows in order until every lane and colour code in
    /// use has been named. False (having called nothing) when a row's date is empty: the
    /// row-by-row loop then says where.
    fileprivate static func nameInOrder(_ v: DataView, _ p: BlockPreparer, _ dates: RowDates, _ dateCells: Column,
                                        _ laneCells: Column?, _ colorCells: Column?,
                                        laneID: (Int) -> UInt32, categoryID: (Int, UInt32) -> UInt32,
                                        moment: (Int, EventDate) -> Void) -> Bool {
        let used = p.usedCodes(dateCells, v)
        guard !used.indices.contains(where: { used[$0] && dates.date(ofCode: $0) == nil }) else { return false }
        for code in used.indices where used[code] { moment(code, dates.date(ofCode: code)!) }
        let lanesUsed = laneCells.map { p.usedCodes($0, v).filter { $0 }.count } ?? 1
        let coloursUsed = colorCells.map { p.usedCodes($0, v).filter { $0 }.count } ?? 0
        var lanesMet = Set<Int>(), coloursMet = Set<Int>()
        for row in v.rows where lanesMet.count < lanesUsed || coloursMet.count < coloursUsed {
            _ = categoryID(row, laneID(row))
            lanesMet.insert(laneCells.map { Int($0.codes[row]) } ?? 0)
            if let colorCells { coloursMet.insert(Int(colorCells.codes[row])) }
        }
        return true
    }
}

/// `timeline` keys.
public struct TimelineSpec: Sendable {
    public var date: FieldRef
    public var end: FieldRef?
    public var label: FieldRef?
    public var lane: FieldRef?
    public var color: FieldRef?
    public var size: FieldRef?
    /// The low and high ends of the reported range of `size` (UCDP's `low` and `high`),
    /// drawn as rings around the dot.
    public var sizeLow: FieldRef?
    public var sizeHigh: FieldRef?
    public var lanes: [String]?
    public var range: (from: EventDate?, to: EventDate?)?
    public var annotations: [AnnotationSpec]
}
