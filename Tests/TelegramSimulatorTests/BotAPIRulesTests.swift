import Testing
import Telegram
import TelegramSimulator

/// The simulator refuses what Telegram refuses, with Telegram's words.
@Suite(.timeLimit(.minutes(5))) struct BotAPIRulesTests {
    @Test func refusesTextOver4096Characters() async throws {
        try await withSimulator { _, client in
            let long = await refusal {
                try await client.sendMessage(SendMessage(chatId: 1, text: String(repeating: "é", count: 4097)))
            }
            #expect(long == "Bad Request: message is too long")
            let limit = await refusal {
                try await client.sendMessage(SendMessage(chatId: 2, text: String(repeating: "é", count: 4096)))
            }
            #expect(limit == nil)
        }
    }

    @Test func countsTheLimitAfterEntityParsing() async throws {
        try await withSimulator { _, client in
            let text = "*" + String(repeating: "a", count: 4096) + "*"
            #expect(
                await refusal {
                    try await client.sendMessage(SendMessage(chatId: 1, text: text, parseMode: "MarkdownV2"))
                } == nil)
        }
    }

    @Test func refusesBadMarkdownV2() async throws {
        try await withSimulator { _, client in
            let reason = await refusal {
                try await client.sendMessage(SendMessage(chatId: 1, text: "50% off!", parseMode: "MarkdownV2"))
            }
            #expect(
                reason
                    == "Bad Request: can't parse entities: Character '!' is reserved and must be escaped with the preceding '\\'"
            )
        }
    }

    @Test func refusesCallbackDataOver64Bytes() async throws {
        try await withSimulator { _, client in
            let tooLong = String(repeating: "ж", count: 33)  // 66 bytes, 33 characters
            let reason = await refusal {
                try await client.sendMessage(
                    SendMessage(
                        chatId: 1, text: "hi",
                        replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[.callback("Go", data: tooLong)]])))
            }
            #expect(reason == "Bad Request: BUTTON_DATA_INVALID")
            let fits = String(repeating: "ж", count: 32)
            #expect(
                await refusal {
                    try await client.sendMessage(
                        SendMessage(
                            chatId: 1, text: "hi",
                            replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[.callback("Go", data: fits)]])))
                } == nil)
        }
    }

    @Test func refusesAButtonWithTwoActionsOrNone() async throws {
        try await withSimulator { _, client in
            let both = InlineKeyboardButton(text: "Both", url: "https://example.com", callbackData: "x")
            let none = InlineKeyboardButton(text: "None")
            let reasons = [
                await refusal {
                    try await client.sendMessage(
                        SendMessage(chatId: 1, text: "hi", replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[both]])))
                },
                await refusal {
                    try await client.sendMessage(
                        SendMessage(chatId: 1, text: "hi", replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[none]])))
                },
            ]
            #expect(reasons[0]?.hasPrefix("Bad Request: can't parse inline keyboard button") == true)
            #expect(
                reasons[1]
                    == "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            )
        }
    }

    @Test func answersAnUnknownCallbackQueryWithTelegramsError() async throws {
        try await withSimulator { _, client in
            let reason = await refusal {
                try await client.answerCallbackQuery(AnswerCallbackQuery(callbackQueryId: "nope"))
            }
            #expect(reason == "Bad Request: query is too old and response timeout expired or query ID is invalid")
        }
    }

    @Test func refusesAnUnknownToken() async throws {
        let simulator = try await TelegramSimulator.start(configuration: SimulatorConfiguration(tokens: ["1:other"]))
        let client = BotClient(token: simulatorToken, apiURL: simulator.baseURL, transport: try CurlTransport())
        let error = await refusal { try await client.getMe() }
        await simulator.stop()
        #expect(error == "Unauthorized")
    }
}
