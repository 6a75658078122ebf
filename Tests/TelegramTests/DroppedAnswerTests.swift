import Testing
import Telegram
import TelegramSimulator

/// The simulator's "maybe delivered" fault seen through the real client.
@Suite struct DroppedAnswerTests {
    @Test func droppedAnswerIsMaybeDeliveredAndTheMessageCountsAsSent() async throws {
        let (error, counters) = try await withSimulator(SimulatorConfiguration(rate: nil, dropRate: 1)) {
            simulator, client in
            let error = await telegramError { try await client.sendMessage(SendMessage(chatId: 8, text: "hi")) }
            return (error, simulator.counters)
        }
        #expect(error?.reach == .maybeDelivered)
        #expect(error?.kind == .transient)
        #expect(counters.sent == 1)
        #expect(counters.droppedAnswers == 1)
    }

    /// On a keep-alive connection that already carried a message, the cut-off answer is still one
    /// delivery and one maybe-delivered error, never a resend.
    @Test func droppedAnswerOnAReusedConnectionIsNotResent() async throws {
        let (error, counters) = try await withSimulator(SimulatorConfiguration(rate: nil)) { simulator, client in
            _ = try await client.sendMessage(SendMessage(chatId: 8, text: "warm the connection"))
            simulator.reconfigure { $0.dropRate = 1 }
            let error = await telegramError { try await client.sendMessage(SendMessage(chatId: 9, text: "hi")) }
            return (error, simulator.counters)
        }
        #expect(error?.reach == .maybeDelivered)
        #expect(counters.sent == 2)
        #expect(counters.duplicates == 0)
    }
}
