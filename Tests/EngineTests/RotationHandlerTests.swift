import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Rotation commands against a real log: the name claim, names and ids, and refusals that append nothing.
@Suite(.timeLimit(.minutes(5))) struct RotationHandlerTests {
    let metadata = CommandMetadata(actor: "test:rotations")
    let future = Date(timeIntervalSince1970: 4_000_000_000)

    /// Two templates, as an operator would write them.
    func templates(_ store: EventStore) async throws -> (UUID, UUID) {
        let handler = TemplateHandler(store: store, metadata: metadata)
        return (
            try await handler.create(name: "promo", body: "Buy", buttons: []),
            try await handler.create(name: "teaser", body: "Soon", buttons: [])
        )
    }

    @Test func createClaimsTheNameAndResolvesTemplatesByName() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let (promo, teaser) = try await templates(store)
            let handler = RotationHandler(store: store, metadata: metadata)
            let id = try await handler.create(
                name: "daily", chats: [-1_001, -1_002], templates: ["promo", "teaser"], intervalSeconds: 3_600,
                startsAt: future)
            let created = try #require(try await store.readStream(StreamName.rotation(id)).first)
            #expect(created.type == "rotation.created")
            let event = try JSONDecoder().decode(RotationCreated.self, from: Data(created.data.text.utf8))
            #expect(event.templateIDs == [promo, teaser])
            #expect(event.chatIDs == [-1_001, -1_002])
            #expect(
                try await store.readStream(StreamName.rotationName("daily")).map(\.type) == ["rotation.name-claimed"])
            #expect(try await handler.resolve("daily") == id)
            #expect(try await handler.resolve(id.uuidString) == id)
            #expect(try await handler.resolve(UUID().uuidString) == nil)
        }
    }

    @Test func pauseAndResumeByNameOrId() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await templates(store)
            let handler = RotationHandler(store: store, metadata: metadata)
            let id = try await handler.create(
                name: "daily", chats: [-1_001], templates: ["promo"], intervalSeconds: 3_600, startsAt: future)
            #expect(try await handler.pause("daily") == id)
            #expect(try await handler.resume(id.uuidString.lowercased()) == id)
            #expect(
                try await store.readStream(StreamName.rotation(id)).map(\.type) == [
                    "rotation.created", "rotation.paused", "rotation.resumed",
                ])
        }
    }

    @Test func defaultStartIsTheNextWholeMinute() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await templates(store)
            for (now, next) in [(1_900_000_030.5, 1_900_000_080.0), (1_900_000_020.0, 1_900_000_080.0)] {
                let handler = RotationHandler(store: store, metadata: metadata) { Date(timeIntervalSince1970: now) }
                let id = try await handler.create(
                    name: "soon-\(Int(now))", chats: [-1_001], templates: ["promo"], intervalSeconds: 60)
                let created = try #require(try await store.readStream(StreamName.rotation(id)).first)
                let event = try JSONDecoder().decode(RotationCreated.self, from: Data(created.data.text.utf8))
                #expect(event.startsAt.date == Date(timeIntervalSince1970: next), "now \(now)")
            }
        }
    }

    @Test func refusalsAppendNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await templates(store)
            try await TemplateHandler(store: store, metadata: metadata).create(name: "old", body: "x", buttons: [])
            try await TemplateHandler(store: store, metadata: metadata).archive(name: "old")
            let handler = RotationHandler(store: store, metadata: metadata)
            try await handler.create(
                name: "daily", chats: [-1_001], templates: ["promo"], intervalSeconds: 3_600, startsAt: future)
            let head = try await store.head()
            let create = { (name: String, templates: [String]) in
                try await handler.create(
                    name: name, chats: [-1_001], templates: templates, intervalSeconds: 3_600, startsAt: self.future)
            }
            await #expect(throws: DecisionRejection.rotationNameTaken("daily")) { try await create("daily", ["promo"]) }
            await #expect(throws: DecisionRejection.unknownTemplate(named: "nope")) {
                try await create("weekly", ["promo", "nope"])
            }
            await #expect(throws: DecisionRejection.templateArchived(named: "old")) {
                try await create("weekly", ["old"])
            }
            await #expect(throws: DecisionRejection.invalidRotationName("two words")) {
                try await create("two words", ["promo"])
            }
            await #expect(throws: DecisionRejection.rotationAlready(.active)) { try await handler.resume("daily") }
            await #expect(throws: DecisionRejection.unknownRotation(named: "gone")) { try await handler.pause("gone") }
            #expect(try await store.head() == head)
        }
    }

    @Test func outcomesOfADueSlotAreRecordedOncePerChat() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let (promo, _) = try await templates(store)
            // A start in the past is refused, so the rotation starts a minute after its creator's
            // clock, and the scheduler's outcomes are recorded by a handler whose clock is past it.
            let created = Date(timeIntervalSince1970: 1_900_000_000)
            let start = created.addingTimeInterval(60)
            let id = try await RotationHandler(store: store, metadata: metadata) { created }.create(
                name: "daily", chats: [-1_001, -1_002], templates: ["promo", "teaser"], intervalSeconds: 3_600,
                startsAt: start)
            let handler = RotationHandler(store: store, metadata: metadata) { start.addingTimeInterval(1) }
            try await handler.recordPost(id, sequence: 0, chat: -1_001, messageID: 77)
            try await handler.recordFailure(
                id, sequence: 0, chat: -1_002, errorClass: .recipientGone, code: 403,
                description: "Forbidden: bot was kicked from the group chat")
            let head = try await store.head()
            await #expect(throws: DecisionRejection.slotRecorded(0, chat: -1_001)) {
                try await handler.recordPost(id, sequence: 0, chat: -1_001, messageID: 78)
            }
            await #expect(throws: DecisionRejection.self) {
                try await handler.recordPost(id, sequence: 1, chat: -1_001, messageID: 79)
            }
            #expect(try await store.head() == head)
            let posted = try #require(try await store.readStream(StreamName.rotation(id)).dropFirst().first)
            let event = try JSONDecoder().decode(RotationPosted.self, from: Data(posted.data.text.utf8))
            #expect(
                event == RotationPosted(rotationID: id, sequence: 0, chatID: -1_001, templateID: promo, messageID: 77))
        }
    }
}
