/// A chat: private (one user), group, supergroup or channel.
///
/// `type` stays a string so a kind Telegram adds later still decodes.
public struct Chat: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var title: String?
    public var username: String?
    public var firstName: String?

    public init(id: Int64, type: String, title: String? = nil, username: String? = nil, firstName: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.username = username
        self.firstName = firstName
    }

    /// The private chat Telegram opens between a user and the bot; its id is the user's id.
    public static func privateChat(with user: User) -> Chat {
        Chat(id: user.id, type: "private", username: user.username, firstName: user.firstName)
    }

    /// Groups and supergroups have negative ids; their limit is per minute, not per second.
    public var isGroup: Bool { type == "group" || type == "supergroup" }
}
