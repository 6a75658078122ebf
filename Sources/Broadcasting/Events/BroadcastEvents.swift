import Foundation

/// What the dispatcher does with a recipient whose send may or may not have reached Telegram
/// when the process died.
public enum DeliveryGuarantee: String, Codable, Sendable, CaseIterable {
    /// Record `message.outcome-unknown`, never send twice (the default).
    case atMostOnce = "at_most_once"
    /// Send again; the user may see the message twice.
    case atLeastOnce = "at_least_once"
}

/// An operator drafted a broadcast: which template, to whom (a cohort query, kept as the JSON the
/// operator wrote so a replay re-reads exactly that), and how.
public struct BroadcastCreated: DomainEvent {
    public static let type = "broadcast.created"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var templateID: UUID
    public var title: String
    public var cohort: JSONValue
    public var delivery: DeliveryGuarantee
    /// Send with `allow_paid_broadcast` (up to 1000 messages a second, paid).
    public var paid: Bool
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(
        broadcastID: UUID, templateID: UUID, title: String, cohort: JSONValue,
        delivery: DeliveryGuarantee = .atMostOnce, paid: Bool = false
    ) {
        self.broadcastID = broadcastID
        self.templateID = templateID
        self.title = title
        self.cohort = cohort
        self.delivery = delivery
        self.paid = paid
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", templateID = "template_id", title, cohort, delivery, paid
    }
}

/// A draft changed; only the fields present changed. Only a draft can be revised.
public struct BroadcastRevised: DomainEvent {
    public static let type = "broadcast.revised"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var templateID: UUID?
    public var title: String?
    public var cohort: JSONValue?
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, templateID: UUID? = nil, title: String? = nil, cohort: JSONValue? = nil) {
        self.broadcastID = broadcastID
        self.templateID = templateID
        self.title = title
        self.cohort = cohort
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", templateID = "template_id", title, cohort
    }
}

/// The broadcast is due at `sendAt`; the scheduler starts it then.
public struct BroadcastScheduled: DomainEvent {
    public static let type = "broadcast.scheduled"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var sendAt: Timestamp
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, sendAt: Timestamp) {
        self.broadcastID = broadcastID
        self.sendAt = sendAt
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", sendAt = "send_at"
    }
}

/// Sending began; the template revision is pinned so later template edits don't change it.
public struct BroadcastStarted: DomainEvent {
    public static let type = "broadcast.started"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var templateRevision: Int
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, templateRevision: Int) {
        self.broadcastID = broadcastID
        self.templateRevision = templateRevision
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", templateRevision = "template_revision"
    }
}

/// One chunk of the resolved audience, so a replay knows exactly who was targeted even after
/// recipients' attributes change. Chunks are numbered from 0; `chunkCount` says when all arrived.
public struct BroadcastAudienceResolved: DomainEvent {
    public static let type = "broadcast.audience-resolved"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var chunk: Int
    public var chunkCount: Int
    public var userIDs: [Int64]
    public var stream: String { StreamName.broadcastAudience(broadcastID) }

    public init(broadcastID: UUID, chunk: Int, chunkCount: Int, userIDs: [Int64]) {
        self.broadcastID = broadcastID
        self.chunk = chunk
        self.chunkCount = chunkCount
        self.userIDs = userIDs
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", chunk, chunkCount = "chunk_count", userIDs = "user_ids"
    }
}
