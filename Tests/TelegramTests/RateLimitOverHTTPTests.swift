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

    @Test func limiterHoldsTheConfiguredRateWithoutA429() async throws {
        let rate = 50.0
        let count = 150
        let (elapsed, intervals, counters) = try await withSimulator(
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
            // The slope between the 10th and 90th percentile completions: a scheduling hiccup at
            // either end of the run does not count as a rate error.
            let low = count / 10
            let high = count * 9 / 10
            return (finished[low].duration(to: finished[high]), high - low, simulator.counters)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let measured = Double(intervals) / seconds
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
