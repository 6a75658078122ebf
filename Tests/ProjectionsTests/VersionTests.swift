import EventStore
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// A rolling deploy: binaries with two versions of one projector against one database.
@Suite(.timeLimit(.minutes(5))) struct VersionTests {
    func runner(_ db: TestDatabase, _ projector: any Projector) -> ProjectionRunner {
        var runner = ProjectionRunner(configuration: db.url, projector: projector)
        runner.batchSize = 50
        runner.pollInterval = .milliseconds(100)
        runner.standbyInterval = .milliseconds(100)
        return runner
    }

    @Test func anOlderBinaryNeverRebuildsOverANewerVersion() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await appendConcurrently(store, writers: 1, batches: 2, batchSize: 100)
            try await Rebuild(projector: Ledger(version: 2, runner: "new")).run(on: try await db.connect())

            let old = Ledger(version: 1, runner: "old")
            let read = try await #require(throws: ProjectionError.self) { try await runner(db, old).catchUp() }
            #expect(read.description.contains("newer than this herald's 1"))
            await #expect(throws: ProjectionError.self) {
                try await Rebuild(projector: old).run(on: try await db.connect())
            }
            #expect(try await db.checkpoint("ledger")?.version == 2)
            #expect(Set(try await db.ledger().map(\.runner)) == ["new"])
        }
    }

    /// A v1 runner is folding when a v2 rebuild swaps its model in: the next batch sees the stored
    /// version under the checkpoint row's lock and stops, and the v2 runner on standby takes over.
    @Test func aRunnerStopsFoldingOnceANewerVersionIsSwappedIn() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await appendConcurrently(store, writers: 1, batches: 2, batchSize: 100)
            let old = Task { await runner(db, Ledger(version: 1, runner: "old")).run() }
            try await db.waitUntilCaughtUp("ledger", version: 1)
            let new = Task { await runner(db, Ledger(version: 2, runner: "new")).run() }

            try await Rebuild(projector: Ledger(version: 2, runner: "replay")).run(on: try await db.connect())
            try await appendConcurrently(store, writers: 1, batches: 4, batchSize: 100)
            try await db.waitUntilCaughtUp("ledger", version: 2)
            old.cancel()
            new.cancel()

            let rows = try await db.ledger()
            #expect(rows.map(\.position) == Array(1...600))
            #expect(Set(rows.map(\.version)) == [2], "the v1 runner folded into the v2 model")
        }
    }
}
