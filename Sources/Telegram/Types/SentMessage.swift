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
