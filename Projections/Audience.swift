import Broadcasting
import EventStore
import Foundation
import Postgres

/// Who can receive broadcasts: one row per recipient with the columns cohorts query
/// (`Cohort.audienceTable`), folded from the `recipient.*` events.
///
/// Folded in Swift: each event changes one row, so there is no range to aggregate in SQL. Runs of
/// registrations are written as one upsert per batch.
public struct Audience: Projector {
    public let name = "audience"
    public let version = 1
    public let eventTypes: Set<String>? = [
        RecipientRegistered.type, RecipientAttributesChanged.type, RecipientBlocked.type, RecipientUnblocked.type,
    ]

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
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
        // Runs of registrations (an import is one long run) go in one statement each; the other
        // events, rare in bulk, one statement each, in log order.
        var registrations: [Int64: (RecipientRegistered, Date)] = [:]
        func flush() throws {
            try register(registrations.values.sorted { $0.0.userID < $1.0.userID }, into: table, session: session)
            registrations.removeAll(keepingCapacity: true)
        }
        for event in events {
            let decoded = try EventCatalogue.decode(event)
            if let registered = decoded as? RecipientRegistered {
                registrations[registered.userID] = (registered, event.recordedAt)  // a later one replaces the row
                continue
            }
            try flush()
            switch decoded {
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
        try flush()
    }

    /// One upsert for many registrations of distinct users.
    private func register(_ rows: [(RecipientRegistered, Date)], into table: String, session: Session) throws {
        guard !rows.isEmpty else { return }
        let attributes = try rows.map { try JSONB(encoding: $0.0.attributes) }
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: table) (user_id, chat_id, username, status, tier, region, language, attributes,
                                            registered_at, last_active_at)
            SELECT u.id, u.chat, u.username, 'active', u.attributes ->> 'tier', u.attributes ->> 'region', u.language,
                   u.attributes, u.at, u.at
            FROM unnest(\(rows.map { $0.0.userID }), \(rows.map { $0.0.chatID }), \(rows.map { $0.0.username }),
                        \(rows.map { $0.0.language }), \(attributes), \(rows.map { $0.1 }))
                 AS u (id, chat, username, language, attributes, at)
            ON CONFLICT (user_id) DO UPDATE SET
                chat_id = excluded.chat_id, username = excluded.username, status = 'active',
                tier = excluded.tier, region = excluded.region, language = excluded.language,
                attributes = excluded.attributes, last_active_at = excluded.last_active_at
            """)
    }
}
