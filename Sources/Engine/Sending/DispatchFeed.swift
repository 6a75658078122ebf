import Broadcasting
import Foundation
import EventStore
import Postgres

/// Folds the log's broadcast events into the sender's tables: who is targeted (queue rows from
/// `broadcast.audience-resolved`), each broadcast's status, schedule, delivery guarantee and paid
/// flag. Runs only in the lease holder; a window of the log and its checkpoint commit together.
///
/// A pause, cancel or failure is handed to `stop` before its window commits, and the commit
/// records it as acknowledged: `stop` returns once no new request for that broadcast can start,
/// so an operator's `herald broadcast pause` that waits for the acknowledgement returns only then.
struct DispatchFeed: Sendable {
    let dispatch: DispatchStore
    /// Positions read per window: bounded whatever share of the log is broadcast events.
    var window: Int64 = 20_000

    /// Notified (with the broadcast id) when a pause, cancel or failure is acknowledged.
    static let acknowledgementChannel = "herald_dispatch"

    static let types = [
        BroadcastCreated.type, BroadcastRevised.type, BroadcastScheduled.type, BroadcastStarted.type,
        BroadcastAudienceResolved.type, BroadcastPaused.type, BroadcastResumed.type, BroadcastCanceled.type,
        BroadcastCompleted.type, BroadcastFailed.type,
    ]

    /// Applies everything up to the head; true when anything was applied. `stop` and `resume`
    /// hear of each broadcast that stops or (re)starts sending, in log order, before it commits.
    func catchUp(stop: @Sendable (UUID) async -> Void, resume: @Sendable (UUID) -> Void) async throws -> Bool {
        var changed = false
        while true {
            // Read without the fence: a row lock would make this a writing transaction whose
            // commit waits for a WAL flush, once per log commit. The guarded UPDATE below is what
            // keeps a window from being applied twice.
            let checkpoint = try await dispatch.unfenced { connection in
                try await connection.query("SELECT position FROM herald.dispatch_feed")[0].decode(Int64.self, at: 0)
            }
            let head = try await dispatch.store.head()
            guard head > checkpoint else { return changed }
            let upper = min(head, checkpoint + window)
            let events = try await dispatch.store.read(after: checkpoint, through: upper, types: Self.types)
                .map { (try EventCatalogue.decode($0), $0.position) }
            for (event, _) in events {
                if let id = Self.stopped(event) { await stop(id) }
                if let e = event as? BroadcastStarted { resume(e.broadcastID) }
                if let e = event as? BroadcastResumed { resume(e.broadcastID) }
            }
            try await dispatch.fenced { [quiet = events.isEmpty] session in
                // A window with nothing for the sender only moves the checkpoint: lost in a server
                // crash, it is read again. Not waiting for its flush keeps clicks' and outcomes'
                // commits from queueing behind it. A window that feeds or stops a broadcast commits
                // synchronously, since a pause's acknowledgement must hold once reported.
                if quiet { try session.execute("SET LOCAL synchronous_commit = off") }
                let moved = try session.execute(
                    "UPDATE herald.dispatch_feed SET position = \(upper) WHERE position = \(checkpoint)")
                guard moved == 1 else { return }  // applied already by a retried commit
                for (event, position) in events { try Self.apply(event, at: position, in: session) }
            }
            changed = changed || !events.isEmpty
        }
    }

    /// The broadcast a pause, cancel, failure or completion stops sending, if `event` is one.
    static func stopped(_ event: any DomainEvent) -> UUID? {
        switch event {
        case let e as BroadcastPaused: e.broadcastID
        case let e as BroadcastCanceled: e.broadcastID
        case let e as BroadcastFailed: e.broadcastID
        case let e as BroadcastCompleted: e.broadcastID
        default: nil
        }
    }

    static func apply(_ event: any DomainEvent, at position: Int64, in session: Session) throws {
        switch event {
        case let e as BroadcastCreated:
            try session.execute(
                """
                INSERT INTO herald.dispatch_broadcasts (broadcast_id, status, template_id, delivery, paid)
                VALUES (\(e.broadcastID), 'draft', \(e.templateID), \(e.delivery.rawValue), \(e.paid))
                ON CONFLICT (broadcast_id) DO NOTHING
                """)
        case let e as BroadcastRevised:
            try session.execute(
                """
                UPDATE herald.dispatch_broadcasts SET template_id = coalesce(\(e.templateID), template_id)
                WHERE broadcast_id = \(e.broadcastID)
                """)
        case let e as BroadcastScheduled:
            try session.execute(
                """
                UPDATE herald.dispatch_broadcasts SET status = 'scheduled', send_at = \(e.sendAt.date)
                WHERE broadcast_id = \(e.broadcastID)
                """)
        case let e as BroadcastStarted:
            try session.execute(
                """
                UPDATE herald.dispatch_broadcasts SET status = 'sending', started_at = now(),
                    template_revision = \(Int32(e.templateRevision))
                WHERE broadcast_id = \(e.broadcastID)
                """)
        case let e as BroadcastAudienceResolved:
            try session.execute(
                """
                INSERT INTO herald.dispatch_queue (broadcast_id, user_id)
                SELECT \(e.broadcastID), u FROM unnest(\(e.userIDs)) AS u ON CONFLICT DO NOTHING
                """)
            try session.execute(
                """
                UPDATE herald.dispatch_broadcasts SET audience = audience + \(e.userIDs.count), chunks = chunks + 1,
                    chunk_count = \(Int32(e.chunkCount))
                WHERE broadcast_id = \(e.broadcastID)
                """)
        case let e as BroadcastResumed:
            try session.execute(
                "UPDATE herald.dispatch_broadcasts SET status = 'sending', reason = NULL WHERE broadcast_id = \(e.broadcastID)"
            )
        default:
            guard let id = stopped(event) else { return }
            let (status, reason): (String, String?) =
                switch event {
                case let e as BroadcastPaused: ("paused", e.reason)
                case let e as BroadcastCanceled: ("canceled", e.reason)
                case let e as BroadcastFailed: ("failed", e.reason)
                default: ("completed", nil)
                }
            try session.execute(
                """
                UPDATE herald.dispatch_broadcasts SET status = \(status), reason = \(reason), acknowledged = \(position),
                    finished_at = CASE WHEN \(status) = 'paused' THEN NULL ELSE now() END
                WHERE broadcast_id = \(id)
                """)
            _ = try session.query("SELECT pg_notify(\(acknowledgementChannel), \(id.uuidString.lowercased()))")
            if status != "paused" {
                // Nobody left waiting will be sent to; marks still in flight close with their outcomes.
                try session.execute(
                    "DELETE FROM herald.dispatch_queue WHERE broadcast_id = \(id) AND marked_epoch IS NULL")
            }
        }
    }
}
