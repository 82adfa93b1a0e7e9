import Foundation
import ReportCairo

/// The project's Fonts/ folder, opened for tests that measure or draw text.
public func projectFonts() throws -> FontLibrary {
    try FontLibrary(directory: Fixtures.fonts, cacheDirectory: NSTemporaryDirectory() + "report-test-fc-cache")
}
