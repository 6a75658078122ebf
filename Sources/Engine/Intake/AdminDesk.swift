public import Broadcasting
public import EventStore
public import Foundation
import Postgres
import Projections
public import Telegram

/// The /broadcast conversation an admin (`HERALD_ADMIN_IDS`) has with the bot: pick a template,
/// see it rendered with its buttons, pick an audience (All, or a cohort typed as JSON), see
/// "Ready to send to N users", then Send or Cancel. Send creates and starts the broadcast with the
/// admin as the actor.
///
/// The conversation's state lives in `herald.conversations`, so a restart of `herald run` loses
/// nothing; 15 idle minutes end it. Its buttons carry `h:` payloads, apart from CTA clicks (`c:`).
/// Anyone else gets a polite refusal and nothing is recorded.
public struct AdminDesk: Sendable {
    public static let prefix = "h:"
    public static let idle: Duration = .seconds(15 * 60)
    static let pageSize = 6

    public let botID: Int64
    public let admins: Set<Int64>
    let store: EventStore
    /// The Progress button's reads: one connection, leased per press.
    let reads: ConnectionPool

    public init(botID: Int64, admins: Set<Int64>, store: EventStore) {
        self.botID = botID
        self.admins = admins
        self.store = store
        reads = ConnectionPool(configuration: store.configuration, maximumConnections: 1, applicationName: "herald-desk")
    }

    /// Where a conversation stands; stored as JSON.
    public struct Conversation: Codable, Sendable, Equatable {
        public enum Step: String, Codable, Sendable {
            case template, audience, cohort, confirm
        }
        public var step: Step = .template
        public var page = 0
        public var templateName: String?
        public var cohort: JSONValue?
        public var count: Int?
        /// The last update this conversation acted on: a redelivered one (at or below it) is not
        /// acted on twice.
        public var lastUpdate: Int
    }

    public enum Text {
        public static let refusal = "Sorry, /broadcast is only for this bot's admins."
        public static let expired = "This conversation has ended; send /broadcast to start again."
        public static let canceled = "Canceled; nothing was sent."
        public static let askCohort =
            "Type the cohort as JSON, for example {\"tier\": \"premium\", \"region\": \"eu\"}. /cancel leaves."
    }

    // MARK: Inputs

    func command(_ name: String, argument: String, from: User, chat: Int64, updateID: Int) async throws -> [BotCall] {
        switch name {
        case "broadcast":
            guard admins.contains(from.id) else { return [.send(SendMessage(chatId: chat, text: Text.refusal))] }
            let conversation = Conversation(lastUpdate: updateID)
            if let previous = try await load(from.id), previous.lastUpdate >= updateID { return [] }
            try await save(conversation, admin: from.id)
            return [.send(try await templatePicker(conversation, chat: chat))]
        case "cancel":
            guard admins.contains(from.id), try await load(from.id) != nil else { return [] }
            try await delete(from.id)
            return [.send(SendMessage(chatId: chat, text: Text.canceled))]
        default:
            return []
        }
    }

    func text(_ text: String, from: User, chat: Int64, updateID: Int) async throws -> [BotCall] {
        guard admins.contains(from.id), var conversation = try await load(from.id), conversation.step == .cohort,
            conversation.lastUpdate < updateID
        else { return [] }
        conversation.lastUpdate = updateID
        let cohort: JSONValue
        do {
            cohort = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            _ = try Cohort(cohort)
            if let path = cohort.pathToNUL {
                // Typed as the escape \u0000: PostgreSQL cannot store it, and a bind would cut it.
                try await save(conversation, admin: from.id)
                let field = path.isEmpty ? "the value" : path
                return [
                    .send(
                        SendMessage(
                            chatId: chat,
                            text: "Invalid cohort: \(field) contains a NUL character. Try again, or /cancel."))
                ]
            }
        } catch let rejection as CohortRejection {
            try await save(conversation, admin: from.id)
            return [.send(SendMessage(chatId: chat, text: "Invalid cohort: \(rejection). Try again, or /cancel."))]
        } catch {
            try await save(conversation, admin: from.id)
            return [.send(SendMessage(chatId: chat, text: "Invalid cohort: not JSON. Try again, or /cancel."))]
        }
        return try await confirm(cohort, conversation, admin: from.id, chat: chat)
    }

    func press(queryID: String, data: String, from: User, updateID: Int) async throws -> [BotCall] {
        let answer = BotCall.answer(AnswerCallbackQuery(callbackQueryId: queryID))
        guard admins.contains(from.id) else {
            return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: Text.refusal))]
        }
        let chat = from.id
        if data.hasPrefix(Self.prefix + "g:") {
            let short = Substring(data.dropFirst((Self.prefix + "g:").count))
            return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: try await progress(short)))]
        }
        guard var conversation = try await load(from.id) else {
            return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: Text.expired))]
        }
        guard conversation.lastUpdate < updateID else { return [answer] }
        conversation.lastUpdate = updateID
        let parts = data.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1).map(String.init)
        switch (conversation.step, parts.first ?? "", parts.count > 1 ? parts[1] : "") {
        case (_, "x", _):
            try await delete(from.id)
            return [answer, .send(SendMessage(chatId: chat, text: Text.canceled))]
        case (.template, "p", let page):
            conversation.page = max(0, Int(page) ?? 0)
            try await save(conversation, admin: from.id)
            return [answer, .send(try await templatePicker(conversation, chat: chat))]
        case (.template, "t", let short):
            let choice = try await templates().first { CallbackPayload.shortID($0.id) == short }
            guard let choice else {
                return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: "That template is gone."))]
            }
            let template = try await store.template(choice.id)
            conversation.templateName = choice.name
            conversation.step = .audience
            try await save(conversation, admin: from.id)
            return [
                answer, .send(try await preview(template, admin: from.id, chat: chat)), .send(audiencePicker(chat)),
            ]
        case (.audience, "a", "all"):
            return [answer] + (try await confirm(.object([:]), conversation, admin: from.id, chat: chat))
        case (.audience, "a", "cohort"):
            conversation.step = .cohort
            try await save(conversation, admin: from.id)
            return [answer, .send(SendMessage(chatId: chat, text: Text.askCohort))]
        case (.confirm, "send", _):
            return [answer] + (try await send(conversation, admin: from.id, chat: chat, updateID: updateID))
        default:
            return [.answer(AnswerCallbackQuery(callbackQueryId: queryID, text: "That step is over."))]
        }
    }

    // MARK: Steps

    private func confirm(_ cohort: JSONValue, _ conversation: Conversation, admin: Int64, chat: Int64) async throws
        -> [BotCall]
    {
        var conversation = conversation
        let count = try await Audience.members(matching: try Cohort(cohort), database: store.configuration).count
        guard count > 0 else {
            conversation.step = .audience
            try await save(conversation, admin: admin)
            return [.send(audiencePicker(chat, note: "No one matches that audience. Pick another, or Cancel."))]
        }
        conversation.cohort = cohort
        conversation.count = count
        conversation.step = .confirm
        try await save(conversation, admin: admin)
        let users = count == 1 ? "1 user" : "\(count) users"
        return [
            .send(
                SendMessage(
                    chatId: chat, text: "Ready to send \(conversation.templateName ?? "") to \(users).",
                    replyMarkup: keyboard([[("Send", "send")], [("Cancel", "x")]])))
        ]
    }

    private func send(_ conversation: Conversation, admin: Int64, chat: Int64, updateID: Int) async throws
        -> [BotCall]
    {
        guard let name = conversation.templateName, let cohort = conversation.cohort else { return [] }
        let handler = BroadcastHandler(store: store, metadata: metadata(admin))
        // The id comes from the update, so a redelivered Send finds its broadcast made already.
        let id = DerivedID.update(bot: botID, updateID: updateID)
        let count: Int
        do {
            try await handler.create(id: id, title: "/broadcast \(name)", template: name, cohort: cohort)
            count = try await handler.send(id) { cohort in
                try await Audience.members(matching: cohort, database: store.configuration)
            }
        } catch let rejection as DecisionRejection {
            try await delete(admin)
            return [.send(SendMessage(chatId: chat, text: "Not sent: \(rejection). Send /broadcast to try again."))]
        }
        try await delete(admin)
        let users = count == 1 ? "1 user" : "\(count) users"
        return [
            .send(
                SendMessage(
                    chatId: chat,
                    text: "Broadcast \(id.uuidString.lowercased()) is sending to \(users). "
                        + "Press Progress for its figures, or run herald broadcast show \(id.uuidString.lowercased()) --watch",
                    replyMarkup: keyboard([[("Progress", "g:\(CallbackPayload.shortID(id))")]])))
        ]
    }

    /// A broadcast's figures in one line, for the toast of the Progress button (200 characters at most).
    private func progress(_ short: Substring) async throws -> String {
        guard let id = CallbackPayload.uuid(shortID: short),
            let stats = try await StatsReader(database: store.configuration, pool: reads).stats(id: id).first
        else { return "No such broadcast." }
        return "\(stats.status): \(stats.sent) of \(stats.audience) sent, \(stats.failed) failed, "
            + "\(stats.unknown) unknown, \(stats.pending) pending; \(stats.unique_clickers) clicked"
    }

    private func templatePicker(_ conversation: Conversation, chat: Int64) async throws -> SendMessage {
        let names = try await templates()
        guard !names.isEmpty else {
            return SendMessage(chatId: chat, text: "There is no template yet: create one with herald template create.")
        }
        let pages = (names.count + Self.pageSize - 1) / Self.pageSize
        let page = min(conversation.page, pages - 1)
        var rows = names.dropFirst(page * Self.pageSize).prefix(Self.pageSize).map {
            [($0.name, "t:\(CallbackPayload.shortID($0.id))")]
        }
        var navigation: [(String, String)] = []
        if page > 0 { navigation.append(("‹ Previous", "p:\(page - 1)")) }
        if page + 1 < pages { navigation.append(("Next ›", "p:\(page + 1)")) }
        if !navigation.isEmpty { rows.append(navigation) }
        rows.append([("Cancel", "x")])
        return SendMessage(
            chatId: chat, text: "Pick a template (page \(page + 1) of \(pages)):", replyMarkup: keyboard(rows))
    }

    private func preview(_ template: TemplateState, admin: Int64, chat: Int64) async throws -> SendMessage {
        var variables: [String: String] = [:]
        for event in try await store.readStream(StreamName.recipient(admin)) {
            switch try EventCatalogue.decode(event) {
            case let registered as RecipientRegistered:
                variables = registered.attributes
                if let username = registered.username { variables["username"] = username }
            case let changed as RecipientAttributesChanged:
                changed.removed.forEach { variables[$0] = nil }
                variables.merge(changed.set) { $1 }
            default: break
            }
        }
        // The template's buttons as they will look; pressing one here does nothing.
        let buttons = template.buttons.map { button in
            [
                button.url.map { InlineKeyboardButton.link(button.text, url: $0) }
                    ?? InlineKeyboardButton.callback(button.text, data: Self.prefix + "-")
            ]
        }
        let markup = buttons.isEmpty ? nil : InlineKeyboardMarkup(inlineKeyboard: buttons)
        let source = MessageTemplate(unchecked: template.body, parseMode: template.parseMode)
        let rendered = await Rendering.run { [variables] in
            Result { () throws(TemplateRejection) in try source.render(variables) }
        }
        do {
            let text = try rendered.get()
            return SendMessage(
                chatId: chat, text: text, parseMode: template.parseMode.telegramValue, replyMarkup: markup)
        } catch {
            return SendMessage(
                chatId: chat, text: "Preview (cannot render for you: \(error)):\n\(template.body)", replyMarkup: markup)
        }
    }

    private func audiencePicker(_ chat: Int64, note: String = "Who should receive it?") -> SendMessage {
        SendMessage(
            chatId: chat, text: note,
            replyMarkup: keyboard([[("All users", "a:all")], [("A cohort (type JSON)", "a:cohort")], [("Cancel", "x")]])
        )
    }

    private func keyboard(_ rows: [[(String, String)]]) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup(
            inlineKeyboard: rows.map { row in
                row.map { InlineKeyboardButton.callback($0.0, data: Self.prefix + $0.1) }
            })
    }

    private func metadata(_ admin: Int64) -> CommandMetadata { CommandMetadata(actor: "telegram:\(admin)") }

    // MARK: Storage

    /// Templates that are not archived, by name (the read model the CLI and the API read).
    private func templates() async throws -> [(id: UUID, name: String)] {
        try await TemplateReader(database: store.configuration).templates().compactMap { template in
            guard !template.archived, let id = UUID(uuidString: template.template_id) else { return nil }
            return (id, template.name)
        }
    }

    private func load(_ admin: Int64) async throws -> Conversation? {
        let rows = try await store.pool.withConnection { [botID] connection in
            try await connection.query(
                """
                SELECT state, updated_at > now() - make_interval(secs => \(Double(Self.idle.components.seconds)))
                FROM herald.conversations WHERE bot_id = \(botID) AND admin_id = \(admin)
                """)
        }
        guard let row = rows.first, try row.decode(Bool.self, at: 1) else { return nil }
        return try row.decode(JSONB.self, at: 0).decode(Conversation.self)
    }

    private func save(_ conversation: Conversation, admin: Int64) async throws {
        let state = try JSONB(encoding: conversation)
        _ = try await store.pool.withConnection { [botID] connection in
            try await connection.execute(
                """
                INSERT INTO herald.conversations (bot_id, admin_id, state, updated_at)
                VALUES (\(botID), \(admin), \(state), now())
                ON CONFLICT (bot_id, admin_id) DO UPDATE SET state = excluded.state, updated_at = now()
                """)
        }
    }

    private func delete(_ admin: Int64) async throws {
        _ = try await store.pool.withConnection { [botID] connection in
            try await connection.execute(
                "DELETE FROM herald.conversations WHERE bot_id = \(botID) AND admin_id = \(admin)")
        }
    }
}
