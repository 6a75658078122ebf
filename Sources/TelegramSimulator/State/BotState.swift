import Telegram

/// One simulated bot: its limits, pause, updates, webhook and delivered messages.
struct BotState: Sendable {
    typealias Instant = ContinuousClock.Instant

    struct Webhook: Sendable {
        var url: String
        var secretToken: String?
        var maxConnections: Int
        var allowedUpdates: [String]?
    }

    let id: Int64
    let secret: String
    var user: User
    var global: TokenBucket?
    var paid: TokenBucket?
    var chats: [Int64: TokenBucket] = [:]
    /// No request before this instant: the end of the last `retry_after`.
    var pausedUntil: Instant?
    var pending: [Update] = []
    var nextUpdateID = 100_001
    var webhook: Webhook?
    var lastWebhookError: (date: Int, message: String)?
    var messages: [Int: RecordedMessage] = [:]
    var nextMessageID = 1
    /// chat + payload of each delivery, for duplicate counting.
    var deliveredPayloads: Set<String> = []
    var blockOverrides: [Int64: Bool] = [:]
    var openCallbacks: Set<String> = []
    var nextCallbackID = 1

    init(id: Int64, secret: String, configuration: SimulatorConfiguration) {
        self.id = id
        self.secret = secret
        var user = User(id: id, isBot: true, firstName: "Herald Simulator", username: "herald_sim_\(id)_bot")
        user.canJoinGroups = true
        user.canReadAllGroupMessages = false
        user.supportsInlineQueries = false
        self.user = user
        applyLimits(configuration)
    }

    mutating func applyLimits(_ configuration: SimulatorConfiguration) {
        global = configuration.rate.map { TokenBucket(capacity: $0, rate: $0) }
        paid = configuration.rate.map { _ in TokenBucket(capacity: configuration.paidRate, rate: configuration.paidRate)
        }
        chats = [:]
    }

    /// A chat's own limit: a small burst then one per second, or 20 per minute for groups.
    mutating func takeChatToken(_ chat: Int64, now: Instant, configuration: SimulatorConfiguration) -> Duration? {
        guard configuration.rate != nil else { return nil }
        var bucket =
            chats[chat]
            ?? (chat < 0
                ? TokenBucket(
                    capacity: Double(configuration.groupPerMinute), rate: Double(configuration.groupPerMinute) / 60)
                : TokenBucket(capacity: Double(configuration.perChatBurst), rate: 1))
        let wait = bucket.take(now: now)
        chats[chat] = bucket
        return wait
    }

    func isBlocked(_ user: Int64, configuration: SimulatorConfiguration) -> Bool {
        blockOverrides[user] ?? configuration.isBlockedByDefault(user)
    }

    mutating func enqueue(_ make: (Int) -> Update) -> Update {
        let update = make(nextUpdateID)
        nextUpdateID += 1
        pending.append(update)
        return update
    }
}
