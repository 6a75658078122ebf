import Testing
import Telegram
import TelegramSimulator

@Suite(.timeLimit(.minutes(5))) struct BotClientRoundTripTests {
    @Test func getMeNamesTheBotOfTheToken() async throws {
        let me = try await withSimulator { _, client in try await client.getMe() }
        #expect(me.id == 424242)
        #expect(me.isBot)
    }

    @Test func sendMessageReturnsTheMessageWithItsKeyboard() async throws {
        try await withSimulator { simulator, client in
            let keyboard = InlineKeyboardMarkup.oneButton("c:abc:1")
            let request = SendMessage(
                chatId: 77, text: "*Sale* today\\!", parseMode: "MarkdownV2", replyMarkup: keyboard,
                allowPaidBroadcast: true)
            let message = try await client.sendMessage(request)
            #expect(message.chat.id == 77)
            #expect(message.text == "*Sale* today\\!")
            #expect(message.replyMarkup == keyboard)
            let recorded = try #require(simulator.messages(chat: 77).first)
            #expect(recorded.paidBroadcast)
            #expect(recorded.parseMode == "MarkdownV2")
        }
    }

    @Test func pressedButtonArrivesThroughGetUpdatesAndIsAnswered() async throws {
        try await withSimulator { simulator, client in
            let sent = try await client.sendMessage(
                SendMessage(chatId: 5, text: "Pick", replyMarkup: .oneButton("c:b1:yes")))
            try simulator.act(.press(messageID: sent.messageId, callbackData: "c:b1:yes"), user: 5)
            let updates = try await client.getUpdates(GetUpdates(timeout: 5))
            let query = try #require(updates.first?.callbackQuery)
            #expect(query.data == "c:b1:yes")
            #expect(query.from.id == 5)
            #expect(query.message?.messageId == sent.messageId)
            #expect(
                try await client.answerCallbackQuery(AnswerCallbackQuery(callbackQueryId: query.id, text: "Thanks")))
            #expect(simulator.counters.callbacksAnswered == 1)
            let next = try await client.getUpdates(GetUpdates(offset: updates[0].updateId + 1))
            #expect(next.isEmpty)
        }
    }

    /// The user acts only once the poll is parked, so the update can reach it only by the wake-up,
    /// which must come well before the poll's 20 s timeout.
    @Test func longPollWakesWhenAUserActs() async throws {
        try await withSimulator { simulator, client in
            let poll = Task { try await client.getUpdates(GetUpdates(timeout: 20)) }
            while simulator.pollsWaiting == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let acted = ContinuousClock.now
            try simulator.act(.start(payload: "promo"), user: 9)
            let received = try await poll.value
            #expect(received.first?.message?.text == "/start promo")
            #expect(acted.duration(to: .now) < .seconds(5), "the poll returned at its timeout, not when woken")
        }
    }

    @Test func blockArrivesAsMyChatMemberKicked() async throws {
        try await withSimulator { simulator, client in
            try simulator.act(.block, user: 12)
            try simulator.act(.unblock, user: 12)
            let updates = try await client.getUpdates()
            #expect(updates.map { $0.myChatMember?.newChatMember.status } == ["kicked", "member"])
            #expect(updates[1].updateId == updates[0].updateId + 1)
        }
    }

    @Test func webhookMethodsRoundTrip() async throws {
        try await withSimulator { _, client in
            try await client.setWebhook(
                SetWebhook(url: "http://127.0.0.1:9/hook", secretToken: "s3cret_-", maxConnections: 10))
            let info = try await client.getWebhookInfo()
            #expect(info.url == "http://127.0.0.1:9/hook")
            #expect(info.maxConnections == 10)
            let conflict = await telegramError { try await client.getUpdates() }
            #expect(conflict?.code == 409)
            try await client.deleteWebhook(DeleteWebhook(dropPendingUpdates: true))
            #expect(try await client.getWebhookInfo().url == "")
        }
    }
}
