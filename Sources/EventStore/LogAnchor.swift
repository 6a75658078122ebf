public import Postgres

/// A point of the log written down outside the database: a position and the hash stored there.
///
/// The chain proves each event links to the one before, which a writer who can rewrite the table
/// can also make true: delete the newest events, or rewrite one and re-chain everything after
/// it. An anchor kept elsewhere (`herald audit anchor`) turns either into a failed verification,
/// since the log must still hold that hash at that position, with its chain intact up to the head.
public struct LogAnchor: Sendable, Equatable {
    /// 0 for an anchor of the empty log.
    public var position: Int64
    /// The stored sha256 at `position`; empty for the empty log.
    public var hash: [UInt8]

    public init(position: Int64, hash: [UInt8]) {
        self.position = position
        self.hash = hash
    }
}

extension EventStore {
    /// The head of the log now, as an anchor.
    public func anchor() async throws -> LogAnchor {
        let rows = try await withConnection { connection in
            try await connection.query("SELECT position, hash FROM herald.events ORDER BY position DESC LIMIT 1")
        }
        guard let row = rows.first else { return LogAnchor(position: 0, hash: []) }
        return LogAnchor(position: try row.decode(Int64.self, at: 0), hash: try row.decode(ByteA.self, at: 1).bytes)
    }

    /// The first anchor the log no longer extends, read in `session`'s snapshot.
    static func firstBrokenAnchor(_ anchors: [LogAnchor], head: Int64, in session: Session) throws
        -> ChainReport.Problem?
    {
        for anchor in anchors.sorted(by: { $0.position < $1.position }) where anchor.position > 0 {
            guard anchor.position <= head else { return .truncated(anchor: anchor.position, head: head) }
            let rows = try session.query("SELECT hash FROM herald.events WHERE position = \(anchor.position)")
            guard let row = rows.first else { return .truncated(anchor: anchor.position, head: head) }
            if try row.decode(ByteA.self, at: 0).bytes != anchor.hash {
                return .anchorMismatch(position: anchor.position)
            }
        }
        return nil
    }
}
