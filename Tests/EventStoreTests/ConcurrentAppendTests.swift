import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// The log's invariants under concurrent writers, contention and killed connections.
@Suite(.timeLimit(.minutes(5))) struct ConcurrentAppendTests {
    struct Tally: Sendable {
        var events = 0
        var hotEvents = 0
        var conflicts = 0
        var retriedAfterKill = 0
        var ids: [UUID] = []
    }

    @Test func concurrentWritersLeaveAGapFreeLogThatAFollowerReadsExactlyOnce() async throws {
        try await TestDatabase.with { db in
            let writers = 6
            let store = EventStore(configuration: db.url, maximumConnections: writers, applicationName: "writer")
            let reader = EventStore(configuration: db.url, maximumConnections: 2, applicationName: "reader")
            let hot = ["hot-0", "hot-1", "hot-2"]

            let follower = Task {
                var seen: [Int64] = []
                for try await event in reader.subscribe(after: 0, batchSize: 700, pollInterval: .seconds(5)) {
                    seen.append(event.position)
                    if event.type == "test.finished" { break }
                }
                return seen
            }

            let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var tally = Tally()
                        for round in 0..<70 {
                            if round % 3 == 0 {
                                // Read-then-append on a few shared streams: writers race for each version.
                                let stream = hot[(writer + round) % hot.count]
                                while true {
                                    let version = try await store.version(of: stream)
                                    let batch = (0..<Int.random(in: 1...3)).map { event(stream, $0) }
                                    do {
                                        try await store.append(
                                            batch, expectations: [stream: version == 0 ? .noStream : .exact(version)])
                                        tally.events += batch.count
                                        tally.hotEvents += batch.count
                                        break
                                    } catch let error as EventStoreError where error.isConcurrencyConflict {
                                        tally.conflicts += 1
                                    }
                                }
                            } else {
                                let batch = (0..<Int.random(in: 1...200)).map { event("w\(writer)-\($0 % 7)", $0) }
                                try await store.append(batch)
                                tally.events += batch.count
                            }
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await store.append(event("test", type: "test.finished"))

            let total = tallies.reduce(0) { $0 + $1.events } + 1
            #expect(total > 20_000)
            #expect(tallies.reduce(0) { $0 + $1.conflicts } > 0, "writers never contended; the test proves less")

            let positions = try await store.all().map(\.position)
            #expect(positions == Array(1...Int64(total)))
            #expect(try await follower.value == positions)

            var hotCount = 0
            for stream in hot {
                let versions = try await store.readStream(stream, limit: 10_000).map(\.streamVersion)
                #expect(versions == Array(1...versions.count))
                hotCount += versions.count
            }
            #expect(hotCount == tallies.reduce(0) { $0 + $1.hotEvents })
            #expect(try await store.verifyChain().isIntact)
        }
    }

    @Test func killedWritersRetryingTheirBatchesStoreEachEventExactlyOnce() async throws {
        try await TestDatabase.with { db in
            let writers = 4
            let store = EventStore(configuration: db.url, maximumConnections: writers, applicationName: "writer")
            let admin = try await db.connect()

            let killer = Task {
                // One active writer at a time, 30 in all: enough to hit appends mid-flight, few
                // enough that every batch gets through.
                var kills = 0
                while !Task.isCancelled && kills < 30 {
                    let killed = try await admin.query(
                        """
                        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (
                            SELECT pid FROM pg_stat_activity
                            WHERE datname = current_database() AND application_name = 'writer' AND state = 'active'
                            ORDER BY random() LIMIT 1) victim
                        """)
                    kills += try killed[0].decode(Int.self, at: 0)
                    try? await Task.sleep(for: .milliseconds(40))
                }
                return kills
            }

            let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var tally = Tally()
                        for round in 0..<40 {
                            let batch = (0..<Int.random(in: 50...150)).map { event("k\(writer)-\(round % 3)", $0) }
                            // The same ids on every try: a batch that committed before the kill is not added twice.
                            var attempts = 0
                            while true {
                                attempts += 1
                                do {
                                    try await store.append(batch)
                                    break
                                } catch let error as PostgresError where error.code == .connectionLost {
                                    try #require(attempts < 50, "a batch kept failing")
                                }
                            }
                            tally.retriedAfterKill += attempts - 1
                            tally.events += batch.count
                            tally.ids += batch.map(\.id)
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            killer.cancel()
            let kills = try await killer.value

            // The store itself appends again on a fresh connection when one dies under it (the
            // same ids, so nothing doubles); the writers' own retries only see kills that outlast
            // its attempts.
            #expect(kills > 0, "no append was interrupted; the test proves less")
            // Read back through connections of its own: a kill that landed as an append committed
            // leaves a dead connection in the writers' pool, which the next read would trip on.
            let reader = EventStore(configuration: db.url)
            let stored = try await reader.all()
            #expect(stored.map(\.position) == Array(1...Int64(stored.count)))
            #expect(Set(stored.map(\.id)) == Set(tallies.flatMap(\.ids)))
            #expect(stored.count == tallies.reduce(0) { $0 + $1.events })
            #expect(try await reader.verifyChain().isIntact)
        }
    }

    /// Connections the server dropped while they sat idle in the pool (a restart, an
    /// administrator's kill) cost the next callers nothing: the store retries on a fresh one.
    @Test func idleConnectionsKilledInThePoolDoNotFailTheNextCalls() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 3, applicationName: "idle-kill")
            try await withThrowingTaskGroup(of: Void.self) { group in  // three connections, all idle after
                for stream in ["a", "b", "c"] { group.addTask { try await store.append(event(stream)) } }
                try await group.waitForAll()
            }
            let admin = try await db.connect()
            let killed = try await admin.query(
                """
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'idle-kill'
                """)[0].decode(Int.self, at: 0)
            #expect(killed >= 1)
            while try await admin.query(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'idle-kill'")[0].decode(Int.self, at: 0)
                > 0
            {
                try await Task.sleep(for: .milliseconds(10))  // the backends exit asynchronously
            }
            #expect(try await store.head() == 3)
            let appended = try await store.append(event("d"))
            #expect(appended.positions == [4])
            #expect(try await store.read(after: 0).count == 4)
        }
    }
}
