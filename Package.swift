// swift-tools-version:6.0
// The `report` package: spec → data → layout → scene → render (see README.md).
import PackageDescription

let package = Package(
    name: "report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "report", targets: ["report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // The only door to Cairo, Pango and fontconfig. Only ReportCairo imports it.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo pangocairo pangoft2 fontconfig",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        // Resolved drawing: pages of absolute geometry, colours and text. No dependencies.
        .target(name: "ReportScene"),
        // Spec parsing and validation, data loading, scales and layout. Never draws.
        .target(
            name: "ReportCore",
            dependencies: ["ReportScene", .product(name: "Yams", package: "Yams")]
        ),
        // Turns a Scene into PDF, PNG or SVG bytes; measures text with Pango.
        .target(name: "ReportCairo", dependencies: ["CCairo", "ReportScene"]),
        .executableTarget(
            name: "report",
            dependencies: [
                "ReportCore", "ReportCairo", "ReportScene",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Timeline specs both test suites check: one copy, no dependencies.
        .target(name: "TimelineFixtures", path: "Tests/TimelineFixtures"),
        .testTarget(name: "ReportCoreTests", dependencies: ["ReportCore", "ReportScene", "TimelineFixtures"]),
        .testTarget(name: "ReportCairoTests", dependencies: ["ReportCairo", "ReportCore", "ReportScene", "TimelineFixtures"]),
        .testTarget(name: "CLITests", dependencies: ["ReportCore"]),
    ]
)
