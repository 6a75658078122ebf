// swift-tools-version: 6.1
import PackageDescription

/// Applied to every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "herald", targets: ["herald"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // MARK: Log and storage
        .target(name: "Postgres", dependencies: ["CLibPQ"], swiftSettings: swiftSettings),
        .target(name: "EventStore", dependencies: ["Postgres"], swiftSettings: swiftSettings),
        .target(
            name: "Projections",
            dependencies: ["EventStore", "Postgres"],
            path: "Projections",
            swiftSettings: swiftSettings
        ),

        // MARK: The CLI
        .executableTarget(
            name: "herald",
            dependencies: [
                "EventStore",
                "Postgres",
                "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (scripts/bench; the plugin wants their folder to be named Benchmarks)
        .executableTarget(
            name: "EventStoreBenchmarks",
            dependencies: [
                "EventStore",
                "Postgres",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Sources/Benchmarks/EventStoreBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        .executableTarget(
            name: "ReplayBenchmarks",
            dependencies: [
                "EventStore",
                "Projections",
                "Postgres",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Sources/Benchmarks/ReplayBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: Tests
        .target(
            name: "HeraldTestSupport",
            dependencies: ["Postgres", "EventStore"],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeraldCLITests",
            dependencies: ["EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "EventStore", "Postgres", "HeraldTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
