/// A change of the bot's membership in a chat; in a private chat, a block (`kicked`) or unblock.
public struct ChatMemberUpdated: Codable, Sendable, Equatable {
    public var chat: Chat
    public var from: User
    public var date: Int
    public var oldChatMember: ChatMember
    public var newChatMember: ChatMember

    public init(chat: Chat, from: User, date: Int, oldChatMember: ChatMember, newChatMember: ChatMember) {
        self.chat = chat
        self.from = from
        self.date = date
        self.oldChatMember = oldChatMember
        self.newChatMember = newChatMember
    }

    /// True when the user has just blocked the bot.
    public var isBlock: Bool { newChatMember.status == "kicked" }
}

/// One member's status in a chat (`member`, `kicked`, `left`, `administrator`, …).
public struct ChatMember: Codable, Sendable, Equatable {
    public var status: String
    public var user: User
    /// Unix time when a restriction ends; 0 means never. Required by the API for `kicked`.
    public var untilDate: Int?

    public init(status: String, user: User, untilDate: Int? = nil) {
        self.status = status
        self.user = user
        self.untilDate = untilDate
    }
}
