/// A failed Bot API call, classified the way TELEGRAM.md's table says Herald must react.
///
/// Classification reads both the code and the description, because Telegram warns that codes may
/// change. The description never contains the bot token: transport failures carry curl's message
/// only, never the URL.
public struct TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What Herald does about a failure. A struct, not an enum, so a new class breaks no caller.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case rateLimited = "rate limited"
            case recipientGone = "recipient gone"
            case contentError = "content error"
            case chatMigrated = "chat migrated"
            case transient
            case rejected
        }

        private let base: Base

        /// 429: pause the whole bot for `retryAfter` seconds, then retry the same message.
        public static let rateLimited = Kind(base: .rateLimited)
        /// Blocked, deactivated, kicked, or the chat does not exist: never retry.
        public static let recipientGone = Kind(base: .recipientGone)
        /// Text too long, bad MarkdownV2 and other 400s about the message itself.
        public static let contentError = Kind(base: .contentError)
        /// The group became a supergroup: resend to `migratedTo`.
        public static let chatMigrated = Kind(base: .chatMigrated)
        /// 5xx, timeouts, connection errors: retry with backoff.
        public static let transient = Kind(base: .transient)
        /// Anything else Telegram refuses (bad token, conflicting webhook): a bug or misconfiguration.
        public static let rejected = Kind(base: .rejected)

        public var description: String { base.rawValue }
    }

    /// How far the request got: whether Telegram may have acted on it.
    public enum Reach: Sendable, Equatable { case notSent, maybeDelivered, answered }

    public let kind: Kind
    /// `.answered` when Telegram (or an HTTP server on the way) answered with this error; `.notSent`
    /// when the request provably never reached it; `.maybeDelivered` when it went out and no readable
    /// answer came back. Resending a `sendMessage` after `.maybeDelivered` may deliver it twice.
    public let reach: Reach
    /// The method that failed, e.g. `sendMessage`.
    public let method: String
    /// Telegram's `error_code`, the HTTP status, or nil for a transport failure.
    public let code: Int?
    /// Telegram's `description`, or the transport's reason.
    public let reason: String
    /// Seconds the whole bot must wait, for `.rateLimited`.
    public let retryAfter: Int?
    /// The chat's new id, for `.chatMigrated`.
    public let migratedTo: Int64?

    init(
        kind: Kind, reach: Reach = .answered, method: String, code: Int?, reason: String, retryAfter: Int? = nil,
        migratedTo: Int64? = nil
    ) {
        self.kind = kind
        self.reach = reach
        self.method = method
        self.code = code
        self.reason = reason
        self.retryAfter = retryAfter
        self.migratedTo = migratedTo
    }

    public var description: String {
        let reached = reach == .maybeDelivered ? " (may have been delivered)" : ""
        return "\(method) failed (\(kind)): \(code.map { "\($0) " } ?? "")\(reason)\(reached)"
    }

    /// True when a retry of the same request (or, when migrated, to the new chat) may succeed.
    public var isRetryable: Bool {
        kind == .rateLimited || kind == .transient || kind == .chatMigrated
    }
}
