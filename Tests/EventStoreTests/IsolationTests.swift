import EventStore
import HeraldTestSupport
import Postgres
import Testing

/// Appends under a database whose default isolation is not READ COMMITTED.
@Suite(.timeLimit(.minutes(5))) struct IsolationTests {
    @Test(arguments: ["repeatable read", "serializable"])
    func concurrentAppendersSucceedUnderADatabaseDefaultIsolation(_ isolation: String) async throws {
        try await TestDatabase.with { db in
            try await db.connect().executeUnsafeScript(
                "ALTER DATABASE \(db.name) SET default_transaction_isolation = '\(isolation)'")
            let writers = 6
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    // A store (and pool) per writer, as separate processes would have.
                    let store = EventStore(configuration: db.url, maximumConnections: 2)
                    group.addTask {
                        for n in 0..<40 {
                            if n % 4 == 0 {
                                try await store.append((0..<3).map { event("w\(writer)", $0) })
                            } else {
                                try await store.append(event("shared", n))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let store = EventStore(configuration: db.url)
            #expect(try await store.head() == Int64(writers * (30 + 10 * 3)))
            #expect(try await store.verifyChain().isIntact)
        }
    }

    @Test func appendOnASnapshotOlderThanItsLockIsATransientError() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(event("s", 1))
            let connection = try await db.connect()
            try await connection.executeUnsafeScript("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1")
            try await store.append(event("s", 2))  // commits after the transaction's snapshot
            let error = try await #require(throws: EventStoreError.self) {
                try await connection.withSession { session in
                    try EventStore.append([event("t", 3)], in: session)
                }
            }
            #expect(error.isTransient)
            try await connection.executeUnsafeScript("ROLLBACK")
            try await connection.withSession { session in _ = try EventStore.append([event("t", 3)], in: session) }
            #expect(try await store.head() == 3)
        }
    }
}
