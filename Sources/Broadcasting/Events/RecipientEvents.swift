import Foundation

/// A Telegram user started the bot (or was imported) and can receive broadcasts.
///
/// Version 2 added `language`; version 1 data is read through `RecipientRegisteredV1.upcast()`.
public struct RecipientRegistered: DomainEvent {
    public static let type = "recipient.registered"
    public static let schemaVersion = 2
    /// What v1 data, which predates the field, is upcast to: BCP 47 "undetermined".
    public static let unknownLanguage = "und"
    public var userID: Int64
    public var chatID: Int64
    public var username: String?
    /// Cohort attributes such as `tier` and `region`.
    public var attributes: [String: String]
    /// BCP 47 language tag, e.g. `en`, `pt-BR`.
    public var language: String
    public var stream: String { StreamName.recipient(userID) }

    public init(userID: Int64, chatID: Int64, username: String?, attributes: [String: String], language: String) {
        self.userID = userID
        self.chatID = chatID
        self.username = username
        self.attributes = attributes
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", chatID = "chat_id", username, attributes, language
    }
}

/// A recipient's cohort attributes changed: `set` overwrites, `removed` deletes.
public struct RecipientAttributesChanged: DomainEvent {
    public static let type = "recipient.attributes-changed"
    public static let schemaVersion = 1
    public var userID: Int64
    public var set: [String: String]
    public var removed: [String]
    public var stream: String { StreamName.recipient(userID) }

    public init(userID: Int64, set: [String: String], removed: [String] = []) {
        self.userID = userID
        self.set = set
        self.removed = removed
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", set, removed
    }
}

/// The user blocked the bot (403, or `my_chat_member` kicked): never in an audience again until
/// unblocked.
public struct RecipientBlocked: DomainEvent {
    public static let type = "recipient.blocked"
    public static let schemaVersion = 1
    public var userID: Int64
    /// Telegram's description, e.g. `Forbidden: bot was blocked by the user`.
    public var reason: String
    public var stream: String { StreamName.recipient(userID) }

    public init(userID: Int64, reason: String) {
        self.userID = userID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", reason
    }
}

/// The user unblocked the bot (`my_chat_member` member, or `/start` again).
public struct RecipientUnblocked: DomainEvent {
    public static let type = "recipient.unblocked"
    public static let schemaVersion = 1
    public var userID: Int64
    public var stream: String { StreamName.recipient(userID) }

    public init(userID: Int64) { self.userID = userID }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
    }
}
