import EventStore
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct AppendOnlyTests {
    @Test(arguments: [
        #"UPDATE herald.events SET data = '{"n": 9}' WHERE position = 2"#,
        "DELETE FROM herald.events WHERE position = 3",
        "TRUNCATE herald.events",
    ])
    func rewritingTheLogIsRefused(_ statement: String) async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...3).map { event("s", $0) })
            let error = try await #require(throws: PostgresError.self) {
                try await db.connect().executeUnsafeScript(statement)
            }
            #expect(error.sqlState == "HR004")
            #expect(try await store.all().map(\.data) == (1...3).map { event("s", $0).data })
        }
    }

    @Test func anOperatorWhoSetsTheEscapeHatchCanRewrite() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...3).map { event("s", $0) })
            try await db.rewriter().executeUnsafeScript("DELETE FROM herald.events WHERE position = 3")
            #expect(try await store.head() == 2)
        }
    }
}
