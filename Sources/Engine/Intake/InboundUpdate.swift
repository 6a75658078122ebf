public import Telegram
import Foundation

/// What an update from Telegram asks of Herald, read without I/O. Anything Herald does not act on
/// is `.ignored` with the reason, and answered 2xx so that Telegram does not send it again.
///
/// Free text arrives `storable` (a NUL replaced), and a user or private chat whose id is not
/// positive is no one Telegram has: a message or membership change from one is ignored.
public enum InboundUpdate: Sendable, Equatable {
    /// A callback button was pressed; `data` is its payload as sent (Herald's `c:…` for a CTA,
    /// `h:…` for the /broadcast conversation), nil for a button without one.
    case press(queryID: String, from: User, data: String?)
    /// `/start` in a private chat, with its deep-link payload.
    case start(from: User, chat: Int64, payload: String?)
    /// Another command in a private chat (`/broadcast`, `/cancel`), lower-cased without `@bot`.
    case command(String, argument: String, from: User, chat: Int64)
    /// Plain text in a private chat (a cohort typed into the /broadcast conversation).
    case text(String, from: User, chat: Int64)
    /// The user blocked the bot (`kicked`, or `left`) in their private chat with it.
    case blocked(user: Int64)
    /// The user is a member of their private chat with the bot again (unblocked it).
    case unblocked(user: Int64)
    case ignored(String)

    public init(_ update: Update) {
        if let query = update.callbackQuery {
            self = .press(queryID: query.id.storable, from: query.from.storable, data: query.data?.storable)
        } else if let message = update.message {
            guard message.chat.type == "private", let user = message.from, !user.isBot else {
                self = .ignored("a message outside a private chat")
                return
            }
            guard user.id > 0, message.chat.id > 0 else {
                self = .ignored("a message from a user id that is not positive")
                return
            }
            guard let text = message.text else {
                self = .ignored("a message without text")
                return
            }
            self = Self.classify(text.storable, from: user.storable, chat: message.chat.id)
        } else if let member = update.myChatMember {
            guard member.chat.type == "private" else {
                self = .ignored("a membership change outside a private chat")
                return
            }
            guard member.from.id > 0 else {
                self = .ignored("a membership change from a user id that is not positive")
                return
            }
            switch member.newChatMember.status {
            case "kicked", "left": self = .blocked(user: member.from.id)
            case "member": self = .unblocked(user: member.from.id)
            default: self = .ignored("membership status \(member.newChatMember.status)")
            }
        } else {
            self = .ignored("an update of a kind Herald does not handle")
        }
    }

    static func classify(_ text: String, from user: User, chat: Int64) -> InboundUpdate {
        guard text.hasPrefix("/") else { return .text(text, from: user, chat: chat) }
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let word = parts.first.map(String.init) ?? "/"
        let name = String(word.dropFirst().prefix { $0 != "@" }).lowercased()
        let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
        if name == "start" { return .start(from: user, chat: chat, payload: argument.isEmpty ? nil : argument) }
        guard !name.isEmpty else { return .text(text, from: user, chat: chat) }
        return .command(name, argument: argument, from: user, chat: chat)
    }
}
