/// The `sendMessage` parameters Herald uses.
public struct SendMessage: Codable, Sendable, Equatable {
    public var chatId: Int64
    /// 1–4096 characters after entity parsing.
    public var text: String
    /// `MarkdownV2` or nil for plain text.
    public var parseMode: String?
    public var replyMarkup: InlineKeyboardMarkup?
    /// Lifts the bot's bulk limit to 1000/s; Telegram charges Stars per message above the free rate.
    public var allowPaidBroadcast: Bool?

    public init(
        chatId: Int64,
        text: String,
        parseMode: String? = nil,
        replyMarkup: InlineKeyboardMarkup? = nil,
        allowPaidBroadcast: Bool? = nil
    ) {
        self.chatId = chatId
        self.text = text
        self.parseMode = parseMode
        self.replyMarkup = replyMarkup
        self.allowPaidBroadcast = allowPaidBroadcast
    }
}
