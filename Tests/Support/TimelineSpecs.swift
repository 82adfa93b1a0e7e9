/// Timeline specs shared by the layout tests (ReportCoreTests) and the render tests
/// (ReportCairoTests): one copy, so the two suites check the very same cases.
public enum TimelineSpecs {
    /// `events` events in one week, in 3 lanes, most with labels too long for one line.
    public static func crowdedWeek(events: Int = 100) -> String {
        let lanes = ["Islamic State", "SDF", "US-led coalition"]
        let tails = ["", " near the Tabqa dam", " as families fled across the Euphrates by boat", " after a night of air strikes on the old city and its outskirts", " east of the city"]
        var rows: [String] = []
        for i in 0..<events {
            let day = 6 + i % 7
            rows.append("{\"date\": \"2017-03-\(day < 10 ? "0" : "")\(day)\", \"lane\": \"\(lanes[i % 3])\", \"label\": \"Event \(i): clashes reported\(tails[(i * 7) % tails.count])\"}")
        }
        return """
        {"report": 1, "data": {"e": {"values": [\(rows.joined(separator: ",\n"))]}},
         "sections": [{"id": "t", "type": "timeline", "title": "A crowded week", "data": "e", "date": "date", "label": "label", "lane": "lane",
                       "range": {"from": "2017-03-05", "to": "2017-03-13"}, "annotations": [{"date": "2017-03-09", "text": "+400 US troops"}]}]}
        """
    }

    /// The example report's events, inline (so the tests do not move when the example does).
    public static let sparse = """
    {"report": 1, "theme": {"colors": {"Islamic State": "#1b1b1b", "IS families": "#7a7a7a", "SDF": "#d4a017", "US-led coalition": "#0072B2"}},
     "data": {"e": {"values": [
       {"date": "2016-11-06", "actor": "SDF", "summary": "SDF opens the campaign to isolate Raqqa"},
       {"date": "2017-03", "actor": "Islamic State", "summary": "IS fortifies Raqqa with booby traps and defence lines"},
       {"date": "2017-03-06", "actor": "SDF", "summary": "SDF cuts the Raqqa–Deir ez-Zor road"},
       {"date": "~2017-03-08", "actor": "Islamic State", "summary": "IS pulls its leaders out of Raqqa"},
       {"date": "2017-03-09", "actor": "US-led coalition", "summary": "400 additional US troops sent to Syria"},
       {"date": "2017-03-10", "end": "2017-03-11", "actor": "IS families", "summary": "300 families of IS foreign fighters flee Raqqa"},
       {"date": "2017-03-11", "actor": "IS families", "summary": "Boats across the Euphrates: the only escape route left"},
       {"date": "2017-03-11", "actor": "SOHR", "summary": "SOHR reports the exodus"},
       {"date": "2017-03-12", "actor": "Turkish-backed rebels", "summary": "Turkish-backed rebels advance towards Raqqa"},
       {"date": "2017-03-12", "actor": "Syrian government", "summary": "Russian-backed government troops advance towards Raqqa"},
       {"date": "2016-10-17", "end": "2017-07-09", "actor": "Iraqi forces", "summary": "Iraqi offensive on Mosul"}]}},
     "sections": [{"id": "t", "type": "timeline", "title": "Events around Raqqa, March 2017", "data": "e", "date": "date", "end": "end",
                   "label": "summary", "lane": "actor", "range": {"from": "2017-03-01", "to": "2017-03-16"},
                   "annotations": [{"date": "2017-03-12", "text": "as of 12 Mar"}]}]}
    """
}
