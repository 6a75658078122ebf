/// Every Bot API answer: `ok` with a `result`, or an error code, description and parameters.
public struct BotAPIResponse<Result: Codable & Sendable>: Codable, Sendable {
    public var ok: Bool
    public var result: Result?
    public var errorCode: Int?
    public var description: String?
    public var parameters: ResponseParameters?

    public init(
        ok: Bool,
        result: Result? = nil,
        errorCode: Int? = nil,
        description: String? = nil,
        parameters: ResponseParameters? = nil
    ) {
        self.ok = ok
        self.result = result
        self.errorCode = errorCode
        self.description = description
        self.parameters = parameters
    }
}

/// Why a failed request may succeed later: wait (`retryAfter` seconds) or go elsewhere (a new chat id).
public struct ResponseParameters: Codable, Sendable, Equatable {
    public var retryAfter: Int?
    public var migrateToChatId: Int64?

    public init(retryAfter: Int? = nil, migrateToChatId: Int64? = nil) {
        self.retryAfter = retryAfter
        self.migrateToChatId = migrateToChatId
    }
}
