/// Troop levels' alternative text: each force's level at its first date and at its latest,
/// and its peak, the forces with the highest latest level first.
extension TroopsBlock {
    /// Forces said one by one; more are counted.
    static let forcesSaid = 3

    static func altText(_ model: TroopsModel, _ spec: TroopsSpec, title: String?) -> String? {
        let head = "Step chart of troop levels"
        let forces = AltText.largestFirst(model.series.filter { !$0.levels.isEmpty }) { $0.levels.last!.level }
        guard !forces.isEmpty else { return head + ": no levels to show." }
        let clauses = forces.prefix(forcesSaid).map { force in
            let points = force.levels.map { level in
                AltText.Point(value: level.level, at: AltText.on(EventDate(precision: level.precision, approximate: level.approximate,
                                                                           start: level.day, end: level.day)))
            }
            return "\(force.force) \(AltText.course(points))"
        }
        if forces.count == 1 { return "\(head): \(clauses[0])." }
        let more = forces.count > forcesSaid ? ["\(AltText.count(forces.count - forcesSaid, "more force")) not described"] : []
        return "\(head) of \(forces.count) forces. " + (clauses + more).joined(separator: ". ") + "."
    }
}
