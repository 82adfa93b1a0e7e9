import XCTest
@testable import ReportCore

/// The total displaced counts each family once: a place both reached and left counts what it
/// sent beyond what had reached it (its own people are never dropped), people who move on are
/// not counted again, and people going home wait nowhere.
final class DisplacementTotalTests: XCTestCase {
    /// Raqqa sends 300 + 60 + 140 + 45 = 545; 30 reach it from Tabqa before its 140 leave,
    /// so 515 are its own. Tabqa sends 95 + 30 + 70 = 195. Deir ez-Zor passes 85 of its 285
    /// on, Hama 25 of 205 (home to Raqqa). Displaced: 515 + 195 = 710 families.
    private let rows = """
    [{"d": "2017-03-10", "o": "Raqqa", "t": "Deir ez-Zor", "n": 180}, {"d": "2017-03-10", "o": "Raqqa", "t": "Hama", "n": 120},
     {"d": "2017-03-12", "o": "Raqqa", "t": "Deir ez-Zor", "n": 60}, {"d": "2017-03-13", "o": "Tabqa", "t": "Ain Issa", "n": 95},
     {"d": "2017-03-14", "o": "Deir ez-Zor", "t": "Hama", "n": 85}, {"d": "2017-03-15", "o": "Tabqa", "t": "Raqqa", "n": 30},
     {"d": "2017-03-16", "o": "Raqqa", "t": "Ain Issa", "n": 140}, {"d": "2017-03-18", "o": "Hama", "t": "Raqqa", "n": 25},
     {"d": "2017-03-19", "o": "Tabqa", "t": "Ain Issa", "n": 70}, {"d": "2017-03-20", "o": "Raqqa", "t": "Deir ez-Zor", "n": 45}]
    """

    private func model(_ view: String, dated: Bool) throws -> DisplacementModel {
        let (_, blocks, problems) = try InlineSpec.prepare("""
        {"report": 1, "data": {"f": {"values": \(rows)}},
         "sections": [{"type": "displacement", "data": "f", \(dated ? "\"date\": \"d\", " : "")"from": "o", "to": "t", "value": "n",
                       "unit": "families", "persons_per_family": 5, "view": "\(view)"}]}
        """)
        XCTAssertEqual(problems.map(\.description), [])
        return try XCTUnwrap(blocks.first?.content.model(DisplacementBlock.self))
    }

    func testAPlaceBothReachedAndLeftKeepsItsOwnDepartures() throws {
        XCTAssertEqual(try model("flow", dated: false).notes.first, "710 families ≈ 3,550 persons (5 persons per family).")
        XCTAssertEqual(try model("flow", dated: true).notes.first, "710 families ≈ 3,550 persons (5 persons per family).")
        let total = try XCTUnwrap(try model("timeline", dated: true).arrivals.first { $0.name == DisplacementModel.totalSeriesName })
        // From the first departures on 10 March (300) to 710 on 20 March; the 30 who reached
        // Raqqa on the 15th are not counted again when they leave with the 140 on the 16th.
        XCTAssertEqual(total.points.first?.x, Double(CivilDate(year: 2017, month: 3, day: 10)!.dayNumber))
        XCTAssertEqual(total.points.map(\.y), [300, 360, 455, 485, 595, 665, 710])
    }
}
