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
        /// The log ends at `head`, before an anchor's position: events were deleted.
        case truncated(anchor: Int64, head: Int64)
        /// The hash at an anchor's position is not the anchor's: the log was rewritten up to there
        /// and re-chained.
        case anchorMismatch(position: Int64)

        public var position: Int64 {
            switch self {
            case .gap(let missing, _): missing
            case .hashMismatch(let position): position
            case .truncated(_, let head): head + 1
            case .anchorMismatch(let position): position
            }
        }

        public var description: String {
            switch self {
            case .gap(let missing, let found): "position \(missing) is missing (next stored event is \(found))"
            case .hashMismatch(let position): "the hash at position \(position) does not match its event"
            case .truncated(let anchor, let head):
                "the log ends at position \(head), before the anchor at position \(anchor): events were removed"
            case .anchorMismatch(let position):
                "the hash at position \(position) is not the anchor's: the log was rewritten and re-chained"
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
    /// Checks that positions run 1…head without a gap, that every hash links to its predecessor,
    /// and that the log still holds each of `anchors`. Runs as one streaming query on the server;
    /// memory stays flat. Count, head, chain and anchors are read in one snapshot, so an append
    /// during the check cannot make them disagree.
    public func verifyChain(anchors: [LogAnchor] = []) async throws -> ChainReport {
        try await withConnection { connection in
            try await connection.withSession { session in
                try session.snapshot { session in try Self.verifyChain(anchors: anchors, in: session) }
            }
        }
    }

    static func verifyChain(anchors: [LogAnchor], in session: Session) throws -> ChainReport {
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
        let anchored = try firstBrokenAnchor(anchors, head: head, in: session)
        let first = [problem, anchored].compactMap { $0 }.min { $0.position < $1.position }
        return ChainReport(eventsChecked: count, head: head, firstProblem: first)
    }
}
