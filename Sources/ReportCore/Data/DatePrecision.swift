/// Date precision stated in a column of its own, as conflict-event exports do: ACLED's
/// `time_precision` and UCDP GED's `date_prec` (the column-type keys `precision` and
/// `precision_codes`).
///
/// Each code is mapped onto what `EventDate` already says about uncertainty, so that every
/// block that reads the date column draws it with the marks it already has (a hollow dot on
/// a soft edge for `~`, a bracket for a month or a year) and no block needs to know the codes:
///
/// | codes | the source says | the date becomes |
/// |---|---|---|
/// | ACLED 1, UCDP 1 | the day | the day as written |
/// | ACLED 2, UCDP 2, UCDP 3 | a week, a weekend or a few days around it | approximate (`~`): the day written is the best guess within a few days |
/// | ACLED 3, UCDP 4 | the month | the calendar month of the day written |
/// | UCDP 5 | more than a month, within a calendar year | the calendar year of the day written |
///
/// ACLED codes a week or weekend (2) on a day within it and a month (3) on a day within the
/// month (ACLED's codebook: "time_precision"); UCDP writes the earliest possible day in
/// `date_start` and the latest in `date_end`, and `date_prec` says how wide that window is
/// (1 exact day, 2 a range of 2–6 days, 3 the week, 4 the month or 8–30 days, 5 more than a
/// month, not more than a calendar year). A date is never made more precise than it is
/// written: `2017-03` with code 1 stays a month, `~2017-03-10` stays approximate.
public struct DatePrecisionColumn: Sendable, Hashable {
    /// The column that holds the codes (`time_precision`).
    public var column: String
    /// Which dataset's codes it holds.
    public var codes: DatePrecisionCodes

    /// Creates a link from a date column to its precision column.
    public init(column: String, codes: DatePrecisionCodes) {
        self.column = column; self.codes = codes
    }
}

/// A dataset's date precision codes (`"precision_codes"`).
public enum DatePrecisionCodes: String, Sendable, Hashable, CaseIterable {
    /// ACLED `time_precision`: 1 day, 2 week or weekend, 3 month.
    case acled
    /// UCDP GED `date_prec`: 1 day, 2 a 2–6 day range, 3 week, 4 month (or 8–30 days), 5 more
    /// than a month within a calendar year.
    case ucdp

    /// The codes a column of this name holds, when its name says so: ACLED's and UCDP's
    /// own column names (any case), nil for any other name.
    public static func recognised(fromColumn name: String) -> DatePrecisionCodes? {
        switch name.lowercased() {
        case "time_precision": return .acled
        case "date_prec": return .ucdp
        default: return nil
        }
    }

    /// What each code means for a date, code by code.
    public var meanings: [(code: Int, uncertainty: DateUncertainty)] {
        switch self {
        case .acled: return [(1, .exact), (2, .days), (3, .month)]
        case .ucdp: return [(1, .exact), (2, .days), (3, .days), (4, .month), (5, .year)]
        }
    }

    /// `1, 2 or 3`, for messages.
    public var allowedList: String {
        let codes = meanings.map { String($0.code) }
        return codes.dropLast().joined(separator: ", ") + " or " + codes.last!
    }

    /// What each code means, for messages: `1 day, 2 week or weekend, 3 month`.
    public var legend: String {
        switch self {
        case .acled: return "1 day, 2 week or weekend, 3 month"
        case .ucdp: return "1 day, 2 a range of 2–6 days, 3 week, 4 month, 5 more than a month"
        }
    }

    /// The uncertainty a cell's code stands for, or why the cell is not one of the codes.
    /// A code is a whole number, written `2` (or `2.0`, as some tools export integers).
    public func uncertainty(_ text: String) -> Result<DateUncertainty, DateParseError> {
        let trimmed = text.trimmingCharacters(in: " \t")
        let name = self == .acled ? "an ACLED time_precision" : "a UCDP date_prec"
        guard !trimmed.isEmpty else {
            return .failure(DateParseError("is empty, so the date's precision is unknown; expected \(name) code: \(legend)"))
        }
        if let n = parseNumber(trimmed), n == n.rounded(), let meaning = meanings.first(where: { Double($0.code) == n }) {
            return .success(meaning.uncertainty)
        }
        return .failure(DateParseError("is not \(name) code; expected \(allowedList) (\(legend))"))
    }
}

/// How far a date is known, as a precision code says.
public enum DateUncertainty: Sendable, Hashable {
    /// The day is known.
    case exact
    /// The day written is the best guess within a few days (a week, a weekend, a short range).
    case days
    /// Only the month is known.
    case month
    /// Only the year is known.
    case year
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

extension EventDate {
    /// The date as known to `uncertainty`: widened to the calendar month or year it falls
    /// in, or marked approximate, and never narrowed (a month stays a month under code 1).
    ///
    /// A date-time is a point in time, not a day: it cannot be widened to a month or marked
    /// approximate without choosing a time zone for its day, so that is an error, never a guess.
    public func widened(to uncertainty: DateUncertainty) -> Result<EventDate, DateParseError> {
        if uncertainty == .exact { return .success(self) }
        guard precision != .instant else {
            return .failure(DateParseError("is a date-time, which a precision code cannot widen to a day, month or year"))
        }
        let day = startDay
        switch uncertainty {
        case .exact:
            return .success(self)
        case .days:
            // A month or a year is already wider than a few days: it stays as it is.
            guard precision == .day else { return .success(self) }
            var d = self
            d.approximate = true
            return .success(d)
        case .month:
            guard precision > .month else { return .success(self) }
            let start = CivilDate(year: day.year, month: day.month, day: 1)!.dayNumber
            return .success(EventDate(precision: .month, approximate: approximate, start: Double(start),
                                      end: Double(start + CivilDate.daysIn(month: day.month, year: day.year))))
        case .year:
            guard precision > .year else { return .success(self) }
            let start = CivilDate(year: day.year, month: 1, day: 1)!.dayNumber
            let end = day.year == 9999 ? start + 365 : CivilDate(year: day.year + 1, month: 1, day: 1)!.dayNumber
            return .success(EventDate(precision: .year, approximate: approximate, start: Double(start), end: Double(end)))
        }
    }
}
