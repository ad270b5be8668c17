// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "loket",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loket", targets: ["loket"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Pure: language understanding, the conversation and case machines, rules, replies, config model.
        .target(
            name: "LoketCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // Optimised in debug builds too: training the classifier at start takes seconds unoptimised, and every
            // test run, transcript replay and `loket chat` pays for it.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Store protocols and stored value types.
        .target(
            name: "LoketStore",
            dependencies: ["LoketCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The embedded SQLite store (GRDB).
        .target(
            name: "LoketSQLite",
            dependencies: ["LoketStore", "LoketCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL store (postgres-nio), for several instances.
        .target(
            name: "LoketPostgres",
            dependencies: [
                "LoketStore", "LoketCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl, for outbound HTTP (apt: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Channels: inbound parsers, signature checks and outbound senders of WhatsApp Cloud API and the generic
        // webhook, over an HTTP client on libcurl.
        .target(
            name: "LoketChannels",
            dependencies: ["LoketCore", "CCurl", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The HTTP server: webhooks, the web chat page, health.
        .target(
            name: "LoketServer",
            dependencies: [
                "LoketCore", "LoketStore", "LoketDesk", "LoketChannels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The runtime around the machine: one event, one transaction; the transcript runner.
        .target(
            name: "LoketDesk",
            dependencies: [
                "LoketCore", "LoketStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "loket",
            dependencies: [
                "LoketCore", "LoketStore", "LoketSQLite", "LoketPostgres", "LoketDesk", "LoketServer", "LoketChannels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // A child process for the crash test: handles a stream of events until it is killed.
        .executableTarget(
            name: "crash-drill",
            dependencies: ["LoketCore", "LoketStore", "LoketSQLite", "LoketDesk"],
            path: "Sources/CrashDrill",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LoketCoreTests", dependencies: ["LoketCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LoketFuzzTests",
            dependencies: ["LoketCore", "LoketChannels", "LoketDesk"],
            exclude: ["Corpus"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoketChannelsTests",
            dependencies: ["LoketChannels", "LoketCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoketServerTests",
            dependencies: [
                "LoketServer", "LoketChannels", "LoketDesk", "LoketSQLite", "LoketStore", "LoketCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoketStoreTests",
            dependencies: ["LoketStore", "LoketSQLite", "LoketPostgres", "LoketCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoketDeskTests",
            dependencies: [
                "LoketDesk", "LoketSQLite", "LoketCore", "LoketStore", "crash-drill",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
