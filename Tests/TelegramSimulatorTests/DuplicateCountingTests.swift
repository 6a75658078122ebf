import JSON
import Testing
import Telegram

@testable import TelegramSimulator

/// Duplicates are counted per (bot, chat, broadcast), the broadcast read from Herald's buttons.
@Suite struct DuplicateCountingTests {
    let t0 = ContinuousClock.now
    let broadcastA = "c:AAAAAAAAAAAAAAAAAAAAAA:buy"
    let broadcastB = "c:BBBBBBBBBBBBBBBBBBBBBB:buy"

    private func send(
        _ state: inout SimulatorState, token: String = "99:dup", chat: Int64, text: String, button: String? = nil
    ) {
        var values: [String: JSONValue] = ["chat_id": .number(Double(chat)), "text": .string(text)]
        if let button {
            values["reply_markup"] = .string(
                #"{"inline_keyboard":[[{"text":"Site","url":"https://example.com"},{"text":"Buy","callback_data":"\#(button)"}]]}"#
            )
        }
        _ = state.handle(token: token, method: "sendMessage", parameters: Parameters(values), now: t0, unixTime: 0)
    }

    private func fresh() -> SimulatorState {
        SimulatorState(configuration: SimulatorConfiguration(rate: nil))
    }

    @Test func theSameBroadcastTwiceToAChatIsADuplicateEvenWithDifferentText() {
        var state = fresh()
        send(&state, chat: 1, text: "Hello Ann", button: broadcastA)
        send(&state, chat: 1, text: "Hello Ann, again", button: "c:AAAAAAAAAAAAAAAAAAAAAA:later")
        #expect(state.counters.duplicates == 1)
    }

    @Test func twoBroadcastsThatReadAlikeAreNotDuplicates() {
        var state = fresh()
        send(&state, chat: 1, text: "Sale today", button: broadcastA)
        send(&state, chat: 1, text: "Sale today", button: broadcastB)
        send(&state, chat: 2, text: "Sale today", button: broadcastA)
        #expect(state.counters.duplicates == 0)
        #expect(state.counters.sent == 3)
    }

    @Test func messagesWithoutHeraldButtonsFallBackToTheirText() {
        var state = fresh()
        send(&state, chat: 1, text: "weekly post")
        send(&state, chat: 1, text: "weekly post", button: "not-a-herald-payload")
        send(&state, chat: 1, text: "another post")
        #expect(state.counters.duplicates == 1)
    }

    @Test func duplicatesAreCountedPerBot() {
        var state = fresh()
        send(&state, token: "1:one", chat: 5, text: "hi", button: broadcastA)
        send(&state, token: "2:two", chat: 5, text: "hi", button: broadcastA)
        send(&state, token: "2:two", chat: 5, text: "hi", button: broadcastA)
        #expect(state.counters(bot: 1)?.duplicates == 0)
        #expect(state.counters(bot: 2)?.duplicates == 1)
        #expect(state.counters.duplicates == 1)
        #expect(state.counters.sent == 3)
    }
}
