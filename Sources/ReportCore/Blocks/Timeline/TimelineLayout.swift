import ReportScene

/// Lays out a `timeline` block: a legend of what every mark means, one lane per `lane`
/// value with its events on a shared date axis, annotations as labelled rules, and a key
/// under the chart for labels that had no room.
///
/// The stages, each in its own file:
/// 1. `TimelineLanes`: events → lanes, each either events to draw one by one or a density
///    strip of binned counts (two passes over the event columns, whatever their number);
/// 2. `PointLane` places marks and labels (`LabelPlacer`); `DensityStrip` draws counts;
/// 3. here: label rows are tried from many to few until the block fits its height, key
///    numbers are handed out in date order, and everything is stacked into one piece (with
///    the key continuing in further pieces when it cannot fit on the page).
struct TimelineLayout {
    let block: PreparedBlock
    let model: TimelineModel
    let ctx: LayoutContext

    private var labelStyle: TextStyle { ctx.styles.label }
    private var laneNameStyle: TextStyle { ctx.styles.label.bolded() }

    /// What does not depend on the number of label rows.
    private struct Setup {
        var width: Double
        var gutter: Double
        /// The date scale, in block coordinates (x = 0 at the block's left).
        var scale: TimeScale
        var lanes: TimelineLanes
        var pointLane: PointLane
        var metrics: LaneMetrics
        /// Marks of each lane drawn event by event (nil for strips).
        var marks: [[EventMark]?]
        var countMax: Double
        /// x of each annotation inside the range, with its index.
        var rules: [(x: Double, annotation: Int)]
        var axisHeight: Double
        var legend: TimelineLegend
        var stripColors: [[Color]]
    }

    /// A key line: the text of a label that had no room on the chart.
    private struct KeyEntry {
        /// Event index, or -1 - k for annotation k.
        var id: Int
        var sortDay: Double
        var sortLane: Int
        var text: String
        /// The chart shows part of the label (shortened), not just the number.
        var shortened = false
        /// Its number, once handed out.
        var number = 0
    }

    /// One way of laying the block out, for a given number of label rows.
    private struct Arrangement {
        var placed: [PointLane.Placed?]
        var laneHeights: [Double]
        var annotationLabels: [PlacedLabel]
        var annotationBand: Double
        var key: [KeyEntry]
        var numbers: [Int: Int]
        var unplaced: Int
        var notes: [String]
    }

    // MARK: Pieces

    /// The block as pieces: one when everything fits in `height` (or `available`). Else,
    /// with a free height, the chart with as much of the key as fits, then the rest of the
    /// key in further pieces that the page flow carries over; with a fixed height, one piece
    /// keeping the key lines that fit, the events whose lines do not fit left unlabelled
    /// and counted in a note (a number without its key line would say nothing).
    func pieces(width: Double, height: Double?, available: Double) -> [Piece] {
        let limit = height ?? available
        let setup = makeSetup(width: width, limit: limit)
        // The most label rows with which everything fits. Failing that: with a free height,
        // the most rows with which the chart itself fits (its key goes on in further
        // pieces); with a fixed height, the rows that leave the fewest key lines out.
        var chosen: (Arrangement, Double)?
        var fallback: (arrangement: Arrangement, natural: Double, hidden: Int)?
        for rows in (height == nil ? [4, 3, 2, 1] : [6, 5, 4, 3, 2, 1]) {
            let arrangement = arrange(setup, rows: rows)
            let chrome = frame(arrangement).chromeHeight(width: width, ctx)
            let chart = chartHeight(setup, arrangement)
            let natural = chart + keyHeight(arrangement.key, width: width, maxHeight: nil).height + chrome
            if natural <= limit { chosen = (arrangement, natural); break }
            let hidden: Int
            if chart + chrome > limit {
                hidden = Int.max / 2 + Int(chart)  // too tall: the shortest is the least bad
            } else if height == nil {
                hidden = 0
            } else {
                hidden = arrangement.key.count - keyHeight(arrangement.key, width: width, maxHeight: limit - chrome - chart - 8).count + arrangement.unplaced
            }
            if fallback == nil || hidden < fallback!.hidden { fallback = (arrangement, natural, hidden) }
        }
        if chosen == nil, let fallback { chosen = (fallback.arrangement, fallback.natural) }
        let (arrangement, natural) = chosen!
        let chrome = frame(arrangement).chromeHeight(width: width, ctx)
        let chart = chartHeight(setup, arrangement)
        if natural <= limit {
            let total = height.map { max($0, natural) } ?? natural
            return [piece(setup, arrangement, height: total, keyRange: 0..<arrangement.key.count)]
        }
        // The key does not fit under the chart.
        let room = max(0, limit - chrome - chart - 8)
        let fitting = keyHeight(arrangement.key, width: width, maxHeight: room).count
        if height != nil {
            // A number with no key line says nothing: keep as many key lines as fit (shortened
            // labels first, then the earliest numbers) and leave the other events unlabelled.
            // The note saying so takes a line of the room.
            let note = frame(arrangement, dropped: max(1, arrangement.key.count - fitting)).chromeHeight(width: width, ctx) - chrome
            let roomWithNote = max(0, room - note)
            var capacity = keyHeight(arrangement.key, width: width, maxHeight: roomWithNote).count
            while true {
                var limited = arrangement
                let dropped = limitKey(&limited, capacity: capacity)
                if capacity == 0 || keyHeight(limited.key, width: width, maxHeight: roomWithNote).count == limited.key.count {
                    return [piece(setup, limited, height: max(limit, chrome + chart), keyRange: 0..<limited.key.count,
                                  keyMaxHeight: roomWithNote, dropped: dropped)]
                }
                capacity -= 1
            }
        }
        var pieces = [piece(setup, arrangement, height: chrome + chart + keyHeight(Array(arrangement.key[0..<fitting]), width: width, maxHeight: room).height,
                            keyRange: 0..<fitting, keyMaxHeight: room)]
        var start = fitting
        let heading = "Key to " + (block.spec.title.map { "“\($0)”" } ?? "the timeline") + " (continued)"
        let headingHeight = ctx.measure(TextContent(heading, style: labelStyle.bolded(), width: width)).height + 4
        let pageRoom = max(40, available - headingHeight)
        while start < arrangement.key.count {
            let rest = Array(arrangement.key[start...])
            let count = max(1, keyHeight(rest, width: width, maxHeight: pageRoom).count)
            let slice = Array(rest[0..<count])
            let numbers = arrangement.numbers
            let h = headingHeight + keyHeight(slice, width: width, maxHeight: pageRoom).height
            // The rest of the key is text: a line saying what it is, and its entries.
            pieces.append(Piece(height: h) { p in
                .structured(.paragraph, [self.ctx.text(heading, self.labelStyle.bolded(), at: p, width: width)])
                    + .structured(.paragraph, self.drawKey(slice, numbers: numbers, width: width, maxHeight: pageRoom).map { $0.offsetBy(dx: p.x, dy: p.y + headingHeight) })
            })
            start += count
        }
        return pieces
    }

    /// The frame (title, caption, notes, sources). Events whose label found no room, not
    /// even as a number (`a.unplaced`), and those whose number lost its key line for want
    /// of height (`dropped`), are counted in one note.
    private func frame(_ a: Arrangement, dropped: Int = 0) -> BlockFrame {
        var notes = a.notes
        let unlabelled = a.unplaced + dropped
        if unlabelled > 0 {
            let one = unlabelled == 1
            notes.insert("\(NumberFormat.grouped(Double(unlabelled))) \(one ? "event is" : "events are") not labelled: there is no room at this size for \(one ? "its label or a number and key line" : "their labels or numbers and key lines"); give the block more room to see \(one ? "it" : "them").", at: 0)
        }
        return BlockFrame(block: block, legend: [], notes: notes)
    }

    // MARK: Setup

    private func makeSetup(width: Double, limit: Double) -> Setup {
        let lineHeight = ctx.measure(TextContent("Ag", style: labelStyle)).height
        let nameWidths = (model.lanes + ["\(model.lanes.count) other lanes"]).map { ctx.width($0, laneNameStyle) }
        // One unnamed lane (no `lane` column) needs no name, nor room for one.
        let gutter = model.lanes == [TimelineLayout.unnamedLane] ? 8 : min(max(width * 0.22, 40), (nameWidths.max() ?? 0) + 12)
        let provisional = TimeScale(start: model.from, end: model.to, range: gutter, max(gutter + 20, width - 8))
        var sizes = SizeScale(maxValue: sizeMaximum(nil))
        var pointLane = PointLane(model: model, ctx: ctx, scale: provisional, sizes: sizes,
                                  metrics: LaneMetrics(lineHeight: lineHeight, maxLineWidth: 300, maxLabelWidth: 180, numberWidth: 0, style: labelStyle))
        // Lanes beyond what the height can hold at ~22 points each share one lane.
        let maxLanes = max(3, Int((limit - 110) / 22))
        let lanes = TimelineLanes.make(model, scale: provisional, maxLanes: maxLanes, markCenters: { pointLane.centers($0) })
        // Room at the right for the count scale of density strips.
        var countMax = 1.0
        var rightPad = 8.0
        if lanes.hasDensity {
            let peak = lanes.lanes.compactMap { if case .density(let d) = $0.content { return d.peak } else { return nil } }.max() ?? 0
            countMax = DensityStrip.countMax(peak: peak)
            rightPad = max(rightPad, ctx.width(NumberFormat.grouped(countMax), ctx.styles.axis) + 6)
        }
        let plotRight = max(gutter + 20, width - rightPad)
        let scale = TimeScale(start: model.from, end: model.to, range: gutter, plotRight)
        let labelled = lanes.lanes.reduce(0) { n, lane in
            if case .events(let list) = lane.content { return n + (model.events.labels.isEmpty ? 0 : list.count) }
            return n
        }
        let digits = String(max(1, labelled + model.annotations.count)).count
        let digitWidth = (0...9).map { ctx.width("\($0)", labelStyle.bolded()) }.max() ?? 5
        let plotWidth = plotRight - gutter
        let metrics = LaneMetrics(lineHeight: lineHeight, maxLineWidth: min(320, max(140, plotWidth * 0.45)),
                                  maxLabelWidth: min(200, max(110, plotWidth / 3.5)),
                                  numberWidth: Double(digits) * digitWidth, style: labelStyle)
        // The size scale tops out at the largest event drawn as a dot (strips show counts).
        let dotted = lanes.lanes.flatMap { lane -> [Int] in if case .events(let list) = lane.content { return list } else { return [] } }
        sizes = SizeScale(maxValue: sizeMaximum(dotted))
        pointLane = PointLane(model: model, ctx: ctx, scale: scale, sizes: sizes, metrics: metrics)
        let marks: [[EventMark]?] = lanes.lanes.map { lane in
            if case .events(let list) = lane.content { return pointLane.marks(list) }
            return nil
        }
        var rules: [(Double, Int)] = []
        for (k, a) in model.annotations.enumerated() {
            guard let date = a.date else { continue }
            let day = date.precision == .day ? date.start + 0.5 : date.start
            guard day >= model.from, day <= model.to else { continue }
            rules.append((scale(day), k))
        }
        let axisHeight = DateAxis.draw(scale, plot: Rect(x: gutter, y: 0, width: plotRight - gutter, height: 1), ctx,
                                       finest: lanes.hasInstants ? .minute : .day, zone: lanes.hasInstants ? ctx.zoneName : nil).height
        let stripColors = lanes.lanes.map { lane -> [Color] in
            if !lanes.stackCategories.isEmpty { return lanes.stackCategories.map { ctx.colors.color(for: model.categories[$0]) } }
            if lane.isOther || model.colorIsSeparate { return [ctx.styles.muted] }
            return [ctx.colors.color(for: lane.name)]
        }
        var setup = Setup(width: width, gutter: gutter, scale: scale, lanes: lanes, pointLane: pointLane, metrics: metrics, marks: marks,
                          countMax: countMax, rules: rules, axisHeight: axisHeight, legend: TimelineLegend(), stripColors: stripColors)
        setup.legend = legend(setup)
        return setup
    }

    /// The largest `size` among `events` (nil: every event in range), the top of the size
    /// scale; with `size_high`, the largest of either, so that every ring fits the scale.
    private func sizeMaximum(_ events: [Int]?) -> Double? {
        let ev = model.events
        guard !ev.size.isEmpty else { return nil }
        var m = -Double.infinity
        // `size_high` is read only when the block has it: without it the loops are as they were.
        let highs = ev.sizeHigh
        if let events {
            for i in events where !ev.size[i].isNaN { m = max(m, ev.size[i]) }
            if !highs.isEmpty { for i in events where !highs[i].isNaN { m = max(m, highs[i]) } }
        } else {
            for (i, v) in ev.size.enumerated() where !v.isNaN && ev.isVisible(i, from: model.from, to: model.to) { m = max(m, v) }
            if !highs.isEmpty {
                for (i, v) in highs.enumerated() where !v.isNaN && ev.isVisible(i, from: model.from, to: model.to) { m = max(m, v) }
            }
        }
        return m.isFinite && m > 0 ? m : nil
    }

    /// Legend entries for what this timeline actually draws.
    private func legend(_ s: Setup) -> TimelineLegend {
        var legend = TimelineLegend()
        let allMarks = s.marks.compactMap { $0 }.flatMap { $0 }
        let ev = model.events
        if model.colorIsSeparate {
            var present = Set<Int>()
            for m in allMarks { present.insert(Int(ev.category[m.event])) }
            for lane in s.lanes.lanes {
                guard case .density(let d) = lane.content, d.layers > 1 else { continue }
                for layer in 0..<d.layers where (0..<d.binCount).contains(where: { d.counts[$0 * d.layers + layer] > 0 }) {
                    present.insert(s.lanes.stackCategories[layer])
                }
            }
            let shown = present.sorted().prefix(16)
            for c in shown {
                let name = model.categories[c]
                legend.entries.append(.init(parts: [(.swatch(ctx.colors.color(for: name)), name.isEmpty ? "(none)" : name)]))
            }
            if present.count > shown.count { legend.entries.append(.init(parts: [(nil, "and \(present.count - shown.count) more colours")])) }
        }
        let ink = ctx.styles.muted
        if let field = model.sizeField, s.pointLane.sizes.maxValue != nil,
           allMarks.contains(where: { $0.kind == .dot || $0.kind == .approximateDot }) {
            let values = Self.sizeLegendValues(s.pointLane.sizes)
            legend.entries.append(.init(parts: values.map { (.dot(radius: s.pointLane.sizes.radius($0), ctx.styles.muted), NumberFormat.grouped($0)) },
                                        title: Self.columnTitle(field)))
            if allMarks.contains(where: { ($0.kind == .dot || $0.kind == .approximateDot) && s.pointLane.rangeRadii($0.event) != nil }) {
                legend.entries.append(.init(parts: [(.rangeRings(ink), "reported range: outer ring high, inner ring low")]))
            }
        }
        // Approximate dates: a hollow dot on a soft edge, a fading span end, a dashed bracket.
        let approximateBracket = allMarks.contains { $0.kind == .bracket && ev.flags($0.event) & TimelineEvents.Flags.approximate != 0 }
        if allMarks.contains(where: { $0.kind == .approximateDot || $0.softStart || $0.softEnd }) || approximateBracket {
            var parts: [(glyph: TimelineLegend.Glyph?, text: String)] = []
            if allMarks.contains(where: { $0.kind == .approximateDot || $0.softStart || $0.softEnd }) { parts.append((.approximate(ink), "")) }
            if approximateBracket { parts.append((.dashedBracket(ink), "")) }
            parts[parts.count - 1].text = "approximate date (~)"
            legend.entries.append(.init(parts: parts))
        }
        let vague = allMarks.filter { $0.kind == .bracket || $0.vagueStart != nil || $0.vagueEnd != nil }
        if !vague.isEmpty {
            let precisions = Set(vague.flatMap { m -> [EventDate.Precision] in
                var p: [EventDate.Precision] = []
                if m.kind == .bracket || m.vagueStart != nil { p.append(ev.date(m.event).precision) }
                if m.vagueEnd != nil, let end = ev.spanDate(m.event) { p.append(end.precision) }
                return p
            })
            let what = [(EventDate.Precision.day, "day"), (.month, "month"), (.year, "year")]
                .filter { precisions.contains($0.0) }.map(\.1).joined(separator: " or ")
            legend.entries.append(.init(parts: [(.bracket(ink), "date known only to the \(what)")]))
        }
        if allMarks.contains(where: { $0.kind == .span && ($0.continuesLeft || $0.continuesRight) }) {
            legend.entries.append(.init(parts: [(.arrow(ink), "continues beyond the range")]))
        }
        if let strip = s.lanes.lanes.lazy.compactMap({ if case .density(let d) = $0.content { return d } else { return nil } }).first {
            legend.entries.append(.init(parts: [(.histogram(ink), "events per \(strip.interval.name), scale at right")]))
        }
        return legend
    }

    /// A column name as a legend title: "civilian_deaths" → "Civilian deaths".
    static func columnTitle(_ name: String) -> String {
        let spaced = String(name.map { $0 == "_" ? " " : $0 })
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// Round values for the size legend: the largest nice value at or under the maximum, one
    /// about a quarter of it, and one smaller still when its dot is still told apart from
    /// the smallest dot.
    static func sizeLegendValues(_ sizes: SizeScale) -> [Double] {
        guard let maxValue = sizes.maxValue else { return [] }
        let top = NiceTicks.ticks(0, maxValue, count: 4).last.flatMap { $0 > 0 ? $0 : nil } ?? maxValue
        var values = [top]
        for fraction in [0.25, 0.05] {
            let v = NiceTicks.ticks(0, top * fraction, count: 2).last ?? 0
            if v > 0, v < values.last!, sizes.radius(v) > SizeScale.minRadius + 0.3 { values.append(v) }
        }
        return values.reversed()
    }

    // MARK: Arrangement

    private func arrange(_ s: Setup, rows: Int) -> Arrangement {
        let ev = model.events
        let pitch = s.metrics.pitch
        let ruleXs = s.rules.map(\.x)
        var placed: [PointLane.Placed?] = []
        var heights: [Double] = []
        var key: [KeyEntry] = []
        var unplaced = 0
        for (l, lane) in s.lanes.lanes.enumerated() {
            let nameHeight = laneNameHeight(lane, s)
            switch lane.content {
            case .events(let list):
                let p = s.pointLane.place(list, rowsAbove: rows, rowsBelow: rows >= 3 ? 2 : 1, rules: ruleXs, rightLimit: s.width)
                placed.append(p)
                heights.append(max(nameHeight + 6, p.above + p.below + 6))
                for label in p.labels where label.needsKey {
                    var entry = KeyEntry(id: label.event, sortDay: ev.start(label.event), sortLane: l, text: keyText(label.event, lane: lane.name))
                    if case .shortened = label.text { entry.shortened = true }
                    key.append(entry)
                }
                unplaced += p.unplaced.count
            case .density:
                placed.append(nil)
                heights.append(max(nameHeight + 6, Self.stripHeight + 12))
            }
        }

        // Annotations: labelled rules, labels in up to two rows above the lanes.
        var annotationLabels: [PlacedLabel] = []
        var band = 0.0
        if !s.rules.isEmpty {
            var placer = LabelPlacer(bounds: Rect(x: s.gutter - 2, y: 0, width: s.width - s.gutter + 2, height: 2 * pitch))
            let style = labelStyle.italicized().colored(ctx.styles.accent)
            for (x, k) in s.rules {
                let text = model.annotations[k].text
                let content = TextContent(text, style: style)
                let w = ctx.measure(content).width + 2 * LaneMetrics.padX
                func rule(_ box: Rect) -> [Rect] { [Rect(x: x - 1, y: box.maxY, width: 2, height: max(0, 2 * pitch - box.maxY))] }
                var candidates: [(box: Rect, extra: [Rect])] = []
                for row in 0..<2 {
                    let right = Rect(x: x + 1, y: Double(row) * pitch, width: w, height: pitch)
                    let left = Rect(x: x - 1 - w, y: Double(row) * pitch, width: w, height: pitch)
                    candidates += [(right, rule(right)), (left, rule(left))]
                }
                if let i = placer.place(candidates) {
                    annotationLabels.append(PlacedLabel(event: -1 - k, text: .full(content), box: candidates[i].box))
                } else {
                    let nw = s.metrics.numberWidth + 2 * LaneMetrics.padX
                    let numbers = (0..<2).flatMap { row -> [(box: Rect, extra: [Rect])] in
                        let r = Rect(x: x + 1, y: Double(row) * pitch, width: nw, height: pitch)
                        let l = Rect(x: x - 1 - nw, y: Double(row) * pitch, width: nw, height: pitch)
                        return [(r, rule(r)), (l, rule(l))]
                    }
                    if let i = placer.place(numbers) {
                        annotationLabels.append(PlacedLabel(event: -1 - k, text: .number, box: numbers[i].box))
                        let date = model.annotations[k].date!
                        key.append(KeyEntry(id: -1 - k, sortDay: date.start, sortLane: -1, text: "\(date.formatted()): \(text)"))
                    } else {
                        unplaced += 1
                    }
                }
            }
            band = (annotationLabels.map(\.box.maxY).max() ?? 0) + 2
        }

        // Key numbers in date order, then lane order: the key reads like the chart.
        key.sort { ($0.sortDay, $0.sortLane, $0.id) < ($1.sortDay, $1.sortLane, $1.id) }
        var numbers: [Int: Int] = [:]
        for n in key.indices { key[n].number = n + 1; numbers[key[n].id] = n + 1 }

        var notes: [String] = []
        if s.lanes.foldedLanes > 0 {
            notes.append("The last \(s.lanes.foldedLanes) lanes are drawn together as one, for want of room.")
        }
        if let strip = s.lanes.lanes.lazy.compactMap({ if case .density(let d) = $0.content { return d } else { return nil } }).first {
            var note = "Lanes with more events than can be told apart are drawn as density strips: each bar counts the events that start in its \(strip.interval.name)"
            note += strip.interval.unit == .hour ? " (UTC)" : ""
            note += "; the scale at the right is the same for every strip, and the total of each strip is under its name."
            notes.append(note)
        }
        return Arrangement(placed: placed, laneHeights: heights, annotationLabels: annotationLabels, annotationBand: band,
                           key: key, numbers: numbers, unplaced: unplaced, notes: notes)
    }

    /// Cuts the key to `capacity` lines: shortened labels keep theirs first (the chart shows
    /// part of them), then annotations and numbers by date. Numbers whose line is cut are
    /// taken off the chart; shortened labels whose line is cut lose their number (their
    /// text still ends in "…"). Returns how many events lost their number.
    private func limitKey(_ a: inout Arrangement, capacity: Int) -> Int {
        guard a.key.count > capacity else { return 0 }
        let ranked = a.key.enumerated().sorted { x, y in
            x.element.shortened != y.element.shortened ? x.element.shortened : x.offset < y.offset
        }
        let kept = Set(ranked.prefix(capacity).map(\.element.id))
        let dropped = Set(a.key.map(\.id)).subtracting(kept)
        a.key = a.key.filter { kept.contains($0.id) }
        a.numbers = [:]
        for n in a.key.indices { a.key[n].number = n + 1; a.numbers[a.key[n].id] = n + 1 }
        for l in a.placed.indices {
            guard var p = a.placed[l] else { continue }
            p.labels = p.labels.compactMap { label in
                guard dropped.contains(label.event) else { return label }
                switch label.text {
                case .number: return nil
                case .shortened(let text):
                    var l = label
                    l.text = .full(TextContent(text, style: labelStyle, width: label.box.width - 2 * LaneMetrics.padX, maxLines: 1))
                    return l
                case .full: return label
                }
            }
            a.placed[l] = p
        }
        a.annotationLabels.removeAll { dropped.contains($0.event) }
        return dropped.count
    }

    /// Height of a density strip's bars at the top of the count scale.
    static let stripHeight = 26.0

    private func laneNameHeight(_ lane: TimelineLanes.Lane, _ s: Setup) -> Double {
        var h = ctx.measure(laneName(lane, s)).height
        if case .density = lane.content { h += ctx.measure(TextContent(laneTotal(lane), style: ctx.styles.small)).height }
        return h
    }

    /// The lane of events with no `lane` value.
    static let unnamedLane = "—"

    private func laneName(_ lane: TimelineLanes.Lane, _ s: Setup) -> TextContent {
        let hidden = s.lanes.lanes.count == 1 && lane.name == Self.unnamedLane
        return TextContent(hidden ? "" : lane.name, style: laneNameStyle, width: max(20, s.gutter - 8), maxLines: 2)
    }

    private func laneTotal(_ lane: TimelineLanes.Lane) -> String {
        "\(NumberFormat.grouped(Double(lane.total))) \(lane.total == 1 ? "event" : "events")"
    }

    private func keyText(_ i: Int, lane: String) -> String {
        let ev = model.events
        var date = keyDate(ev.date(i))
        if let end = ev.spanDate(i) { date += " – " + keyDate(end) }
        return "\(date) · \(lane): \(ev.label(i))"
    }

    /// A date for the key: without its year when the whole range lies in one year (the
    /// axis says which), unless the date is known only to the month or year.
    private func keyDate(_ d: EventDate) -> String {
        let text = d.formatted()
        let first = CivilDate(dayNumber: Int(model.from.rounded(.down))).year
        let last = CivilDate(dayNumber: Int((model.to - 1e-6).rounded(.down))).year
        guard first == last, d.precision >= .day, d.startDay.year == first else { return text }
        return text.replacingOccurrences(of: " \(first)", with: "")
    }

    // MARK: Heights

    private func legendHeight(_ s: Setup) -> Double {
        s.legend.isEmpty ? 0 : s.legend.height(width: s.width, ctx) + 4
    }

    private func lanesHeight(_ a: Arrangement) -> Double {
        a.laneHeights.isEmpty ? 40 : a.laneHeights.reduce(0, +)
    }

    /// From the top of the plot area to the bottom of the axis labels.
    private func chartHeight(_ s: Setup, _ a: Arrangement) -> Double {
        legendHeight(s) + a.annotationBand + lanesHeight(a) + s.axisHeight
    }

    /// Columns of the key at `width`.
    private func keyColumns(_ entries: [KeyEntry], width: Double) -> Int {
        entries.count <= 3 ? 1 : width >= 900 ? 3 : width >= 520 ? 2 : 1
    }

    private static let keyColumnGap = 16.0

    private func keyContent(_ entry: KeyEntry, number: Int?, width: Double) -> TextContent {
        TextContent(spans: [TextSpan(number.map { "\($0)" } ?? "", bold: true), TextSpan("  " + entry.text)], style: ctx.styles.small, width: width)
    }

    /// The key's height laid out in columns (each column at most `maxHeight` when given) and
    /// how many entries fit.
    private func keyHeight(_ entries: [KeyEntry], width: Double, maxHeight: Double?) -> (height: Double, count: Int) {
        guard !entries.isEmpty else { return (0, 0) }
        let (columns, count) = keyLayout(entries, width: width, maxHeight: maxHeight)
        let tallest = columns.map { $0.map(\.height).reduce(0, +) }.max() ?? 0
        return (count == 0 ? 0 : tallest + 6, count)
    }

    /// Entries distributed over columns, top to bottom then left to right.
    private func keyLayout(_ entries: [KeyEntry], width: Double, maxHeight: Double?) -> (columns: [[(entry: Int, height: Double)]], count: Int) {
        let cols = keyColumns(entries, width: width)
        let colWidth = (width - Double(cols - 1) * Self.keyColumnGap) / Double(cols)
        let heights = entries.map { ctx.measure(keyContent($0, number: $0.number, width: colWidth)).height }
        var target: Double
        if let maxHeight { target = maxHeight - 6 } else {
            // Balanced columns: the shortest column height that holds every entry.
            target = max(heights.max() ?? 0, heights.reduce(0, +) / Double(cols))
        }
        while true {
            var columns: [[(Int, Double)]] = [[]]
            var used = 0.0
            var fitted = 0
            for (i, h) in heights.enumerated() {
                if used + h > target + 0.01 {
                    if columns.count == cols { break }
                    columns.append([]); used = 0
                    if h > target + 0.01 { break }
                }
                columns[columns.count - 1].append((i, h)); used += h; fitted += 1
            }
            if fitted == entries.count || maxHeight != nil { return (columns, fitted) }
            target += (heights.min() ?? 8)
        }
    }

    private func drawKey(_ entries: [KeyEntry], numbers: [Int: Int], width: Double, maxHeight: Double?) -> [SceneItem] {
        let (columns, _) = keyLayout(entries, width: width, maxHeight: maxHeight)
        let cols = keyColumns(entries, width: width)
        let colWidth = (width - Double(cols - 1) * Self.keyColumnGap) / Double(cols)
        var items: [SceneItem] = []
        for (c, column) in columns.enumerated() {
            var y = 6.0
            let x = Double(c) * (colWidth + Self.keyColumnGap)
            for (i, h) in column {
                items.append(.text(TextItem(keyContent(entries[i], number: numbers[entries[i].id], width: colWidth), at: Point(x, y))))
                y += h
            }
        }
        return items
    }

    // MARK: Drawing

    /// The block as one piece of `height`, drawing key entries `keyRange` under the chart
    /// (and, when `dropped` > 0, a note saying how many events lost their number).
    private func piece(_ s: Setup, _ a: Arrangement, height: Double, keyRange: Range<Int>, keyMaxHeight: Double? = nil, dropped: Int = 0) -> Piece {
        let keyEntries = Array(a.key[keyRange])
        return frame(a, dropped: dropped).piece(width: s.width, height: height, ctx) { plot in
            let natural = self.chartHeight(s, a) + self.keyHeight(keyEntries, width: s.width, maxHeight: keyMaxHeight).height
            let extra = max(0, plot.height - natural)
            return self.drawPlot(s, a, key: keyEntries, keyMaxHeight: keyMaxHeight, extra: extra).map { $0.offsetBy(dx: plot.minX, dy: plot.minY) }
        }
    }

    /// The plot in local coordinates (0, 0 at the plot area's top left); `extra` points of
    /// height beyond the natural one go to the lanes (up to double each), the rest below.
    private func drawPlot(_ s: Setup, _ a: Arrangement, key: [KeyEntry], keyMaxHeight: Double?, extra: Double) -> [SceneItem] {
        var items: [SceneItem] = []
        var heights = a.laneHeights
        if !heights.isEmpty, extra > 0 {
            var left = extra
            // Give each lane an equal share, up to doubling it, in a few rounds.
            for _ in 0..<3 where left > 0.5 {
                let growable = heights.indices.filter { heights[$0] < 2 * a.laneHeights[$0] }
                guard !growable.isEmpty else { break }
                let share = left / Double(growable.count)
                for l in growable {
                    let add = min(share, 2 * a.laneHeights[l] - heights[l])
                    heights[l] += add; left -= add
                }
            }
        }
        if !s.legend.isEmpty { items.append(contentsOf: s.legend.draw(at: Point(0, 0), width: s.width, ctx)) }
        let bandTop = legendHeight(s)
        let lanesTop = bandTop + a.annotationBand
        let lanesHeight = heights.isEmpty ? 40 : heights.reduce(0, +)
        let plotLeft = s.scale.rangeStart, plotRight = s.scale.rangeEnd
        let lanesRect = Rect(x: plotLeft, y: lanesTop, width: plotRight - plotLeft, height: lanesHeight)
        let axis = DateAxis.draw(s.scale, plot: lanesRect, ctx, finest: s.lanes.hasInstants ? .minute : .day, zone: s.lanes.hasInstants ? ctx.zoneName : nil)
        items.append(contentsOf: axis.items)

        // Annotation rules under the marks, labels in their band.
        for (x, k) in s.rules {
            let label = a.annotationLabels.first { $0.event == -1 - k }
            let top = bandTop + (label?.box.maxY ?? 0)
            items.append(.path(.line(Point(x, top), Point(x, lanesRect.maxY)), fill: nil, stroke: Stroke(ctx.styles.accent, width: 0.8, dash: [3, 2])))
        }
        for label in a.annotationLabels {
            let box = label.box.offsetBy(dx: 0, dy: bandTop)
            let origin = Point(box.minX + LaneMetrics.padX, box.minY + 1)
            switch label.text {
            case .full(let content): items.append(PlacedLabels.item(content, at: origin, box: box))
            default:
                let content = TextContent(a.numbers[label.event].map(String.init) ?? "", style: labelStyle.bolded().colored(ctx.styles.accent))
                items.append(PlacedLabels.item(content, at: origin, box: box))
            }
        }

        var y = lanesTop
        for (l, lane) in s.lanes.lanes.enumerated() {
            let h = heights[l]
            if l > 0 {
                items.append(.path(.line(Point(0, y), Point(s.width, y)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.6)))
            }
            let name = laneName(lane, s)
            let nameHeight = ctx.measure(name).height
            switch lane.content {
            case .events:
                let p = a.placed[l]!
                // The line sits where the lane's labels put it, centred in any extra height.
                let natural = a.laneHeights[l]
                let content = p.above + p.below + 6
                let lineY = y + (h - natural) / 2 + (natural - content) / 2 + 3 + p.above
                if !name.plainText.isEmpty { items.append(.text(TextItem(name, at: Point(0, lineY - nameHeight / 2)))) }
                items.append(contentsOf: s.pointLane.draw(p, lineY: lineY) { a.numbers[$0] })
            case .density(let bins):
                // 6 points above and below: room for the scale's labels, centred on its lines.
                let stripHeight = h - 12
                let baseline = y + 6 + stripHeight
                let strip = DensityStrip(bins: bins, scale: s.scale, countMax: s.countMax, colors: s.stripColors[l])
                items.append(contentsOf: strip.draw(baseline: baseline, height: stripHeight, rule: ctx.styles.rule))
                // The count scale: the top of the strip, with its value at the right.
                let top = baseline - stripHeight
                items.append(.path(.line(Point(plotLeft, top), Point(plotRight, top)), fill: nil, stroke: Stroke(ctx.styles.grid, width: 0.5, dash: [2, 2])))
                items.append(ctx.label(NumberFormat.grouped(s.countMax), ctx.styles.axis, at: Point(plotRight + 3, top), anchor: .left, vertical: 0.5).item)
                items.append(ctx.label("0", ctx.styles.axis, at: Point(plotRight + 3, baseline), anchor: .left, vertical: 0.5).item)
                let nameTop = y + 4
                items.append(.text(TextItem(name, at: Point(0, nameTop))))
                items.append(ctx.text(laneTotal(lane), ctx.styles.small, at: Point(0, nameTop + nameHeight)))
            }
            y += h
        }
        if s.lanes.visibleCount == 0 {
            items.append(ctx.label("No events in range", ctx.styles.body.italicized().colored(ctx.styles.muted),
                                   at: Point(lanesRect.midX, lanesRect.midY), anchor: .center, vertical: 0.5).item)
        }
        if !key.isEmpty {
            let keyTop = lanesRect.maxY + axis.height
            items.append(contentsOf: drawKey(key, numbers: a.numbers, width: s.width, maxHeight: keyMaxHeight).map { $0.offsetBy(dx: 0, dy: keyTop) })
        }
        return items
    }
}
