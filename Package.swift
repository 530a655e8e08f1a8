// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "archbench",
    // Synchronization's Mutex and Atomic need macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "archbench", targets: ["archbench"]),
        .executable(name: "archbench-bench", targets: ["ArchbenchBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/davecom/SwiftGraph", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Without its default trait (loading external references over the network), which a
        // design's import never does and which makes it notably slower to build.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
    ],
    targets: [
        .target(
            name: "DesignModel",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "DesignRules",
            dependencies: ["DesignModel", .product(name: "SwiftGraph", package: "SwiftGraph")]
        ),
        .target(name: "DesignExport", dependencies: ["DesignModel", "DesignRules", "Diagrams", "TerminalUI"]),
        .target(
            name: "Diagrams",
            dependencies: ["TerminalUI", .product(name: "SwiftGraph", package: "SwiftGraph")]
        ),
        // libpg_query: PostgreSQL's own parser as a C library (Debian's libpg-query-dev, which
        // ships no pkg-config file), for the SQL import.
        .systemLibrary(
            name: "CPGQuery",
            providers: [.apt(["libpg-query-dev"])]
        ),
        // OpenAPI and PostgreSQL in and out of a design. Knows nothing of the terminal.
        .target(
            name: "DesignInterop",
            dependencies: [
                "DesignModel", "DesignRules", "CPGQuery",
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The terminal core: cells, widths, layout, widgets, keys, themes and the frame diff.
        // Knows no terminal library, so diagrams and exports build without ncurses.
        .target(
            name: "TerminalUI",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The ncurses backend of the core's Terminal, and the terminal's rescue on a signal.
        .target(name: "TerminalNCurses", dependencies: ["TerminalUI", "CNCurses"]),
        // The plain ANSI backend: frames as minimal byte streams, keys decoded from bytes, a local
        // tty through termios. No terminal library, so it can also drive a terminal that is not
        // a local tty (an SSH channel).
        .target(name: "TerminalANSI", dependencies: ["TerminalUI"]),
        .target(
            name: "Workbench",
            dependencies: ["DesignModel", "DesignRules", "DesignExport", "DesignInterop", "Diagrams", "TerminalUI", "TerminalNCurses", "TerminalANSI"]
        ),
        // `archbench serve`: designs over SSH. Renders through the plain ANSI backend, never ncurses.
        .target(
            name: "ArchbenchServer",
            dependencies: [
                "DesignModel", "Workbench", "TerminalUI", "TerminalANSI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "archbench",
            dependencies: [
                "DesignModel", "DesignRules", "DesignExport", "DesignInterop", "Workbench", "TerminalUI", "ArchbenchServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ArchbenchBenchmarks",
            dependencies: [
                "DesignModel", "DesignRules", "DesignExport", "DesignInterop", "Workbench", "TerminalUI",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Fixtures vendored under Tests/Fixtures and golden-file comparison, for every test target.
        .target(name: "ArchbenchTestSupport", dependencies: ["DesignModel"], path: "Tests/ArchbenchTestSupport"),
        // Golden files, fixtures and scripts are read from the source tree by path, not bundled.
        .testTarget(name: "DesignModelTests", dependencies: ["DesignModel", "ArchbenchTestSupport"]),
        .testTarget(name: "DesignRulesTests", dependencies: ["DesignModel", "DesignRules", "ArchbenchTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DesignExportTests", dependencies: ["DesignModel", "DesignRules", "DesignExport", "ArchbenchTestSupport"],
                    exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TerminalNCurses", "ArchbenchTestSupport"]),
        .testTarget(name: "TerminalANSITests", dependencies: ["TerminalANSI", "TerminalUI", "ArchbenchTestSupport"]),
        .testTarget(name: "DiagramsTests", dependencies: ["Diagrams", "TerminalUI", "DesignModel", "DesignRules", "DesignExport", "ArchbenchTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "TerminalUI", "DesignModel", "DesignRules", "DesignExport", "ArchbenchTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "DesignInteropTests", dependencies: ["DesignInterop", "DesignModel", "DesignRules", "ArchbenchTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["DesignModel", "DesignRules", "ArchbenchTestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "ArchbenchServerTests", dependencies: ["ArchbenchServer", "Workbench", "TerminalUI", "DesignModel", "ArchbenchTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
