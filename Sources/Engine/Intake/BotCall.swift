public import Telegram

/// A Bot API call an update asks for (an answer to a callback query, a message to the user),
/// made after the update's events are committed. Over a webhook, one of them can ride in the
/// HTTP answer itself (`{"method": …}`), saving a request.
public enum BotCall: Sendable, Equatable {
    case answer(AnswerCallbackQuery)
    case send(SendMessage)

    public var method: String {
        switch self {
        case .answer: "answerCallbackQuery"
        case .send: "sendMessage"
        }
    }

    /// Makes the call.
    public func perform(with client: BotClient) async throws {
        switch self {
        case .answer(let answer): _ = try await client.answerCallbackQuery(answer)
        case .send(let message): _ = try await client.sendMessage(message)
        }
    }
}
