import ReportTestSupport
import XCTest
@testable import ReportCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

final class EventDateTests: XCTestCase {
    // MARK: Helpers

    private func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> EventDate? {
        switch EventDate.parse(text[...]) {
        case .success(let date): return date
        case .failure(let error):
            XCTFail("\(text.debugDescription): \(error.message)", file: file, line: line)
            return nil
        }
    }

    private func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch EventDate.parse(text[...]) {
        case .success(let date):
            XCTFail("\(text.debugDescription) parsed as \(date)", file: file, line: line)
            return nil
        case .failure(let error): return error.message
        }
    }

    private func day(_ y: Int, _ m: Int, _ d: Int) -> Double {
        Double(CivilDate(year: y, month: m, day: d)!.dayNumber)
    }

    // MARK: CivilDate

    func testKnownDayNumbers() {
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber, 0)
        XCTAssertEqual(CivilDate(year: 1969, month: 12, day: 31)?.dayNumber, -1)
        XCTAssertEqual(CivilDate(year: 2000, month: 3, day: 1)?.dayNumber, 11_017)
        XCTAssertEqual(CivilDate(year: 2017, month: 3, day: 10)?.dayNumber, 17_235)
        XCTAssertEqual(CivilDate(year: 1, month: 1, day: 1)?.dayNumber, -719_162)
        XCTAssertEqual(CivilDate(year: 9999, month: 12, day: 31)?.dayNumber, 2_932_896)
        XCTAssertEqual(CivilDate(dayNumber: -719_162), CivilDate(year: 1, month: 1, day: 1))
        XCTAssertEqual(CivilDate(dayNumber: 2_932_896), CivilDate(year: 9999, month: 12, day: 31))
    }

    func testEveryDayFrom1900To2100RoundTrips() throws {
        var expected = try XCTUnwrap(CivilDate(year: 1900, month: 1, day: 1)).dayNumber
        var weekday = try XCTUnwrap(CivilDate(year: 1900, month: 1, day: 1)).weekday
        XCTAssertEqual(weekday, 1, "1 January 1900 was a Monday")
        var previous: CivilDate?
        for year in 1900...2100 {
            for month in 1...12 {
                for d in 1...CivilDate.daysIn(month: month, year: year) {
                    let date = try XCTUnwrap(CivilDate(year: year, month: month, day: d))
                    XCTAssertEqual(date.dayNumber, expected, "\(date)")
                    XCTAssertEqual(CivilDate(dayNumber: expected), date)
                    XCTAssertEqual(date.weekday, weekday, "\(date)")
                    if let previous { XCTAssertLessThan(previous, date) }
                    previous = date
                    expected += 1
                    weekday = weekday % 7 + 1
                }
            }
        }
        XCTAssertEqual(expected, try XCTUnwrap(CivilDate(year: 2101, month: 1, day: 1)).dayNumber)
    }

    func testValidation() {
        XCTAssertNotNil(CivilDate(year: 2016, month: 2, day: 29))
        XCTAssertNotNil(CivilDate(year: 2000, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2017, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 1900, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2017, month: 4, day: 31))
        XCTAssertNil(CivilDate(year: 2017, month: 13, day: 1))
        XCTAssertNil(CivilDate(year: 2017, month: 0, day: 1))
        XCTAssertNil(CivilDate(year: 2017, month: 1, day: 0))
        XCTAssertNil(CivilDate(year: 0, month: 1, day: 1))
        XCTAssertNil(CivilDate(year: 10_000, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 2017, month: 3, day: 10)?.weekday, 5, "a Friday")
        XCTAssertEqual(CivilDate(year: 2017, month: 3, day: 10)?.isoString, "2017-03-10")
        XCTAssertEqual(CivilDate(year: 12, month: 3, day: 1)?.isoString, "0012-03-01")
    }

    // MARK: Parsing

    func testPrecisionsAndTheirEnds() throws {
        let y = try XCTUnwrap(date("2017"))
        XCTAssertEqual(y.precision, .year)
        XCTAssertEqual(y.start, day(2017, 1, 1))
        XCTAssertEqual(y.end, day(2018, 1, 1))
        XCTAssertNil(y.utcOffsetMinutes)

        let feb = try XCTUnwrap(date("2017-02"))
        XCTAssertEqual(feb.precision, .month)
        XCTAssertEqual(feb.start, day(2017, 2, 1))
        XCTAssertEqual(feb.end, day(2017, 3, 1))
        XCTAssertEqual(try XCTUnwrap(date("2016-02")).end, day(2016, 3, 1))

        let dec = try XCTUnwrap(date("2017-12"))
        XCTAssertEqual(dec.start, day(2017, 12, 1))
        XCTAssertEqual(dec.end, day(2018, 1, 1))

        let d = try XCTUnwrap(date("2017-03-10"))
        XCTAssertEqual(d.precision, .day)
        XCTAssertFalse(d.approximate)
        XCTAssertEqual(d.start, 17_235)
        XCTAssertEqual(d.end, 17_236)
        XCTAssertEqual(try XCTUnwrap(date("2017-12-31")).end, day(2018, 1, 1))

        XCTAssertEqual(try XCTUnwrap(date("9999")).end, day(9999, 12, 31) + 1)
        XCTAssertEqual(try XCTUnwrap(date("0001-01-01")).start, -719_162)
    }

    func testApproximateDates() throws {
        for text in ["~2017", "~2017-03", "~2017-03-10"] {
            let parsed = try XCTUnwrap(date(text))
            XCTAssertTrue(parsed.approximate, text)
            XCTAssertEqual(parsed.isoString, text)
        }
        XCTAssertEqual(try XCTUnwrap(date("~2017-03")).start, day(2017, 3, 1))
    }

    func testWhitespaceIsTrimmed() throws {
        XCTAssertEqual(date("  2017-03-10\t"), date("2017-03-10"))
        XCTAssertEqual(date("\n~2017 "), date("~2017"))
        XCTAssertEqual(date(" 2017-03-10T14:30Z\r\n"), date("2017-03-10T14:30Z"))
    }

    func testSubstringsOfLargerStrings() throws {
        let line = "x,2017-03-10,y"
        let parts = line.split(separator: ",")
        XCTAssertEqual(try EventDate.parse(parts[1]).get(), date("2017-03-10"))
    }

    func testInstants() throws {
        let z = try XCTUnwrap(date("2017-03-10T14:30:00Z"))
        XCTAssertEqual(z.precision, .instant)
        XCTAssertEqual(z.start, z.end)
        XCTAssertEqual(z.start, 17_235 + (14.5 / 24))
        XCTAssertEqual(z.utcOffsetMinutes, 0)

        XCTAssertEqual(date("2017-03-10T14:30Z"), z)
        XCTAssertEqual(date("2017-03-10 14:30:00Z"), z)
        XCTAssertEqual(date("2017-03-10t14:30:00z"), z)
        XCTAssertEqual(date("2017-03-10T16:30:00+02:00")?.start, z.start)
        XCTAssertEqual(date("2017-03-10T16:30:00+0200")?.start, z.start)
        XCTAssertEqual(date("2017-03-10T16:30:00+0200")?.utcOffsetMinutes, 120)
        XCTAssertEqual(date("2017-03-10T20:15+05:45")?.start, z.start)
        XCTAssertEqual(date("2017-03-10T20:15+05:45")?.utcOffsetMinutes, 345)

        // No offset: UTC, and no offset is recorded.
        let bare = try XCTUnwrap(date("2017-03-10T14:30:00"))
        XCTAssertEqual(bare.start, z.start)
        XCTAssertNil(bare.utcOffsetMinutes)

        let fractional = try XCTUnwrap(date("2017-03-10T14:30:00.250Z"))
        XCTAssertEqual((fractional.start - z.start) * 86_400, 0.25, accuracy: 1e-6)
        XCTAssertEqual(fractional.isoString, "2017-03-10T14:30:00.250Z")
    }

    func testOffsetMovesTheInstantAcrossMidnight() throws {
        let west = try XCTUnwrap(date("2017-03-10T23:30:00-02:00"))
        let utc = try XCTUnwrap(date("2017-03-11T01:30Z"))
        XCTAssertEqual(west.start, utc.start, "bit-identical, not just close")
        XCTAssertEqual(west.startDay, CivilDate(year: 2017, month: 3, day: 11))
        XCTAssertEqual(west.isoString, "2017-03-10T23:30:00-02:00")
        XCTAssertEqual(west.formatted(), "11 Mar 2017 01:30 UTC")
        XCTAssertEqual(west.formatted(utcOffsetMinutes: -120), "10 Mar 2017 23:30 UTC-02:00")
        XCTAssertEqual(date("2017-03-11T00:30:00+01:00")?.start, date("2017-03-10T23:30Z")?.start)
    }

    func testLeapYears() {
        XCTAssertNotNil(date("2016-02-29"))
        XCTAssertNotNil(date("2000-02-29"))
        XCTAssertEqual(error("2017-02-29"), "2017-02-29 is not a day: February 2017 has 28 days")
        XCTAssertEqual(error("1900-02-29"), "1900-02-29 is not a day: February 1900 has 28 days")
        XCTAssertEqual(error("2017-02-30"), "2017-02-30 is not a day: February 2017 has 28 days")
        XCTAssertEqual(error("2016-02-30"), "2016-02-30 is not a day: February 2016 has 29 days")
        XCTAssertEqual(error("2017-04-31"), "2017-04-31 is not a day: April 2017 has 30 days")
        XCTAssertEqual(error("2017-02-29T10:00Z"), "2017-02-29 is not a day: February 2017 has 28 days")
    }

    func testRangeErrors() {
        XCTAssertEqual(error("2017-13-01"), "month 13 is out of range 1–12")
        XCTAssertEqual(error("2017-13"), "month 13 is out of range 1–12")
        XCTAssertEqual(error("2017-00"), "month 0 is out of range 1–12")
        XCTAssertEqual(error("2017-03-32"), "day 32 is out of range 1–31")
        XCTAssertEqual(error("2017-03-00"), "day 0 is out of range 1–31")
        XCTAssertEqual(error("0000"), "year 0000 is out of range 0001–9999")
        XCTAssertEqual(error("2017-03-10T24:00Z"), "hour 24 is out of range 0–23")
        XCTAssertEqual(error("2017-03-10T12:60Z"), "minute 60 is out of range 0–59")
        XCTAssertEqual(error("2017-03-10T12:00:60Z"), "second 60 is out of range 0–59")
        XCTAssertEqual(error("2017-03-10T12:00+24:00"), "UTC offset +24:00 is out of range -23:59 to +23:59")
        XCTAssertEqual(error("2017-03-10T12:00-0160"), "UTC offset -01:60 is out of range -23:59 to +23:59")
        XCTAssertEqual(error("~2017-03-10T12:00Z"),
                       "~ marks an approximate year, month or day; a date-time cannot be approximate")
    }

    func testShapesThatAreNotDates() {
        let expected = "expected a date like 2017-03-10, 2017-03, 2017 or 2017-03-10T14:30:00Z"
        XCTAssertEqual(DateParseError.expectedForms, expected)
        let wrong = ["", "  ", "~", "17", "20170", "2017-3", "2017-03-1", "2017/03/10", "10/03/2017", "2017-03-10T",
                     "2017-03-10T14", "2017-03-10T14:3", "2017-03-10T14:30:0", "2017-03-10T14:30:00.",
                     "2017-03-10T14:30:00Zjunk", "2017-03-10T14:30+2", "2017-03-10T14:30+02:", "2017-03-10x",
                     "2017-03-10  14:30", "~ 2017", "2017~", "March 2017", "-2017", "+2017", "2017-", "2017-03-",
                     "１２３４", "2017-03-10T14:30:00+02:00:00", "2017-W10", "2017-069", "NaN", "2017 03"]
        for text in wrong {
            XCTAssertEqual(error(text), expected, text.debugDescription)
        }
    }

    // MARK: Time zones

    /// Parsing and formatting never read the machine's time zone.
    func testResultsDoNotDependOnTZ() throws {
        let inputs = ["2017", "~2017-03", "2017-03-10", "2016-02-29", "2017-03-10T23:30:00-02:00",
                      "2017-03-10T14:30:00", "2017-03-10T00:00Z", "1900-01-01T00:00:00.5+14:00"]
        func snapshot() -> [String] {
            inputs.map { text in
                switch EventDate.parse(text[...]) {
                case .success(let d):
                    return "\(d.start.bitPattern) \(d.end.bitPattern) \(d.isoString) \(d.formatted()) \(d.formatted(style: .long))"
                case .failure(let e): return e.message
                }
            }
        }
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        setenv("TZ", "UTC", 1)
        tzset()
        let baseline = snapshot()
        for zone in ["Pacific/Kiritimati", "America/Anchorage", "Asia/Kathmandu", "Pacific/Pago_Pago"] {
            setenv("TZ", zone, 1)
            tzset()
            XCTAssertEqual(snapshot(), baseline, zone)
        }
    }

    // MARK: Formatting and order

    func testFormatting() throws {
        let d = try XCTUnwrap(date("2017-03-10"))
        XCTAssertEqual(d.formatted(), "10 Mar 2017")
        XCTAssertEqual(d.formatted(style: .day), "10 Mar 2017")
        XCTAssertEqual(d.formatted(style: .month), "Mar 2017")
        XCTAssertEqual(d.formatted(style: .year), "2017")
        XCTAssertEqual(d.formatted(style: .long), "10 March 2017")
        XCTAssertEqual(d.isoString, "2017-03-10")
        XCTAssertEqual(date("2017-03")?.formatted(), "Mar 2017")
        XCTAssertEqual(date("~2017-03")?.formatted(), "~Mar 2017")
        XCTAssertEqual(date("~2017-03")?.formatted(style: .long), "~March 2017")
        XCTAssertEqual(date("2017")?.formatted(), "2017")
        XCTAssertEqual(date("~2017")?.isoString, "~2017")
        XCTAssertEqual(date("2017-03-10T14:30:15Z")?.formatted(), "10 Mar 2017 14:30:15 UTC")
        XCTAssertEqual(date("2017-03-10T14:30:00")?.isoString, "2017-03-10T14:30:00Z")
        XCTAssertEqual(date("0005-01-01")?.formatted(), "1 Jan 5")
        XCTAssertEqual(EventDate.monthNames.count, 12)
        XCTAssertEqual(EventDate.shortMonthNames[11], "Dec")
        XCTAssertEqual(EventDate.monthNames[8], "September")
    }

    func testOrder() throws {
        let sorted = try ["2017", "2017-01", "2017-01-01", "2017-01-01T00:00Z", "2017-01-01T06:00+08:00",
                          "2017-03-10", "~2017-03-10", "2018"].map { try XCTUnwrap(date($0)) }.sorted()
        XCTAssertEqual(sorted.map(\.isoString), ["2017-01-01T06:00:00+08:00", "2017-01-01T00:00:00Z",
                                                "2017-01-01", "2017-01", "2017", "2017-03-10", "~2017-03-10",
                                                "2018"])
    }

    // MARK: Properties

    /// Random and mutated texts: no crash, no hang; whatever parses re-parses from its isoString.
    func testRandomAndMutatedInputs() {
        var random = SeededRandom(seed: 0xDA7E)
        let seeds = ["2017", "~2017-03", "2017-03-10", "2016-02-29", "2017-03-10T23:30:00-02:00",
                     "2017-03-10 14:30:00.123Z", "9999-12-31T23:59:59.999+0100", "0001-01-01T00:00-23:59"]
        let alphabet = Array("0123456789-:T Z+~.,tz\u{2212}é\n".unicodeScalars)
        var parsedCount = 0
        for iteration in 0..<20_000 {
            var scalars: [Unicode.Scalar]
            if iteration % 2 == 0 {
                scalars = (0..<Int(random.next() % 30)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            } else {
                scalars = Array(seeds[Int(random.next() % UInt64(seeds.count))].unicodeScalars)
                for _ in 0..<Int(random.next() % 3) + 1 {
                    let position = Int(random.next() % UInt64(scalars.count + 1))
                    let scalar = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    switch random.next() % 3 {
                    case 0: scalars.insert(scalar, at: position)
                    case 1: if position < scalars.count { scalars.remove(at: position) }
                    default: if position < scalars.count { scalars[position] = scalar }
                    }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            switch EventDate.parse(text[...]) {
            case .failure(let error):
                XCTAssertFalse(error.message.isEmpty)
            case .success(let parsed):
                parsedCount += 1
                XCTAssertLessThanOrEqual(parsed.start, parsed.end, text)
                XCTAssertEqual(parsed.start == parsed.end, parsed.precision == .instant, text)
                guard case .success(let again) = EventDate.parse(parsed.isoString[...]) else {
                    XCTFail("\(text.debugDescription) → \(parsed.isoString) does not parse")
                    continue
                }
                XCTAssertEqual(again.precision, parsed.precision, text)
                XCTAssertEqual(again.approximate, parsed.approximate, text)
                // isoString keeps milliseconds: within 2 ms (2.3e-8 days).
                XCTAssertEqual(again.start, parsed.start, accuracy: 2.3e-8, text)
                XCTAssertEqual(again.end, parsed.end, accuracy: 2.3e-8, text)
                _ = parsed.formatted()
            }
        }
        XCTAssertGreaterThan(parsedCount, 500, "the mutations should leave many valid dates")
    }
}

