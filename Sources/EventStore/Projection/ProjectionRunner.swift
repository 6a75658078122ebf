public import Logging
public import Postgres

/// Keeps one projector's read model up to date with the log, until its task is cancelled.
///
/// It holds a session advisory lock for the projector, so of several `herald run` processes on
/// one database exactly one folds it and the others stand by (and take over when its connection
/// goes). Each batch is applied and its checkpoint advanced in one transaction, so a crash
/// anywhere neither skips nor repeats an event. It wakes on NOTIFY and also polls.
public struct ProjectionRunner: Sendable {
    public let configuration: String
    public let projector: any Projector
    public var batchSize = 1000
    public var pollInterval: Duration = .seconds(1)
    public var standbyInterval: Duration = .seconds(5)
    /// The least time between two batches woken by NOTIFY. Every commit to the log notifies, so
    /// under a stream of small commits (clicks in group commits, a few hundred a second) the
    /// projector folds them in fewer, larger batches instead of one transaction per commit. A
    /// commit after a quiet spell is folded at once; under load a read model trails the log by at
    /// most this much. With seven projectors, 10 ms spent a third of the CPU of a click storm on
    /// their transactions (scripts/bench-clicks: 6,200 → 8,700 clicks/s at 32 connections).
    public var settle: Duration = .milliseconds(100)
    /// The process's shared listener; without one the runner listens on a connection of its own.
    public var wakeups: LogWakeups?
    /// Where a fold failure, its recovery and any other stop are logged, once each.
    public var logger: Logger?

    public init(configuration: String, projector: any Projector) {
        self.configuration = configuration
        self.projector = projector
    }

    /// Folds forever; returns when the task is cancelled.
    public func run() async {
        var loop = ProjectorLoop(version: projector.version, standbyInterval: standbyInterval)
        var action = loop.handle(.started)
        var connection: Connection?
        var listener: Connection?
        var lastBatch = ContinuousClock.now
        var seen: UInt64 = 0
        var failure: FoldFailure?  // the fold failure last logged, while it lasts
        var recorded = false  // whether herald.projection_failures may hold a row for it
        var stopped: String?  // the other error last logged, until a batch succeeds
        while !Task.isCancelled {
            do {
                switch action {
                case .acquireLock:
                    let (owned, stored, wakeups) = try await acquire()
                    connection = owned
                    listener = wakeups
                    // A failure the previous holder recorded is cleared once this one folds past it.
                    if let owned { recorded = try await hasRecordedFailure(on: owned) }
                    action = loop.handle(owned == nil ? .lockDenied : .lockAcquired(storedVersion: stored))
                case .retryLock(let delay):
                    try? await Task.sleep(for: delay)
                    action = loop.handle(.started)
                case .rebuild:
                    let owned = try require(connection)
                    do {
                        try await Rebuild(projector: projector, batchSize: batchSize).runUnlessCurrent(on: owned)
                        action = loop.handle(.rebuilt)
                    } catch where FoldFailure.isFold(error) {
                        // Which event failed is not known here (the fold runs in a schema being
                        // built); the failure is recorded with the error, and the rebuild retried.
                        let found = FoldFailure(position: 0, eventType: nil, error: "rebuild: \(error)")
                        try await record(found, on: owned)
                        if found != failure { log(found) }
                        failure = found
                        recorded = true
                        action = loop.handle(.foldFailed)
                    }
                case .applyNextBatch:
                    lastBatch = .now
                    seen = wakeups?.generation ?? 0
                    let owned = try require(connection)
                    do {
                        let outcome = try await applyBatch(on: owned, clearingFailure: recorded)
                        if let failure { logRecovery(from: failure) }
                        failure = nil
                        if outcome.events > 0 { recorded = false }
                        stopped = nil
                        action = loop.handle(.applied(caughtUp: outcome.caughtUp))
                    } catch where FoldFailure.isFold(error) {
                        guard let found = try await isolateFailure(on: owned) else {
                            action = loop.handle(.applied(caughtUp: false))  // it passed meanwhile
                            continue
                        }
                        if found != failure { log(found) }
                        failure = found
                        recorded = true
                        action = loop.handle(.foldFailed)
                    }
                case .retryBatch(let delay):
                    try? await Task.sleep(for: delay)
                    action = loop.handle(.wokeUp)
                case .waitForWakeUp:
                    do {
                        if let wakeups {
                            await wakeups.wait(after: seen, timeout: pollInterval)
                        } else {
                            guard let listener else { throw PostgresError.connectionClosed() }
                            _ = try await listener.waitForNotifications(timeout: pollInterval)
                        }
                        try? await Task.sleep(until: lastBatch + settle)  // returns at once when past
                    } catch {
                        // A lost listener costs wake-ups, not the lock: poll until the next restart.
                        listener = nil
                        try? await Task.sleep(for: pollInterval)
                    }
                    action = loop.handle(.wokeUp)
                case .restart(let delay):
                    connection = nil  // closing the connection releases the lock
                    listener = nil
                    try? await Task.sleep(for: delay)
                    action = loop.handle(.started)
                }
            } catch {
                let line = "\(error)"
                if line != stopped, !(error is CancellationError) {
                    logger?.error(
                        "projector stopped; restarting with back-off",
                        metadata: ["projector": "\(projector.name)", "error": "\(line)"])
                }
                stopped = line
                action = loop.handle(.failed)
            }
        }
    }

    /// One batch in one transaction on the lock-holding connection; `clearingFailure` deletes the
    /// projector's recorded failure in the same transaction when the batch moves past it.
    func applyBatch(on connection: Connection, clearingFailure: Bool = false) async throws -> ProjectionBatch.Outcome {
        let projector = projector
        let batchSize = batchSize
        return try await connection.transaction { session in
            // A read model and its checkpoint commit together and are rebuilt from the log, so a
            // commit lost in a server crash only moves both back to where they agree; not waiting
            // for its WAL flush keeps the projectors' fsyncs from queueing ahead of the log's own
            // appends (clicks, outcomes), which stay synchronous. A later synchronous commit that
            // read this one's rows flushes it too.
            try session.execute("SET LOCAL synchronous_commit = off")
            // The stored checkpoint and version, not remembered ones, under the row's lock: a replay
            // or another binary's rebuild may have swapped the tables meanwhile.
            let rows = try session.query(
                "SELECT position, version FROM herald.projections WHERE name = \(projector.name) FOR UPDATE")
            guard let row = rows.first else { throw ProjectionError.versionChanged(projector, stored: nil) }
            let checkpoint = try row.decode(Int64.self, at: 0)
            let stored = try row.decode(Int.self, at: 1)
            guard stored == projector.version else { throw ProjectionError.versionChanged(projector, stored: stored) }
            let outcome = try ProjectionBatch.apply(
                projector, after: checkpoint, in: projector.schema, batchSize: batchSize, session: session)
            if outcome.through != checkpoint {
                try session.execute(
                    """
                    UPDATE herald.projections SET position = \(outcome.through), updated_at = now()
                    WHERE name = \(projector.name)
                    """)
                if clearingFailure {
                    try session.execute("DELETE FROM herald.projection_failures WHERE name = \(projector.name)")
                }
                try session.execute(
                    "SELECT pg_notify(\(ProjectionRunner.notificationChannel), \(projector.name + ":\(outcome.through)"))"
                )
            }
            return outcome
        }
    }

    /// Connects and tries the projector's lock; returns the connection only when the lock is ours.
    private func acquire() async throws -> (Connection?, Int?, Connection?) {
        let connection = try await Connection.connect(
            to: configuration, applicationName: "herald-projector-\(projector.name)")
        let owned = try await connection.query(
            "SELECT pg_try_advisory_lock(\(Self.lockClass), hashtext(\(projector.name)))")[0].decode(Bool.self, at: 0)
        guard owned else { return (nil, nil, nil) }
        let stored = try await connection.query(
            "SELECT version FROM herald.projections WHERE name = \(projector.name)"
        ).first.map { try $0.decode(Int.self, at: 0) }
        guard wakeups == nil else { return (connection, stored, nil) }
        let listener = try? await Connection.connect(to: configuration, applicationName: "herald-listener")
        try? await listener?.listen(EventStore.notificationChannel)
        return (connection, stored, listener)
    }

    private func require(_ connection: Connection?) throws -> Connection {
        guard let connection else { throw PostgresError.decoding("projector connection is gone") }
        return connection
    }

    /// Notified with `<name>:<position>` whenever a projector's checkpoint moves.
    public static let notificationChannel = "herald_projections"

    /// The first key of the two-key advisory locks that guard projectors ("HRLD").
    static let lockClass: Int32 = 0x4852_4C44
}

extension ProjectionRunner {
    /// Brings the read model up to the head now, in this process, so a CLI read never shows data
    /// older than the command before it. Safe beside a running `herald run`: both take the
    /// checkpoint row before they fold, so no batch is applied twice, and rebuilds (for a new
    /// projector or version) take turns, the later one finding the work done. A read model of a
    /// newer version than this binary's is refused (`ProjectionError`), never rebuilt backwards.
    public func catchUp() async throws {
        try await catchUp(on: try await Connection.connect(to: configuration, applicationName: "herald-catch-up"))
    }

    /// As `catchUp()`, on a connection the caller holds (a reader's, leased from its pool).
    public func catchUp(on connection: Connection) async throws {
        let rebuild = Rebuild(projector: projector, batchSize: batchSize)
        if try await rebuild.storedVersion(on: connection) != projector.version {
            try await rebuild.runUnlessCurrent(on: connection)
        }
        // A failure a runner recorded is cleared once this fold gets past it.
        let failing = try await hasRecordedFailure(on: connection)
        while !(try await applyBatch(on: connection, clearingFailure: failing)).caughtUp {}
    }
}
