import Foundation
import Testing
import Telegram
import TelegramSimulator

/// `/control/counters`, `/control/arrivals` and the `drop_rate` limit, read and set over HTTP.
@Suite struct CountersOverHTTPTests {
    private struct Report: Decodable {
        var bots: [String: SimulatorCounters]
    }

    private struct Arrivals: Decodable {
        var bots: [String: [Double]]
    }

    private func read<T: Decodable>(_ type: T.Type, _ transport: CurlTransport, _ url: String) async throws -> T {
        let response = try await transport.send(TransportRequest(url: url, body: Data()))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: response.body)
    }

    @Test func countersShowTotalsAtTheTopAndEachBotUnderBots() async throws {
        let other = BotToken("616161:other-bot-secret")
        let configuration = SimulatorConfiguration(tokens: [simulatorToken.secret, other.secret], rate: nil)
        try await withSimulator(configuration) { simulator, client in
            let second = BotClient(token: other, apiURL: simulator.baseURL, transport: client.transport, rateLimit: nil)
            _ = try await client.sendMessage(SendMessage(chatId: 1, text: "one"))
            _ = try await second.sendMessage(SendMessage(chatId: 1, text: "one"))
            _ = try await second.sendMessage(SendMessage(chatId: 2, text: "two"))
            let url = "\(simulator.baseURL)/control/counters"
            let total = try await read(SimulatorCounters.self, client.transport, url)
            let report = try await read(Report.self, client.transport, url)
            #expect(total.sent == 3)
            #expect(total.duplicates == 0)
            #expect(report.bots["515151"]?.sent == 1)
            #expect(report.bots["616161"]?.sent == 2)
        }
    }

    @Test func pressesNobodyAnsweredAreCounted() async throws {
        try await withSimulator { simulator, client in
            let sent = try await client.sendMessage(
                SendMessage(
                    chatId: 4, text: "Vote",
                    replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[.callback("A", data: "a")]])))
            try simulator.act(.press(messageID: sent.messageId, callbackData: "a"), user: 4)
            try simulator.act(.press(messageID: sent.messageId, callbackData: "a"), user: 5)
            let first = try #require(try await client.getUpdates().first?.callbackQuery)
            try await client.answerCallbackQuery(AnswerCallbackQuery(callbackQueryId: first.id))
            let counters = try await read(
                SimulatorCounters.self, client.transport, "\(simulator.baseURL)/control/counters")
            #expect(counters.callbacksAnswered == 1)
            #expect(counters.callbacksUnanswered == 1)
        }
    }

    @Test func arrivalsAreSecondsOnTheSimulatorsClockInOrder() async throws {
        try await withSimulator(SimulatorConfiguration(tokens: [simulatorToken.secret], rate: nil)) {
            simulator, client in
            for chat in 1...5 { _ = try await client.sendMessage(SendMessage(chatId: Int64(chat), text: "tick")) }
            let arrivals = try await read(Arrivals.self, client.transport, "\(simulator.baseURL)/control/arrivals")
            let seconds = try #require(arrivals.bots["515151"])
            #expect(seconds.count == 5)
            #expect(seconds == seconds.sorted())
            #expect(seconds.allSatisfy { $0 >= 0 && $0 < 60 })
            #expect(simulator.arrivals(bot: 515151) == seconds)
        }
    }

    @Test func dropRateSetOverHTTPDropsTheAnswerAfterDelivering() async throws {
        try await withSimulator { simulator, client in
            _ = try await client.transport.send(
                TransportRequest(
                    url: "\(simulator.baseURL)/control/limits", headers: ["Content-Type: application/json"],
                    body: Data(#"{"drop_rate": 1}"#.utf8)))
            let error = await refusalError { try await client.sendMessage(SendMessage(chatId: 3, text: "lost")) }
            #expect(error?.reach == .maybeDelivered)
            #expect(simulator.messages(chat: 3).map(\.text) == ["lost"])
            #expect(simulator.counters.droppedAnswers == 1)
            #expect(simulator.counters(bot: 515151)?.sent == 1)
        }
    }

    private func refusalError(_ call: () async throws -> some Any) async -> TelegramError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error as? TelegramError
        }
    }
}
