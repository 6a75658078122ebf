import Broadcasting
import EventStore
import Foundation
import Postgres

/// Broadcasts as operators see them: one row per broadcast with its status (and why, when the
/// engine paused or failed it), schedule, delivery guarantee, lane and audience size, folded from
/// the `broadcast.*` events.
///
/// Version 3: `audience` is a `bigint`, like every count in the read models (an `integer` sum of
/// resolved chunks could overflow and stop the projector).
public struct Broadcasts: Projector {
    public let name = "broadcasts"
    public let version = 3
    public let eventTypes: Set<String>? = [
        BroadcastCreated.type, BroadcastRevised.type, BroadcastScheduled.type, BroadcastStarted.type,
        BroadcastAudienceResolved.type, BroadcastPaused.type, BroadcastResumed.type, BroadcastCanceled.type,
        BroadcastCompleted.type, BroadcastFailed.type,
    ]
    public static let table = "broadcasts"

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).\(Self.table) (
                broadcast_id uuid PRIMARY KEY,
                title text NOT NULL,
                template_id uuid NOT NULL,
                cohort jsonb NOT NULL,
                status text NOT NULL,
                send_at timestamptz,
                audience bigint NOT NULL DEFAULT 0,
                delivery text NOT NULL DEFAULT 'at_most_once',
                paid boolean NOT NULL DEFAULT false,
                reason text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """)
    }

    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        let table = "\(schema).\(Self.table)"
        for event in events {
            let decoded = try EventCatalogue.decode(event)
            let at = event.recordedAt
            switch decoded {
            case let created as BroadcastCreated:
                try session.execute(
                    """
                    INSERT INTO \(unsafeRaw: table) (broadcast_id, title, template_id, cohort, status, delivery, paid,
                                                     created_at, updated_at)
                    VALUES (\(created.broadcastID), \(created.title), \(created.templateID),
                            \(try JSONB(encoding: created.cohort)), 'draft', \(created.delivery.rawValue), \(created.paid),
                            \(at), \(at))
                    ON CONFLICT (broadcast_id) DO NOTHING
                    """)
            case let revised as BroadcastRevised:
                let cohort = try revised.cohort.map { try JSONB(encoding: $0) }
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET title = coalesce(\(revised.title), title),
                        template_id = coalesce(\(revised.templateID), template_id),
                        cohort = coalesce(\(cohort), cohort), updated_at = \(at)
                    WHERE broadcast_id = \(revised.broadcastID)
                    """)
            case let scheduled as BroadcastScheduled:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET status = 'scheduled', send_at = \(scheduled.sendAt.date),
                        updated_at = \(at)
                    WHERE broadcast_id = \(scheduled.broadcastID)
                    """)
            case let resolved as BroadcastAudienceResolved:
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET audience = audience + \(resolved.userIDs.count), updated_at = \(at)
                    WHERE broadcast_id = \(resolved.broadcastID)
                    """)
            default:
                guard let (id, status) = Self.transition(decoded) else { continue }
                try session.execute(
                    """
                    UPDATE \(unsafeRaw: table) SET status = \(status.rawValue), reason = \(Self.reason(decoded)),
                        updated_at = \(at)
                    WHERE broadcast_id = \(id)
                    """)
            }
        }
    }

    /// Why a broadcast paused, stopped or failed, when the event says.
    static func reason(_ event: any DomainEvent) -> String? {
        switch event {
        case let paused as BroadcastPaused: paused.reason
        case let canceled as BroadcastCanceled: canceled.reason
        case let failed as BroadcastFailed: failed.reason
        default: nil
        }
    }

    /// The broadcast and its new status for events that only move it along its life.
    static func transition(_ event: any DomainEvent) -> (UUID, BroadcastStatus)? {
        switch event {
        case let started as BroadcastStarted: (started.broadcastID, .sending)
        case let paused as BroadcastPaused: (paused.broadcastID, .paused)
        case let resumed as BroadcastResumed: (resumed.broadcastID, .sending)
        case let canceled as BroadcastCanceled: (canceled.broadcastID, .canceled)
        case let completed as BroadcastCompleted: (completed.broadcastID, .completed)
        case let failed as BroadcastFailed: (failed.broadcastID, .failed)
        default: nil
        }
    }
}
