/// Which columns of each data source some part of the spec reads, so that the loader keeps
/// per-row codes for those only: a 10M-row file of six columns drawn as a chart of two kept
/// 240 MB of codes, 160 MB of them never read.
///
/// A column is read when a block that reads the source names it (`BlockType.columnsRead`),
/// when the block's or the source's `filter` names it, when it is the block's `sources`
/// column (`source` by default), when the source declares its type or names it as a date's
/// `precision`. A table without `columns` reads them all. The names of every column are
/// kept whatever is read (messages list them and suggest near ones); only the codes go.
enum ColumnUse {
    /// The columns read of each source that reads fewer than all of its columns; a source
    /// not in the result keeps every column. Empty (keep everything) when the spec has
    /// errors: a block left out by the decoder may read columns no one would count.
    static func columnsRead(_ spec: ReportSpec, specHasErrors: Bool = false) -> [String: Set<String>] {
        guard !specHasErrors else { return [:] }
        var read: [String: Set<String>] = [:]
        var all: Set<String> = []
        func add(_ source: String, _ columns: [FieldRef?]) {
            read[source, default: []].formUnion(columns.compactMap { $0?.name })
        }
        for source in spec.data {
            add(source.name, filterColumns(source.filter))
            read[source.name, default: []].formUnion(source.types.keys)
            read[source.name, default: []].formUnion(source.typeRefs.keys)
            read[source.name, default: []].formUnion(source.dateFormats.keys)
            for (date, precision) in source.datePrecisions {
                read[source.name, default: []].formUnion([date, precision.column])
            }
        }
        for block in spec.sections {
            let uses = block.kind.value.columnsRead
            let filter = filterColumns(block.filter)
            if let data = block.dataName?.name {
                if uses.allOwn { all.insert(data) }
                add(data, uses.own + filter)
                switch block.sources {
                case .automatic: read[data, default: []].insert("source")
                case .column(let field): add(data, [field])
                case .none: break
                }
            } else if uses.allOwn || !uses.own.isEmpty {
                // A type that reads its own source without a `data` key: no telling which.
                return [:]
            }
            for other in uses.others { add(other.source, other.columns + filter) }
            for other in uses.whole { add(other.source, other.columns) }
        }
        for name in all { read[name] = nil }
        return read
    }

    /// Every column a filter names: its conditions (`not` included, it wraps a condition
    /// on the same column) and each alternative of `any`, however deep.
    static func filterColumns(_ filter: FilterSpec?) -> [FieldRef?] {
        guard let filter else { return [] }
        var columns: [FieldRef?] = filter.conditions.map(\.field)
        for alternative in filter.anyOf?.alternatives ?? [] { columns += filterColumns(alternative) }
        return columns
    }
}
