public import Telegram

/// Something a simulated user does, which Telegram turns into an update for the bot.
public enum UserAction: Sendable, Equatable {
    /// Press the callback button with this `callback_data` (or, if nil, the first callback button).
    case press(messageID: Int, callbackData: String?)
    /// `/start`, with an optional deep-link payload.
    case start(payload: String?)
    case text(String)
    case block
    case unblock
}

/// Why a control request could not be carried out.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension SimulatorState {
    /// Makes `user` act; the resulting update is queued for getUpdates or the webhook.
    public mutating func act(
        _ action: UserAction, user userID: Int64, bot botID: Int64? = nil, unixTime: Int
    ) throws(ControlError) -> Update {
        // Taken out of the dictionary so mutating it does not copy its tables (copy-on-write).
        guard let botID = controlBot(botID), var bot = bots.removeValue(forKey: botID) else {
            throw ControlError(description: "no such bot")
        }
        defer { bots[botID] = bot }
        let user = User(id: userID, firstName: "User \(userID)", username: "user\(userID)", languageCode: "en")
        let chat = Chat.privateChat(with: user)
        switch action {
        case .press(let messageID, let data):
            guard let record = bot.messages[messageID] else {
                throw ControlError(description: "no message \(messageID)")
            }
            let buttons = (record.replyMarkup?.inlineKeyboard.joined()).map(Array.init) ?? []
            guard
                let button = buttons.first(where: { $0.callbackData != nil && (data == nil || $0.callbackData == data) }
                )
            else { throw ControlError(description: "message \(messageID) has no such callback button") }
            let queryID = "\(botID)\(bot.nextCallbackID)"
            bot.nextCallbackID += 1
            bot.openCallbacks.insert(queryID)
            let message = Self.message(record, from: bot.user, unixTime: unixTime)
            let query = CallbackQuery(
                id: queryID, from: user, message: message, chatInstance: "\(record.chatId)", data: button.callbackData)
            return bot.enqueue { Update(updateId: $0, callbackQuery: query) }
        case .start(let payload):
            if bot.isBlocked(userID, configuration: configuration) {
                bot.blockOverrides[userID] = false
                let unblock = Self.membership(chat, user, bot.user, blocked: false, unixTime)
                _ = bot.enqueue { Update(updateId: $0, myChatMember: unblock) }
            }
            let message = Self.userMessage(&bot, chat, user, payload.map { "/start \($0)" } ?? "/start", unixTime)
            return bot.enqueue { Update(updateId: $0, message: message) }
        case .text(let text):
            let message = Self.userMessage(&bot, chat, user, text, unixTime)
            return bot.enqueue { Update(updateId: $0, message: message) }
        case .block, .unblock:
            let blocked = action == .block
            bot.blockOverrides[userID] = blocked
            let change = Self.membership(chat, user, bot.user, blocked: blocked, unixTime)
            return bot.enqueue { Update(updateId: $0, myChatMember: change) }
        }
    }

    private static func userMessage(_ bot: inout BotState, _ chat: Chat, _ user: User, _ text: String, _ unixTime: Int)
        -> Message
    {
        defer { bot.nextMessageID += 1 }
        return Message(messageId: bot.nextMessageID, from: user, date: unixTime, chat: chat, text: text)
    }

    private static func membership(_ chat: Chat, _ user: User, _ botUser: User, blocked: Bool, _ unixTime: Int)
        -> ChatMemberUpdated
    {
        let member = ChatMember(status: "member", user: botUser)
        let kicked = ChatMember(status: "kicked", user: botUser, untilDate: 0)
        return ChatMemberUpdated(
            chat: chat, from: user, date: unixTime, oldChatMember: blocked ? member : kicked,
            newChatMember: blocked ? kicked : member)
    }
}
