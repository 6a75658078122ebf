import Foundation

/// A recurring promo: every `intervalSeconds` from `startsAt`, the next of its templates in turn,
/// posted to each of its chats (channels or groups).
///
/// Slot `k` (from 0) falls at `startsAt + k · intervalSeconds` and posts `templateIDs[k % count]`;
/// `RotationSchedule` does that arithmetic. `chatIDs` holds no duplicates.
public struct RotationCreated: DomainEvent {
    public static let type = "rotation.created"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var name: String
    public var chatIDs: [Int64]
    public var templateIDs: [UUID]
    public var intervalSeconds: Int
    public var startsAt: Timestamp
    public var stream: String { StreamName.rotation(rotationID) }

    public init(
        rotationID: UUID, name: String, chatIDs: [Int64], templateIDs: [UUID], intervalSeconds: Int,
        startsAt: Timestamp
    ) {
        self.rotationID = rotationID
        self.name = name
        self.chatIDs = chatIDs
        self.templateIDs = templateIDs
        self.intervalSeconds = intervalSeconds
        self.startsAt = startsAt
    }

    enum CodingKeys: String, CodingKey {
        case rotationID = "rotation_id", name, chatIDs = "chat_ids", templateIDs = "template_ids",
            intervalSeconds = "interval_seconds", startsAt = "starts_at"
    }
}

/// The rotation posted slot `sequence` (from 0) to one of its chats: a slot posts once per chat.
public struct RotationPosted: DomainEvent {
    public static let type = "rotation.posted"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var sequence: Int
    public var chatID: Int64
    public var templateID: UUID
    public var messageID: Int64
    public var stream: String { StreamName.rotation(rotationID) }

    public init(rotationID: UUID, sequence: Int, chatID: Int64, templateID: UUID, messageID: Int64) {
        self.rotationID = rotationID
        self.sequence = sequence
        self.chatID = chatID
        self.templateID = templateID
        self.messageID = messageID
    }

    enum CodingKeys: String, CodingKey {
        case rotationID = "rotation_id", sequence, chatID = "chat_id", templateID = "template_id",
            messageID = "message_id"
    }
}

/// Slot `sequence` could not be posted to one chat; the rotation goes on with the next slot unless
/// paused.
public struct RotationPostFailed: DomainEvent {
    public static let type = "rotation.post-failed"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var sequence: Int
    public var chatID: Int64
    public var templateID: UUID
    public var errorClass: SendErrorClass
    public var code: Int
    public var description: String
    public var stream: String { StreamName.rotation(rotationID) }

    public init(
        rotationID: UUID, sequence: Int, chatID: Int64, templateID: UUID, errorClass: SendErrorClass, code: Int,
        description: String
    ) {
        self.rotationID = rotationID
        self.sequence = sequence
        self.chatID = chatID
        self.templateID = templateID
        self.errorClass = errorClass
        self.code = code
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case rotationID = "rotation_id", sequence, chatID = "chat_id", templateID = "template_id",
            errorClass = "error_class", code, description
    }
}

/// The rotation posts nothing until resumed.
public struct RotationPaused: DomainEvent {
    public static let type = "rotation.paused"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var stream: String { StreamName.rotation(rotationID) }

    public init(rotationID: UUID) { self.rotationID = rotationID }

    enum CodingKeys: String, CodingKey { case rotationID = "rotation_id" }
}

/// The rotation posts again from its next due slot; missed slots are not posted late.
public struct RotationResumed: DomainEvent {
    public static let type = "rotation.resumed"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var stream: String { StreamName.rotation(rotationID) }

    public init(rotationID: UUID) { self.rotationID = rotationID }

    enum CodingKeys: String, CodingKey { case rotationID = "rotation_id" }
}
