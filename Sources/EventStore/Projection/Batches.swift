public import Postgres

/// One transaction's worth of folding: read what follows a checkpoint, apply it, return the new
/// checkpoint. Shared by the live runner and the rebuild.
enum ProjectionBatch {
    struct Outcome: Sendable {
        /// The position the tables now include every event up to.
        var through: Int64
        var head: Int64
        /// Events folded (for a set-based fold: positions covered).
        var events: Int

        var caughtUp: Bool { through >= head }
    }

    /// Folds what follows `checkpoint`, up to the head as this transaction sees it.
    static func apply(
        _ projector: any Projector, after checkpoint: Int64, in schema: String, batchSize: Int, session: Session
    ) throws -> Outcome {
        let head = try session.query("SELECT coalesce(max(position), 0) FROM herald.events")[0].decode(
            Int64.self, at: 0)
        guard head > checkpoint else { return Outcome(through: checkpoint, head: head, events: 0) }
        if let setBased = projector as? any SetBasedProjector {
            let through = min(checkpoint + Int64(batchSize), head)
            try setBased.apply(after: checkpoint, through: through, in: schema, session: session)
            return Outcome(through: through, head: head, events: Int(through - checkpoint))
        }
        var query: Query = """
            SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events
            WHERE position > \(checkpoint) AND position <= \(head)
            """
        if let types = projector.eventTypes {
            query.append(unsafeSQL: " AND type = ANY(")
            query.append(bind: Array(types).sorted())
            query.append(unsafeSQL: ")")
        }
        query.append(unsafeSQL: " ORDER BY position LIMIT ")
        query.append(bind: batchSize)
        let events = try session.query(query).map(RecordedEvent.init(row:))
        if !events.isEmpty { try projector.apply(events, in: schema, session: session) }
        let through = events.count == batchSize ? events[events.count - 1].position : head
        return Outcome(through: through, head: head, events: events.count)
    }
}
