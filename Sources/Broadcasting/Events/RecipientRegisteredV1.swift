/// `recipient.registered` as version 1 stored it, before `language`. Kept so old events decode
/// and `herald audit verify` accepts them; code that folds events reads them through `upcast()`.
public struct RecipientRegisteredV1: DomainEvent {
    public static let type = RecipientRegistered.type
    public static let schemaVersion = 1
    public var userID: Int64
    public var chatID: Int64
    public var username: String?
    public var attributes: [String: String]
    public var stream: String { StreamName.recipient(userID) }

    public init(userID: Int64, chatID: Int64, username: String?, attributes: [String: String]) {
        self.userID = userID
        self.chatID = chatID
        self.username = username
        self.attributes = attributes
    }

    /// The same registration at the current version; the language v1 never asked for is
    /// `RecipientRegistered.unknownLanguage`.
    public func upcast() -> RecipientRegistered {
        RecipientRegistered(
            userID: userID, chatID: chatID, username: username, attributes: attributes,
            language: RecipientRegistered.unknownLanguage)
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", chatID = "chat_id", username, attributes
    }
}
