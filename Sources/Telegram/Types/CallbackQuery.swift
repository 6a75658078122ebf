/// A press on a callback button; the bot must answer it or the user sees a spinner.
public struct CallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    /// The user who pressed, not the message's author.
    public var from: User
    public var message: Message?
    public var chatInstance: String
    /// The button's `callback_data`.
    public var data: String?

    public init(id: String, from: User, message: Message? = nil, chatInstance: String, data: String? = nil) {
        self.id = id
        self.from = from
        self.message = message
        self.chatInstance = chatInstance
        self.data = data
    }
}
