import XCTest
@testable import ReportCore

/// The in-memory world answers as the disk would: folders above files, links followed the
/// way realpath follows them, and the sandbox sees through them.
final class MemoryWorldTests: XCTestCase {
    private func world() -> MemoryWorld {
        var w = MemoryWorld(workingDirectory: "/r/spec")
        w.add("data/events.csv", text: "date\n")
        w.add("/r/outside.csv", text: "secret\n")
        w.addLink("data/inside.csv", to: "events.csv")
        w.addLink("data/escape.csv", to: "../../outside.csv")
        w.addLink("data/up", to: "/r")
        w.addLink("/r/loop", to: "/r/loop")
        return w
    }

    func testFilesFoldersAndLinks() {
        let w = world()
        XCTAssertEqual(w.kind(of: "data"), .folder)
        XCTAssertEqual(w.kind(of: "/r/spec/data/events.csv"), .file)
        XCTAssertEqual(w.kind(of: "data/nothing.csv"), .missing)
        XCTAssertEqual(w.read("data/inside.csv"), Array("date\n".utf8))
        XCTAssertEqual(w.resolvingLinks("/r/spec/data/escape.csv"), "/r/outside.csv")
        XCTAssertEqual(w.resolvingLinks("/r/spec/data/up/spec/data/events.csv"), "/r/spec/data/events.csv")
        XCTAssertEqual(w.resolvingLinks("/r/spec/data/up/new/out.pdf"), "/r/new/out.pdf", "a tail that does not exist is kept")
        XCTAssertEqual(w.kind(of: "/r/loop"), .missing, "a link loop ends, as in the kernel")
    }

    func testTheSandboxSeesThroughLinks() {
        let w = world()
        let policy = PathPolicy(base: "/r/spec", root: "/r/spec", in: w)
        XCTAssertEqual(try policy.resolve("data/inside.csv").get(), "/r/spec/data/events.csv")
        guard case .failure(let refusal) = policy.resolve("data/escape.csv") else { return XCTFail("a link out of the folder was allowed") }
        XCTAssertTrue(refusal.message.contains("through a symlink"), refusal.message)
        guard case .failure = policy.resolve("../outside.csv") else { return XCTFail("`..` out of the folder was allowed") }
    }
}
