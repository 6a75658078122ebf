import Foundation

/// `cta.clicked` as version 1 stored it, before the user agent and client IP of tracked links.
/// Kept so old events decode and `herald audit verify` accepts them; folds read them through
/// `upcast()`.
public struct CTAClickedV1: DomainEvent, LegacyEvent {
    public static let type = CTAClicked.type
    public static let schemaVersion = 1
    public var broadcastID: UUID
    public var userID: Int64
    public var button: String
    public var source: ClickSource
    public var stream: String { StreamName.click(broadcast: broadcastID, user: userID, button: button) }

    public init(broadcastID: UUID, userID: Int64, button: String, source: ClickSource) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.button = button
        self.source = source
    }

    /// The same press at the current version, with no user agent or IP.
    public func upcast() -> CTAClicked {
        CTAClicked(broadcastID: broadcastID, userID: userID, button: button, source: source)
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", button, source
    }
}
