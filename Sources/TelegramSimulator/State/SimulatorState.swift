import Telegram

/// Everything the simulated Bot API knows, as a pure state machine.
///
/// The server feeds it requests with the current time and sends back the reply; nothing here does
/// I/O or reads a clock, so its rules are testable directly.
public struct SimulatorState: Sendable {
    public typealias Instant = ContinuousClock.Instant

    public internal(set) var configuration: SimulatorConfiguration
    var bots: [Int64: BotState] = [:]
    var botOrder: [Int64] = []
    var random: SplitMix64

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        self.random = SplitMix64(seed: configuration.seed)
        for token in configuration.tokens { _ = bot(for: token) }
    }

    /// What the server does after a Bot API request.
    public struct Outcome: Sendable {
        public var reply: BotReply
        /// Set for a `getUpdates` that found nothing and may wait up to `timeout` seconds.
        public var longPoll: LongPoll?
        /// Set when the bot's webhook may have something new to deliver.
        public var webhookBot: Int64?
    }

    public struct LongPoll: Sendable {
        public var botID: Int64
        public var offset: Int?
        public var limit: Int
        public var timeout: Int
    }

    /// Answers one Bot API call for `token`.
    mutating func handle(token: String, method: String, parameters: Parameters, now: Instant, unixTime: Int)
        -> Outcome
    {
        guard let botID = bot(for: token) else { return Outcome(reply: .error(401, "Unauthorized")) }
        let method = method.lowercased()
        bots[botID]?.counters.requests += 1
        if method == "sendmessage" { bots[botID]?.arrivals.append(now) }
        if let until = bots[botID]?.pausedUntil, now < until {
            bots[botID]?.counters.earlyRequests += 1
            bots[botID]?.counters.tooManyRequests += 1
            return Outcome(reply: .tooManyRequests(retryAfter: Self.wholeSeconds(now.duration(to: until))))
        }
        if let seconds = configuration.floods.removeValue(forKey: method) {
            bots[botID]?.flood = (now, now + .seconds(seconds))
            bots[botID]?.counters.tooManyRequests += 1
            bots[botID]?.counters.floods += 1
            return Outcome(reply: .tooManyRequests(retryAfter: seconds))
        }
        // A request sent after the client read the flood's 429 (not one already on the wire: those
        // arrive within milliseconds) and before its retry_after ended.
        if method == "sendmessage", let flood = bots[botID]?.flood, now > flood.start + .milliseconds(500),
            now < flood.end
        {
            bots[botID]?.counters.floodIntrusions += 1
        }
        if configuration.errorRate > 0 && random.nextUnit() < configuration.errorRate {
            bots[botID]?.counters.injectedErrors += 1
            return Outcome(reply: .error(500, "Internal Server Error"))
        }
        switch method {
        case "getme": return Outcome(reply: .ok(bots[botID]?.user))
        case "sendmessage": return Outcome(reply: sendMessage(botID, parameters, now: now, unixTime: unixTime))
        case "answercallbackquery": return Outcome(reply: answerCallbackQuery(botID, parameters))
        case "getupdates": return getUpdates(botID, parameters)
        case "setwebhook": return setWebhook(botID, parameters)
        case "deletewebhook": return Outcome(reply: deleteWebhook(botID, parameters))
        case "getwebhookinfo": return Outcome(reply: .ok(webhookInfo(botID)))
        default: return Outcome(reply: .error(404, "Not Found"))
        }
    }

    /// The bot a token names, created on first use when any token is accepted.
    mutating func bot(for token: String) -> Int64? {
        let parts = token.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[0]), !parts[1].isEmpty else { return nil }
        if let existing = bots[id] { return existing.secret == token ? id : nil }
        guard configuration.tokens.isEmpty || configuration.tokens.contains(token) else { return nil }
        bots[id] = BotState(id: id, secret: token, configuration: configuration)
        botOrder.append(id)
        return id
    }

    /// The bot a control request means: the one named, or else the first known.
    func controlBot(_ id: Int64?) -> Int64? {
        if let id { return bots[id] == nil ? nil : id }
        return botOrder.first
    }

    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// Replaces the limits and failure settings; tokens and population stay.
    public mutating func reconfigure(_ change: (inout SimulatorConfiguration) -> Void) {
        change(&configuration)
        for id in botOrder { bots[id]?.applyLimits(configuration) }
    }

    /// Forgets messages, updates, pauses and counters; keeps bots and configuration.
    public mutating func reset() {
        for id in botOrder {
            guard let old = bots[id] else { continue }
            bots[id] = BotState(id: id, secret: old.secret, configuration: configuration)
        }
    }

    /// Messages delivered so far, oldest first, optionally to one chat only.
    public func recordedMessages(chat: Int64? = nil) -> [RecordedMessage] {
        botOrder.flatMap { id in
            (bots[id].map { Array($0.messages.values) } ?? []).filter { chat == nil || $0.chatId == chat }
        }
        .sorted { ($0.botId, $0.messageId) < ($1.botId, $1.messageId) }
    }
}
