import Foundation

/// How a failed send is classified (TELEGRAM.md, "Errors to classify").
public enum SendErrorClass: String, Codable, Sendable, CaseIterable {
    case rateLimited = "rate_limited"
    case recipientGone = "recipient_gone"
    case content
    case chatMoved = "chat_moved"
    case transient
}

/// Telegram accepted the message.
public struct MessageSent: DomainEvent {
    public static let type = "message.sent"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    public var chatID: Int64
    /// Telegram's `message_id`, to edit or reply to the message later.
    public var messageID: Int64
    public var stream: String { StreamName.delivery(broadcast: broadcastID, user: userID) }

    public init(broadcastID: UUID, userID: Int64, chatID: Int64, messageID: Int64) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.chatID = chatID
        self.messageID = messageID
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", chatID = "chat_id", messageID = "message_id"
    }
}

/// Telegram refused the message; `permanent` failures are not retried.
public struct MessageFailed: DomainEvent {
    public static let type = "message.failed"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    public var chatID: Int64
    public var errorClass: SendErrorClass
    public var code: Int
    public var description: String
    public var permanent: Bool
    public var stream: String { StreamName.delivery(broadcast: broadcastID, user: userID) }

    public init(
        broadcastID: UUID, userID: Int64, chatID: Int64, errorClass: SendErrorClass, code: Int,
        description: String, permanent: Bool
    ) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.chatID = chatID
        self.errorClass = errorClass
        self.code = code
        self.description = description
        self.permanent = permanent
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", chatID = "chat_id", errorClass = "error_class",
            code, description, permanent
    }
}

/// The send was in flight when the process died: it may or may not have been delivered. Under
/// at-most-once it is never retried.
public struct MessageOutcomeUnknown: DomainEvent {
    public static let type = "message.outcome-unknown"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    public var chatID: Int64
    public var stream: String { StreamName.delivery(broadcast: broadcastID, user: userID) }

    public init(broadcastID: UUID, userID: Int64, chatID: Int64) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.chatID = chatID
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", chatID = "chat_id"
    }
}
