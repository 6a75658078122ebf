public import Broadcasting
public import Foundation

/// A recipient the dispatcher has marked in flight and is about to send to.
public struct ClaimedDelivery: Sendable, Hashable {
    public var broadcastID: UUID
    public var userID: Int64
    public var chatID: Int64
    /// The delivery stream's version at the in-flight mark: the outcome is appended expecting it.
    public var markVersion: Int
    /// The template's variables for this recipient (their attributes and `username`).
    public var variables: [String: String]
    /// Whether the audience read model has the recipient (their chat and variables). One it does
    /// not have is failed with that cause, never sent to a chat guessed from the user id.
    public var recipientKnown: Bool

    public init(
        broadcastID: UUID, userID: Int64, chatID: Int64, markVersion: Int, variables: [String: String] = [:],
        recipientKnown: Bool = true
    ) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.chatID = chatID
        self.markVersion = markVersion
        self.variables = variables
        self.recipientKnown = recipientKnown
    }
}

/// What became of one in-flight delivery: the event that closes its mark.
public struct DeliveryOutcome: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case sent(messageID: Int64)
        /// Permanent: the recipient will not get the message. `blocked` also records
        /// `recipient.blocked` (a 403 from Telegram).
        case failed(SendErrorClass, code: Int, description: String, blocked: Bool)
        /// It may or may not have arrived, and under at-most-once it is not sent again.
        case unknown
        /// The mark is withdrawn and the recipient waits to be sent again.
        case released(reason: String)
    }

    public var delivery: ClaimedDelivery
    public var kind: Kind
    /// Requests sent for it that failed and were tried again.
    public var retries: Int
    /// Event ids, fixed when the outcome is made, so a commit retried after a lost connection
    /// appends nothing twice.
    public var eventID: UUID
    public var blockedEventID: UUID

    public init(_ delivery: ClaimedDelivery, _ kind: Kind, retries: Int = 0) {
        self.delivery = delivery
        self.kind = kind
        self.retries = retries
        self.eventID = UUID()
        self.blockedEventID = UUID()
    }

    /// True when the recipient leaves the queue (everything but a release).
    public var isFinal: Bool {
        if case .released = kind { return false }
        return true
    }

    /// The events that record it: the outcome at the mark's version, and `recipient.blocked`.
    public var events: [any DomainEvent] {
        let d = delivery
        switch kind {
        case .sent(let messageID):
            return [MessageSent(broadcastID: d.broadcastID, userID: d.userID, chatID: d.chatID, messageID: messageID)]
        case .failed(let errorClass, let code, let description, let blocked):
            let failed = MessageFailed(
                broadcastID: d.broadcastID, userID: d.userID, chatID: d.chatID, errorClass: errorClass, code: code,
                description: description, permanent: true)
            return blocked ? [failed, RecipientBlocked(userID: d.userID, reason: description)] : [failed]
        case .unknown:
            return [MessageOutcomeUnknown(broadcastID: d.broadcastID, userID: d.userID, chatID: d.chatID)]
        case .released(let reason):
            return [MessageReleased(broadcastID: d.broadcastID, userID: d.userID, reason: reason)]
        }
    }
}
