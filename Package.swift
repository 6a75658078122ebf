// swift-tools-version: 6.1
import PackageDescription

/// Applied to every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// Benchmark executables: the ordo-one plugin finds them by their folder, `Sources/Benchmarks/<name>`.
func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies + [.product(name: "Benchmark", package: "benchmark")],
        path: "Sources/Benchmarks/\(name)",
        swiftSettings: swiftSettings,
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "herald", targets: ["herald"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // MARK: Log and storage
        .target(name: "Postgres", dependencies: ["CLibPQ"], swiftSettings: swiftSettings),
        .target(
            name: "EventStore",
            dependencies: [
                "Postgres", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Projections",
            dependencies: ["Broadcasting", "EventStore", "Postgres"],
            path: "Projections",
            swiftSettings: swiftSettings
        ),

        // MARK: The domain (pure Swift, no I/O)
        // Any JSON value: the domain's cohorts and the simulator's parameters read it.
        .target(name: "JSON", swiftSettings: swiftSettings),
        .target(name: "Broadcasting", dependencies: ["JSON", "Stencil"], swiftSettings: swiftSettings),

        .target(
            name: "Engine",
            dependencies: [
                "Broadcasting", "EventStore", "Postgres", "Projections", "Telegram",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                // Event ids derived from Telegram updates (SHA-256); tracked links' HMAC.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Telegram
        .target(name: "Telegram", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        .target(
            name: "TelegramSimulator",
            dependencies: [
                "JSON", "Telegram",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The operating surface (/metrics, /healthz, /readyz, the admin API; served by `herald run`)
        .target(
            name: "Server",
            dependencies: [
                "Broadcasting", "Engine", "EventStore", "Postgres", "Projections", "Telegram",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: `herald run` assembled: its configuration as a value, its services in a ServiceGroup
        .target(
            name: "HeraldRun",
            dependencies: [
                "Engine", "EventStore", "Postgres", "Projections", "Server", "Telegram",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The CLI
        .executableTarget(
            name: "herald",
            dependencies: [
                "Broadcasting",
                "Engine",
                "EventStore",
                "Postgres",
                "Projections",
                "HeraldRun",
                "Server",
                "Telegram",
                "TelegramSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The empty handler `herald bench-echo` serves beside the webhook in scripts/bench-clicks.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // HMAC for audit anchors; already built for the simulator's HTTP stack.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (scripts/bench)
        benchmark("EventStoreBenchmarks", ["EventStore", "Postgres"]),
        benchmark("ReplayBenchmarks", ["EventStore", "Projections", "Postgres"]),
        benchmark("TelegramBenchmarks", ["Telegram", "TelegramSimulator"]),

        // MARK: Tests
        .target(
            name: "HeraldTestSupport",
            dependencies: ["Postgres", "EventStore"],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests", dependencies: ["Postgres", "HeraldTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "Broadcasting", "Engine", "EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "Broadcasting", "EventStore", "Postgres", "Telegram", "HeraldTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SendingTests",
            dependencies: [
                "Engine", "Broadcasting", "EventStore", "Postgres", "Projections", "Telegram", "TelegramSimulator",
                "HeraldTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeraldCLITests",
            dependencies: ["Broadcasting", "Engine", "EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Broadcasting", "Engine", "EventStore", "Postgres", "HeraldTestSupport", "TelegramSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeraldRunTests",
            dependencies: [
                "HeraldRun", "Engine", "EventStore", "Postgres", "Server", "Telegram", "TelegramSimulator",
                "HeraldTestSupport", .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BroadcastingTests",
            dependencies: ["Broadcasting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelegramTests",
            dependencies: [
                "Telegram", "TelegramSimulator", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "TelegramSimulatorTests",
            dependencies: ["Telegram", "TelegramSimulator", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
    ]
)
