import Foundation

/// Sending stopped until resumed; recipients not yet claimed wait.
public struct BroadcastPaused: DomainEvent {
    public static let type = "broadcast.paused"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var reason: String?
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, reason: String? = nil) {
        self.broadcastID = broadcastID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id", reason }
}

/// Sending continues where it paused; no recipient is skipped or repeated.
public struct BroadcastResumed: DomainEvent {
    public static let type = "broadcast.resumed"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID) { self.broadcastID = broadcastID }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id" }
}

/// The operator stopped the broadcast for good.
public struct BroadcastCanceled: DomainEvent {
    public static let type = "broadcast.canceled"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var reason: String?
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, reason: String? = nil) {
        self.broadcastID = broadcastID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id", reason }
}

/// Every targeted recipient has an outcome; the counts are the totals at completion.
public struct BroadcastCompleted: DomainEvent {
    public static let type = "broadcast.completed"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var sent: Int
    public var failed: Int
    public var unknown: Int
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, sent: Int, failed: Int, unknown: Int) {
        self.broadcastID = broadcastID
        self.sent = sent
        self.failed = failed
        self.unknown = unknown
    }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id", sent, failed, unknown }
}

/// The broadcast stopped because it cannot succeed, e.g. every message failed as a content error.
public struct BroadcastFailed: DomainEvent {
    public static let type = "broadcast.failed"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var reason: String
    public var stream: String { StreamName.broadcast(broadcastID) }

    public init(broadcastID: UUID, reason: String) {
        self.broadcastID = broadcastID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id", reason }
}
