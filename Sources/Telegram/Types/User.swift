/// A Telegram user or bot, as the Bot API describes it.
///
/// `getMe` fills the `can…` fields; elsewhere Telegram leaves them out.
public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var lastName: String?
    public var username: String?
    public var languageCode: String?
    public var canJoinGroups: Bool?
    public var canReadAllGroupMessages: Bool?
    public var supportsInlineQueries: Bool?

    public init(
        id: Int64,
        isBot: Bool = false,
        firstName: String,
        lastName: String? = nil,
        username: String? = nil,
        languageCode: String? = nil
    ) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }
}
