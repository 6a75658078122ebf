import JSON
import Testing
import Telegram

@testable import TelegramSimulator

/// The simulator's rules as a pure state machine, with made-up instants.
@Suite(.timeLimit(.minutes(5))) struct SimulatorStateTests {
    let t0 = ContinuousClock.now
    let token = "99:state-test"

    private func send(
        _ state: inout SimulatorState, chat: Int64, text: String = "hi", paid: Bool = false,
        at instant: ContinuousClock.Instant
    )
        -> Int
    {
        var values: [String: JSONValue] = ["chat_id": .number(Double(chat)), "text": .string(text)]
        if paid { values["allow_paid_broadcast"] = .bool(true) }
        let parameters = Parameters(values)
        return state.handle(token: token, method: "sendMessage", parameters: parameters, now: instant, unixTime: 0)
            .reply.status
    }

    @Test func countsRequestsThatArriveDuringARetryAfter() {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token], rate: 2))
        #expect(send(&state, chat: 1, at: t0) == 200)
        #expect(send(&state, chat: 2, at: t0) == 200)
        #expect(send(&state, chat: 3, at: t0) == 429)
        #expect(state.counters.earlyRequests == 0)
        #expect(send(&state, chat: 3, at: t0 + .milliseconds(500)) == 429)
        #expect(state.counters.earlyRequests == 1)
        #expect(send(&state, chat: 3, at: t0 + .seconds(1)) == 200)
        #expect(state.counters.tooManyRequests == 2)
    }

    @Test func limitsOneChatToABurstThenOnePerSecond() {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token], rate: 100, perChatBurst: 2))
        #expect(send(&state, chat: 5, text: "a", at: t0) == 200)
        #expect(send(&state, chat: 5, text: "b", at: t0) == 200)
        #expect(send(&state, chat: 5, text: "c", at: t0) == 429)
        // The burst spent, the chat refills at one a second.
        #expect(send(&state, chat: 5, text: "d", at: t0 + .seconds(1)) == 200)
        #expect(send(&state, chat: 5, text: "e", at: t0 + .seconds(1)) == 429)
        #expect(send(&state, chat: 5, text: "f", at: t0 + .seconds(2)) == 200)
        #expect(state.counters.sent == 4)
    }

    @Test func limitsAGroupToTwentyAMinute() {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token], rate: 100))
        for n in 0..<20 { #expect(send(&state, chat: -100, text: "m\(n)", at: t0) == 200) }
        #expect(send(&state, chat: -100, text: "late", at: t0) == 429)
        #expect(send(&state, chat: -100, text: "late", at: t0 + .seconds(1)) == 429, "a group refills one per 3 s")
        #expect(send(&state, chat: -100, text: "later", at: t0 + .seconds(4)) == 200)
        #expect(send(&state, chat: 1, text: "private", at: t0 + .seconds(4)) == 200)
    }

    @Test func paidBroadcastsHaveALimitOfTheirOwn() {
        let configuration = SimulatorConfiguration(tokens: [token], rate: 2, paidRate: 50)
        var state = SimulatorState(configuration: configuration)
        for chat in 1...50 { #expect(send(&state, chat: Int64(chat), paid: true, at: t0) == 200) }
        #expect(send(&state, chat: 51, paid: true, at: t0) == 429)

        var other = SimulatorState(configuration: configuration)
        for chat in 1...50 { #expect(send(&other, chat: Int64(chat), paid: true, at: t0) == 200) }
        #expect(send(&other, chat: 52, at: t0) == 200, "paid sends do not spend the free limit")
        #expect(send(&other, chat: 53, at: t0) == 200)
        #expect(send(&other, chat: 54, at: t0) == 429)
    }

    @Test func countsTheSamePayloadToTheSameChatAsADuplicate() {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token], rate: nil))
        _ = send(&state, chat: 1, text: "promo", at: t0)
        _ = send(&state, chat: 2, text: "promo", at: t0)
        _ = send(&state, chat: 1, text: "promo", at: t0)
        #expect(state.counters.duplicates == 1)
        #expect(state.counters.sent == 3)
    }

    @Test func blockedFractionIsDeterministicAndRoughlyRight() {
        let configuration = SimulatorConfiguration(blockedFraction: 0.2)
        let blocked = (1...10_000).filter { configuration.isBlockedByDefault(Int64($0)) }.count
        #expect((1_800...2_200).contains(blocked))
        #expect(
            configuration.isBlockedByDefault(1234)
                == SimulatorConfiguration(blockedFraction: 0.2).isBlockedByDefault(1234))
    }

    @Test func getUpdatesOffsetConfirmsEarlierUpdates() throws {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token]))
        let first = try state.act(.text("one"), user: 1, unixTime: 0)
        _ = try state.act(.text("two"), user: 1, unixTime: 0)
        #expect(state.pendingUpdates(99, offset: nil, limit: 100).count == 2)
        #expect(state.pendingUpdates(99, offset: first.updateId + 1, limit: 100).map(\.message?.text) == ["two"])
        #expect(state.pendingUpdates(99, offset: nil, limit: 100).count == 1)
    }

    @Test func startFromABlockedUserUnblocksFirst() throws {
        var state = SimulatorState(configuration: SimulatorConfiguration(tokens: [token]))
        _ = try state.act(.block, user: 7, unixTime: 0)
        _ = try state.act(.start(payload: nil), user: 7, unixTime: 0)
        let kinds = state.pendingUpdates(99, offset: nil, limit: 100).map {
            $0.myChatMember?.newChatMember.status ?? $0.message?.text
        }
        #expect(kinds == ["kicked", "member", "/start"])
        #expect(send(&state, chat: 7, at: t0) == 200)
    }
}
