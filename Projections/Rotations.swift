import Broadcasting
import EventStore
import Foundation
import Postgres

/// Rotations as operators see them: one row per rotation with its chats, templates, interval and
/// status, and how far it has posted, folded from the `rotation.*` events.
///
/// The next run is not stored: it depends on the time of reading, and a read model must equal
/// whatever a replay builds. `Row.nextRun(now:)` computes it from what is stored here.
///
/// Version 2: the interval, the next slot and the counts are `bigint`, as the events carry them
/// (`integer` columns refused a large value and stopped the projector), and the slot after
/// `Int.max` stays `Int.max` instead of trapping.
public struct Rotations: Projector {
    public let name = "rotations"
    public let version = 2
    public let eventTypes: Set<String>? = [
        RotationCreated.type, RotationPosted.type, RotationPostFailed.type, RotationPaused.type,
        RotationResumed.type,
    ]
    public static let table = "rotations"

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).\(Self.table) (
                rotation_id uuid PRIMARY KEY,
                name text NOT NULL UNIQUE,
                chat_ids bigint[] NOT NULL,
                template_ids uuid[] NOT NULL,
                interval_seconds bigint NOT NULL,
                starts_at timestamptz NOT NULL,
                status text NOT NULL,
                next_sequence bigint NOT NULL DEFAULT 0,
                posts bigint NOT NULL DEFAULT 0,
                failures bigint NOT NULL DEFAULT 0,
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
                let next = Self.slot(after: posted.sequence)
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET next_sequence = greatest(next_sequence, \(next)),
                        posts = posts + 1, last_posted_at = \(at), updated_at = \(at)
                    WHERE rotation_id = \(posted.rotationID)
                    """)
            case let failed as RotationPostFailed:
                let next = Self.slot(after: failed.sequence)
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET next_sequence = greatest(next_sequence, \(next)),
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

    /// The slot after `sequence`; a log's largest possible slot has none after it.
    static func slot(after sequence: Int) -> Int {
        sequence == .max ? .max : sequence + 1
    }
}
