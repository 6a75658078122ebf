public import Telegram

/// What the simulator has seen, for tests and benchmarks (`GET /control/counters`).
public struct SimulatorCounters: Codable, Sendable, Equatable {
    /// Every Bot API request, answered or not.
    public var requests = 0
    /// Messages delivered.
    public var sent = 0
    /// 429 answers.
    public var tooManyRequests = 0
    /// Requests that arrived while their bot was paused by a `retry_after`: should stay 0.
    public var earlyRequests = 0
    /// Deliveries of a payload a chat had already received.
    public var duplicates = 0
    public var blocked = 0
    public var chatNotFound = 0
    public var contentErrors = 0
    public var injectedErrors = 0
    public var callbacksAnswered = 0
    public var webhookDeliveries = 0
    public var webhookFailures = 0

    public init() {}
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
