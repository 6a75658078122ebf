import EventStore
import HeraldTestSupport
import Postgres
import Testing

/// The process's one LISTEN, over a real database: a commit wakes every waiter, a waiter that
/// read the generation before a commit never sleeps through it, and a killed listener comes back.
@Suite(.timeLimit(.minutes(2))) struct LogWakeupsTests {
    @Test func aCommitWakesEveryWaiterLongBeforeTheirTimeout() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let wakeups = LogWakeups(configuration: db.url)
            defer { wakeups.stop() }
            try await listening(wakeups, store)
            let seen = wakeups.generation
            // An hour's timeout: only the notification can end these waits before the time limit.
            let waiters = (0..<8).map { _ in Task { await wakeups.wait(after: seen, timeout: .seconds(3600)) } }
            try await store.append(event("w"))
            for waiter in waiters { #expect(await waiter.value > seen) }
        }
    }

    @Test func aCommitBeforeTheWaitIsNotSleptThrough() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let wakeups = LogWakeups(configuration: db.url)
            defer { wakeups.stop() }
            try await listening(wakeups, store)
            let seen = wakeups.generation  // as a reader does before reading the log
            try await store.append(event("b"))
            #expect(await wakeups.wait(after: seen, timeout: .seconds(3600)) > seen)
        }
    }

    @Test func withNoCommitAWaitEndsAtItsTimeoutAndCancellingEndsItAtOnce() async throws {
        try await TestDatabase.with { db in
            let wakeups = LogWakeups(configuration: db.url)
            defer { wakeups.stop() }
            // A generation no commit reaches: each wait below can end only by its timeout or its
            // cancellation, and one that hung would fail the suite's time limit.
            let never = wakeups.generation + 1_000_000
            _ = await wakeups.wait(after: never, timeout: .milliseconds(50))
            let waiter = Task { await wakeups.wait(after: never, timeout: .seconds(3600)) }
            waiter.cancel()
            _ = await waiter.value
        }
    }

    @Test func aKilledListenerListensAgain() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let wakeups = LogWakeups(configuration: db.url, retry: .milliseconds(50))
            defer { wakeups.stop() }
            try await listening(wakeups, store)
            let admin = try await db.connect()
            _ = try await admin.query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'herald-wakeups'
                """)
            try await listening(wakeups, store)  // listening again (its first wake-up may be the reconnect's)
            try await listening(wakeups, store)  // and woken by a commit
        }
    }

    /// Appends until a commit is seen, proving the listener is up (LISTEN starts asynchronously).
    private func listening(_ wakeups: LogWakeups, _ store: EventStore) async throws {
        var round = 0
        while true {
            let seen = wakeups.generation
            round += 1
            try await store.append(event("probe-\(round)"))
            if await wakeups.wait(after: seen, timeout: .milliseconds(200)) > seen { return }
        }
    }
}
