/// The bot's webhook state; an empty `url` means long polling.
public struct WebhookInfo: Codable, Sendable, Equatable {
    public var url: String
    public var hasCustomCertificate: Bool
    public var pendingUpdateCount: Int
    public var lastErrorDate: Int?
    public var lastErrorMessage: String?
    public var maxConnections: Int?
    public var allowedUpdates: [String]?

    public init(
        url: String,
        hasCustomCertificate: Bool = false,
        pendingUpdateCount: Int,
        lastErrorDate: Int? = nil,
        lastErrorMessage: String? = nil,
        maxConnections: Int? = nil,
        allowedUpdates: [String]? = nil
    ) {
        self.url = url
        self.hasCustomCertificate = hasCustomCertificate
        self.pendingUpdateCount = pendingUpdateCount
        self.lastErrorDate = lastErrorDate
        self.lastErrorMessage = lastErrorMessage
        self.maxConnections = maxConnections
        self.allowedUpdates = allowedUpdates
    }
}
