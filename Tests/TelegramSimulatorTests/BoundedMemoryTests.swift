import Testing
import Telegram

@testable import TelegramSimulator

/// A million-message run keeps a window of messages, exact counters and no per-chat leftovers.
@Suite struct BoundedMemoryTests {
    let t0 = ContinuousClock.now
    let token = "99:window"

    @discardableResult
    private func send(
        _ state: inout SimulatorState, chat: Int64, text: String = "hi", at instant: ContinuousClock.Instant? = nil
    ) -> BotReply {
        let parameters = Parameters(["chat_id": .number(Double(chat)), "text": .string(text)])
        return state.handle(
            token: token, method: "sendMessage", parameters: parameters, now: instant ?? t0, unixTime: 0
        ).reply
    }

    @Test func keepsOnlyTheMostRecentMessagesButCountsEveryOne() throws {
        var state = SimulatorState(configuration: SimulatorConfiguration(rate: nil, messageWindow: 3))
        for chat in 1...10 { send(&state, chat: Int64(chat)) }
        #expect(state.recordedMessages().map(\.chatId) == [8, 9, 10])
        #expect(state.counters.sent == 10)
        #expect(throws: ControlError.self) {
            try state.act(.press(messageID: 1, callbackData: nil), user: 1, unixTime: 0)
        }
    }

    @Test func ringKeepsTheLastElementsOldestFirst() {
        var ring = Ring<Int>(capacity: 3)
        let evicted = (1...5).map { ring.append($0) }
        #expect(ring.elements == [3, 4, 5])
        #expect(evicted == [nil, nil, nil, 1, 2])
    }

    @Test func forgettingIdleChatsChangesNoAnswer() {
        var state = SimulatorState(
            configuration: SimulatorConfiguration(tokens: [token], rate: 1e6, paidRate: 1e6, perChatBurst: 1))
        for chat in 1...1000 { send(&state, chat: Int64(chat), at: t0) }
        #expect(send(&state, chat: 5000, at: t0 + .milliseconds(1900)).status == 200)
        // Reaching 1,024 chats prunes the buckets that have refilled: the first thousand, not chat 5000's.
        for chat in 1001...1100 { send(&state, chat: Int64(chat), at: t0 + .seconds(2)) }
        #expect((state.bots[99]?.chats.count ?? 0) < 200)
        #expect(send(&state, chat: 1, at: t0 + .seconds(2)).status == 200)
        #expect(send(&state, chat: 5000, at: t0 + .seconds(2)).status == 429)
    }

    @Test func arrivalsIncludeRefusedSendsAndKeepTheLastTenThousand() {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token], rate: 1))
        #expect(send(&state, chat: 1, at: t0).status == 200)
        #expect(send(&state, chat: 2, at: t0 + .milliseconds(10)).status == 429)
        #expect(state.arrivals(bot: 99) == [t0, t0 + .milliseconds(10)])
        state.reconfigure { $0.rate = nil }
        for chat in 1...10_005 { send(&state, chat: Int64(chat), at: t0 + .seconds(5)) }
        #expect(state.arrivals(bot: 99).count == 10_000)
    }
}
