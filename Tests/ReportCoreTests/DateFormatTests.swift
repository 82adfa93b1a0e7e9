import XCTest
@testable import ReportCore

/// Dates as exports write them: `EventDate.parseData` (the common spellings) and
/// `DateFormat` (a column's declared format). Expected day numbers are days since
/// 1970-01-01, computed apart from this code (Python's `datetime.date`).
final class DateFormatTests: XCTestCase {
    // 2017-03-10 = 17235, 2017-04-03 = 17259, 2017-03-04 = 17229, 2000-01-01 = 10957,
    // 1999-12-31 = 10956, 2016-02-29 = 16860, 2068-01-01 = 35794, 1969-01-01 = -365,
    // 2017-03-01 = 17226, 2017-01-01 = 17167.

    private func day(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int? {
        switch EventDate.parseData(text[...]) {
        case .success(let d):
            XCTAssertEqual(d.precision, .day, text, file: file, line: line)
            XCTAssertEqual(d.end - d.start, 1, text, file: file, line: line)
            return Int(d.start)
        case .failure(let e):
            XCTFail("\(text.debugDescription): \(e.message)", file: file, line: line)
            return nil
        }
    }

    private func dataError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        switch EventDate.parseData(text[...]) {
        case .success(let d): XCTFail("\(text.debugDescription) parsed as \(d)", file: file, line: line); return ""
        case .failure(let e): return e.message
        }
    }

    private func format(_ f: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> EventDate? {
        do {
            switch try DateFormat(f).parse(text[...]) {
            case .success(let d): return d
            case .failure(let e): XCTFail("\(f) \(text.debugDescription): \(e.message)", file: file, line: line); return nil
            }
        } catch {
            XCTFail("\(f): \(error.message)", file: file, line: line)
            return nil
        }
    }

    private func mismatch(_ f: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            switch try DateFormat(f).parse(text[...]) {
            case .success(let d): XCTFail("\(f) \(text.debugDescription) parsed as \(d)", file: file, line: line); return ""
            case .failure(let e): return e.message
            }
        } catch {
            XCTFail("\(f): \(error.message)", file: file, line: line)
            return ""
        }
    }

    private func badFormat(_ f: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try DateFormat(f)
            XCTFail("\(f) was accepted", file: file, line: line)
            return ""
        } catch { return error.message }
    }

    // MARK: Common spellings, no format

    func testCommonSpellingsWithoutAFormat() {
        XCTAssertEqual(day("10 March 2017"), 17235)
        XCTAssertEqual(day("10 Mar 2017"), 17235)
        XCTAssertEqual(day("10 MARCH 2017"), 17235)
        XCTAssertEqual(day("10 march 2017"), 17235)
        XCTAssertEqual(day("10-Mar-2017"), 17235)
        XCTAssertEqual(day("  10 March 2017 "), 17235)
        XCTAssertEqual(day("March 10, 2017"), 17235)
        XCTAssertEqual(day("March 10 2017"), 17235)
        XCTAssertEqual(day("Jan 1 2000"), 10957)
        XCTAssertEqual(day("1 January 2000"), 10957)
        XCTAssertEqual(day("31 Dec 1999"), 10956)
        XCTAssertEqual(day("29 Feb 2016"), 16860)
        XCTAssertEqual(day("4 Sept 2017").map { $0 - 17235 }, 178)
        XCTAssertEqual(day("2017/03/10"), 17235)
        XCTAssertEqual(day("2017/3/4"), 17229)
        XCTAssertEqual(day("2017-03-10 00:00:00.000"), 17235)
        XCTAssertEqual(day("2017-03-10 00:00:00"), 17235)
        XCTAssertEqual(day("2017-03-10 00:00"), 17235)
        XCTAssertEqual(EventDate.parseData("~10 March 2017").map(\.approximate), .success(true))
    }

    /// Every form `parse` reads is read by `parseData` to the very same value (or error).
    func testISOFormsAreReadExactlyAsBefore() {
        let inputs = ["2017", "2017-03", "2017-03-10", "~2017-03-08", "~2017", "2017-03-10T14:30:00Z",
                      "2017-03-10T14:30:00+05:45", "2017-03-10 14:30:00Z", "2017-03-10T00:00", "2017-03-10T00:00:00",
                      "2017-03-10T14:30:00", "2017-03-10 14:30:00", "2017-03-10T14:30:00.250Z", "2017-03-10t10:00z",
                      "2017-03-10T10:00\u{2212}05:00", "2017-13-01", "2017-02-29", "2017-3-1", "2017-03-0",
                      "~2017-03-10T10:00Z", "0000-01-01", "sometime", "March 2017", "17-03-01", "2017 03", ""]
        for text in inputs {
            XCTAssertEqual(EventDate.parseData(text[...]), EventDate.parse(text[...]), text)
        }
        // The T form at midnight stays the instant ISO 8601 says it is.
        XCTAssertEqual(try EventDate.parseData("2017-03-10T00:00:00").get().precision, .instant)
        XCTAssertEqual(try EventDate.parseData("2017-03-10 00:00:00Z").get().precision, .instant)
        // A space-separated time that is not midnight is what it was: an instant read as UTC.
        XCTAssertEqual(try EventDate.parseData("2017-03-10 14:30:00").get().start, 17235 + 14.5 / 24)
        // The spec's own dates keep to ISO: the export forms are for data.
        XCTAssertEqual(EventDate.parse("10 March 2017").failureMessage, DateParseError.expectedForms)
        XCTAssertEqual(try EventDate.parse("2017-03-10 00:00:00").get().precision, .instant)
    }

    func testAmbiguousFormsAskForAFormat() {
        XCTAssertEqual(dataError("03/04/2017"),
                       "it could be 3 April 2017 (day first) or 4 March 2017 (month first): declare the column's format, \"%d/%m/%Y\" or \"%m/%d/%Y\"")
        XCTAssertEqual(dataError("3/4/17"),
                       "it could be 3 April ’17 (day first) or 4 March ’17 (month first); a 2-digit year needs a format too: declare the column's format, \"%d/%m/%y\" or \"%m/%d/%y\"")
        XCTAssertEqual(dataError("03.04.2017"),
                       "it could be 3 April 2017 (day first) or 4 March 2017 (month first): declare the column's format, \"%d.%m.%Y\" or \"%m.%d.%Y\"")
        XCTAssertEqual(dataError("13/04/2017"),
                       "it can only be 13 April 2017 (day first), but other values in this form could be day first or month first: declare the column's format, \"%d/%m/%Y\" or \"%m/%d/%Y\"")
        XCTAssertEqual(dataError("04/13/2017"),
                       "it can only be 13 April 2017 (month first), but other values in this form could be day first or month first: declare the column's format, \"%d/%m/%Y\" or \"%m/%d/%Y\"")
        XCTAssertTrue(dataError("05/05/2017").hasPrefix("it reads 5 May 2017 either way"))
        XCTAssertTrue(dataError("03-04-2017").contains("\"%d-%m-%Y\" or \"%m-%d-%Y\""))
    }

    func testBadSpellingsSayWhy() {
        XCTAssertEqual(dataError("10 Mrach 2017"), "\"Mrach\" is not an English month name (January to December, or Jan to Dec)")
        XCTAssertEqual(dataError("31 February 2017"), "2017-02-31 is not a day: February 2017 has 28 days")
        XCTAssertEqual(dataError("2017/13/01"), "month 13 is out of range 1–12")
        XCTAssertEqual(dataError("10 March 17"), DateParseError.expectedForms)
        XCTAssertEqual(dataError("Friday"), DateParseError.expectedForms)
        XCTAssertEqual(dataError("2017-03-10 14:30:00 UTC"), DateParseError.expectedForms)
    }

    // MARK: Formats

    func testFormats() throws {
        XCTAssertEqual(format("%d %B %Y", "10 March 2017"), EventDate(day: CivilDate(dayNumber: 17235)))
        XCTAssertEqual(format("%d %B %Y", "10 mar 2017")?.start, 17235)
        XCTAssertEqual(format("%d %b %Y", "10 MARCH 2017")?.start, 17235)
        XCTAssertEqual(format("%d/%m/%Y", "03/04/2017")?.start, 17259)
        XCTAssertEqual(format("%m/%d/%Y", "03/04/2017")?.start, 17229)
        XCTAssertEqual(format("%m/%d/%y", "3/4/17")?.start, 17229)
        XCTAssertEqual(format("%d.%m.%y", "1.1.68")?.start, 35794)
        XCTAssertEqual(format("%d.%m.%y", "1.1.69")?.start, -365)
        XCTAssertEqual(format("%e %B %Y", " 1 January 2000")?.start, 10957)
        XCTAssertEqual(format("%B %e, %Y", "January  1, 2000")?.start, 10957)
        XCTAssertEqual(format("%Y%m%d", "20170310")?.start, 17235)
        XCTAssertEqual(format("%d %B %Y", "~10 March 2017")?.approximate, true)
        XCTAssertEqual(format("%Y-%m-%d", "2017-3-1")?.start, 17226)
        XCTAssertEqual(format("100%% %Y", "100% 2017")?.start, 17167)

        let month = try XCTUnwrap(format("%B %Y", "March 2017"))
        XCTAssertEqual(month.precision, .month)
        XCTAssertEqual(month.start, 17226)
        XCTAssertEqual(month.end, 17226 + 31)
        XCTAssertEqual(format("%Y", "2017")?.precision, .year)

        let instant = try XCTUnwrap(format("%d/%m/%Y %H:%M %z", "10/03/2017 16:30 +0200"))
        XCTAssertEqual(instant.precision, .instant)
        XCTAssertEqual(instant.start, 17235 + 14.5 / 24)
        XCTAssertEqual(instant.utcOffsetMinutes, 120)
        XCTAssertEqual(format("%Y-%m-%dT%H:%M:%S%z", "2017-03-10t14:30:00Z")?.start, 17235 + 14.5 / 24)
        XCTAssertEqual(format("%d/%m/%Y %H:%M:%S", "10/03/2017 00:00:00")?.precision, .day)
        let naive = try XCTUnwrap(format("%d/%m/%Y %H:%M", "10/03/2017 14:30"))
        XCTAssertEqual(naive.precision, .instant)
        XCTAssertNil(naive.utcOffsetMinutes)
    }

    func testCellsThatDoNotMatchTheFormat() {
        XCTAssertEqual(mismatch("%d %B %Y", "10 Mrach 2017"), "\"Mrach\" is not an English month name (January to December, or Jan to Dec)")
        XCTAssertEqual(mismatch("%d %B %Y", "2017-03-10"), "expected a month name at \"17-03-10\"")
        XCTAssertEqual(mismatch("%d %B %Y", "March 10 2017"), "expected a day at \"March 10 2017\"")
        XCTAssertEqual(mismatch("%d %B %Y", "10 March 17"), "expected a 4-digit year at \"17\"")
        XCTAssertEqual(mismatch("%d %B %Y", "10 March 2017 x"), "unexpected \"x\" after the end of the format")
        XCTAssertEqual(mismatch("%d/%m/%Y", "10-03-2017"), "expected \"/\" at \"-03-2017\"")
        XCTAssertEqual(mismatch("%d/%m/%Y", "31/02/2017"), "2017-02-31 is not a day: February 2017 has 28 days")
        XCTAssertEqual(mismatch("%m/%d/%Y", "13/04/2017"), "month 13 is out of range 1–12")
        XCTAssertEqual(mismatch("%d/%m/%Y %H:%M", "10/03/2017 25:00"), "hour 25 is out of range 0–23")
        XCTAssertEqual(mismatch("%d/%m/%Y %H:%M %z", "10/03/2017 10:00 +2500"), "UTC offset +25:00 is out of range -23:59 to +23:59")
        XCTAssertEqual(mismatch("%d/%m/%Y", ""), "expected a day at the end of the text")
    }

    func testBadFormatStrings() {
        XCTAssertEqual(badFormat("%d %Q %Y"), "unknown directive %Q; the directives are %Y %y %m %d %e %B %b %H %M %S %z %%")
        XCTAssertEqual(badFormat("%Y %"), "a format cannot end with a lone %; write %% for a percent sign")
        XCTAssertEqual(badFormat("%d %B"), "a date format needs a year: %Y (2017) or %y (17)")
        XCTAssertEqual(badFormat(""), "a date format needs a year: %Y (2017) or %y (17)")
        XCTAssertEqual(badFormat("%d %Y"), "a format with a day needs a month: %m, %B or %b")
        XCTAssertEqual(badFormat("%Y %m %H"), "a format with a time needs a day: %d or %e")
        XCTAssertEqual(badFormat("%Y %Y"), "%Y repeats a field the format already has")
        XCTAssertEqual(badFormat("%d %m %b %Y"), "%b repeats a field the format already has")
        XCTAssertEqual(badFormat("%Y-%m-%d %M"), "%M needs an hour, %H")
        XCTAssertEqual(badFormat("%Y-%m-%d %H %S"), "%S needs minutes, %M")
        XCTAssertEqual(badFormat("%Y-%m-%d %z"), "%z needs a time, %H:%M")
    }

    /// The schema's pattern for a format and the parser agree on directives.
    func testSchemaPatternNamesTheSameDirectives() throws {
        let pattern = try NSRegularExpression(pattern: "^([^%]|%[YymdeBbHMSz%])*$")
        for directive in DateFormat.directives.split(separator: " ") {
            let f = "%Y %m %d \(directive == "%Y" || directive == "%m" || directive == "%d" ? "" : String(directive))"
            XCTAssertEqual(pattern.numberOfMatches(in: f, range: NSRange(f.startIndex..., in: f)), 1, f)
        }
    }
}

private extension Result where Failure == DateParseError {
    var failureMessage: String? { if case .failure(let e) = self { return e.message } else { return nil } }
}
