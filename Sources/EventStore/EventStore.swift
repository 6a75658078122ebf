public import Postgres

/// Herald's event log in PostgreSQL: `herald.events` and the functions around it.
///
/// Appends go through the `herald.append` function, which serialises writers on an advisory lock
/// so positions are gap-free and in commit order, checks expected versions, chains hashes and
/// notifies `herald_events` on commit. Reads are plain, index-ordered selects in bounded batches.
public struct EventStore: Sendable {
    public let pool: ConnectionPool
    /// Used for the dedicated LISTEN connection of each subscription.
    public let configuration: String

    /// The channel `herald.append` notifies with the new head position.
    public static let notificationChannel = "herald_events"

    /// `applicationName` shows in `pg_stat_activity`, to tell Herald's processes apart.
    public init(configuration: String, maximumConnections: Int = 8, applicationName: String = "herald") {
        self.configuration = configuration
        self.pool = ConnectionPool(
            configuration: configuration, maximumConnections: maximumConnections, applicationName: applicationName)
    }

    /// Runs `body` on a pooled connection, and again on another when the connection proves dead:
    /// a backend killed, or a server restarted, since the connection was last used leaves it in
    /// the pool looking healthy until it is used. Every operation here may run twice: reads
    /// change nothing, and an append of event ids that are stored already returns their positions
    /// (whatever the expected versions), so an append whose commit was lost with the connection
    /// is neither lost nor doubled. Each dead connection is dropped from the pool, so the retries
    /// are bounded by its size; a server that stays down fails the call.
    func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await pool.withConnection(body)
            } catch let error as PostgresError where error.code == .connectionLost && attempt <= pool.maximumConnections
            {
                continue
            }
        }
    }

    // MARK: Appending

    /// Appends `events` atomically: all of them or none.
    ///
    /// `expectations` holds the expected version of any stream (in the batch or not); streams not
    /// named accept any version. A conflict throws `EventStoreError.wrongExpectedVersion`. A
    /// serialization failure (see `EventStoreError.serializationFailure`) is retried a few times,
    /// since nothing was appended and a new statement takes a new snapshot.
    @discardableResult
    public func append(_ events: [NewEvent], expectations: [String: ExpectedVersion] = [:]) async throws
        -> AppendResult
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await withConnection { connection in
                    try await connection.withSession { session in
                        try Self.append(events, expectations: expectations, in: session)
                    }
                }
            } catch let error as EventStoreError where error.isTransient && attempt < Self.serializationAttempts {
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 << attempt))))
            }
        }
    }

    /// How many times `append` runs an append that keeps failing to serialize.
    static let serializationAttempts = 8

    /// Appends one event, expecting `expected` of its stream.
    @discardableResult
    public func append(_ event: NewEvent, expected: ExpectedVersion = .any) async throws -> AppendResult {
        try await append([event], expectations: [event.stream: expected])
    }

    /// Appends inside a session the caller holds, so the append can join the caller's transaction.
    ///
    /// The append lock is transaction-scoped: inside a caller's transaction it holds every other
    /// writer until that transaction ends, so keep such transactions short. In a transaction at
    /// REPEATABLE READ or SERIALIZABLE whose snapshot predates the lock, an append that another
    /// writer overtook throws `serializationFailure`: roll back and run the transaction again.
    public static func append(
        _ events: [NewEvent], expectations: [String: ExpectedVersion] = [:], in session: Session
    ) throws -> AppendResult {
        guard !events.isEmpty else { throw EventStoreError.emptyBatch }
        if let bad = events.first(where: { $0.stream.isEmpty || $0.type.isEmpty || $0.schemaVersion < 1 }) {
            throw EventStoreError.invalidEvent(
                "event \(bad.id) needs a stream, a type and a schema version of at least 1")
        }
        let constrained = expectations.compactMap { stream, expected in expected.required.map { (stream, $0) } }
            .sorted { $0.0 < $1.0 }
        let query: Query = """
            SELECT positions, stream_versions, appended FROM herald.append(\
            \(events.map(\.id)), \(events.map(\.stream)), \(events.map(\.type)), \
            \(events.map { Int32(clamping: $0.schemaVersion) }), \(events.map(\.data)), \(events.map(\.metadata)), \
            \(constrained.map(\.0)), \(constrained.map(\.1)))
            """
        do {
            let rows = try AppendTimer.measure { try session.query(query) }
            guard let row = rows.first else { throw PostgresError.decoding("herald.append returned no row") }
            return AppendResult(
                positions: try row.decode([Int64].self, at: 0),
                streamVersions: try row.decode([Int32].self, at: 1).map(Int.init),
                appended: try row.decode(Bool.self, at: 2))
        } catch let error as PostgresError {
            throw EventStoreError.from(error)
        }
    }

    // MARK: Reading

    /// Up to `limit` events after `position`, in position order.
    public func read(after position: Int64, limit: Int = 1000) async throws -> [RecordedEvent] {
        let result = try await withConnection { connection in
            try await connection.query(
                """
                SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events
                WHERE position > \(position) ORDER BY position LIMIT \(limit)
                """)
        }
        return try result.map(RecordedEvent.init(row:))
    }

    /// Every event after `position`, fetched lazily `batchSize` at a time (memory stays flat).
    public func readAll(after position: Int64 = 0, batchSize: Int = 1000) -> EventBatches {
        EventBatches(store: self, after: position, batchSize: batchSize)
    }

    /// Up to `limit` events of one stream after `version`, in stream order.
    public func readStream(_ stream: String, after version: Int = 0, limit: Int = 1000) async throws
        -> [RecordedEvent]
    {
        let result = try await withConnection { connection in
            try await connection.query(
                """
                SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events
                WHERE stream = \(stream) AND stream_version > \(Int32(clamping: version))
                ORDER BY stream_version LIMIT \(limit)
                """)
        }
        return try result.map(RecordedEvent.init(row:))
    }

    /// Every event of the given streams, in position order (for folding a chunk of aggregates at once).
    public func readStreams(_ streams: [String]) async throws -> [RecordedEvent] {
        let result = try await withConnection { connection in
            try await connection.query(
                """
                SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events
                WHERE stream = ANY(\(streams)) ORDER BY position
                """)
        }
        return try result.map(RecordedEvent.init(row:))
    }

    /// The position of the newest event, 0 for an empty log.
    public func head() async throws -> Int64 {
        let result = try await withConnection { connection in
            try await connection.query("SELECT coalesce(max(position), 0) FROM herald.events")
        }
        return try result[0].decode(Int64.self, at: 0)
    }

    /// The version of a stream's newest event, 0 when the stream does not exist.
    public func version(of stream: String) async throws -> Int {
        let result = try await withConnection { connection in
            try await connection.query(
                "SELECT coalesce(max(stream_version), 0) FROM herald.events WHERE stream = \(stream)")
        }
        return try result[0].decode(Int.self, at: 0)
    }
}

/// All events after a position, read in bounded batches as the consumer asks for them.
public struct EventBatches: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    let store: EventStore
    let after: Int64
    let batchSize: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let store: EventStore
        var checkpoint: Int64
        let batchSize: Int
        var buffer: [RecordedEvent] = []
        var index = 0
        var finished = false

        public mutating func next() async throws -> RecordedEvent? {
            if index == buffer.count {
                guard !finished else { return nil }
                buffer = try await store.read(after: checkpoint, limit: batchSize)
                index = 0
                finished = buffer.count < batchSize
                guard !buffer.isEmpty else { return nil }
            }
            defer { index += 1 }
            checkpoint = buffer[index].position
            return buffer[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(store: store, checkpoint: after, batchSize: Swift.max(1, batchSize))
    }
}
