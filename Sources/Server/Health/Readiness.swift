import Engine
public import EventStore
public import Postgres
import Synchronization

/// Asks the database what `/readyz` needs: reachability, the applied schema, projector lag and
/// which sender leases this process holds.
public struct Readiness: Sendable {
    let pool: ConnectionPool
    /// Events a projector may trail the log by before this process reports not ready.
    public var maxLag: Int64
    /// This process's lease holder name (`Sender.Configuration.holder`); nil when it sends nothing.
    public var holder: String?
    /// The migration this binary was built with; an older database is not ready for it.
    public var latestMigration: Int
    private let shutdown = ShutdownFlag()

    public init(pool: ConnectionPool, maxLag: Int64, holder: String?, migrator: Migrator = Migrator()) {
        self.pool = pool
        self.maxLag = maxLag
        self.holder = holder
        self.latestMigration = migrator.migrations.last?.version ?? 0
    }

    public func report() async -> ReadinessReport {
        var seen = await observe()
        seen.stopping = shutdown.raised.load(ordering: .relaxed)
        return ReadinessReport.evaluate(seen, latestMigration: latestMigration, maxLag: maxLag)
    }

    /// From now on `/readyz` answers 503 naming `stopping`; shared by every copy of this value.
    public func markStopping() {
        shutdown.raised.store(true, ordering: .relaxed)
    }

    private func observe() async -> ReadinessReport.Observation {
        do {
            return try await pool.withConnection { connection in
                var seen = ReadinessReport.Observation()
                // An unmigrated database has no table to ask, which is an answer ("version 0"),
                // not a failure to reach it.
                let hasTable =
                    try await connection.query(
                        "SELECT to_regclass('herald.schema_migrations') IS NOT NULL"
                    ).first.map { try $0.decode(Bool.self, at: 0) } ?? false
                if hasTable {
                    seen.appliedMigration = try await connection.query(
                        "SELECT max(version) FROM herald.schema_migrations"
                    ).first.flatMap { try $0.decodeIfPresent(Int.self, at: 0) }
                }
                guard let applied = seen.appliedMigration, applied == latestMigration else { return seen }
                let projectors = try await OperatorView.projectors(on: connection)
                seen.projectorLag = projectors.map { ($0.name, $0.lag) }
                seen.failingProjectors = projectors.compactMap { p in
                    p.failure.map {
                        (p.name, "cannot fold event \($0.position) (\($0.eventType ?? "no event")): \($0.error)")
                    }
                }
                if let holder {
                    seen.leases = try await OperatorView.senders(on: connection)
                        .filter { $0.live && $0.holder == holder }
                        .map { ReadinessReport.Lease(botID: $0.botID, epoch: $0.epoch, state: $0.state) }
                }
                return seen
            }
        } catch {
            // Postgres errors never carry the connection string or its password.
            return ReadinessReport.Observation(unreachable: "\(error)")
        }
    }
}

/// Set once, when the process starts shutting down.
final class ShutdownFlag: Sendable {
    let raised = Atomic(false)
}
