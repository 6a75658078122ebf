public import Broadcasting
import EventStore
import Foundation

/// `/start` and the bot's membership in a user's private chat, as recipient events: the audience
/// follows the bot. Decided from the recipient's own stream, appended at its version.
public struct AudienceIntake: Sendable {
    /// A recipient as far as intake cares.
    public struct Known: Sendable, Equatable {
        public var exists = false
        public var blocked = false
        public var attributes: [String: String] = [:]
        public init() {}
    }

    public enum Change: Sendable, Equatable {
        case start(chat: Int64, username: String?, language: String?, payload: String?)
        case blocked
        case unblocked
    }

    /// What `change` appends for `user` given what is known of them: nothing when it changes
    /// nothing (a redelivered update, a second /start), so repeats are free.
    public static func decide(_ change: Change, user: Int64, known: Known) -> [any DomainEvent] {
        switch change {
        case .start(let chat, let username, let language, let payload):
            guard known.exists else {
                return [
                    RecipientRegistered(
                        userID: user, chatID: chat, username: username,
                        attributes: payload.map { [Self.startAttribute: $0] } ?? [:],
                        language: language ?? RecipientRegistered.unknownLanguage)
                ]
            }
            var events: [any DomainEvent] = []
            if known.blocked { events.append(RecipientUnblocked(userID: user)) }
            if let payload, known.attributes[Self.startAttribute] != payload {
                events.append(RecipientAttributesChanged(userID: user, set: [Self.startAttribute: payload]))
            }
            return events
        case .blocked:
            guard known.exists, !known.blocked else { return [] }
            return [RecipientBlocked(userID: user, reason: "my_chat_member: the user blocked the bot")]
        case .unblocked:
            guard known.exists, known.blocked else { return [] }
            return [RecipientUnblocked(userID: user)]
        }
    }

    /// The attribute a `/start` deep-link payload is kept under.
    public static let startAttribute = "start"

    static func evolve(_ known: Known, _ event: any DomainEvent) -> Known {
        var known = known
        switch event {
        case let registered as RecipientRegistered:
            known.exists = true
            known.attributes = registered.attributes
        case let changed as RecipientAttributesChanged:
            changed.removed.forEach { known.attributes[$0] = nil }
            known.attributes.merge(changed.set) { $1 }
        case is RecipientBlocked: known.blocked = true
        case is RecipientUnblocked: known.blocked = false
        default: break
        }
        return known
    }
}
