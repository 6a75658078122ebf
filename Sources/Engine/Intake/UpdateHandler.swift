public import Broadcasting
public import EventStore
public import Foundation
public import Logging
import Metrics
public import Telegram

/// Turns one update from Telegram into events and the Bot API calls that answer it, the same
/// whether it came by webhook or by long polling.
///
/// `handle` returns only after the update's events are committed, so a caller that then confirms
/// the update (a 2xx to the webhook, the next getUpdates offset) never loses one; and every event
/// id is derived from the update, so a redelivery appends nothing new. A press is always answered:
/// one on an unknown, canceled or malformed payload gets a polite answer and records nothing.
public struct UpdateHandler: Sendable {
    public let botID: Int64
    let store: EventStore
    let clicks: ClickRecorder
    let buttons: ButtonBook
    let desk: AdminDesk?
    let logger: Logger

    public init(botID: Int64, store: EventStore, desk: AdminDesk? = nil, logger: Logger) {
        self.botID = botID
        self.store = store
        self.clicks = ClickRecorder(
            store: store, metadata: CommandMetadata(actor: "telegram"), commits: GroupCommit(store: store))
        self.buttons = ButtonBook(store: store)
        self.desk = desk
        self.logger = logger
    }

    /// Texts of the answers to presses.
    public enum Answer {
        public static let counted = "Thanks, noted!"
        public static let again = "Already noted, thanks."
        public static let inactive = "This button is no longer active."
    }

    /// `handle`, except that an update whose own content can never be recorded is logged once,
    /// counted (`herald_updates_unrecordable_total`) and treated as handled, so that it is
    /// confirmed to Telegram instead of delivered again forever; a press among them is answered.
    /// A failure that may pass (the database unreachable) is thrown: the update comes again.
    public func receive(_ update: Update) async throws -> [BotCall] {
        do {
            return try await handle(update)
        } catch where UnrecordableUpdate.isPermanent(error) {
            Counter(label: "herald_updates_unrecordable_total").increment()
            logger.error(
                "update cannot be recorded and is skipped",
                metadata: ["update_id": "\(update.updateId)", "error": "\(error)"])
            guard let query = update.callbackQuery else { return [] }
            return [.answer(AnswerCallbackQuery(callbackQueryId: query.id, text: Answer.inactive))]
        }
    }

    /// Records what `update` means and returns the calls that answer it.
    public func handle(_ update: Update) async throws -> [BotCall] {
        switch InboundUpdate(update) {
        case .press(let queryID, let from, let data):
            if let data, data.hasPrefix(AdminDesk.prefix), let desk {
                return try await desk.press(queryID: queryID, data: data, from: from, updateID: update.updateId)
            }
            return try await press(queryID: queryID, from: from, data: data)
        case .start(let from, let chat, let payload):
            try await change(
                .start(chat: chat, username: from.username, language: from.languageCode, payload: payload),
                user: from.id, update: update.updateId)
            return []
        case .blocked(let user):
            try await change(.blocked, user: user, update: update.updateId)
            return []
        case .unblocked(let user):
            try await change(.unblocked, user: user, update: update.updateId)
            return []
        case .command(let name, let argument, let from, let chat):
            guard let desk else { return [] }
            return try await desk.command(name, argument: argument, from: from, chat: chat, updateID: update.updateId)
        case .text(let text, let from, let chat):
            guard let desk else { return [] }
            return try await desk.text(text, from: from, chat: chat, updateID: update.updateId)
        case .ignored(let reason):
            logger.debug("update ignored", metadata: ["update_id": "\(update.updateId)", "reason": "\(reason)"])
            return []
        }
    }

    /// A CTA press: a click (or a tap) when the payload names a callback button of a broadcast
    /// that went out to the presser; the answer, and at the first press the button's follow-up
    /// message if it has one.
    ///
    /// A Telegram client can send any callback data, so the payload alone proves nothing: a press
    /// from someone the broadcast was never sent to (or whose send failed) is answered and records
    /// nothing, or anyone could inflate a broadcast's clicks.
    func press(queryID: String, from: User, data: String?) async throws -> [BotCall] {
        guard from.id > 0, let data, let payload = try? CallbackPayload(decoding: data),
            let entry = try await buttons.entry(payload.broadcastID), entry.counts(payload.button),
            try await wasSent(payload.broadcastID, to: from.id)
        else {
            return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: Answer.inactive))]
        }
        let click = CTAClicked(
            broadcastID: payload.broadcastID, userID: from.id, button: payload.button, source: .callback)
        let press = try await clicks.record(
            click, id: DerivedID.callback(bot: botID, queryID: queryID),
            metadata: Self.metadata(user: from.id, bot: botID, key: "callback:\(queryID)"))
        let answer = BotCall.answer(
            AnswerCallbackQuery(callbackQueryId: queryID, text: press == .unique ? Answer.counted : Answer.again))
        guard press == .unique, let reply = entry.button(payload.button)?.reply else { return [answer] }
        return [answer, .send(SendMessage(chatId: from.id, text: reply))]
    }

    /// Whether `broadcast` went to `user`: their delivery stream holds a mark and its last outcome
    /// is not a failure. A mark without an outcome yet counts (the outcome is recorded within
    /// ~50 ms of Telegram's answer, and the user may press before), and so does an unknown outcome
    /// (a press proves the message arrived).
    func wasSent(_ broadcast: UUID, to user: Int64) async throws -> Bool {
        let events = try await store.readStream(StreamName.delivery(broadcast: broadcast, user: user))
        guard events.contains(where: { $0.type == MessageDispatching.type }) else { return false }
        let outcomes: Set = [MessageSent.type, MessageFailed.type, MessageOutcomeUnknown.type]
        return events.last(where: { outcomes.contains($0.type) })?.type != MessageFailed.type
    }

    /// A recipient's change, decided on their stream and appended at its version (again on a
    /// concurrent change); ids from the update, so a redelivery that still decides the same
    /// events finds them stored.
    func change(_ change: AudienceIntake.Change, user: Int64, update: Int) async throws {
        let stream = StreamName.recipient(user)
        let metadata = try Self.metadata(user: user, bot: botID, key: "update:\(update)").jsonb
        var attempt = 0
        while true {
            attempt += 1
            var known = AudienceIntake.Known()
            var version = 0
            for event in try await store.readStream(stream) {
                known = AudienceIntake.evolve(known, try EventCatalogue.decode(event))
                version = event.streamVersion
            }
            let decided = AudienceIntake.decide(change, user: user, known: known)
            guard !decided.isEmpty else { return }
            let events = try decided.enumerated().map { index, event in
                try NewEvent(
                    event, id: DerivedID.update(bot: botID, updateID: update, index: index), metadata: metadata)
            }
            do {
                try await store.append(events, expectations: [stream: version == 0 ? .noStream : .exact(version)])
                return
            } catch let error as EventStoreError where error.isConcurrencyConflict && attempt < 5 {
                continue
            }
        }
    }

    /// The user as the actor; the command id derived from the update, so a redelivery carries the
    /// same metadata.
    static func metadata(user: Int64, bot: Int64, key: String) -> CommandMetadata {
        CommandMetadata(actor: "telegram:\(user)", commandID: DerivedID.uuid("bot:\(bot):command:\(key)"))
    }
}
