public import Postgres

/// What a check of the whole log found.
public struct ChainReport: Sendable, Equatable {
    /// Why the log fails verification at a position.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The position holds no event (the next stored one is `found`).
        case gap(missing: Int64, found: Int64)
        /// The stored hash is not sha256(previous hash, this event): the row or its predecessor's
        /// hash was altered.
        case hashMismatch(position: Int64)

        public var position: Int64 {
            switch self {
            case .gap(let missing, _): missing
            case .hashMismatch(let position): position
            }
        }

        public var description: String {
            switch self {
            case .gap(let missing, let found): "position \(missing) is missing (next stored event is \(found))"
            case .hashMismatch(let position): "the hash at position \(position) does not match its event"
            }
        }
    }

    public var eventsChecked: Int64
    public var head: Int64
    /// The first problem in position order, or nil when the log verifies.
    public var firstProblem: Problem?

    public var isIntact: Bool { firstProblem == nil }

    public init(eventsChecked: Int64, head: Int64, firstProblem: Problem?) {
        self.eventsChecked = eventsChecked
        self.head = head
        self.firstProblem = firstProblem
    }
}

extension EventStore {
    /// Checks that positions run 1…head without a gap and that every hash links to its
    /// predecessor. Runs as one streaming query on the server; memory stays flat.
    public func verifyChain() async throws -> ChainReport {
        try await withConnection { connection in
            try await connection.withSession { session in
                let totals = try session.query("SELECT count(*), coalesce(max(position), 0) FROM herald.events")
                let count = try totals[0].decode(Int64.self, at: 0)
                let head = try totals[0].decode(Int64.self, at: 1)
                let broken = try session.query(
                    """
                    SELECT position, expected, hash_ok FROM (
                        SELECT position, row_number() OVER w AS expected,
                               hash = sha256(coalesce(lag(hash) OVER w, '\\x'::bytea) || herald.event_canonical(
                                   position, stream, stream_version, event_id, type, schema_version, data,
                                   metadata, recorded_at)) AS hash_ok
                        FROM herald.events WINDOW w AS (ORDER BY position)
                    ) checked
                    WHERE NOT hash_ok OR position <> expected
                    ORDER BY position LIMIT 1
                    """)
                var problem: ChainReport.Problem?
                if let row = broken.first {
                    let position = try row.decode(Int64.self, at: 0)
                    let expected = try row.decode(Int64.self, at: 1)
                    problem =
                        position != expected
                        ? .gap(missing: expected, found: position) : .hashMismatch(position: position)
                }
                return ChainReport(eventsChecked: count, head: head, firstProblem: problem)
            }
        }
    }
}
