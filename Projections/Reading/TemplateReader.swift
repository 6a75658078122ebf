public import Broadcasting
import EventStore
import Foundation
import Postgres

/// The templates read model as operators read it, caught up with the log first. Behind `herald
/// template list|show|preview` and the admin API's `/api/v1/templates`.
public struct TemplateReader: Sendable {
    public let database: String

    public init(database: String) {
        self.database = database
    }

    /// One template, in the shape `--json` prints and the admin API serves.
    public struct Template: Encodable, Sendable {
        public let template_id: String
        public let name: String
        public let revision: Int
        public let body: String
        public let parse_mode: String
        public let category: String?
        public let buttons: [TemplateButton]
        public let archived: Bool
        public let created_at: String
        public let updated_at: String
    }

    /// A template rendered for one recipient, as the message would be sent.
    public struct Preview: Encodable, Sendable {
        public let text: String
        public let parse_mode: String
        public let buttons: [TemplateButton]
    }

    /// Templates ordered by name; `name` picks one, `category` those filed under it.
    public func templates(named name: String? = nil, category: String? = nil) async throws -> [Template] {
        try await ProjectionRunner(configuration: database, projector: Templates()).catchUp()
        let connection = try await Connection.connect(to: database, applicationName: "herald-read")
        var query: Query = """
            SELECT template_id, name, revision, body, buttons, archived, created_at, updated_at, parse_mode, \
            category FROM \(unsafeRaw: Templates().schema).\(unsafeRaw: Templates.table) WHERE true
            """
        if let name {
            query.append(unsafeSQL: " AND name = ")
            query.append(bind: name)
        }
        if let category {
            query.append(unsafeSQL: " AND category = ")
            query.append(bind: category)
        }
        query.append(unsafeSQL: " ORDER BY name")
        return try await connection.query(query).map(Self.template)
    }

    /// The template called `name`; nil when there is none.
    public func template(named name: String) async throws -> Template? {
        try await templates(named: name).first
    }

    /// The template called `name` rendered for recipient `userID` (their attributes plus
    /// `username`). Refuses an unknown template or recipient, and a variable the recipient lacks.
    public func preview(named name: String, recipient userID: Int64) async throws -> Preview {
        guard let template = try await template(named: name) else {
            throw DecisionRejection.unknownTemplate(named: name)
        }
        guard let recipient = try await AudienceReader(database: database).recipient(userID) else {
            throw DecisionRejection.unknownRecipient(userID)
        }
        var variables = recipient.attributes
        if let username = recipient.username { variables["username"] = username }
        do {
            let text = try MessageTemplate(
                template.body, parseMode: ParseMode(named: template.parse_mode) ?? .markdownV2
            ).render(variables)
            return Preview(text: text, parse_mode: template.parse_mode, buttons: template.buttons)
        } catch {
            throw DecisionRejection.unrenderable(userID, error)
        }
    }

    static func template(_ row: Row) throws -> Template {
        let formatter = ISO8601DateFormatter()
        return Template(
            template_id: try row.decode(UUID.self, at: 0).uuidString.lowercased(),
            name: try row.decode(String.self, at: 1), revision: try row.decode(Int.self, at: 2),
            body: try row.decode(String.self, at: 3), parse_mode: try row.decode(String.self, at: 8),
            category: try row.decodeIfPresent(String.self, at: 9),
            buttons: try row.decode(JSONB.self, at: 4).decode([TemplateButton].self),
            archived: try row.decode(Bool.self, at: 5),
            created_at: formatter.string(from: try row.decode(Date.self, at: 6)),
            updated_at: formatter.string(from: try row.decode(Date.self, at: 7)))
    }
}
