public import Broadcasting
public import Telegram

/// What the dispatcher does after one attempt to send: a pure function of the answer, the
/// broadcast's delivery guarantee and the attempts so far (TELEGRAM.md, "Errors to classify").
public struct DeliveryPolicy: Sendable {
    /// What to do next with the delivery.
    public enum Action: Sendable, Equatable {
        /// Close the mark with this outcome.
        case record(DeliveryOutcome.Kind)
        /// Send the same message again after `delay` (the bot's throttle already holds a
        /// `retry_after`), to `chat` when Telegram moved the group.
        case retry(after: Duration, chat: Int64?)
        /// The bot's token was refused: nothing was delivered; stop sending for the bot.
        case stopBot(reason: String)
    }

    public var guarantee: DeliveryGuarantee
    /// Attempts for transient failures (5xx, network) before giving up.
    public var maximumAttempts: Int
    /// Attempts for 429s, which are no fault of the message.
    public var maximumRateLimited: Int
    /// The first retry's delay; it doubles each time.
    public var backoff: Duration

    public init(
        guarantee: DeliveryGuarantee, maximumAttempts: Int = 5, maximumRateLimited: Int = 20,
        backoff: Duration = .milliseconds(200)
    ) {
        self.guarantee = guarantee
        self.maximumAttempts = maximumAttempts
        self.maximumRateLimited = maximumRateLimited
        self.backoff = backoff
    }

    /// The attempts so far for one delivery.
    public struct Attempts: Sendable, Equatable {
        public var transient = 0
        public var rateLimited = 0
        public var migrated = false
        public init() {}
        public var retries: Int { transient + rateLimited + (migrated ? 1 : 0) }
    }

    /// Decides after `error`, counting it into `attempts`.
    public func next(after error: TelegramError, attempts: inout Attempts) -> Action {
        let code = error.code ?? 0
        switch error.kind {
        case .rateLimited:
            attempts.rateLimited += 1
            guard attempts.rateLimited < maximumRateLimited else {
                return .record(.failed(.rateLimited, code: code, description: error.reason, blocked: false))
            }
            return .retry(after: .zero, chat: nil)
        case .recipientGone:
            return .record(.failed(.recipientGone, code: code, description: error.reason, blocked: code == 403))
        case .contentError:
            return .record(.failed(.content, code: code, description: error.reason, blocked: false))
        case .chatMigrated:
            guard !attempts.migrated, let chat = error.migratedTo else {
                return .record(.failed(.chatMoved, code: code, description: error.reason, blocked: false))
            }
            attempts.migrated = true
            return .retry(after: .zero, chat: chat)
        case .transient:
            if error.reach == .maybeDelivered && guarantee == .atMostOnce { return .record(.unknown) }
            attempts.transient += 1
            guard attempts.transient < maximumAttempts else {
                if error.reach == .maybeDelivered { return .record(.unknown) }
                return .record(.failed(.transient, code: code, description: error.reason, blocked: false))
            }
            return .retry(after: backoff * (1 << min(attempts.transient - 1, 6)), chat: nil)
        default:
            if code == 401 || code == 404 {
                return .stopBot(
                    reason: "Telegram refused the bot token (\(code) \(error.reason)); fix TELEGRAM_BOT_TOKEN")
            }
            return .record(.failed(.content, code: code, description: error.reason, blocked: false))
        }
    }
}
