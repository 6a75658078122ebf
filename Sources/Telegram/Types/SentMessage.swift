/// What the sender needs of a sent message: its id, in the chat it went to.
public struct SentMessage: Decodable, Sendable, Equatable {
    public var messageId: Int
    public var chatID: Int64

    public init(messageId: Int, chatID: Int64) {
        self.messageId = messageId
        self.chatID = chatID
    }

    enum CodingKeys: String, CodingKey {
        case messageId = "message_id", chat
    }

    enum ChatKeys: String, CodingKey {
        case id
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageId = try container.decode(Int.self, forKey: .messageId)
        chatID = try container.nestedContainer(keyedBy: ChatKeys.self, forKey: .chat).decode(Int64.self, forKey: .id)
    }
}

/// A Bot API answer read with explicit keys, so the decoder converts none (the snake-case
/// strategy rewrites every key of every object it opens, the message's own included).
struct PlainAnswer<Result: Decodable & Sendable>: Decodable, Sendable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: Parameters?

    struct Parameters: Decodable, Sendable {
        var retryAfter: Int?
        var migrateToChatId: Int64?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after", migrateToChatId = "migrate_to_chat_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case ok, result, errorCode = "error_code", description, parameters
    }

    var answer: Answer<Result> {
        Answer(
            ok: ok, result: result, errorCode: errorCode, description: description,
            parameters: parameters.map {
                ResponseParameters(retryAfter: $0.retryAfter, migrateToChatId: $0.migrateToChatId)
            })
    }
}
