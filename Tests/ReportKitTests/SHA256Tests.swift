import Foundation
import XCTest
@testable import ReportKit

/// The sha256 in a PDF's provenance and in `--json` comes from GLib's GChecksum (see
/// `Provenance.swift`); these pin it to the published vectors and to coreutils' `sha256sum`,
/// so a change of implementation can never change a recorded hash.
final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        // FIPS 180-2 / NIST examples, and the empty message.
        XCTAssertEqual(sha256Hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(sha256Hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha256Hex(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        // One million "a": the long-message vector, past every internal buffer.
        XCTAssertEqual(sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The same bytes as `sha256sum` for every file of the example report, and for a 1 MB
    /// input of every byte value.
    func testMatchesSha256sumOnExampleFiles() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let tool = path.split(separator: ":").map({ "\($0)/sha256sum" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("sha256sum is not installed")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let dir = NSTemporaryDirectory() + "report-sha-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let megabyte = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(megabyte).write(to: URL(fileURLWithPath: dir + "/mb.bin"))
        var files = [dir + "/mb.bin"]
        for folder in ["Reports/raqqa-2017", "Reports/raqqa-2017/data"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)").sorted() {
                var isDirectory: ObjCBool = false
                let file = "\(root)/\(folder)/\(name)"
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(file) }
            }
        }
        XCTAssertGreaterThan(files.count, 3)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = files
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = text.split(separator: "\n").map { String($0.prefix(64)) }
        XCTAssertEqual(expected.count, files.count)
        for (file, hex) in zip(files, expected) {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: file))
            XCTAssertEqual(sha256Hex([UInt8](bytes)), hex, file)
        }
    }
}
