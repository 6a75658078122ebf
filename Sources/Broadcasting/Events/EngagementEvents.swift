import Foundation

/// How a click reached Herald.
public enum ClickSource: String, Codable, Sendable, CaseIterable {
    /// A callback button's `callback_query`.
    case callback
    /// A URL button, through Herald's redirect link.
    case url
}

/// A recipient pressed a CTA button. The first press of a button by a user in a broadcast creates
/// the click stream with expected version no-stream, so it alone is the unique click; later presses
/// append to the same stream and count as taps (`ClickRecorder` in Engine).
///
/// Version 2 adds what the redirect of a tracked link sees (`source` `url`): the browser's user
/// agent and the client's IP address. A callback press has neither.
public struct CTAClicked: DomainEvent {
    public static let type = "cta.clicked"
    public static let schemaVersion = 2
    /// The longest user agent kept, in Unicode scalars (JSON Schema's `maxLength`); longer ones are cut.
    public static let maximumUserAgent = 512
    public var broadcastID: UUID
    public var userID: Int64
    public var button: String
    public var source: ClickSource
    public var userAgent: String?
    public var clientIP: String?
    public var stream: String { StreamName.click(broadcast: broadcastID, user: userID, button: button) }

    public init(
        broadcastID: UUID, userID: Int64, button: String, source: ClickSource, userAgent: String? = nil,
        clientIP: String? = nil
    ) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.button = button
        self.source = source
        self.userAgent = userAgent.map {
            String(String.UnicodeScalarView($0.unicodeScalars.prefix(Self.maximumUserAgent)))
        }
        self.clientIP = clientIP
    }

    enum CodingKeys: String, CodingKey {
        case broadcastID = "broadcast_id", userID = "user_id", button, source, userAgent = "user_agent"
        case clientIP = "client_ip"
    }
}

/// The operator (or their shop) reports that a recipient converted after a broadcast.
public struct ConversionMarked: DomainEvent {
    public static let type = "conversion.marked"
    public static let schemaVersion = 1
    public var conversionID: UUID
    public var broadcastID: UUID
    public var userID: Int64
    /// The goal, e.g. `purchase`.
    public var goal: String
    /// An optional amount, in the operator's currency.
    public var value: Double?
    public var stream: String { StreamName.conversion(conversionID) }

    public init(conversionID: UUID, broadcastID: UUID, userID: Int64, goal: String, value: Double? = nil) {
        self.conversionID = conversionID
        self.broadcastID = broadcastID
        self.userID = userID
        self.goal = goal
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case conversionID = "conversion_id", broadcastID = "broadcast_id", userID = "user_id", goal, value
    }
}
