import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Broadcast commands against a real log, with the audience resolved by a stub.
@Suite(.timeLimit(.minutes(5))) struct BroadcastHandlerTests {
    let metadata = CommandMetadata(actor: "test:broadcasts")
    let premium: JSONValue = .object(["tier": .string("premium")])

    @Test func sendRecordsTheResolvedAudienceInChunks() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await TemplateHandler(store: store, metadata: metadata).create(name: "promo", body: "Hi", buttons: [])
            let handler = BroadcastHandler(store: store, metadata: metadata, audienceChunkSize: 2)
            let id = try await handler.create(title: "Sale", template: "promo", cohort: premium)
            let size = try await handler.send(id) { _ in [1, 2, 3, 4, 5].map { AudienceMember(userID: $0) } }
            #expect(size == 5)
            let events = try await store.readStream(StreamName.broadcast(id))
            #expect(events.map(\.type) == ["broadcast.created", "broadcast.started"])
            let chunks = try await store.readStream(StreamName.broadcastAudience(id))
            #expect(chunks.map(\.type) == Array(repeating: "broadcast.audience-resolved", count: 3))
        }
    }

    @Test func aSecondSendIsRefusedAndAppendsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await TemplateHandler(store: store, metadata: metadata).create(name: "promo", body: "Hi", buttons: [])
            let handler = BroadcastHandler(store: store, metadata: metadata)
            let id = try await handler.create(title: "Sale", template: "promo", cohort: premium)
            try await handler.send(id) { _ in [7].map { AudienceMember(userID: $0) } }
            let head = try await store.head()
            await #expect(throws: DecisionRejection.notAllowed("start", when: "sending")) {
                try await handler.send(id) { _ in [7].map { AudienceMember(userID: $0) } }
            }
            #expect(try await store.head() == head)
        }
    }

    @Test func reviseResolvesTheNewTemplateByName() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let templates = TemplateHandler(store: store, metadata: metadata)
            try await templates.create(name: "promo", body: "Hi", buttons: [])
            let other = try await templates.create(name: "other", body: "Yo", buttons: [])
            let handler = BroadcastHandler(store: store, metadata: metadata)
            let id = try await handler.create(title: "Sale", template: "promo", cohort: premium)
            try await handler.revise(id, title: nil, template: "other", cohort: nil)
            let revised = try #require(try await store.readStream(StreamName.broadcast(id)).last)
            #expect(revised.type == "broadcast.revised")
            #expect(revised.data.text.contains(other.uuidString))
            await #expect(throws: DecisionRejection.unknownTemplate(named: "gone")) {
                try await handler.revise(id, title: nil, template: "gone", cohort: nil)
            }
        }
    }
}
