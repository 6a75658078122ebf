/// `answerCallbackQuery`: stops the user's spinner, optionally with a toast or alert.
public struct AnswerCallbackQuery: Codable, Sendable, Equatable {
    public var callbackQueryId: String
    /// 0–200 characters.
    public var text: String?
    public var showAlert: Bool?

    public init(callbackQueryId: String, text: String? = nil, showAlert: Bool? = nil) {
        self.callbackQueryId = callbackQueryId
        self.text = text
        self.showAlert = showAlert
    }
}

/// `getUpdates`: long polling; `offset` confirms every update below it.
public struct GetUpdates: Codable, Sendable, Equatable {
    public var offset: Int?
    /// 1–100.
    public var limit: Int?
    /// Seconds to hold the request open while there is nothing to return.
    public var timeout: Int?
    public var allowedUpdates: [String]?

    public init(offset: Int? = nil, limit: Int? = nil, timeout: Int? = nil, allowedUpdates: [String]? = nil) {
        self.offset = offset
        self.limit = limit
        self.timeout = timeout
        self.allowedUpdates = allowedUpdates
    }
}

/// `setWebhook`: Telegram then POSTs each update to `url` with the secret in a header.
public struct SetWebhook: Codable, Sendable, Equatable {
    public var url: String
    /// 1–256 of `A-Za-z0-9_-`, echoed in `X-Telegram-Bot-Api-Secret-Token`.
    public var secretToken: String?
    /// 1–100, default 40.
    public var maxConnections: Int?
    public var allowedUpdates: [String]?
    public var dropPendingUpdates: Bool?

    public init(
        url: String,
        secretToken: String? = nil,
        maxConnections: Int? = nil,
        allowedUpdates: [String]? = nil,
        dropPendingUpdates: Bool? = nil
    ) {
        self.url = url
        self.secretToken = secretToken
        self.maxConnections = maxConnections
        self.allowedUpdates = allowedUpdates
        self.dropPendingUpdates = dropPendingUpdates
    }
}

/// `deleteWebhook`: back to long polling.
public struct DeleteWebhook: Codable, Sendable, Equatable {
    public var dropPendingUpdates: Bool?

    public init(dropPendingUpdates: Bool? = nil) {
        self.dropPendingUpdates = dropPendingUpdates
    }
}

/// Methods without parameters (`getMe`, `getWebhookInfo`) send an empty JSON object.
public struct NoParameters: Codable, Sendable, Equatable {
    public init() {}
}
