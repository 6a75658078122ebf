// swift-tools-version: 6.1
import PackageDescription

/// Applied to every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "herald", targets: ["herald"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // MARK: Telegram
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // MARK: Telegram
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "Telegram",
            dependencies: ["CCurl"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelegramSimulator",
            dependencies: [
                "Telegram",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelegramTests",
            dependencies: ["Telegram", "TelegramSimulator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelegramSimulatorTests",
            dependencies: [
                "Telegram",
                "TelegramSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TelegramBenchmarks",
            dependencies: [
                "Telegram",
                "TelegramSimulator",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Sources/Benchmarks/TelegramBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: The CLI
        .executableTarget(
            name: "herald",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // MARK: Telegram
                "Telegram",
                "TelegramSimulator",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
