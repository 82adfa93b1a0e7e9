import Foundation
import ReportCore

extension MemoryWorld {
    /// A world holding a copy of the disk folder `folder`, at the same absolute paths, links
    /// kept as links: the same messages as on disk, without the disk.
    public static func copying(_ folder: String, fonts: String? = Fixtures.fonts, workingDirectory: String? = nil) throws -> MemoryWorld {
        let fm = FileManager.default
        var world = MemoryWorld(workingDirectory: workingDirectory ?? folder, fontsDirectory: fonts)
        world.addFolder(folder)
        for relative in try fm.subpathsOfDirectory(atPath: folder) {
            let path = "\(folder)/\(relative)"
            if let target = try? fm.destinationOfSymbolicLink(atPath: path) {
                world.addLink(path, to: target)
                continue
            }
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue { world.addFolder(path) } else { world.add(path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) }
        }
        return world
    }
}
