import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// The audience, broadcasts and templates read models, folded live in small batches while the
/// engine's handlers write, equal a replay of the same log, table for table and row for row.
@Suite(.timeLimit(.minutes(5))) struct ReplayEqualsLiveTests {
    static let projectors: [String: any Projector] = [
        "audience": Audience(), "broadcasts": Broadcasts(), "templates": Templates(),
    ]

    /// Every table of `schema`, each as its rows' text, sorted.
    static func dump(_ db: TestDatabase, schema: String) async throws -> [String: [String]] {
        let connection = try await db.connect()
        let tables = try await connection.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = \(schema)"
        ).map { try $0.decode(String.self, at: 0) }
        var dump: [String: [String]] = [:]
        for table in tables {
            dump[table] = try await connection.query(Query(unsafeSQL: "SELECT t::text FROM \(schema).\(table) t"))
                .map { try $0.decode(String.self, at: 0) }.sorted()
        }
        return dump
    }

    /// Imports, re-imports, templates revised and archived, broadcasts through their lifecycle.
    static func history(_ store: EventStore) async throws {
        let metadata = CommandMetadata(actor: "test:replay")
        _ = try await RecipientImport(
            csv: "user_id,first_name,tier,language\n1,Ann,free,en\n2,Bo,premium,pt\n3,Cy,premium,en\n"
        )
        .run(on: store, metadata: metadata)
        _ = try await RecipientImport(
            csv: "user_id,first_name,tier,language\n2,Bo,free,pt\n3,Cy,premium,de\n4,Di,free,en\n"
        )
        .run(on: store, metadata: metadata)
        let templates = TemplateHandler(store: store, metadata: metadata)
        try await templates.create(name: "promo", body: "Hi there", category: "sales", buttons: [])
        try await templates.create(name: "old", body: "Bye", parseMode: .plain, buttons: [])
        try await templates.revise(name: "promo", body: "Hello there", category: .some(nil), buttons: [])
        try await templates.archive(name: "old")
        let broadcasts = BroadcastHandler(store: store, metadata: metadata, audienceChunkSize: 2)
        let audience: BroadcastHandler.AudienceResolver = { _ in [1, 2, 3].map { AudienceMember(userID: $0) } }
        let sent = try await broadcasts.create(title: "Sale", template: "promo", cohort: .object([:]))
        try await broadcasts.revise(sent, title: "Big sale", template: nil, cohort: nil)
        _ = try await broadcasts.send(sent, audience: audience)
        try await broadcasts.pause(sent)
        try await broadcasts.resume(sent)
        let scheduled = try await broadcasts.create(title: "Later", template: "promo", cohort: .object([:]))
        try await broadcasts.schedule(scheduled, at: Date(timeIntervalSince1970: 1_900_000_000))
        let cancelled = try await broadcasts.create(title: "Never", template: "promo", cohort: .object([:]))
        try await broadcasts.cancel(cancelled)
    }

    @Test(arguments: ["audience", "broadcasts", "templates"])
    func replayBuildsWhatTheLiveRunnerBuilt(_ name: String) async throws {
        let projector = try #require(Self.projectors[name])
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            var runner = ProjectionRunner(configuration: db.url, projector: projector)
            runner.batchSize = 3
            runner.pollInterval = .milliseconds(100)
            let live = Task { [runner] in await runner.run() }
            try await Self.history(store)
            try await db.waitUntilCaughtUp(name, version: projector.version)
            live.cancel()
            let folded = try await Self.dump(db, schema: projector.schema)
            #expect(folded.values.contains { !$0.isEmpty }, "the history left \(name) empty")

            try await Rebuild(projector: projector).run(on: try await db.connect())
            #expect(try await Self.dump(db, schema: projector.schema) == folded)
        }
    }
}
