/// Dates of events: civil dates that mean the same day everywhere, and instants.
///
/// Nothing here uses Foundation's `Calendar`, `TimeZone` or `DateFormatter`: they read the
/// machine's time zone (`TZ`), and a report must show `2017-03-10` as 10 March on every
/// machine. Day arithmetic is Howard Hinnant's `days_from_civil`/`civil_from_days`
/// (http://howardhinnant.github.io/date_algorithms.html), in the proleptic Gregorian calendar.

/// A day of the proleptic Gregorian calendar, with no time and no time zone.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, 1...9999 when made by `init?(year:month:day:)`.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// The date, or nil when it does not exist (month 13, 30 February, year 0, ...).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative: before). Days outside years
    /// 1...9999 give years outside that range; the arithmetic is still exact.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                                   // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)   // 0...365, from 1 March
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                     // 0...11, March = 0
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Count years from 1 March, so that the leap day is the last day of the year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400                                                   // 0...399
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1   // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear    // 0...146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The ISO 8601 day of the week: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let d = dayNumber
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// True for the years with a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1...12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2017-03-10`.
    public var isoString: String {
        "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2))"
    }

    public var description: String { isoString }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// A date as a data file or spec writes it: a year, a month, a day or an instant, possibly
/// approximate, placed on one continuous axis of days since 1970-01-01 UTC.
///
/// A day-precision date covers `[start, end)`, a whole civil day, regardless of any time zone;
/// a month or year covers the whole month or year. An instant has `start == end`.
public struct EventDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// How precisely the date was written.
    public enum Precision: Int, Sendable, Hashable, Comparable {
        case year, month, day, instant

        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    /// How precisely the date was written: `2017` is `.year`, `2017-03-10T14:30Z` `.instant`.
    public var precision: Precision
    /// Written with a leading `~`: the author is not sure of it.
    public var approximate: Bool
    /// The start, in days since 1970-01-01T00:00Z (fractional for instants).
    public var start: Double
    /// The exclusive end of the period: the next day, month or year; `== start` for instants.
    public var end: Double
    /// For instants, the UTC offset written with it in minutes (`Z` is 0); nil when no offset
    /// was written (the instant was then read as UTC) and for dates that are not instants.
    public var utcOffsetMinutes: Int?

    /// Creates a date from its parts; `parse` is the usual way to get one.
    public init(precision: Precision, approximate: Bool = false, start: Double, end: Double,
                utcOffsetMinutes: Int? = nil) {
        self.precision = precision
        self.approximate = approximate
        self.start = start
        self.end = end
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The whole day `date`.
    public init(day date: CivilDate, approximate: Bool = false) {
        let start = Double(date.dayNumber)
        self.init(precision: .day, approximate: approximate, start: start, end: start + 1)
    }

    /// The civil day on which the period starts (in UTC for instants).
    public var startDay: CivilDate { CivilDate(dayNumber: Int((start).rounded(.down))) }

    /// Orders by start, then end, then the rest, so that `<` is a strict total order
    /// consistent with `==`.
    public static func < (a: EventDate, b: EventDate) -> Bool {
        (a.start, a.end, a.precision.rawValue, a.approximate ? 1 : 0, a.utcOffsetMinutes ?? Int.min)
            < (b.start, b.end, b.precision.rawValue, b.approximate ? 1 : 0, b.utcOffsetMinutes ?? Int.min)
    }

    public var description: String { isoString }
}

// MARK: - Parsing

/// Why a text is not a date, in words a spec author understands.
public struct DateParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. `month 13 is out of range 1–12`; it does not repeat the text.
    public var message: String

    /// Wraps a message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The message for text that has no date shape at all.
    public static let expectedForms = "expected a date like 2017-03-10, 2017-03, 2017 or 2017-03-10T14:30:00Z"
}

extension EventDate {
    /// Parses one of exactly these forms, after trimming surrounding whitespace:
    ///
    /// - `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each optionally preceded by `~` (approximate);
    /// - `YYYY-MM-DDThh:mm[:ss[.fff…]]` (or a space instead of `T`) followed by `Z` or a UTC
    ///   offset `±hh:mm` / `±hhmm`. **A date-time without an offset is read as UTC**, never as
    ///   the machine's local time, so that a report renders the same everywhere. ISO 8601's
    ///   own variants of these spellings are accepted too: lowercase `t` and `z` (as RFC 3339
    ///   allows), a comma before the fraction, and U+2212 MINUS SIGN in the offset.
    ///
    /// Years run from 0001 to 9999. Anything else is an error with a message saying why.
    public static func parse(_ text: Substring) -> Result<EventDate, DateParseError> {
        // Substrings of native strings are contiguous UTF-8; others (rare) are copied once.
        if let result = text.utf8.withContiguousStorageIfAvailable({ parseBytes($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { parseBytes($0) }
    }

    /// Parses a `String`; see `parse(_: Substring)`.
    public static func parse(_ text: String) -> Result<EventDate, DateParseError> {
        parse(text[...])
    }

    /// Parses a data cell: every form `parse` reads, read the same way, and the spellings
    /// exports write (`ExportDateForms`: `10 March 2017`, `March 10, 2017`, `2017/03/10`; an
    /// error naming both readings for `03/04/2017`), and a date with a time of exactly
    /// midnight and no offset after a space (`2017-03-10 00:00:00.000`) as that civil day.
    ///
    /// A date-time without an offset that is not midnight is read as UTC, as `parse` always
    /// has; `BlockPreparer.readDates` refuses it in a report whose `timezone` is not UTC, so
    /// no date is ever moved silently (reading it in the report's zone would guess where it
    /// was recorded; reading it as UTC there would draw it hours off, perhaps on another day).
    ///
    /// Dates in the spec itself keep to `parse`: the spec is ours, the data is someone
    /// else's export. The ISO path is the same byte scanner as `parse`; the other forms are
    /// tried only when it finds no ISO shape.
    public static func parseData(_ text: Substring) -> Result<EventDate, DateParseError> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parseDataBytes($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { parseDataBytes($0) }
    }

    @inline(__always)
    private static func parseDataBytes(_ all: UnsafeBufferPointer<UInt8>) -> Result<EventDate, DateParseError> {
        let result = parseBytes(all, exports: true)
        guard case .failure(let e) = result, e.message == DateParseError.expectedForms else { return result }
        return ExportDateForms.parse(all) ?? result
    }

    // Inlined into `parse` and `parseData` so each gets its own copy with `exports` known:
    // without it `parseData` ran ISO dates ~10% slower than `parse` (1M parses, -O).
    @inline(__always)
    private static func parseBytes(_ all: UnsafeBufferPointer<UInt8>, exports: Bool = false) -> Result<EventDate, DateParseError> {
        var scanner = EventDateScanner(trimming: all)
        let expected = DateParseError(DateParseError.expectedForms)

        let approximate = scanner.take(UInt8(ascii: "~"))
        guard let year = scanner.digits(4) else { return .failure(expected) }
        guard year >= 1 else { return .failure(DateParseError("year 0000 is out of range 0001–9999")) }

        // YYYY
        if scanner.atEnd {
            let start = CivilDate(year: year, month: 1, day: 1)!.dayNumber
            let end = year == 9999 ? start + 365 : CivilDate(year: year + 1, month: 1, day: 1)!.dayNumber
            return .success(EventDate(precision: .year, approximate: approximate,
                                      start: Double(start), end: Double(end)))
        }
        guard scanner.take(UInt8(ascii: "-")), let month = scanner.digits(2) else { return .failure(expected) }
        guard (1...12).contains(month) else {
            return .failure(DateParseError("month \(month) is out of range 1–12"))
        }

        // YYYY-MM
        if scanner.atEnd {
            let start = CivilDate(year: year, month: month, day: 1)!.dayNumber
            let end = start + CivilDate.daysIn(month: month, year: year)
            return .success(EventDate(precision: .month, approximate: approximate,
                                      start: Double(start), end: Double(end)))
        }
        guard scanner.take(UInt8(ascii: "-")), let day = scanner.digits(2) else { return .failure(expected) }
        guard (1...31).contains(day) else { return .failure(DateParseError("day \(day) is out of range 1–31")) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            let length = CivilDate.daysIn(month: month, year: year)
            return .failure(DateParseError("\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2)) is not a day: "
                + "\(EventDate.monthNames[month - 1]) \(zeroPadded(year, 4)) has \(length) days"))
        }

        // YYYY-MM-DD
        if scanner.atEnd { return .success(EventDate(day: date, approximate: approximate)) }

        // YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm|±hhmm]
        let spaced = scanner.take(UInt8(ascii: " "))
        guard spaced || scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")),
              let hour = scanner.digits(2), scanner.take(UInt8(ascii: ":")), let minute = scanner.digits(2)
        else { return .failure(expected) }
        var second = 0
        var fraction = 0.0
        if scanner.take(UInt8(ascii: ":")) {
            guard let s = scanner.digits(2) else { return .failure(expected) }
            second = s
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                guard let f = scanner.fraction() else { return .failure(expected) }
                fraction = f
            }
        }
        var offset: Int?
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let h = scanner.digits(2) else { return .failure(expected) }
            _ = scanner.take(UInt8(ascii: ":"))  // ±hh:mm and ±hhmm are both ISO 8601
            guard let m = scanner.digits(2) else { return .failure(expected) }
            guard h <= 23, m <= 59 else {
                return .failure(DateParseError("UTC offset \(sign < 0 ? "-" : "+")\(zeroPadded(h, 2)):\(zeroPadded(m, 2)) "
                    + "is out of range -23:59 to +23:59"))
            }
            offset = sign * (h * 60 + m)
        }
        guard scanner.atEnd else { return .failure(expected) }
        // In data, `2017-03-10 00:00:00.000` is how spreadsheets and databases export a plain
        // date: read it as the civil day. `T00:00` stays the instant ISO 8601 says it is, as it
        // always was here.
        return dateTime(date, hour: hour, minute: minute, second: second, fraction: fraction, offset: offset,
                        approximate: approximate, midnightIsTheDay: exports && spaced)
    }

    /// The date-time of `date` at a time of day (in `offset` minutes east of UTC, or UTC),
    /// checked: every parser of date-times ends here. With `midnightIsTheDay`, a midnight
    /// without an offset is the civil day itself (only midnight and only without an offset,
    /// so no date moves).
    static func dateTime(_ date: CivilDate, hour: Int, minute: Int, second: Int, fraction: Double, offset: Int?,
                         approximate: Bool, midnightIsTheDay: Bool) -> Result<EventDate, DateParseError> {
        guard hour <= 23 else { return .failure(DateParseError("hour \(hour) is out of range 0–23")) }
        guard minute <= 59 else { return .failure(DateParseError("minute \(minute) is out of range 0–59")) }
        guard second <= 59 else { return .failure(DateParseError("second \(second) is out of range 0–59")) }
        if midnightIsTheDay, offset == nil, hour == 0, minute == 0, second == 0, fraction == 0 {
            return .success(EventDate(day: date, approximate: approximate))
        }
        guard !approximate else {
            return .failure(DateParseError("~ marks an approximate year, month or day; a date-time cannot be approximate"))
        }
        // Whole seconds in exact integers first, so equal instants written in different zones
        // give bit-identical doubles.
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - (offset ?? 0) * 60
        let start = (Double(seconds) + fraction) / 86_400
        return .success(EventDate(precision: .instant, approximate: false, start: start, end: start,
                                  utcOffsetMinutes: offset))
    }
}

/// Reads a date from left to right over trimmed UTF-8 bytes.
private struct EventDateScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int

    init(trimming bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        i = start
        self.end = end
    }

    var atEnd: Bool { i == end }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard i < end, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Exactly `count` ASCII digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard end - i >= count else { return nil }
        var value = 0
        for k in i..<(i + count) {
            let d = Int(bytes[k]) - 48
            guard (0...9).contains(d) else { return nil }
            value = value * 10 + d
        }
        i += count
        return value
    }

    /// One or more digits after a decimal point, as a fraction of a second.
    mutating func fraction() -> Double? {
        var value = 0.0, scale = 1.0, count = 0
        while i < end, (48...57).contains(bytes[i]) {
            // Past nanoseconds the digits cannot change a Double of days; read and ignore them.
            if count < 9 {
                value = value * 10 + Double(bytes[i] - 48)
                scale *= 10
            }
            count += 1
            i += 1
        }
        return count > 0 ? value / scale : nil
    }

    /// `+1`, `-1` (ASCII minus or U+2212 MINUS SIGN), or nil when no sign is next.
    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        if end - i >= 3, bytes[i] == 0xE2, bytes[i + 1] == 0x88, bytes[i + 2] == 0x92 {
            i += 3
            return -1
        }
        return nil
    }
}

// MARK: - Formatting

extension EventDate {
    /// English month names, January first.
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]
    /// English three-letter month names, Jan first.
    public static let shortMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// How `formatted(style:)` writes a date.
    public enum Style: Sendable, Hashable {
        /// As precise as written: `10 Mar 2017`, `Mar 2017`, `2017`, `10 Mar 2017 14:30 UTC`.
        case automatic
        /// `10 Mar 2017`.
        case day
        /// `Mar 2017`.
        case month
        /// `2017`.
        case year
        /// `10 Mar 2017 14:30 UTC` (seconds shown when not zero).
        case dateTime
        /// `10 March 2017`, `March 2017`, `2017`: full month names, as precise as written.
        case long
    }

    /// The date as written, normalised: `2017`, `~2017-03`, `2017-03-10`,
    /// `2017-03-10T23:30:00-02:00` (an instant keeps its offset; `Z` when it had `Z` or none).
    public var isoString: String {
        let mark = approximate ? "~" : ""
        switch precision {
        case .year: return mark + zeroPadded(startDay.year, 4)
        case .month: return mark + "\(zeroPadded(startDay.year, 4))-\(zeroPadded(startDay.month, 2))"
        case .day: return mark + startDay.isoString
        case .instant:
            let offset = utcOffsetMinutes ?? 0
            let local = EventLocalTime(start: start, offsetMinutes: offset)
            var text = "\(local.date.isoString)T\(zeroPadded(local.hour, 2)):\(zeroPadded(local.minute, 2)):\(zeroPadded(local.second, 2))"
            if local.millisecond != 0 { text += "." + zeroPadded(local.millisecond, 3) }
            if offset == 0 { return text + "Z" }
            return text + (offset < 0 ? "-" : "+") + "\(zeroPadded(abs(offset) / 60, 2)):\(zeroPadded(abs(offset) % 60, 2))"
        }
    }

    /// The date for people, in English: `10 Mar 2017`, `Mar 2017`, `2017`, `~Mar 2017`.
    /// Instants are shown in UTC, or at `utcOffsetMinutes` east of it when given.
    public func formatted(style: Style = .automatic, utcOffsetMinutes displayOffset: Int = 0) -> String {
        let mark = approximate ? "~" : ""
        let local = precision == .instant ? EventLocalTime(start: start, offsetMinutes: displayOffset)
                                          : EventLocalTime(start: start, offsetMinutes: 0)
        let date = local.date
        let short = EventDate.shortMonthNames[date.month - 1]
        switch style {
        case .day: return mark + "\(date.day) \(short) \(date.year)"
        case .month: return mark + "\(short) \(date.year)"
        case .year: return mark + "\(date.year)"
        case .long:
            let long = EventDate.monthNames[date.month - 1]
            switch precision {
            case .year: return mark + "\(date.year)"
            case .month: return mark + "\(long) \(date.year)"
            case .day, .instant: return mark + "\(date.day) \(long) \(date.year)"
            }
        case .dateTime:
            var text = "\(date.day) \(short) \(date.year) \(zeroPadded(local.hour, 2)):\(zeroPadded(local.minute, 2))"
            if local.second != 0 || local.millisecond != 0 { text += ":" + zeroPadded(local.second, 2) }
            return mark + text + " " + utcOffsetName(displayOffset)
        case .automatic:
            switch precision {
            case .year: return formatted(style: .year)
            case .month: return formatted(style: .month)
            case .day: return formatted(style: .day)
            case .instant: return formatted(style: .dateTime, utcOffsetMinutes: displayOffset)
            }
        }
    }
}

/// `UTC`, `UTC+05:45`, `UTC-02:00`.
private func utcOffsetName(_ offsetMinutes: Int) -> String {
    if offsetMinutes == 0 { return "UTC" }
    let sign = offsetMinutes < 0 ? "-" : "+"
    return "UTC\(sign)\(zeroPadded(abs(offsetMinutes) / 60, 2)):\(zeroPadded(abs(offsetMinutes) % 60, 2))"
}

/// An instant broken into a civil date and clock time at a fixed offset from UTC.
private struct EventLocalTime {
    var date: CivilDate
    var hour: Int, minute: Int, second: Int, millisecond: Int

    init(start: Double, offsetMinutes: Int) {
        // Round to whole milliseconds first: a Double of days is exact to well under that.
        // Rounding can carry 9999-12-31T23:59:59.9999 into year 10000, which `parse` would
        // refuse; stay on the last millisecond of 9999 so `isoString` always reads back.
        let lastMillisecond = 2_932_897 * 86_400_000 - 1
        let total = min(Int((start * 86_400_000).rounded()) + offsetMinutes * 60_000, lastMillisecond)
        let days = total >= 0 ? total / 86_400_000 : -((-total + 86_399_999) / 86_400_000)
        var rest = total - days * 86_400_000
        date = CivilDate(dayNumber: days)
        hour = rest / 3_600_000; rest %= 3_600_000
        minute = rest / 60_000; rest %= 60_000
        second = rest / 1000
        millisecond = rest % 1000
    }
}

/// `value` in decimal, zero-padded to `width` digits (no Foundation `String(format:)`).
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    return value < 0 ? "-" + padded : padded
}
