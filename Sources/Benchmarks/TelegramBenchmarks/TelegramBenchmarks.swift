import Benchmark
import Foundation
import Telegram
import TelegramSimulator

/// sendMessage throughput through Herald's client (libcurl multi transport, limiter off).
///
/// Against `TELEGRAM_API_URL` when set (scripts/bench-telegram starts an unthrottled
/// `herald simulator` there), else against an in-process simulator. `BENCH_MESSAGES` messages per
/// iteration, `BENCH_CONCURRENCY` in flight, `BENCH_CONNECTIONS` connections.
let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let messages = environment["BENCH_MESSAGES"].flatMap(Int.init) ?? 5000
    let concurrency = environment["BENCH_CONCURRENCY"].flatMap(Int.init) ?? 64
    let connections = environment["BENCH_CONNECTIONS"].flatMap(Int.init) ?? 16
    let rate = BenchmarkMetric.custom("messages/s", polarity: .prefersLarger, useScalingFactor: false)

    Benchmark(
        "sendMessage x\(messages), \(concurrency) in flight",
        configuration: .init(
            metrics: [.wallClock, rate],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(60),
            maxIterations: 5
        )
    ) { benchmark in
        var simulator: TelegramSimulator?
        var apiURL = environment["TELEGRAM_API_URL"] ?? ""
        if apiURL.isEmpty {
            let local = try await TelegramSimulator.start(configuration: SimulatorConfiguration(rate: nil))
            simulator = local
            apiURL = local.baseURL
        }
        let transport = try CurlTransport(configuration: TransportConfiguration(maxConnections: connections))
        let client = BotClient(token: BotToken("1000:bench"), apiURL: apiURL, transport: transport, rateLimit: nil)
        let clock = ContinuousClock()
        benchmark.startMeasurement()
        let start = clock.now
        try await sendAll(client, messages: messages, concurrency: concurrency)
        let elapsed = start.duration(to: clock.now)
        benchmark.stopMeasurement()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(rate, Int(Double(messages) / seconds))
        transport.shutdown()
        await simulator?.stop()
    }
}

/// Sends `messages` messages, keeping `concurrency` requests in flight (a sliding window).
func sendAll(_ client: BotClient, messages: Int, concurrency: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<messages {
            if index >= concurrency { try await group.next() }
            group.addTask {
                _ = try await client.sendMessage(
                    SendMessage(chatId: Int64(index + 1), text: "Benchmark message \(index)"))
            }
        }
        try await group.waitForAll()
    }
}
