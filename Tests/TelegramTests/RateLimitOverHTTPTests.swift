import Testing
import Telegram
import TelegramSimulator

/// The limiter and the retry_after pause, measured by the simulator on the other end of real HTTP.
// Serialized: the 3000-send test saturates both cores and would distort the rate measurement.
@Suite(.serialized, .timeLimit(.minutes(5))) struct RateLimitOverHTTPTests {
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

    /// Judged where Telegram would judge it: by arrival times on the simulator's clock, and one
    /// way only (never faster than the limit; slower is a matter of load, not of correctness).
    @Test func limiterHoldsTheConfiguredRateWithoutA429() async throws {
        let rate = 50.0
        let count = 150
        let (arrivals, counters) = try await withSimulator(
            SimulatorConfiguration(rate: rate),
            rateLimit: RateLimiter.Configuration(messagesPerSecond: rate)
        ) { simulator, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chat in 1...count {
                    group.addTask { _ = try await client.sendMessage(SendMessage(chatId: Int64(chat), text: "tick")) }
                }
                try await group.waitForAll()
            }
            return (simulator.arrivals(bot: testToken.botID ?? 0), simulator.counters)
        }
        #expect(arrivals.count == count)
        // Any 25 consecutive arrivals span at least 24 intervals, less a little network jitter.
        let window = 25
        let tightest = (0...(arrivals.count - window)).map { arrivals[$0 + window - 1] - arrivals[$0] }.min() ?? 0
        #expect(tightest >= Double(window - 1) / rate * 0.9, "25 arrivals within \(tightest) s")
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
