import Broadcasting
import EventStore
import Foundation
import Postgres
import Projections

/// Reads of the templates read model for the CLI, caught up with the log first.
struct TemplateReader {
    let database: String

    struct Template: Encodable {
        let template_id: String
        let name: String
        let revision: Int
        let body: String
        let parse_mode: String
        let category: String?
        let buttons: [TemplateButton]
        let archived: Bool
        let created_at: String
        let updated_at: String
    }

    /// Templates ordered by name; `name` picks one, `category` those filed under it.
    func templates(named name: String? = nil, category: String? = nil) async throws -> [Template] {
        try await ProjectionRunner(configuration: database, projector: Templates()).catchUp()
        let connection = try await Connection.connect(to: database)
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

    /// The template called `name`, or a one-line error.
    func template(named name: String) async throws -> Template {
        guard let template = try await templates(named: name).first else {
            throw CLIError("no template named \(name); herald template list shows them")
        }
        return template
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

    /// One line per button: its label and where it leads.
    static func describe(_ button: TemplateButton) -> String {
        "[\(button.text)] " + (button.url ?? "callback:\(button.id)")
    }
}
