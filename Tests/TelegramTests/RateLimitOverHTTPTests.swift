import Testing
import Telegram
import TelegramSimulator

/// The limiter and the retry_after pause, measured by the simulator on the other end of real HTTP.
@Suite struct RateLimitOverHTTPTests {
    @Test func noRequestArrivesBeforeRetryAfterHasPassed() async throws {
        // The client is allowed 10/s but the simulator only 4/s: it must hit 429s and obey them.
        let counters = try await withSimulator(
            SimulatorConfiguration(rate: 4),
            rateLimit: RateLimiter.Configuration(messagesPerSecond: 10),
            rateLimitedAttempts: 10
        ) { simulator, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chat in 1...12 {
                    group.addTask { _ = try await client.sendMessage(SendMessage(chatId: Int64(chat), text: "hello")) }
                }
                try await group.waitForAll()
            }
            return simulator.counters
        }
        #expect(counters.tooManyRequests >= 1)
        #expect(counters.earlyRequests == 0)
        #expect(counters.sent == 12)
    }

    @Test func limiterHoldsTheConfiguredRateWithoutA429() async throws {
        let rate = 50.0
        let count = 150
        let (elapsed, counters) = try await withSimulator(
            SimulatorConfiguration(rate: rate),
            rateLimit: RateLimiter.Configuration(messagesPerSecond: rate)
        ) { simulator, client in
            let clock = ContinuousClock()
            let finished = try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
                for chat in 1...count {
                    group.addTask {
                        _ = try await client.sendMessage(SendMessage(chatId: Int64(chat), text: "tick"))
                        return clock.now
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            let first = try #require(finished.first)
            let last = try #require(finished.last)
            return (first.duration(to: last), simulator.counters)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let measured = Double(count - 1) / seconds
        #expect(abs(measured - rate) / rate < 0.05, "measured \(measured)/s")
        #expect(counters.tooManyRequests == 0)
        #expect(counters.sent == count)
    }

    @Test func thousandsOfConcurrentSendsShareABoundedPool() async throws {
        let count = 3000
        let transport = TransportConfiguration(maxConnections: 8)
        let (counters, opened) = try await withSimulator(
            SimulatorConfiguration(rate: nil), rateLimit: nil, transport: transport
        ) { simulator, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chat in 1...count {
                    group.addTask { _ = try await client.sendMessage(SendMessage(chatId: Int64(chat), text: "bulk")) }
                }
                try await group.waitForAll()
            }
            return (simulator.counters, client.transport.connectionsOpened)
        }
        #expect(counters.sent == count)
        #expect(counters.duplicates == 0)
        #expect(opened >= 1 && opened <= 8)
    }
}
