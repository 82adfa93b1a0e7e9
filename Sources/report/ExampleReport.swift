import Foundation

/// The small report `report init DIR` writes: a spec and a CSV that render as they are.
enum ExampleReport {
    struct Exists: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) already exists; choose a new or empty folder (nothing was written)" }
    }

    /// Writes the example; refuses (writing nothing) when any file it would write, or a file
    /// standing where a folder must go, is already there.
    static func write(to directory: String) throws {
        let fm = FileManager.default
        let spec = "\(directory)/report.json"
        var isFolder: ObjCBool = false
        for folder in [directory, "\(directory)/data"] where fm.fileExists(atPath: folder, isDirectory: &isFolder) && !isFolder.boolValue {
            throw Exists(path: folder)
        }
        for file in [spec, "\(directory)/data/events.csv"] where fm.fileExists(atPath: file) { throw Exists(path: file) }
        try fm.createDirectory(atPath: "\(directory)/data", withIntermediateDirectories: true)
        try Data(events.utf8).write(to: URL(fileURLWithPath: "\(directory)/data/events.csv"))
        try Data(specText.utf8).write(to: URL(fileURLWithPath: spec))
    }

    static let events = """
    date,actor,summary,source
    2017-03-09,US-led coalition,400 more US troops sent to Syria,The New Arab (12 Mar 2017)
    2017-03-10,Islamic State,Families of foreign fighters start leaving Raqqa,SOHR via The New Arab
    2017-03-11,SOHR,Monitor reports 300 families gone in 24 hours,SOHR via The New Arab

    """

    static let specText = """
    {
      "report": 1,
      "title": "My first briefing",
      "as_of": "2017-03-12",
      "data": { "events": { "file": "data/events.csv" } },
      "sections": [
        { "type": "text", "text": "Edit **report.json** and run `report render report.json` again." },
        { "id": "timeline", "type": "timeline", "data": "events", "title": "Events",
          "date": "date", "label": "summary", "lane": "actor",
          "range": { "from": "2017-03-06", "to": "2017-03-14" } }
      ],
      "outputs": [
        { "file": "out/brief.pdf" },
        { "file": "out/timeline.png", "block": "timeline", "width": 800, "height": 300, "scale": 2 }
      ]
    }

    """
}
