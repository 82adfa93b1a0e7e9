// swift-tools-version:6.0
// The `report` package: spec → data → layout → scene → render (see README.md).
import PackageDescription

let package = Package(
    name: "report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "report", targets: ["report"]),
        // Compile reports in-process: `ReportCompiler(world:).compile(spec)`.
        .library(name: "ReportKit", targets: ["ReportKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The only door to Cairo, Pango and fontconfig. Only ReportCairo imports it.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo pangocairo pangoft2 fontconfig",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        // zlib (the system's, which Cairo links too), for gzip-compressed data files. Only
        // ReportCore imports it, and only in Data/Gzip.swift.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The fonts in Fonts/, assembled into the executable so that a copied binary carries
        // them (the assembler finds them on this include path).
        .target(name: "CFonts", cSettings: [.headerSearchPath("../../Fonts")]),
        // The base map (Natural Earth 1:10m countries, data/SOURCE.md), assembled into the
        // executable the same way from data/ (on the include path). The generator and the data
        // folder are not sources: the .bin is committed, and the build never runs Python.
        .target(
            name: "CBaseMap",
            exclude: ["data", "make-basemap.py"],
            cSettings: [.headerSearchPath("data")]
        ),
        // OpenSSL's libcrypto (the system's), for SHA-256 with the CPU's SHA instructions. Only
        // ReportKit imports it, and only in Provenance.swift: swift-crypto did the same job by
        // compiling BoringSSL, most of a cold build, for one hash.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Resolved drawing: pages of absolute geometry, colours and text. No dependencies.
        .target(name: "ReportScene"),
        // Spec parsing and validation, data loading, scales and layout. Never draws.
        .target(
            name: "ReportCore",
            dependencies: ["ReportScene", "CZlib", "CFonts", "CBaseMap", .product(name: "Yams", package: "Yams")]
        ),
        // Turns a Scene into PDF, PNG or SVG bytes; measures text with Pango.
        .target(name: "ReportCairo", dependencies: ["CCairo", "ReportScene"]),
        // The one compile function: a spec and its World → rendered outputs or diagnostics.
        .target(
            name: "ReportKit",
            dependencies: ["ReportCore", "ReportCairo", "ReportScene", "CLibCrypto"]
        ),
        // The command line: parses arguments, calls ReportKit, writes files, prints.
        .executableTarget(
            name: "report",
            dependencies: ["ReportKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // What the tests share, in one place: fixtures, a fixed-width text measurer, a PNG
        // decoder, and helpers to load specs and run the built binary. Never shipped.
        .target(name: "ReportTestSupport", dependencies: ["CCairo", "ReportCairo", "ReportKit"], path: "Tests/Support"),
        .testTarget(name: "ReportCoreTests", dependencies: ["ReportCore", "ReportScene", "ReportTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "ReportCairoTests", dependencies: ["ReportCairo", "ReportCore", "ReportScene", "ReportTestSupport"], exclude: ["Golden", "MapData"]),
        .testTarget(name: "ReportKitTests", dependencies: ["ReportKit", "ReportTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ReportKit", "ReportTestSupport"]),
    ]
)
