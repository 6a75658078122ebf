public import Broadcasting
import Foundation
public import EventStore
import Postgres
import Projections

/// The sender's reads and writes of `herald.dispatch_*`, each a transaction fenced by the lease's
/// epoch: it first takes the bot's `herald.senders` row FOR SHARE and checks the epoch, so after
/// a takeover (which updates that row) the old holder's transactions fail with `LeaseLost` and
/// record nothing.
public struct DispatchStore: Sendable {
    public let store: EventStore
    public let botID: Int64
    public let epoch: Int64
    let metadata: JSONB

    public init(store: EventStore, botID: Int64, epoch: Int64) throws {
        self.store = store
        self.botID = botID
        self.epoch = epoch
        self.metadata = try CommandMetadata(actor: "dispatcher").jsonb
    }

    /// The lease's epoch moved on: another process sends for the bot now.
    public struct LeaseLost: Error, CustomStringConvertible {
        public var description: String { "the sender lease was taken over by another process" }
    }

    static let audienceTable = "\(Audience().schema).\(Cohort.audienceTable)"

    /// Runs `body` in a transaction that holds the epoch; a lost connection runs it again on
    /// another (every body here is idempotent: event ids fixed, updates guarded by what was appended).
    func fenced<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        try await unfenced { [botID, epoch] connection in
            try await connection.transaction { session in
                let rows = try session.query(
                    "SELECT epoch FROM herald.senders WHERE bot_id = \(botID) FOR SHARE")
                guard let row = rows.first, try row.decode(Int64.self, at: 0) == epoch else {
                    throw LeaseLost()
                }
                return try body(session)
            }
        }
    }

    /// Runs `body` on a pooled connection without the fence, again on another when the connection
    /// proves dead: for reads, which need no lock (the fence's row lock makes a transaction one
    /// that writes, and its commit wait for a WAL flush).
    func unfenced<T: Sendable>(_ body: @escaping @Sendable (Connection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await store.pool.withConnection(body)
            } catch let error as PostgresError where error.code == .connectionLost && attempt < 3 {
                continue
            }
        }
    }

    /// A template as it stood at `revision` (the one a broadcast pinned when it started), or at
    /// its latest when nil.
    func template(_ id: UUID, revision: Int? = nil) async throws -> TemplateState {
        try await store.template(id, revision: revision)
    }

    // MARK: Claiming

    /// Marks up to `limit` waiting recipients of `broadcast` in flight (one `message.dispatching`
    /// each, in one commit) and returns them. A conflict on a delivery stream (a queue rebuilt
    /// behind the log) is reconciled and the claim tried again.
    public func claim(broadcast: UUID, limit: Int) async throws -> [ClaimedDelivery] {
        while true {
            do {
                return try await fenced { [self] session in try claim(broadcast: broadcast, limit: limit, in: session) }
            } catch let error as EventStoreError where error.conflictingStream != nil {
                try await reconcile(broadcast: broadcast, stream: error.conflictingStream ?? "")
                try await recover()  // a mark the log had and the queue did not is closed now
            }
        }
    }

    private func claim(broadcast: UUID, limit: Int, in session: Session) throws -> [ClaimedDelivery] {
        let rows = try session.query(
            """
            SELECT q.user_id, q.stream_version, coalesce(a.chat_id, q.user_id), a.username, a.attributes,
                   a.user_id IS NOT NULL
            FROM herald.dispatch_queue q LEFT JOIN \(unsafeRaw: Self.audienceTable) a ON a.user_id = q.user_id
            WHERE q.broadcast_id = \(broadcast) AND q.marked_epoch IS NULL
            ORDER BY q.user_id LIMIT \(limit)
            FOR UPDATE OF q SKIP LOCKED
            """)
        guard !rows.isEmpty else { return [] }
        var claimed: [ClaimedDelivery] = []
        var events: [NewEvent] = []
        var expectations: [String: ExpectedVersion] = [:]
        for row in rows {
            let user = try row.decode(Int64.self, at: 0)
            let version = try row.decode(Int.self, at: 1)
            let chat = try row.decode(Int64.self, at: 2)
            var variables = try row.decodeIfPresent(JSONB.self, at: 4)?.decode([String: String].self) ?? [:]
            if let username = try row.decodeIfPresent(String.self, at: 3) { variables["username"] = username }
            let mark = MessageDispatching(broadcastID: broadcast, userID: user, chatID: chat, epoch: epoch)
            events.append(try NewEvent(mark, metadata: metadata))
            expectations[mark.stream] = version == 0 ? .noStream : .exact(version)
            claimed.append(
                ClaimedDelivery(
                    broadcastID: broadcast, userID: user, chatID: chat, markVersion: version + 1, variables: variables,
                    recipientKnown: try row.decode(Bool.self, at: 5)))
        }
        _ = try EventStore.append(events, expectations: expectations, in: session)
        try session.execute(
            """
            UPDATE herald.dispatch_queue q SET marked_epoch = \(epoch), stream_version = m.version
            FROM unnest(\(claimed.map(\.userID)), \(claimed.map { Int32($0.markVersion) })) AS m (user_id, version)
            WHERE q.broadcast_id = \(broadcast) AND q.user_id = m.user_id
            """)
        return claimed
    }

    /// Brings a queue row in line with its delivery stream: gone when the stream has an outcome,
    /// otherwise at the stream's version, and left for recovery when it ends in a mark.
    private func reconcile(broadcast: UUID, stream: String) async throws {
        let last = try await store.readStream(stream, after: max(0, try await store.version(of: stream) - 1)).last
        let prefix = StreamName.delivery(broadcast: broadcast, user: 0).dropLast()
        guard let last, let user = Int64(stream.dropFirst(prefix.count)) else { return }
        let open = last.type == MessageDispatching.type
        let waiting = last.type == MessageReleased.type
        try await fenced { session in
            if open || waiting {
                try session.execute(
                    """
                    UPDATE herald.dispatch_queue SET stream_version = \(Int32(last.streamVersion)),
                        marked_epoch = \(open ? Int64(0) : nil)
                    WHERE broadcast_id = \(broadcast) AND user_id = \(user)
                    """)
            } else {
                try session.execute(
                    "DELETE FROM herald.dispatch_queue WHERE broadcast_id = \(broadcast) AND user_id = \(user)")
            }
        }
    }

    // MARK: Recording

    /// Appends the outcomes in one commit, each expecting its mark's version, and updates the
    /// queue and the broadcasts' live counts with them. A retry after a lost connection finds the
    /// events stored and changes nothing twice.
    public func record(_ outcomes: [DeliveryOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        var events: [NewEvent] = []
        var expectations: [String: ExpectedVersion] = [:]
        for outcome in outcomes {
            let recorded = outcome.events
            events.append(try NewEvent(recorded[0], id: outcome.eventID, metadata: metadata))
            if recorded.count > 1 {
                events.append(try NewEvent(recorded[1], id: outcome.blockedEventID, metadata: metadata))
            }
            expectations[recorded[0].stream] = .exact(outcome.delivery.markVersion)
        }
        let counts = Dictionary(grouping: outcomes, by: \.delivery.broadcastID).map { id, group in
            Counts(broadcast: id, outcomes: group)
        }
        try await fenced { [events, expectations] session in
            let result = try EventStore.append(events, expectations: expectations, in: session)
            guard result.appended else { return }  // a retried commit that had landed
            let finals = outcomes.filter(\.isFinal)
            let released = outcomes.filter { !$0.isFinal }
            if !finals.isEmpty {
                try session.execute(
                    """
                    DELETE FROM herald.dispatch_queue q
                    USING unnest(\(finals.map(\.delivery.broadcastID)), \(finals.map(\.delivery.userID))) AS f (b, u)
                    WHERE q.broadcast_id = f.b AND q.user_id = f.u
                    """)
            }
            if !released.isEmpty {
                try session.execute(
                    """
                    UPDATE herald.dispatch_queue q SET marked_epoch = NULL, stream_version = r.v
                    FROM unnest(\(released.map(\.delivery.broadcastID)), \(released.map(\.delivery.userID)),
                                \(released.map { Int32($0.delivery.markVersion + 1) })) AS r (b, u, v)
                    WHERE q.broadcast_id = r.b AND q.user_id = r.u
                    """)
                // A broadcast stopped for good sends nothing more: its released recipients leave.
                try session.execute(
                    """
                    DELETE FROM herald.dispatch_queue q USING herald.dispatch_broadcasts b
                    WHERE q.broadcast_id = b.broadcast_id AND q.marked_epoch IS NULL
                      AND b.status IN ('canceled', 'failed', 'completed')
                      AND q.broadcast_id = ANY(\(Array(Set(released.map(\.delivery.broadcastID)))))
                    """)
            }
            for count in counts {
                try session.execute(
                    """
                    UPDATE herald.dispatch_broadcasts SET sent = sent + \(count.sent), failed = failed + \(count.failed),
                        blocked = blocked + \(count.blocked), unknown = unknown + \(count.unknown),
                        retries = retries + \(count.retries)
                    WHERE broadcast_id = \(count.broadcast)
                    """)
            }
        }
    }

    struct Counts {
        var broadcast: UUID
        var sent = 0
        var failed = 0
        var blocked = 0
        var unknown = 0
        var retries = 0

        init(broadcast: UUID, outcomes: [DeliveryOutcome]) {
            self.broadcast = broadcast
            for outcome in outcomes {
                retries += outcome.retries
                switch outcome.kind {
                case .sent: sent += 1
                case .failed(let errorClass, _, _, _):
                    failed += 1
                    if errorClass == .recipientGone { blocked += 1 }
                case .unknown: unknown += 1
                case .released: break
                }
            }
        }
    }

    // MARK: Recovery

    /// Closes the marks a dead sender left (older epochs): `message.outcome-unknown` under
    /// at-most-once, a release and a new attempt under at-least-once. Returns how many.
    @discardableResult
    public func recover() async throws -> Int {
        var total = 0
        while true {
            let stale = try await fenced { [epoch] session in
                try session.query(
                    """
                    SELECT q.broadcast_id, q.user_id, coalesce(a.chat_id, q.user_id), q.stream_version,
                           coalesce(b.delivery, 'at_most_once')
                    FROM herald.dispatch_queue q
                    LEFT JOIN herald.dispatch_broadcasts b USING (broadcast_id)
                    LEFT JOIN \(unsafeRaw: Self.audienceTable) a ON a.user_id = q.user_id
                    WHERE q.marked_epoch IS NOT NULL AND q.marked_epoch < \(epoch)
                    LIMIT 1000
                    """
                ).map { row in
                    let delivery = ClaimedDelivery(
                        broadcastID: try row.decode(UUID.self, at: 0), userID: try row.decode(Int64.self, at: 1),
                        chatID: try row.decode(Int64.self, at: 2), markVersion: try row.decode(Int.self, at: 3))
                    let guarantee = DeliveryGuarantee(rawValue: try row.decode(String.self, at: 4)) ?? .atMostOnce
                    return DeliveryOutcome(
                        delivery, guarantee == .atLeastOnce ? .released(reason: "recovered") : .unknown)
                }
            }
            guard !stale.isEmpty else { return total }
            try await record(stale)
            total += stale.count
        }
    }
}
