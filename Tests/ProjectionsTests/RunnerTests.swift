import EventStore
import HeraldTestSupport
import Postgres
import Projections
import Testing

@Suite(.timeLimit(.minutes(5))) struct RunnerTests {
    func runner(_ db: TestDatabase, _ projector: any Projector) -> ProjectionRunner {
        var runner = ProjectionRunner(configuration: db.url, projector: projector)
        runner.batchSize = 300
        runner.pollInterval = .milliseconds(200)
        runner.standbyInterval = .milliseconds(100)
        return runner
    }

    @Test func runnerFedWhileWritersAppendEqualsAFullReplay() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 4)
            let live = Task { await runner(db, Ledger()).run() }
            let counts = Task { await runner(db, EventCounts()).run() }
            try await appendConcurrently(store, writers: 4, batches: 25, batchSize: 60)
            try await db.waitUntilCaughtUp("ledger")
            try await db.waitUntilCaughtUp("event_counts")
            live.cancel()
            counts.cancel()

            let folded = try await db.ledger()
            #expect(folded.map(\.position) == Array(1...6000))
            try await Rebuild(projector: Ledger(runner: "replay")).run(on: try await db.connect())
            #expect(try await db.ledger().map(\.position) == folded.map(\.position))

            // The set-based fold and the Swift fold of the same counts agree.
            try await Rebuild(projector: EventCountsSwiftFold()).run(on: try await db.connect())
            let sql = "SELECT type, schema_version, events, last_position FROM %@.event_types ORDER BY 1, 2"
            let setBased = try await db.connect().query(
                Query(unsafeSQL: sql.replacingOccurrences(of: "%@", with: "rm_event_counts")))
            let swiftFold = try await db.connect().query(
                Query(unsafeSQL: sql.replacingOccurrences(of: "%@", with: "rm_event_counts_swift")))
            #expect(try setBased.map { try $0.decode(Int.self, at: 2) } == [6000])
            #expect(try swiftFold.map { try $0.decode(Int.self, at: 2) } == [6000])
            #expect(
                try setBased.map { try $0.decode(Int64.self, at: 3) }
                    == swiftFold.map { try $0.decode(Int64.self, at: 3) })
        }
    }

    @Test func thrownErrorMidBatchNeitherSkipsNorRepeats() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let faults = Ledger.Faults([150, 151, 990, 2000])
            try await appendConcurrently(store, writers: 2, batches: 10, batchSize: 100)
            let task = Task { await runner(db, Ledger(faults: faults)).run() }
            try await db.waitUntilCaughtUp("ledger")
            task.cancel()
            #expect(faults.remaining == 0)
            #expect(try await db.ledger().map(\.position) == Array(1...2000))
        }
    }

    @Test func droppedConnectionsNeitherSkipNorRepeat() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let admin = try await db.connect()
            let task = Task { await runner(db, Ledger()).run() }
            var kills = 0
            for round in 0..<20 {
                try await store.append((0..<150).map { event("k-\(round)", $0) })
                kills += try await admin.query(
                    """
                    SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'herald-projector-ledger'
                    """)[0].decode(Int.self, at: 0)
            }
            try await db.waitUntilCaughtUp("ledger")
            task.cancel()
            #expect(kills > 0)
            #expect(try await db.ledger().map(\.position) == Array(1...3000))
        }
    }

    @Test func twoRunnersNeverBothApplyAndTheStandbyTakesOver() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let first = Task { await runner(db, Ledger(runner: "first")).run() }
            let second = Task { await runner(db, Ledger(runner: "second")).run() }
            try await appendConcurrently(store, writers: 2, batches: 10, batchSize: 100)
            try await db.waitUntilCaughtUp("ledger")
            let before = try await db.ledger()
            #expect(Set(before.map(\.runner)).count == 1, "both runners applied events")
            let owner = try #require(before.first?.runner)

            (owner == "first" ? first : second).cancel()
            try await appendConcurrently(store, writers: 2, batches: 5, batchSize: 100)
            try await db.waitUntilCaughtUp("ledger")
            let after = try await db.ledger()
            #expect(after.map(\.position) == Array(1...3000))
            #expect(Set(after.dropFirst(2000).map(\.runner)) == [owner == "first" ? "second" : "first"])
            first.cancel()
            second.cancel()
        }
    }

    @Test func versionBumpRebuildsFromTheStart() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await appendConcurrently(store, writers: 1, batches: 5, batchSize: 100)
            let v1 = Task { await runner(db, Ledger(version: 1)).run() }
            try await db.waitUntilCaughtUp("ledger", version: 1)
            v1.cancel()
            _ = await v1.value

            let v2 = Task { await runner(db, Ledger(version: 2)).run() }
            try await db.waitUntilCaughtUp("ledger", version: 2)
            v2.cancel()
            let rows = try await db.ledger()
            #expect(rows.map(\.position) == Array(1...500))
            #expect(Set(rows.map(\.version)) == [2])
        }
    }

    @Test func readersSeeAWholeTableThroughoutAReplay() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await appendConcurrently(store, writers: 2, batches: 10, batchSize: 500)
            try await Rebuild(projector: Ledger()).run(on: try await db.connect())

            let reader = Task {
                let connection = try await db.connect()
                var reads: [Int] = []
                while !Task.isCancelled {
                    reads.append(
                        try await connection.query("SELECT count(*) FROM rm_ledger.seen")[0].decode(Int.self, at: 0))
                }
                return reads
            }
            for _ in 0..<3 { try await Rebuild(projector: Ledger(), batchSize: 700).run(on: try await db.connect()) }
            reader.cancel()
            let reads = try await reader.value
            #expect(!reads.isEmpty)
            #expect(Set(reads) == [10_000])
        }
    }

    /// A new projector (or version) found at once by a running engine and by CLI reads: their
    /// rebuilds take turns, the later ones find the work done, and every event is folded once.
    @Test func concurrentFirstCatchUpsAndARunnerTakeTurnsRebuilding() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await appendConcurrently(store, writers: 2, batches: 10, batchSize: 200)
            let live = Task { await runner(db, Ledger(runner: "live")).run() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["a", "b", "c", "d"] {
                    group.addTask { try await runner(db, Ledger(runner: name)).catchUp() }
                }
                try await group.waitForAll()
            }
            try await db.waitUntilCaughtUp("ledger")
            live.cancel()
            #expect(try await db.ledger().map(\.position) == Array(1...4000))
        }
    }
}
