/// One incoming update; exactly one of the optional fields is set.
///
/// `updateId` grows by one per update, so a receiver drops anything at or below the last it saw.
public struct Update: Codable, Sendable, Equatable {
    public var updateId: Int
    public var message: Message?
    public var callbackQuery: CallbackQuery?
    public var myChatMember: ChatMemberUpdated?

    public init(
        updateId: Int,
        message: Message? = nil,
        callbackQuery: CallbackQuery? = nil,
        myChatMember: ChatMemberUpdated? = nil
    ) {
        self.updateId = updateId
        self.message = message
        self.callbackQuery = callbackQuery
        self.myChatMember = myChatMember
    }
}
