// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rapport", targets: ["rapport"]),
        .library(name: "RapportDomain", targets: ["RapportDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure model and analytics: no I/O, no terminal, no Foundation.
        .target(name: "RapportDomain"),
        // CRC-32C with the CPU's instruction, which seals snapshots (RapportStore has a table fallback).
        .target(name: "CCRC32C"),
        // The store seam: what every backend implements and everything above the stores uses
        // (PortfolioStore, StoreOpener, StoreError, JournalEntry).
        .target(name: "RapportStoreKit", dependencies: ["RapportDomain"]),
        // The local JSON store: snapshot + append-only journal, locking, migrations.
        .target(name: "RapportStore", dependencies: ["RapportDomain", "RapportStoreKit", "CCRC32C"]),
        // The team store on PostgreSQL: records as jsonb, the journal as a table ordered by seq,
        // LISTEN/NOTIFY for live refresh (docs/postgresql.md).
        .target(
            name: "RapportPostgres",
            dependencies: [
                "RapportDomain", "RapportStoreKit", "RapportStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // CSV and vCard import/export, reports, the demo generator, config.toml and the theme loader.
        .target(
            name: "RapportTools",
            dependencies: [
                "RapportDomain", "RapportTheme", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Colours and looks: the theme model that the dashboard draws with and the theme loader reads into.
        .target(name: "RapportTheme"),
        // The dashboard's terminal-agnostic core: state, events, update, view into a cell frame,
        // and the program loop that runs it over any store and any terminal.
        .target(name: "RapportApp", dependencies: ["RapportDomain", "RapportStoreKit", "RapportTheme"]),
        // The one module that binds ncursesw (through the CNcursesw shim).
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "RapportTerminal", dependencies: ["CNcursesw", "RapportApp", "RapportTheme"]),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportDomain", "RapportStoreKit", "RapportStore", "RapportPostgres", "RapportTools", "RapportApp",
                "RapportTerminal", "RapportTheme", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift build -c release && .build/release/rapport-bench`: the scale measurements on generated
        // stores, and the `rapport` built beside it timed as a whole process (BENCHMARKS.md).
        .executableTarget(
            name: "rapport-bench",
            dependencies: [
                "RapportDomain", "RapportStoreKit", "RapportStore", "RapportPostgres", "RapportTools", "RapportApp",
            ]),
        .testTarget(name: "RapportDomainTests", dependencies: ["RapportDomain"]),
        .testTarget(name: "RapportStoreTests", dependencies: ["RapportStore", "RapportDomain", "RapportTools"]),
        .testTarget(
            name: "RapportToolsTests",
            dependencies: [
                "RapportTools", "RapportStore", "RapportDomain", "RapportApp", "RapportTheme",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["__Snapshots__"]),
        .testTarget(
            name: "RapportCLITests",
            dependencies: [
                "rapport", "rapport-bench", "RapportStore", "RapportStoreKit", "RapportPostgres", "RapportDomain",
                "RapportTools",
            ]),
        .testTarget(
            name: "RapportAppTests",
            dependencies: ["RapportApp", "RapportDomain", "RapportStoreKit", "RapportTools", "RapportTheme"],
            exclude: ["__Snapshots__"]),
    ]
)
