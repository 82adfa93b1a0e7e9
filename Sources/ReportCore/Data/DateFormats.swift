/// Dates as real exports write them: per-column formats (`"format": "%d %B %Y"`) and the
/// unambiguous common spellings (`10 March 2017`, `March 10, 2017`, `2017/03/10`, …).
///
/// Hand-written on purpose: Foundation's `DateFormatter` reads the machine's locale and time
/// zone (`TZ`, `LANG`), so the same file could give other days on another machine. Month
/// names here are English only and matched without regard to case.

// MARK: - Shared checks

extension EventDate {
    /// The date of written fields, with the ISO parser's range checks and messages.
    ///
    /// `month` nil means year precision, `day` nil month precision. A time (`hour` not nil)
    /// needs a day. A time with `offsetMinutes` is an instant; a time without one is the
    /// civil day when it is exactly midnight (how spreadsheets and databases export a plain
    /// date: `2017-03-10 00:00:00.000`), else an instant read as UTC, the rule
    /// `parse` has always had for ISO date-times without an offset.
    static func fromFields(year: Int, month: Int?, day: Int?, hour: Int? = nil, minute: Int = 0, second: Int = 0,
                           fraction: Double = 0, offsetMinutes: Int? = nil, approximate: Bool) -> Result<EventDate, DateParseError> {
        guard (1...9999).contains(year) else {
            return .failure(DateParseError("year \(CivilDateText.pad(year, 4)) is out of range 0001–9999"))
        }
        guard let month else {
            let start = CivilDate(year: year, month: 1, day: 1)!.dayNumber
            let end = year == 9999 ? start + 365 : CivilDate(year: year + 1, month: 1, day: 1)!.dayNumber
            return .success(EventDate(precision: .year, approximate: approximate, start: Double(start), end: Double(end)))
        }
        guard (1...12).contains(month) else { return .failure(DateParseError("month \(month) is out of range 1–12")) }
        guard let day else {
            let start = CivilDate(year: year, month: month, day: 1)!.dayNumber
            return .success(EventDate(precision: .month, approximate: approximate, start: Double(start),
                                      end: Double(start + CivilDate.daysIn(month: month, year: year))))
        }
        guard (1...31).contains(day) else { return .failure(DateParseError("day \(day) is out of range 1–31")) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            let length = CivilDate.daysIn(month: month, year: year)
            return .failure(DateParseError("\(CivilDateText.iso(year, month, day)) is not a day: "
                + "\(EventDate.monthNames[month - 1]) \(CivilDateText.pad(year, 4)) has \(length) days"))
        }
        guard let hour else { return .success(EventDate(day: date, approximate: approximate)) }
        return EventDate.dateTime(date, hour: hour, minute: minute, second: second, fraction: fraction, offset: offsetMinutes,
                                  approximate: approximate, midnightIsTheDay: true)
    }

    /// The month (1...12) an English name or three-letter abbreviation (or `Sept`) stands
    /// for, in any letter case; nil for anything else.
    static func month(named bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        guard (3...9).contains(bytes.count) else { return nil }
        let lower = String(decoding: bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        if lower == "sept" { return 9 }
        for (i, name) in monthNames.enumerated() {
            let full = name.lowercased()
            if lower == full || lower == String(full.prefix(3)) { return i + 1 }
        }
        return nil
    }
}

enum CivilDateText {
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
    static func iso(_ y: Int, _ m: Int, _ d: Int) -> String { "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))" }
}

private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
private func isDigit(_ b: UInt8) -> Bool { (48...57).contains(b) }
private func isLetter(_ b: UInt8) -> Bool { (65...90).contains(b) || (97...122).contains(b) }

// MARK: - Common spellings without a format

/// The spellings of a date that exports write and that have one reading only:
///
/// - `10 March 2017`, `10 Mar 2017`, `10-Mar-2017` (day, English month name, 4-digit year);
/// - `March 10, 2017`, `Jan 1 2000` (month name, day, 4-digit year);
/// - `2017/03/10` (year first, then month and day, `/` between).
///
/// `03/04/2017`, `3/4/17`, `03.04.2017`, `03-04-2017` (two numbers before the year) read as
/// 3 April or 4 March depending on the country; they are an error naming both readings and
/// the formats that would choose one, never a guess. `March 2017` and `2017-3-7` are not
/// read here (the column's `format` can read them).
enum ExportDateForms {
    private enum Token: Equatable {
        case number(Int, digits: Int)
        case word(Range<Int>)
        case mark(UInt8)
    }

    /// The date, an error about a recognised shape, or nil when the text has none of these shapes.
    static func parse(_ all: UnsafeBufferPointer<UInt8>) -> Result<EventDate, DateParseError>? {
        var i = 0, end = all.count
        while i < end, isSpace(all[i]) { i += 1 }
        while end > i, isSpace(all[end - 1]) { end -= 1 }
        var approximate = false
        if i < end, all[i] == UInt8(ascii: "~") { approximate = true; i += 1 }
        var tokens: [Token] = []
        while i < end, tokens.count < 8 {
            let b = all[i]
            if isSpace(b) { i += 1; continue }
            if isDigit(b) {
                var value = 0, count = 0
                while i < end, isDigit(all[i]), count < 5 { value = value * 10 + Int(all[i] - 48); count += 1; i += 1 }
                tokens.append(.number(value, digits: count))
            } else if isLetter(b) {
                let start = i
                while i < end, isLetter(all[i]) { i += 1 }
                tokens.append(.word(start..<i))
            } else if b == UInt8(ascii: "/") || b == UInt8(ascii: ",") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                tokens.append(.mark(b)); i += 1
            } else { return nil }
        }
        guard i == end else { return nil }
        func month(_ r: Range<Int>) -> Result<Int, DateParseError> {
            if let m = EventDate.month(named: all[r]) { return .success(m) }
            return .failure(DateParseError("\"\(String(decoding: all[r], as: UTF8.self))\" is not an English month name "
                + "(January to December, or Jan to Dec)"))
        }
        func dayMonthYear(_ d: Int, _ r: Range<Int>, _ y: Int) -> Result<EventDate, DateParseError> {
            month(r).flatMap { EventDate.fromFields(year: y, month: $0, day: d, approximate: approximate) }
        }
        // The shape: `n` a number of 1–2 digits, `y` of 4, `w` a word, marks as written.
        var shape = ""
        var numbers: [Int] = [], words: [Range<Int>] = [], yearDigits = 0
        for token in tokens {
            switch token {
            case .number(let v, let digits):
                numbers.append(v)
                if digits <= 2 { shape += "n"; yearDigits = digits } else if digits == 4 { shape += "y"; yearDigits = 4 } else { shape += "?" }
            case .word(let r): words.append(r); shape += "w"
            case .mark(let b): shape += String(UnicodeScalar(b))
            }
        }
        switch shape {
        case "nwy", "n-w-y":            // 10 March 2017, 10 Mar 2017, 10-Mar-2017
            return dayMonthYear(numbers[0], words[0], numbers[1])
        case "wn,y", "wny":             // March 10, 2017; Jan 1 2000
            return dayMonthYear(numbers[0], words[0], numbers[1])
        case "y/n/n":                   // 2017/03/10
            return EventDate.fromFields(year: numbers[0], month: numbers[1], day: numbers[2], approximate: approximate)
        // 03/04/2017, 3/4/17, 03.04.2017, 03-04-2017: day or month first? (`17-03-01` is left
        // alone: it could as well be year first.)
        case "n/n/y", "n/n/n", "n.n.y", "n.n.n", "n-n-y":
            if shape.hasSuffix("n"), yearDigits != 2 { return nil }
            return .failure(ambiguous(numbers[0], numbers[1], year: numbers[2], yearDigits: yearDigits,
                                      separator: Array(shape.utf8)[1]))
        default:
            return nil
        }
    }

    /// `it could be 3 April 2017 (day first) or 4 March 2017 (month first): declare the
    /// column's format, "%d/%m/%Y" or "%m/%d/%Y"` (the separator and year width as written).
    private static func ambiguous(_ a: Int, _ b: Int, year: Int, yearDigits: Int, separator: UInt8) -> DateParseError {
        let sep = String(UnicodeScalar(separator))
        let y = yearDigits == 2 ? "%y" : "%Y"
        let formats = "\"%d\(sep)%m\(sep)\(y)\" or \"%m\(sep)%d\(sep)\(y)\""
        func reading(day: Int, month: Int) -> String? {
            guard (1...12).contains(month), (1...31).contains(day) else { return nil }
            let yearText = yearDigits == 2 ? "’\(CivilDateText.pad(year, 2))" : String(year)
            return "\(day) \(EventDate.monthNames[month - 1]) \(yearText)"
        }
        let dayFirst = reading(day: a, month: b), monthFirst = reading(day: b, month: a)
        let what: String
        switch (dayFirst, monthFirst) {
        case let (d?, m?) where d != m: what = "it could be \(d) (day first) or \(m) (month first)"
        case let (d?, _?): what = "it reads \(d) either way, but other values in this form could be day first or month first"
        case let (d?, nil): what = "it can only be \(d) (day first), but other values in this form could be day first or month first"
        case let (nil, m?): what = "it can only be \(m) (month first), but other values in this form could be day first or month first"
        case (nil, nil): what = "neither day first nor month first gives a date"
        }
        let century = yearDigits == 2 ? "; a 2-digit year needs a format too" : ""
        return DateParseError("\(what)\(century): declare the column's format, \(formats)")
    }
}

// MARK: - Formats

/// A column's date format, strftime-style: `"%d %B %Y"` reads `10 March 2017`.
///
/// Directives: `%Y` 4-digit year; `%y` 2-digit year (69–99 are 1969–1999, 00–68 are
/// 2000–2068, as POSIX `strptime`); `%m` month number (1 or 2 digits); `%B` and `%b`
/// English month name or 3-letter abbreviation, any case (either directive takes both);
/// `%d` day (1 or 2 digits); `%e` day, possibly space-padded; `%H` hour 0–23, `%M` minute,
/// `%S` second (1 or 2 digits each); `%z` UTC offset (`Z`, `+03:00`, `+0300`); `%%` a `%`.
/// A space matches any run of whitespace (or none); other text must appear as written
/// (ASCII letters in any case). A cell may start with `~` (approximate).
///
/// A format gives year, month or day precision by the fields it has (`%Y-%m` reads months).
/// With `%H`, a time with `%z` is an instant; a time without an offset is the civil day when
/// it is exactly midnight, else an instant read as UTC (see `EventDate.fromFields`).
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Field: Hashable, Sendable { case year4, year2, month, monthName, day, spaceDay, hour, minute, second, offset }
    enum Piece: Hashable, Sendable { case field(Field), space, literal(UInt8) }

    /// The format as written in the spec.
    public let text: String
    let pieces: [Piece]

    public var description: String { text }

    /// The directives this parser reads, for messages and `report schema`.
    public static let directives = "%Y %y %m %d %e %B %b %H %M %S %z %%"

    /// Checks the format: known directives, each at most once, a year, and no day without
    /// a month or time without a day.
    public init(_ text: String) throws(DateParseError) {
        self.text = text
        var pieces: [Piece] = []
        var seen: Set<Field> = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b != UInt8(ascii: "%") {
                pieces.append(isSpace(b) ? .space : .literal(b))
                i += 1
                continue
            }
            guard i + 1 < bytes.count else {
                throw DateParseError("a format cannot end with a lone %; write %% for a percent sign")
            }
            let d = bytes[i + 1]
            i += 2
            let field: Field
            switch d {
            case UInt8(ascii: "%"): pieces.append(.literal(d)); continue
            case UInt8(ascii: "Y"): field = .year4
            case UInt8(ascii: "y"): field = .year2
            case UInt8(ascii: "m"): field = .month
            case UInt8(ascii: "B"), UInt8(ascii: "b"): field = .monthName
            case UInt8(ascii: "d"): field = .day
            case UInt8(ascii: "e"): field = .spaceDay
            case UInt8(ascii: "H"): field = .hour
            case UInt8(ascii: "M"): field = .minute
            case UInt8(ascii: "S"): field = .second
            case UInt8(ascii: "z"): field = .offset
            default:
                var scalar = String(decoding: bytes[(i - 1)...].prefix(4), as: UTF8.self)
                scalar = scalar.first.map(String.init) ?? ""
                throw DateParseError("unknown directive %\(scalar); the directives are \(DateFormat.directives)")
            }
            let kind: (Field) -> Int = { f in
                switch f {
                case .year4, .year2: return 0
                case .month, .monthName: return 1
                case .day, .spaceDay: return 2
                case .hour: return 3
                case .minute: return 4
                case .second: return 5
                case .offset: return 6
                }
            }
            if seen.contains(where: { kind($0) == kind(field) }) {
                throw DateParseError("%\(String(UnicodeScalar(d))) repeats a field the format already has")
            }
            seen.insert(field)
            pieces.append(.field(field))
        }
        func has(_ fs: Field...) -> Bool { fs.contains { seen.contains($0) } }
        guard has(.year4, .year2) else { throw DateParseError("a date format needs a year: %Y (2017) or %y (17)") }
        if has(.day, .spaceDay), !has(.month, .monthName) { throw DateParseError("a format with a day needs a month: %m, %B or %b") }
        if has(.hour), !has(.day, .spaceDay) { throw DateParseError("a format with a time needs a day: %d or %e") }
        if has(.minute), !has(.hour) { throw DateParseError("%M needs an hour, %H") }
        if has(.second), !has(.minute) { throw DateParseError("%S needs minutes, %M") }
        if has(.offset), !has(.hour) { throw DateParseError("%z needs a time, %H:%M") }
        if !has(.hour), has(.minute) { throw DateParseError("%M needs an hour, %H") }
        self.pieces = pieces
    }

    /// Reads `text` with this format; the error says where it stopped matching.
    public func parse(_ text: Substring) -> Result<EventDate, DateParseError> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parseBytes($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { parseBytes($0) }
    }

    private func parseBytes(_ all: UnsafeBufferPointer<UInt8>) -> Result<EventDate, DateParseError> {
        var i = 0, end = all.count
        while i < end, isSpace(all[i]) { i += 1 }
        while end > i, isSpace(all[end - 1]) { end -= 1 }
        var approximate = false
        if i < end, all[i] == UInt8(ascii: "~"), pieces.first != .literal(UInt8(ascii: "~")) { approximate = true; i += 1 }
        func rest() -> String {
            i < end ? "\"\(String(decoding: all[i..<end], as: UTF8.self))\"" : "the end of the text"
        }
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while i < end, count < maxDigits, isDigit(all[i]) { value = value * 10 + Int(all[i] - 48); count += 1; i += 1 }
            return count >= minDigits ? value : nil
        }
        var year = 0, month: Int?, day: Int?, hour: Int?, minute = 0, second = 0, offset: Int?
        for piece in pieces {
            switch piece {
            case .space:
                while i < end, isSpace(all[i]) { i += 1 }
            case .literal(let b):
                let lower = { (x: UInt8) in (65...90).contains(x) ? x + 32 : x }
                guard i < end, lower(all[i]) == lower(b) else {
                    return .failure(DateParseError("expected \"\(String(UnicodeScalar(b)))\" at \(rest())"))
                }
                i += 1
            case .field(let field):
                let at = rest()
                switch field {
                case .year4:
                    guard let y = number(4, 4) else { return .failure(DateParseError("expected a 4-digit year at \(at)")) }
                    year = y
                case .year2:
                    guard let y = number(2, 2) else { return .failure(DateParseError("expected a 2-digit year at \(at)")) }
                    year = y >= 69 ? 1900 + y : 2000 + y
                case .month:
                    guard let m = number(1, 2) else { return .failure(DateParseError("expected a month number at \(at)")) }
                    month = m
                case .monthName:
                    let start = i
                    while i < end, isLetter(all[i]) { i += 1 }
                    guard i > start else { return .failure(DateParseError("expected a month name at \(at)")) }
                    guard let m = EventDate.month(named: all[start..<i]) else {
                        return .failure(DateParseError("\"\(String(decoding: all[start..<i], as: UTF8.self))\" is not an English month name "
                            + "(January to December, or Jan to Dec)"))
                    }
                    month = m
                case .day, .spaceDay:
                    if field == .spaceDay { while i < end, all[i] == 0x20 { i += 1 } }
                    guard let d = number(1, 2) else { return .failure(DateParseError("expected a day at \(at)")) }
                    day = d
                case .hour:
                    guard let h = number(1, 2) else { return .failure(DateParseError("expected an hour at \(at)")) }
                    hour = h
                case .minute:
                    guard let m = number(1, 2) else { return .failure(DateParseError("expected minutes at \(at)")) }
                    minute = m
                case .second:
                    guard let s = number(1, 2) else { return .failure(DateParseError("expected seconds at \(at)")) }
                    second = s
                case .offset:
                    if i < end, all[i] == UInt8(ascii: "Z") || all[i] == UInt8(ascii: "z") {
                        i += 1
                        offset = 0
                    } else if i < end, all[i] == UInt8(ascii: "+") || all[i] == UInt8(ascii: "-") {
                        let sign = all[i] == UInt8(ascii: "-") ? -1 : 1
                        i += 1
                        guard let h = number(2, 2) else { return .failure(DateParseError("expected a UTC offset at \(at)")) }
                        if i < end, all[i] == UInt8(ascii: ":") { i += 1 }
                        guard let m = number(2, 2) else { return .failure(DateParseError("expected a UTC offset at \(at)")) }
                        guard h <= 23, m <= 59 else {
                            return .failure(DateParseError("UTC offset \(sign < 0 ? "-" : "+")\(CivilDateText.pad(h, 2)):\(CivilDateText.pad(m, 2)) "
                                + "is out of range -23:59 to +23:59"))
                        }
                        offset = sign * (h * 60 + m)
                    } else {
                        return .failure(DateParseError("expected a UTC offset (Z, +03:00 or +0300) at \(at)"))
                    }
                }
            }
        }
        while i < end, isSpace(all[i]) { i += 1 }
        guard i == end else { return .failure(DateParseError("unexpected \(rest()) after the end of the format")) }
        return EventDate.fromFields(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                    offsetMinutes: offset, approximate: approximate)
    }
}
