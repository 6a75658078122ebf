extension RateLimiter {
    /// Telegram's limits for one bot (Bot FAQ), all adjustable.
    public struct Configuration: Sendable, Equatable {
        /// Largest bulk rate Telegram allows, with `allow_paid_broadcast`.
        public static let paidBroadcastMaximum = 1000.0

        /// Messages per second across all chats: 30 free; up to 1000 for paid broadcasts.
        public var messagesPerSecond: Double
        /// Spacing between two messages to one private chat (about 1 per second).
        public var perChatInterval: Duration
        /// Spacing between two messages to one group (20 per minute).
        public var perGroupInterval: Duration

        public init(
            messagesPerSecond: Double = 30,
            perChatInterval: Duration = .seconds(1),
            perGroupInterval: Duration = .seconds(3)
        ) {
            self.messagesPerSecond = min(max(messagesPerSecond, 0.001), Self.paidBroadcastMaximum)
            self.perChatInterval = perChatInterval
            self.perGroupInterval = perGroupInterval
        }

        /// The paid-broadcast profile: 1000 messages per second.
        public static let paidBroadcast = Configuration(messagesPerSecond: paidBroadcastMaximum)

        var globalInterval: Duration { .seconds(1) / messagesPerSecond }
    }
}
