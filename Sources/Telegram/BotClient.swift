import Foundation

/// A bot's connection to the Bot API: typed methods over `CurlTransport`, paced by a `Throttle`.
///
/// Every call first waits out any `retry_after` pause; `sendMessage` also takes a slot from the
/// rate limiter. A 429 pauses the whole bot and the same request is retried, up to
/// `rateLimitedAttempts` times, so no request reaches Telegram before `retry_after` has passed.
/// A nil `rateLimit` paces nothing (pauses still hold): only for a local simulator or a benchmark.
/// Use one client per bot, or give the bot's clients one `throttle` (then `rateLimit` is not
/// used): the limits and pauses live in it, so a 429 on any request holds them all. Set `rateLimit` to
/// `.paidBroadcast` (up to 1000/s) only when the messages carry `allowPaidBroadcast`.
public struct BotClient: Sendable {
    public let token: BotToken
    /// Base URL without the `/bot<token>` part, e.g. `https://api.telegram.org`.
    public let apiURL: String
    public let transport: CurlTransport
    public let throttle: Throttle
    public let rateLimitedAttempts: Int

    public init(
        token: BotToken,
        apiURL: String = "https://api.telegram.org",
        transport: CurlTransport,
        rateLimit: RateLimiter.Configuration? = RateLimiter.Configuration(),
        rateLimitedAttempts: Int = 3,
        throttle: Throttle? = nil
    ) {
        self.token = token
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.transport = transport
        self.throttle = throttle ?? Throttle(configuration: rateLimit)
        self.rateLimitedAttempts = max(rateLimitedAttempts, 1)
    }

    public func getMe() async throws -> User {
        try await call("getMe", NoParameters())
    }

    public func sendMessage(_ message: SendMessage) async throws -> Message {
        try await call("sendMessage", message, chat: message.chatId)
    }

    @discardableResult
    public func answerCallbackQuery(_ answer: AnswerCallbackQuery) async throws -> Bool {
        try await call("answerCallbackQuery", answer)
    }

    /// Long polling; the request is allowed `timeout` seconds longer than the transport's default.
    public func getUpdates(_ request: GetUpdates = GetUpdates()) async throws -> [Update] {
        let extra = Duration.seconds(request.timeout ?? 0)
        return try await call("getUpdates", request, timeout: extra == .zero ? nil : extra + .seconds(10))
    }

    @discardableResult
    public func setWebhook(_ request: SetWebhook) async throws -> Bool {
        try await call("setWebhook", request)
    }

    @discardableResult
    public func deleteWebhook(_ request: DeleteWebhook = DeleteWebhook()) async throws -> Bool {
        try await call("deleteWebhook", request)
    }

    public func getWebhookInfo() async throws -> WebhookInfo {
        try await call("getWebhookInfo", NoParameters())
    }
}
