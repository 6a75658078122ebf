import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct ConnectionPoolTests {
    @Test func moreTasksThanConnectionsAllComplete() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let pool = ConnectionPool(configuration: db.url, maximumConnections: 3)
            let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            _ = try await connection.query("SELECT pg_sleep(0.005)")
                            return try await connection.backendPID()
                        }
                    }
                }
                return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
            }
            #expect(pids.count <= 3)
            #expect(!pids.isEmpty)
        }
    }

    @Test func brokenConnectionIsReplaced() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let pool = ConnectionPool(configuration: db.url, maximumConnections: 1)
            let first = try await pool.withConnection { try await $0.backendPID() }
            let killer = try await db.connect()
            try await killer.execute("SELECT pg_terminate_backend(\(first))")
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { try await $0.query("SELECT 1") }
            }
            let second = try await pool.withConnection { try await $0.backendPID() }
            #expect(second != first)
        }
    }
}
