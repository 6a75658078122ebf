/// A failed Bot API call, classified the way TELEGRAM.md's table says Herald must react.
///
/// Classification reads both the code and the description, because Telegram warns that codes may
/// change. The description never contains the bot token: transport failures carry curl's message
/// only, never the URL.
public struct TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What Herald does about the failure.
    public enum Kind: Sendable, Equatable {
        /// 429: pause the whole bot for `retryAfter` seconds, then retry the same message.
        case rateLimited(retryAfter: Int)
        /// Blocked, deactivated, kicked, or the chat does not exist: never retry.
        case recipientGone
        /// Text too long, bad MarkdownV2 and other 400s about the message itself.
        case contentError
        /// The group became a supergroup: resend to the new id.
        case chatMigrated(to: Int64)
        /// 5xx, timeouts, connection errors: retry with backoff.
        case transient
        /// Anything else Telegram refuses (bad token, conflicting webhook): a bug or misconfiguration.
        case rejected
    }

    public let kind: Kind
    /// The method that failed, e.g. `sendMessage`.
    public let method: String
    /// Telegram's `error_code`, the HTTP status, or nil for a transport failure.
    public let code: Int?
    /// Telegram's `description`, or the transport's reason.
    public let reason: String

    init(kind: Kind, method: String, code: Int?, reason: String) {
        self.kind = kind
        self.method = method
        self.code = code
        self.reason = reason
    }

    public var description: String {
        "\(method) failed: \(code.map { "\($0) " } ?? "")\(reason)"
    }

    /// True when a retry of the same request may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .transient, .chatMigrated: true
        case .recipientGone, .contentError, .rejected: false
        }
    }
}
