public import Postgres

/// Applies migrations that a database has not seen yet.
///
/// All pending migrations run in one transaction under an advisory lock, so two processes
/// migrating at once neither both apply a step nor see a half-applied schema.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.eventLog) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// What `migrate` did.
    public struct Outcome: Sendable, Equatable {
        /// Versions applied by this call, in order; empty when the schema was current.
        public var applied: [Int]
        /// The newest version now in the database.
        public var current: Int
    }

    @discardableResult
    public func migrate(_ connection: Connection) async throws -> Outcome {
        let migrations = migrations
        return try await connection.transaction { session in
            try session.executeUnsafeScript(
                """
                SET LOCAL client_min_messages = warning;
                SELECT pg_advisory_xact_lock(\(Self.lockKey));
                CREATE SCHEMA IF NOT EXISTS herald;
                CREATE TABLE IF NOT EXISTS herald.schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """)
            let done = Set(
                try session.query("SELECT version FROM herald.schema_migrations").map { try $0.decode(Int.self, at: 0) }
            )
            var applied: [Int] = []
            for migration in migrations where !done.contains(migration.version) {
                try session.executeUnsafeScript(migration.sql)
                try session.execute(
                    "INSERT INTO herald.schema_migrations (version, name) VALUES (\(Int32(migration.version)), \(migration.name))"
                )
                applied.append(migration.version)
            }
            return Outcome(applied: applied, current: max(done.max() ?? 0, applied.last ?? 0))
        }
    }

    static let lockKey: Int64 = 0x4845_524D_4947  // "HERMIG"
}
