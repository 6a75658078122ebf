import Broadcasting
import EventStore
import Foundation
import Postgres

/// Who can receive broadcasts: one row per recipient with the columns cohorts query
/// (`Cohort.audienceTable`), folded from the `recipient.*` events.
///
/// Folded in Swift, a statement per event: each event changes one row, so there is no range to
/// aggregate in SQL.
public struct Audience: Projector {
    public let name = "audience"
    public let version = 1
    public let eventTypes: Set<String>? = [
        RecipientRegistered.type, RecipientAttributesChanged.type, RecipientBlocked.type, RecipientUnblocked.type,
    ]

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeScript(
            """
            CREATE TABLE \(schema).\(Cohort.audienceTable) (
                user_id bigint PRIMARY KEY,
                chat_id bigint NOT NULL,
                username text,
                status text NOT NULL CHECK (status IN ('active', 'blocked')),
                tier text,
                region text,
                language text,
                attributes jsonb NOT NULL DEFAULT '{}',
                registered_at timestamptz NOT NULL,
                last_active_at timestamptz NOT NULL
            );
            CREATE INDEX ON \(schema).\(Cohort.audienceTable) (tier);
            CREATE INDEX ON \(schema).\(Cohort.audienceTable) (region);
            """)
    }

    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        let table = "\(schema).\(Cohort.audienceTable)"
        for event in events {
            let decoded = try EventCatalogue.decode(
                event.type, schemaVersion: event.schemaVersion, data: Data(event.data.text.utf8))
            switch decoded {
            case let registered as RecipientRegistered:
                let attributes = try JSONB(encoding: registered.attributes)
                try session.execute(
                    """
                    INSERT INTO \(unsafeRaw: table) (user_id, chat_id, username, status, tier, region, language,
                                                    attributes, registered_at, last_active_at)
                    VALUES (\(registered.userID), \(registered.chatID), \(registered.username), 'active',
                            \(registered.attributes["tier"]), \(registered.attributes["region"]), \(registered.language),
                            \(attributes), \(event.recordedAt), \(event.recordedAt))
                    ON CONFLICT (user_id) DO UPDATE SET
                        chat_id = excluded.chat_id, username = excluded.username, status = 'active',
                        tier = excluded.tier, region = excluded.region, language = excluded.language,
                        attributes = excluded.attributes, last_active_at = excluded.last_active_at
                    """)
            case let changed as RecipientAttributesChanged:
                let set = try JSONB(encoding: changed.set)
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET attributes = (attributes - \(changed.removed)::text[]) || \(set),
                        tier = ((attributes - \(changed.removed)::text[]) || \(set)) ->> 'tier',
                        region = ((attributes - \(changed.removed)::text[]) || \(set)) ->> 'region'
                    WHERE user_id = \(changed.userID)
                    """)
            case let blocked as RecipientBlocked:
                try session.execute(
                    "UPDATE \(unsafeRaw: table) SET status = 'blocked' WHERE user_id = \(blocked.userID)")
            case let unblocked as RecipientUnblocked:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET status = 'active', last_active_at = \(event.recordedAt)
                    WHERE user_id = \(unblocked.userID)
                    """)
            default:
                continue
            }
        }
    }
}
