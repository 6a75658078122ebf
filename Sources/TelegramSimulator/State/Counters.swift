public import Telegram

/// What the simulator has seen, for one bot or all of them, for tests and benchmarks (`GET /control/counters`).
///
/// Exact however long the run: only the list of messages is a window, never these.
public struct SimulatorCounters: Codable, Sendable, Equatable {
    /// Every Bot API request, answered or not.
    public var requests = 0
    /// Messages delivered, including those whose answer was then dropped.
    public var sent = 0
    /// 429 answers.
    public var tooManyRequests = 0
    /// Requests that arrived while their bot was paused by a `retry_after`: should stay 0.
    public var earlyRequests = 0
    /// 429s given on demand (`SimulatorConfiguration.floods`).
    public var floods = 0
    /// `sendMessage`s that arrived more than 0.5 s into such a 429's `retry_after`: should stay 0.
    public var floodIntrusions = 0
    /// Deliveries of a broadcast (or, for a message without Herald's buttons, a text) a chat had
    /// already received from the bot.
    public var duplicates = 0
    public var blocked = 0
    public var chatNotFound = 0
    public var contentErrors = 0
    public var injectedErrors = 0
    /// Messages delivered whose answer never reached the client (the `drop_rate` fault).
    public var droppedAnswers = 0
    public var callbacksAnswered = 0
    /// Button presses whose callback query the bot has not answered (yet): the user sees a spinner.
    public var callbacksUnanswered = 0
    public var webhookDeliveries = 0
    public var webhookFailures = 0

    public init() {}

    /// Adds another bot's counters to these, for the totals.
    mutating func add(_ other: SimulatorCounters) {
        requests += other.requests
        sent += other.sent
        tooManyRequests += other.tooManyRequests
        earlyRequests += other.earlyRequests
        floods += other.floods
        floodIntrusions += other.floodIntrusions
        duplicates += other.duplicates
        blocked += other.blocked
        chatNotFound += other.chatNotFound
        contentErrors += other.contentErrors
        injectedErrors += other.injectedErrors
        droppedAnswers += other.droppedAnswers
        callbacksAnswered += other.callbacksAnswered
        callbacksUnanswered += other.callbacksUnanswered
        webhookDeliveries += other.webhookDeliveries
        webhookFailures += other.webhookFailures
    }
}

/// `GET /control/counters`: the totals at the top level, the shape scripts already read, and each
/// bot's own counters under `bots`, keyed by bot id.
struct CountersReport: Encodable {
    var total: SimulatorCounters
    var bots: [String: SimulatorCounters]

    private enum CodingKeys: String, CodingKey {
        case bots
    }

    func encode(to encoder: any Encoder) throws {
        try total.encode(to: encoder)
        // JSONEncoder hands back the object `total` just filled, so `bots` joins its keys.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bots, forKey: .bots)
    }
}

/// A message the simulator delivered, as `GET /control/messages` lists it.
public struct RecordedMessage: Codable, Sendable, Equatable {
    public var botId: Int64
    public var messageId: Int
    public var chatId: Int64
    public var text: String
    public var parseMode: String?
    public var replyMarkup: InlineKeyboardMarkup?
    public var paidBroadcast: Bool
}
