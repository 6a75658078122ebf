import Foundation
import Testing
import Telegram
import TelegramSimulator

/// The HTTP control API and form-encoded Bot API calls, driven with Herald's own transport.
@Suite(.timeLimit(.minutes(5))) struct ControlAPITests {
    private func post(_ transport: CurlTransport, _ url: String, _ json: String) async throws -> TransportResponse {
        try await transport.send(
            TransportRequest(url: url, headers: ["Content-Type: application/json"], body: Data(json.utf8)))
    }

    @Test func pressOverHTTPQueuesACallbackQuery() async throws {
        try await withSimulator { simulator, client in
            let sent = try await client.sendMessage(
                SendMessage(
                    chatId: 4, text: "Vote",
                    replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [
                        [.callback("A", data: "a"), .callback("B", data: "b")]
                    ])))
            let response = try await post(
                client.transport, "\(simulator.baseURL)/control/press",
                #"{"user_id": 4, "message_id": \#(sent.messageId), "callback_data": "b"}"#)
            #expect(response.status == 200)
            let updates = try await client.getUpdates()
            #expect(updates.first?.callbackQuery?.data == "b")
        }
    }

    @Test func pressOnAMissingMessageIsRefused() async throws {
        try await withSimulator { simulator, client in
            let response = try await post(
                client.transport, "\(simulator.baseURL)/control/press", #"{"user_id": 4, "message_id": 999}"#)
            #expect(response.status == 404)
        }
    }

    @Test func countersReportSentAndDuplicatesAsJSON() async throws {
        try await withSimulator { simulator, client in
            _ = try await client.sendMessage(SendMessage(chatId: 6, text: "same"))
            _ = try await client.sendMessage(SendMessage(chatId: 6, text: "same"))
            let response = try await post(client.transport, "\(simulator.baseURL)/control/counters", "")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let counters = try decoder.decode(SimulatorCounters.self, from: response.body)
            #expect(counters.sent == 2)
            #expect(counters.duplicates == 1)
        }
    }

    /// One message per 2 seconds, so the second send is over the limit even on a loaded machine (at 1
    /// per second, a full test run once let it through).
    @Test func limitsOverHTTPChangeTheRate() async throws {
        try await withSimulator(SimulatorConfiguration(tokens: [simulatorToken.secret], rate: nil)) {
            simulator, client in
            let response = try await post(client.transport, "\(simulator.baseURL)/control/limits", #"{"rate": 0.5}"#)
            #expect(response.status == 200)
            // At one message a second the second cannot be accepted within a second of the first,
            // however fast or slow this machine is: a 429 waited out, or a send that came late.
            // (The 429 itself is tested with made-up times in SimulatorStateTests.)
            let started = ContinuousClock.now
            _ = try await client.sendMessage(SendMessage(chatId: 1, text: "one"))
            _ = try await client.sendMessage(SendMessage(chatId: 2, text: "two"))
            #expect(started.duration(to: .now) >= .milliseconds(950))
            #expect(simulator.counters.tooManyRequests <= 1)
            #expect(simulator.counters.earlyRequests == 0)
            #expect(simulator.counters.sent == 2)
        }
    }

    @Test func acceptsFormEncodedParameters() async throws {
        try await withSimulator { simulator, client in
            let markup = #"{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}"#
            var form = URLComponents()
            form.queryItems = [
                URLQueryItem(name: "chat_id", value: "21"), URLQueryItem(name: "text", value: "from a form"),
                URLQueryItem(name: "reply_markup", value: markup),
                URLQueryItem(name: "allow_paid_broadcast", value: "true"),
            ]
            let body = Data((form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
            let response = try await client.transport.send(
                TransportRequest(
                    url: "\(simulator.baseURL)/bot\(simulatorToken.secret)/sendMessage",
                    headers: ["Content-Type: application/x-www-form-urlencoded"], body: body))
            #expect(response.status == 200)
            let recorded = try #require(simulator.messages(chat: 21).first)
            #expect(recorded.text == "from a form")
            #expect(recorded.paidBroadcast)
            #expect(recorded.replyMarkup?.inlineKeyboard.first?.first?.callbackData == "go")
        }
    }
}

@Suite(.timeLimit(.minutes(5))) struct SimulatorLifecycleTests {
    @Test func startFailsInsteadOfHangingWhenThePortIsTaken() async throws {
        let first = try await TelegramSimulator.start()
        await #expect(throws: (any Error).self) {
            let second = try await TelegramSimulator.start(port: first.port)
            await second.stop()
        }
        await first.stop()
    }
}
