import EventStore
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct SubscriptionTests {
    @Test func notifyWakesTheSubscriptionLongBeforeItsPoll() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append([event("a", 1), event("a", 2)])
            // A one-hour poll: only NOTIFY can deliver the later event before the test times out.
            var iterator = store.subscribe(after: 1, pollInterval: .seconds(3600)).makeAsyncIterator()
            #expect(try await iterator.next()?.position == 2)
            let appender = Task { try await store.append(event("a", 3)) }
            #expect(try await iterator.next()?.position == 3)
            _ = try await appender.value
        }
    }

    @Test func pollingAloneStillDeliversEveryEvent() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            var iterator = store.subscribe(after: 0, pollInterval: .milliseconds(20), listen: false).makeAsyncIterator()
            let appender = Task { for n in 1...5 { try await store.append(event("p", n)) } }
            var positions: [Int64] = []
            while positions.count < 5, let next = try await iterator.next() { positions.append(next.position) }
            #expect(positions == [1, 2, 3, 4, 5])
            _ = try await appender.value
        }
    }

    @Test func cancellingTheTaskEndsTheSubscription() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let consumer = Task {
                var count = 0
                for try await _ in store.subscribe(after: 0, pollInterval: .milliseconds(50)) { count += 1 }
                return count
            }
            try await store.append(event("c"))
            consumer.cancel()
            let count = try await consumer.value
            #expect(count <= 1)
        }
    }

    @Test func aSubscriptionOutlivesItsConnectionsBeingKilled() async throws {
        try await TestDatabase.with { db in
            let writer = EventStore(configuration: db.url)
            let reader = EventStore(configuration: db.url, maximumConnections: 1, applicationName: "follower")
            let admin = try await db.connect()
            var iterator = reader.subscribe(after: 0, batchSize: 50, pollInterval: .milliseconds(50)).makeAsyncIterator()
            var positions: [Int64] = []
            for round in 0..<10 {
                try await writer.append((0..<30).map { event("k-\(round)", $0) })
                // Kill the follower's connections (reads and LISTEN) between reads.
                _ = try await admin.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name IN ('follower', 'herald-listener')
                    """)
                while positions.count < (round + 1) * 30, let next = try await iterator.next() {
                    positions.append(next.position)
                }
            }
            #expect(positions == Array(1...300))
        }
    }
}
