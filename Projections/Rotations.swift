import Broadcasting
import EventStore
import Foundation
import Postgres

/// Rotations as operators see them: one row per rotation with its chats, templates, interval and
/// status, and how far it has posted, folded from the `rotation.*` events.
///
/// The next run is not stored: it depends on the time of reading, and a read model must equal
/// whatever a replay builds. `Row.nextRun(now:)` computes it from what is stored here.
public struct Rotations: Projector {
    public let name = "rotations"
    public let version = 1
    public let eventTypes: Set<String>? = [
        RotationCreated.type, RotationPosted.type, RotationPostFailed.type, RotationPaused.type,
        RotationResumed.type,
    ]
    public static let table = "rotations"

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeScript(
            """
            CREATE TABLE \(schema).\(Self.table) (
                rotation_id uuid PRIMARY KEY,
                name text NOT NULL UNIQUE,
                chat_ids bigint[] NOT NULL,
                template_ids uuid[] NOT NULL,
                interval_seconds integer NOT NULL,
                starts_at timestamptz NOT NULL,
                status text NOT NULL,
                next_sequence integer NOT NULL DEFAULT 0,
                posts integer NOT NULL DEFAULT 0,
                failures integer NOT NULL DEFAULT 0,
                last_posted_at timestamptz,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """)
    }

    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        let table = "\(schema).\(Self.table)"
        for event in events {
            let at = event.recordedAt
            switch try EventCatalogue.decode(event) {
            case let created as RotationCreated:
                try session.execute(
                    """
                    INSERT INTO \(unsafeRaw: table) (rotation_id, name, chat_ids, template_ids, interval_seconds,
                        starts_at, status, created_at, updated_at)
                    VALUES (\(created.rotationID), \(created.name), \(created.chatIDs), \(created.templateIDs),
                            \(created.intervalSeconds), \(created.startsAt.date), 'active', \(at), \(at))
                    ON CONFLICT (rotation_id) DO NOTHING
                    """)
            case let posted as RotationPosted:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET next_sequence = greatest(next_sequence, \(posted.sequence + 1)),
                        posts = posts + 1, last_posted_at = \(at), updated_at = \(at)
                    WHERE rotation_id = \(posted.rotationID)
                    """)
            case let failed as RotationPostFailed:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET next_sequence = greatest(next_sequence, \(failed.sequence + 1)),
                        failures = failures + 1, updated_at = \(at)
                    WHERE rotation_id = \(failed.rotationID)
                    """)
            case let paused as RotationPaused:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET status = 'paused', updated_at = \(at)
                    WHERE rotation_id = \(paused.rotationID)
                    """)
            case let resumed as RotationResumed:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET status = 'active', updated_at = \(at)
                    WHERE rotation_id = \(resumed.rotationID)
                    """)
            default:
                continue
            }
        }
    }
}
