import Foundation
import Telegram

extension SimulatorState {
    /// `sendMessage`: limits first (as Telegram's flood control), then the rules, then delivery.
    mutating func sendMessage(_ botID: Int64, _ parameters: Parameters, now: Instant, unixTime: Int) -> BotReply {
        // Taken out of the dictionary so mutating it does not copy its tables (copy-on-write).
        guard var bot = bots.removeValue(forKey: botID) else { return .error(401, "Unauthorized") }
        defer { bots[botID] = bot }
        guard let chat = parameters.int("chat_id") else { return .error(400, "Bad Request: chat_id is empty") }
        let paid = parameters.bool("allow_paid_broadcast") ?? false
        var wait: Duration?
        if paid { wait = bot.paid?.take(now: now) } else { wait = bot.global?.take(now: now) }
        if wait == nil { wait = bot.takeChatToken(chat, now: now, configuration: configuration) }
        if let wait {
            let seconds = Self.wholeSeconds(wait)
            bot.pausedUntil = now + .seconds(seconds)
            bot.counters.tooManyRequests += 1
            return .tooManyRequests(retryAfter: seconds)
        }
        let text = parameters.string("text")
        let parseMode = parameters.string("parse_mode")
        let markup = parameters.decode(InlineKeyboardMarkup.self, "reply_markup")
        let refusal = MessageRules.refusal(
            text: text, parseMode: parseMode, markup: markup, markupPresent: parameters.has("reply_markup"))
        if let refusal {
            bot.counters.contentErrors += 1
            return .error(400, refusal)
        }
        if chat == 0 || configuration.missingChats.contains(chat) {
            bot.counters.chatNotFound += 1
            return .error(400, "Bad Request: chat not found")
        }
        if let newID = configuration.migratedGroups[chat] {
            return .error(
                400, "Bad Request: group chat was upgraded to a supergroup chat",
                parameters: ResponseParameters(migrateToChatId: newID))
        }
        if chat > 0 && configuration.deactivatedUsers.contains(chat) {
            bot.counters.blocked += 1
            return .error(403, "Forbidden: user is deactivated")
        }
        if chat > 0 && bot.isBlocked(chat, configuration: configuration) {
            bot.counters.blocked += 1
            return .error(403, "Forbidden: bot was blocked by the user")
        }
        let record = RecordedMessage(
            botId: botID, messageId: bot.nextMessageID, chatId: chat, text: text ?? "", parseMode: parseMode,
            replyMarkup: markup, paidBroadcast: paid)
        bot.nextMessageID += 1
        if bot.record(record) { bot.counters.duplicates += 1 }
        bot.counters.sent += 1
        var reply = BotReply.ok(Self.message(record, from: bot.user, unixTime: unixTime))
        // Drawn only when the fault is on, so a seed repeats the same 500s as before it existed.
        if configuration.dropRate > 0 && random.nextUnit() < configuration.dropRate {
            bot.counters.droppedAnswers += 1
            reply.dropsAnswer = true
        }
        return reply
    }

    /// The `Message` object Telegram returns for a delivered message.
    static func message(_ record: RecordedMessage, from bot: User, unixTime: Int) -> Message {
        // Only getMe carries the can_… fields; a message's `from` does not.
        let author = User(id: bot.id, isBot: true, firstName: bot.firstName, username: bot.username)
        let chat =
            record.chatId > 0
            ? Chat(id: record.chatId, type: "private", firstName: "User \(record.chatId)")
            : Chat(id: record.chatId, type: "supergroup", title: "Group \(-record.chatId)")
        return Message(
            messageId: record.messageId, from: author, date: unixTime, chat: chat, text: record.text,
            replyMarkup: record.replyMarkup)
    }

    mutating func answerCallbackQuery(_ botID: Int64, _ parameters: Parameters) -> BotReply {
        guard let id = parameters.string("callback_query_id"), bots[botID]?.openCallbacks.remove(id) != nil else {
            return .error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        }
        if let text = parameters.string("text"), text.count > 200 {
            bots[botID]?.openCallbacks.insert(id)
            return .error(400, "Bad Request: MESSAGE_TOO_LONG")
        }
        bots[botID]?.counters.callbacksAnswered += 1
        return .ok(true)
    }
}
