import Broadcasting
import EventStore
import Foundation
import Postgres

/// Message templates as operators see them: one row per template with its current text and buttons,
/// folded from the `template.*` events.
public struct Templates: Projector {
    public let name = "templates"
    public let version = 2
    public let eventTypes: Set<String>? = [TemplateCreated.type, TemplateRevised.type, TemplateArchived.type]
    public static let table = "templates"

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).\(Self.table) (
                template_id uuid PRIMARY KEY,
                name text NOT NULL UNIQUE,
                revision int NOT NULL,
                body text NOT NULL,
                parse_mode text NOT NULL,
                category text,
                buttons jsonb NOT NULL DEFAULT '[]',
                archived bool NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """)
    }

    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        let table = "\(schema).\(Self.table)"
        for event in events {
            let decoded = try EventCatalogue.decode(event)
            switch decoded {
            case let created as TemplateCreated:
                try session.execute(
                    """
                    INSERT INTO \(unsafeRaw: table)
                        (template_id, name, revision, body, parse_mode, category, buttons, created_at, updated_at)
                    VALUES (\(created.templateID), \(created.name), 1, \(created.body), \(created.parseMode.rawValue),
                            \(created.category), \(try JSONB(encoding: created.buttons)), \(event.recordedAt),
                            \(event.recordedAt))
                    ON CONFLICT (template_id) DO NOTHING
                    """)
            case let revised as TemplateRevised:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET revision = \(revised.revision), body = \(revised.body),
                        parse_mode = \(revised.parseMode.rawValue), category = \(revised.category),
                        buttons = \(try JSONB(encoding: revised.buttons)), updated_at = \(event.recordedAt)
                    WHERE template_id = \(revised.templateID)
                    """)
            case let archived as TemplateArchived:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET archived = true, updated_at = \(event.recordedAt)
                    WHERE template_id = \(archived.templateID)
                    """)
            default:
                continue
            }
        }
    }
}
