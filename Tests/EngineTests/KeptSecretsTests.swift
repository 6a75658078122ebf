import Engine
import Foundation
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

/// Without `HERALD_LINK_KEY`, every process on a database signs and checks links with one kept key.
@Suite(.timeLimit(.minutes(2))) struct KeptLinkKeyTests {
    @Test func twoProcessesShareTheKeptLinkKey() async throws {
        try await TestDatabase.with { db in
            let one = LinkKeySource(keptIn: EventStore(configuration: db.url, maximumConnections: 2))
            let other = LinkKeySource(keptIn: EventStore(configuration: db.url, maximumConnections: 2))
            let claim = LinkClaim(broadcastID: UUID(), userID: 9, button: 1)
            let token = LinkToken.encode(claim, key: try await one.key())
            #expect(LinkToken.verify(token, key: try await other.key()) == claim)
            let elsewhere = try #require(LinkKey(secret: String(repeating: "x", count: 43)))
            #expect(LinkToken.verify(token, key: elsewhere) == nil)
            let kept = try await KeptSecrets(store: EventStore(configuration: db.url, maximumConnections: 1))
                .value(named: LinkKeySource.keptName)
            #expect(LinkToken.verify(token, key: try #require(LinkKey(secret: kept))) == claim)
        }
    }
}
