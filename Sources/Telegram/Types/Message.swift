/// A message as Telegram returns it from `sendMessage` or delivers it in an update.
public struct Message: Codable, Sendable, Equatable {
    public var messageId: Int
    public var from: User?
    /// Unix time, seconds.
    public var date: Int
    public var chat: Chat
    public var text: String?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(
        messageId: Int,
        from: User? = nil,
        date: Int,
        chat: Chat,
        text: String? = nil,
        replyMarkup: InlineKeyboardMarkup? = nil
    ) {
        self.messageId = messageId
        self.from = from
        self.date = date
        self.chat = chat
        self.text = text
        self.replyMarkup = replyMarkup
    }
}
