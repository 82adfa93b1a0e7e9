/// Spreads labels along one axis so that none overlap, each as near its wanted place as it
/// can be, all inside `lower…upper` (the cluster method of Datawrapper-style end labels:
/// overlapping labels merge into a block centred on their wanted positions).
enum LabelDodge {
    /// New centres for boxes of the given `sizes` wanted at `centres`, in the input order.
    static func spread(centres: [Double], sizes: [Double], within lower: Double, _ upper: Double, gap: Double = 1) -> [Double] {
        let order = centres.indices.sorted { (centres[$0], $0) < (centres[$1], $1) }
        struct Cluster { var members: [Int]; var start: Double; var length: Double; var wanted: Double }
        var clusters: [Cluster] = []
        for i in order {
            let size = sizes[i] + gap
            clusters.append(Cluster(members: [i], start: centres[i] - size / 2, length: size, wanted: centres[i] * size))
            // Merge while the last cluster overlaps the one before it (or leaves the bounds).
            while true {
                var last = clusters[clusters.count - 1]
                let weight = last.members.map { sizes[$0] + gap }.reduce(0, +)
                last.start = last.wanted / weight - last.length / 2
                last.start = max(lower, min(last.start, upper - last.length))
                clusters[clusters.count - 1] = last
                guard clusters.count > 1 else { break }
                let previous = clusters[clusters.count - 2]
                if previous.start + previous.length <= last.start + 1e-9 { break }
                clusters.removeLast()
                clusters[clusters.count - 1].members += last.members
                clusters[clusters.count - 1].length += last.length
                clusters[clusters.count - 1].wanted += last.wanted
            }
        }
        var result = centres
        for cluster in clusters {
            // A block longer than the room starts at the top and runs past the end: overlap
            // with neighbours is worse than overflow, which the caller can see and handle.
            var y = cluster.length > upper - lower ? lower : cluster.start
            for i in cluster.members {
                let size = sizes[i] + gap
                result[i] = y + size / 2
                y += size
            }
        }
        return result
    }
}
