import Telegram

/// One simulated bot: its limits, pause, updates, webhook, counters and recent messages.
///
/// Memory stays bounded however many messages it delivers: the messages and arrival instants are
/// windows of the most recent, duplicates are 64-bit digests, idle chats' rate buckets are pruned.
struct BotState: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// How many `sendMessage` arrival instants each bot keeps.
    static let arrivalWindow = 10_000

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
    /// Chat buckets are pruned when there are this many; then twice what is left.
    private var chatPruneThreshold = 1024
    /// No request before this instant: the end of the last `retry_after`.
    var pausedUntil: Instant?
    /// The last on-demand flood (`SimulatorConfiguration.floods`): when its 429 was given and its
    /// `retry_after` ends.
    var flood: (start: Instant, end: Instant)?
    var pending: [Update] = []
    var nextUpdateID = 100_001
    var webhook: Webhook?
    var lastWebhookError: (date: Int, message: String)?
    var counters = SimulatorCounters()
    /// The most recent deliveries, by message id, for `/control/messages` and button presses.
    private(set) var messages: [Int: RecordedMessage] = [:]
    private var recentMessageIDs: Ring<Int>
    /// When each recent `sendMessage` arrived, answered or not, oldest first.
    var arrivals = Ring<Instant>(capacity: BotState.arrivalWindow)
    var nextMessageID = 1
    /// `DeliveryKey` digests of every delivery, for duplicate counting.
    private var deliveredKeys: Set<UInt64> = []
    var blockOverrides: [Int64: Bool] = [:]
    var openCallbacks: Set<String> = []
    /// Updates being POSTed to the webhook now (at most `maxConnections` at once, as Telegram does).
    var inFlight: Set<Int> = []
    /// Recent updates by id, for `/control/redeliver`.
    private(set) var recentUpdates: [Int: Update] = [:]
    private var recentUpdateIDs = Ring<Int>(capacity: 10_000)
    var nextCallbackID = 1

    init(id: Int64, secret: String, configuration: SimulatorConfiguration) {
        self.id = id
        self.secret = secret
        var user = User(id: id, isBot: true, firstName: "Herald Simulator", username: "herald_sim_\(id)_bot")
        user.canJoinGroups = true
        user.canReadAllGroupMessages = false
        user.supportsInlineQueries = false
        self.user = user
        self.recentMessageIDs = Ring(capacity: configuration.messageWindow)
        applyLimits(configuration)
    }

    /// Records a delivered message, forgetting the oldest beyond the window; true when the chat had
    /// already received this broadcast (or text) from the bot.
    mutating func record(_ message: RecordedMessage) -> Bool {
        messages[message.messageId] = message
        if let evicted = recentMessageIDs.append(message.messageId) { messages[evicted] = nil }
        let digest = DeliveryKey.digest(chat: message.chatId, text: message.text, markup: message.replyMarkup)
        return !deliveredKeys.insert(digest).inserted
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
        if chats.count >= chatPruneThreshold {
            // A full bucket behaves exactly like a missing one, so dropping it changes no answer.
            chats = chats.filter { !$0.value.isFull(at: now) }
            chatPruneThreshold = max(1024, chats.count * 2)
        }
        return wait
    }

    func isBlocked(_ user: Int64, configuration: SimulatorConfiguration) -> Bool {
        blockOverrides[user] ?? configuration.isBlockedByDefault(user)
    }

    mutating func enqueue(_ make: (Int) -> Update) -> Update {
        let update = make(nextUpdateID)
        nextUpdateID += 1
        pending.append(update)
        recentUpdates[update.updateId] = update
        if let evicted = recentUpdateIDs.append(update.updateId) { recentUpdates[evicted] = nil }
        return update
    }

    /// Queues a recent update again under its own id, as Telegram does after a webhook answered
    /// non-2xx or timed out; a callback query is open again (unanswered) until the bot answers it.
    mutating func redeliver(_ updateID: Int) -> Update? {
        guard let update = recentUpdates[updateID] else { return nil }
        if !pending.contains(where: { $0.updateId == updateID }) { pending.append(update) }
        if let query = update.callbackQuery { openCallbacks.insert(query.id) }
        return update
    }
}
