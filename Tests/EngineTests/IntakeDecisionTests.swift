import Broadcasting
import Engine
import Foundation
import Telegram
import Testing

/// What an update means and what it appends, decided without I/O.
@Suite struct IntakeDecisionTests {
    let user = User(id: 42, firstName: "Ana", username: "ana", languageCode: "pt-BR")

    func message(_ text: String?, chat: Chat? = nil, from: User? = nil) -> Update {
        let chat = chat ?? Chat.privateChat(with: user)
        return Update(updateId: 1, message: Message(messageId: 1, from: from ?? user, date: 0, chat: chat, text: text))
    }

    @Test func commandsTextAndStartInPrivateChats() {
        #expect(InboundUpdate(message("/start")) == .start(from: user, chat: 42, payload: nil))
        #expect(InboundUpdate(message("/start spring-sale")) == .start(from: user, chat: 42, payload: "spring-sale"))
        #expect(
            InboundUpdate(message("/Broadcast@herald_bot")) == .command("broadcast", argument: "", from: user, chat: 42)
        )
        #expect(InboundUpdate(message(#"{"tier": "gold"}"#)) == .text(#"{"tier": "gold"}"#, from: user, chat: 42))
        #expect(InboundUpdate(message(nil)) == .ignored("a message without text"))
        let group = Chat(id: -100, type: "supergroup", title: "G")
        #expect(InboundUpdate(message("/start", chat: group)) == .ignored("a message outside a private chat"))
        let bot = User(id: 7, isBot: true, firstName: "Bot")
        #expect(InboundUpdate(message("/start", from: bot)) == .ignored("a message outside a private chat"))
        #expect(InboundUpdate(Update(updateId: 3)) == .ignored("an update of a kind Herald does not handle"))
    }

    @Test func membershipInThePrivateChatBlocksAndUnblocks() {
        func member(_ status: String, chat: Chat? = nil) -> Update {
            Update(
                updateId: 2,
                myChatMember: ChatMemberUpdated(
                    chat: chat ?? Chat.privateChat(with: user), from: user, date: 0,
                    oldChatMember: ChatMember(status: "member", user: user),
                    newChatMember: ChatMember(status: status, user: user)))
        }
        #expect(InboundUpdate(member("kicked")) == .blocked(user: 42))
        #expect(InboundUpdate(member("left")) == .blocked(user: 42))
        #expect(InboundUpdate(member("member")) == .unblocked(user: 42))
        #expect(InboundUpdate(member("administrator")) == .ignored("membership status administrator"))
        #expect(
            InboundUpdate(member("kicked", chat: Chat(id: -5, type: "group")))
                == .ignored("a membership change outside a private chat"))
    }

    @Test func startRegistersOnceAndUnblocks() throws {
        let start = AudienceIntake.Change.start(chat: 42, username: "ana", language: "pt-BR", payload: "spring")
        let first = AudienceIntake.decide(start, user: 42, known: .init())
        let registered = try #require(first.first as? RecipientRegistered)
        #expect(first.count == 1)
        #expect(registered.attributes == ["start": "spring"])
        #expect(registered.language == "pt-BR")
        #expect(registered.username == "ana")
        var known = AudienceIntake.Known()
        known.exists = true
        known.attributes = ["start": "spring"]
        #expect(AudienceIntake.decide(start, user: 42, known: known).isEmpty, "a second /start changes nothing")
        known.blocked = true
        let again = AudienceIntake.decide(
            .start(chat: 42, username: nil, language: nil, payload: "autumn"), user: 42, known: known)
        #expect(again.map { type(of: $0).type } == ["recipient.unblocked", "recipient.attributes-changed"])
        #expect(
            AudienceIntake.decide(
                .start(chat: 42, username: nil, language: nil, payload: nil), user: 42, known: .init()
            )
            .compactMap { ($0 as? RecipientRegistered)?.language } == [RecipientRegistered.unknownLanguage])
    }

    @Test func blocksChangeOnlyKnownRecipientsAndOnlyOnce() {
        var known = AudienceIntake.Known()
        #expect(AudienceIntake.decide(.blocked, user: 1, known: known).isEmpty, "an unknown user is not invented")
        known.exists = true
        #expect(AudienceIntake.decide(.unblocked, user: 1, known: known).isEmpty)
        #expect(
            AudienceIntake.decide(.blocked, user: 1, known: known).map { type(of: $0).type } == ["recipient.blocked"])
        known.blocked = true
        #expect(AudienceIntake.decide(.blocked, user: 1, known: known).isEmpty)
        #expect(
            AudienceIntake.decide(.unblocked, user: 1, known: known).map { type(of: $0).type } == [
                "recipient.unblocked"
            ])
    }

    @Test func derivedIdsAreStableAndDistinct() {
        #expect(DerivedID.update(bot: 1, updateID: 5) == DerivedID.update(bot: 1, updateID: 5))
        #expect(DerivedID.update(bot: 1, updateID: 5) != DerivedID.update(bot: 2, updateID: 5))
        #expect(DerivedID.update(bot: 1, updateID: 5, index: 1) != DerivedID.update(bot: 1, updateID: 5))
        #expect(DerivedID.callback(bot: 1, queryID: "5") != DerivedID.update(bot: 1, updateID: 5))
        let text = DerivedID.callback(bot: 1, queryID: "abc").uuidString
        #expect(Array(text)[14] == "8", "version 8, name-based")
    }
}
