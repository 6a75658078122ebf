import Engine
import EventStore
import HeraldTestSupport
import Testing

/// Generated secrets are made once per database and shared by every process that asks.
@Suite(.timeLimit(.minutes(2))) struct KeptSecretsTests {
    @Test func concurrentAsksGetOneValueAndAConfiguredOneWins() async throws {
        try await TestDatabase.with { db in
            let secrets = KeptSecrets(store: EventStore(configuration: db.url, maximumConnections: 8))
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await secrets.value(named: "webhook") } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(values.count == 1)
            let value = try #require(values.first)
            #expect(value.count == 43)
            #expect(value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            #expect(try await secrets.value(named: "webhook") == value)
            #expect(try await secrets.value(named: "links") != value)
            #expect(try await secrets.value(named: "webhook", configured: "from-env") == "from-env")
        }
    }
}
