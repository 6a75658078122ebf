import Logging
import Postgres

/// What the runner does when an event cannot be folded: find it, fold everything before it,
/// record it where `herald status`, `/readyz` and the metrics read it, and say so in the log.
extension ProjectionRunner {
    /// Folds the events after the checkpoint one at a time, each under a savepoint, until one
    /// fails; commits what folded with the checkpoint just before that event, and records the
    /// failure (`herald.projection_failures`) in the same transaction. Nil when every event of a
    /// batch folds now (what failed has passed).
    func isolateFailure(on connection: Connection) async throws -> FoldFailure? {
        let projector = projector
        let limit = batchSize
        return try await connection.transaction { session in
            try session.execute("SET LOCAL synchronous_commit = off")
            let rows = try session.query(
                "SELECT position, version FROM herald.projections WHERE name = \(projector.name) FOR UPDATE")
            guard let row = rows.first else { throw ProjectionError.versionChanged(projector, stored: nil) }
            let start = try row.decode(Int64.self, at: 0)
            let stored = try row.decode(Int.self, at: 1)
            guard stored == projector.version else { throw ProjectionError.versionChanged(projector, stored: stored) }
            var checkpoint = start
            var failure: FoldFailure?
            for _ in 0..<limit {
                try session.execute("SAVEPOINT herald_fold_one")
                do {
                    let outcome = try ProjectionBatch.apply(
                        projector, after: checkpoint, in: projector.schema, batchSize: 1, session: session)
                    try session.execute("RELEASE SAVEPOINT herald_fold_one")
                    checkpoint = outcome.through
                    if outcome.caughtUp { break }
                } catch where FoldFailure.isFold(error) {
                    try session.execute("ROLLBACK TO SAVEPOINT herald_fold_one")
                    failure = try Self.next(after: checkpoint, of: projector, error: error, in: session)
                    break
                }
            }
            if checkpoint != start {
                try session.execute(
                    """
                    UPDATE herald.projections SET position = \(checkpoint), updated_at = now()
                    WHERE name = \(projector.name)
                    """)
                try session.execute(
                    "SELECT pg_notify(\(ProjectionRunner.notificationChannel), \(projector.name + ":\(checkpoint)"))")
            }
            guard let failure else {
                try session.execute("DELETE FROM herald.projection_failures WHERE name = \(projector.name)")
                return nil
            }
            try Self.record(failure, of: projector, in: session)
            return failure
        }
    }

    /// Records `failure` on its own (a failed rebuild).
    func record(_ failure: FoldFailure, on connection: Connection) async throws {
        let projector = projector
        try await connection.withSession { session in try Self.record(failure, of: projector, in: session) }
    }

    /// Inserts or updates the projector's failure row; a retry at the same position keeps its
    /// `failing_since` and counts an attempt.
    private static func record(_ failure: FoldFailure, of projector: any Projector, in session: Session) throws {
        try session.execute(
            """
            INSERT INTO herald.projection_failures AS f (name, position, event_type, error)
            VALUES (\(projector.name), \(failure.position), \(failure.eventType), \(failure.error))
            ON CONFLICT (name) DO UPDATE SET
                failing_since = CASE WHEN f.position = excluded.position THEN f.failing_since ELSE now() END,
                attempts = CASE WHEN f.position = excluded.position THEN f.attempts + 1 ELSE 1 END,
                position = excluded.position, event_type = excluded.event_type, error = excluded.error,
                updated_at = now()
            """)
    }

    /// The event a one-event fold after `checkpoint` read: the next of the projector's types (for
    /// a set-based fold, the next position).
    private static func next(
        after checkpoint: Int64, of projector: any Projector, error: any Error, in session: Session
    ) throws -> FoldFailure {
        var query: Query = "SELECT position, type FROM herald.events WHERE position > \(checkpoint)"
        if let types = projector.eventTypes, !(projector is any SetBasedProjector) {
            query.append(unsafeSQL: " AND type = ANY(")
            query.append(bind: Array(types).sorted())
            query.append(unsafeSQL: ")")
        }
        query.append(unsafeSQL: " ORDER BY position LIMIT 1")
        let row = try session.query(query).first
        return FoldFailure(
            position: try row?.decode(Int64.self, at: 0) ?? checkpoint + 1,
            eventType: try row?.decode(String.self, at: 1), error: error)
    }

    /// Whether a failure is recorded for this projector (false before the table exists).
    func hasRecordedFailure(on connection: Connection) async throws -> Bool {
        guard
            let rows = try? await connection.query(
                "SELECT 1 FROM herald.projection_failures WHERE name = \(projector.name)")
        else { return false }
        return !rows.isEmpty
    }

    func log(_ failure: FoldFailure) {
        logger?.error(
            "projector cannot fold an event; retrying with back-off (fix the cause, then herald replay --projection \(projector.name))",
            metadata: [
                "projector": "\(projector.name)", "position": "\(failure.position)",
                "event_type": "\(failure.eventType ?? "none")", "error": "\(failure.error)",
            ])
    }

    func logRecovery(from failure: FoldFailure) {
        logger?.notice(
            "projector folds again", metadata: ["projector": "\(projector.name)", "position": "\(failure.position)"])
    }
}
