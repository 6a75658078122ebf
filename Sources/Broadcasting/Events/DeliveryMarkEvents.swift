import Foundation

/// The dispatcher is about to send this message: the delivery is in flight.
///
/// Appended (durably, in a window with others) before the request leaves, under the sender's
/// lease `epoch`. The outcome that follows is appended at this mark's stream version, so an
/// outcome and a recovery of the same mark can never both land. A mark left without an outcome
/// by a dead sender becomes `message.outcome-unknown` (at most once) or `message.released` and a
/// new attempt (at least once).
public struct MessageDispatching: DomainEvent {
    public static let type = "message.dispatching"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    public var chatID: Int64
    /// The sender lease's fencing epoch that made the mark.
    public var epoch: Int64
    public var stream: String { StreamName.delivery(broadcast: broadcastID, user: userID) }

    public init(broadcastID: UUID, userID: Int64, chatID: Int64, epoch: Int64) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.chatID = chatID
        self.epoch = epoch
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", chatID = "chat_id", epoch
    }
}

/// An in-flight mark is withdrawn and the recipient waits to be sent again.
///
/// Either the request never left (the broadcast was paused or canceled, the sender stopped, the
/// bot's token was refused), or a dead sender's mark is recovered under at-least-once delivery,
/// when the message may have arrived and is sent again on purpose.
public struct MessageReleased: DomainEvent {
    public static let type = "message.released"
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    /// Why: `not sent` when the request never left, `recovered` for a dead sender's mark.
    public var reason: String
    public var stream: String { StreamName.delivery(broadcast: broadcastID, user: userID) }

    public init(broadcastID: UUID, userID: Int64, reason: String) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case broadcastID = "broadcast_id", userID = "user_id", reason }
}
