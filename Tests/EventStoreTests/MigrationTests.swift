import EventStore
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct MigrationTests {
    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let first = try await Migrator().migrate(try await db.connect())
            let second = try await Migrator().migrate(try await db.connect())
            let all = Migration.eventLog.map(\.version)
            #expect(first.applied == all)
            #expect(second.applied == [])
            #expect(second.current == all.last)
        }
    }

    @Test func concurrentMigratorsApplyEachStepOnce() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let outcomes = try await withThrowingTaskGroup(of: Migrator.Outcome.self) { group in
                for _ in 0..<4 { group.addTask { try await Migrator().migrate(try await db.connect()) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let all = Migration.eventLog.map(\.version)
            #expect(outcomes.flatMap(\.applied).sorted() == all)
            #expect(outcomes.allSatisfy { $0.current == all.last })
        }
    }
}
