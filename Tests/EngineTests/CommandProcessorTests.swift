import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// The command processor and template commands against a real log.
@Suite(.timeLimit(.minutes(5))) struct CommandProcessorTests {
    let metadata = CommandMetadata(actor: "test:processor")

    func handler(_ store: EventStore) -> TemplateHandler { TemplateHandler(store: store, metadata: metadata) }

    actor Counter {
        var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }

    @Test func concurrentRevisionsBothSucceed() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let id = try await handler(store).create(name: "promo", body: "v1", buttons: [])
            let revisions = try await withThrowingTaskGroup(of: Int.self) { group in
                for body in ["a", "b"] {
                    group.addTask { try await handler(store).revise(name: "promo", body: body, buttons: []) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(revisions.sorted() == [2, 3])
            #expect(try await store.version(of: StreamName.template(id)) == 3)
        }
    }

    @Test func aConflictDecidesAgainOnTheNewState() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let id = try await handler(store).create(name: "promo", body: "v1", buttons: [])
            let processor = CommandProcessor(store: store, initial: TemplateState(), evolve: TemplateDecider.evolve)
            let attempts = Counter()
            let outcome = try await processor.handle(stream: StreamName.template(id), metadata: metadata) { state in
                if await attempts.next() == 1 {  // another writer revises between our read and our append
                    try await handler(store).revise(name: "promo", body: "theirs", buttons: [])
                }
                return TemplateDecider.decide(.revise(templateID: id, body: "ours", buttons: []), state)
            }
            #expect(await attempts.value == 2)
            #expect(outcome.state.revision == 3)
            #expect(outcome.state.body == "ours")
        }
    }

    @Test func aRejectionAppendsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await handler(store).create(name: "promo", body: "Hi", buttons: [])
            let head = try await store.head()
            await #expect(throws: DecisionRejection.nameTaken("promo")) {
                try await handler(store).create(name: "promo", body: "again", buttons: [])
            }
            await #expect(throws: DecisionRejection.unknownTemplate(named: "nope")) {
                try await handler(store).revise(name: "nope", body: "x", buttons: [])
            }
            await #expect(throws: DecisionRejection.self) {
                try await handler(store).create(name: "broken", body: "{% if %}", buttons: [])
            }
            try await handler(store).archive(name: "promo")
            await #expect(throws: DecisionRejection.templateArchived) {
                try await handler(store).revise(name: "promo", body: "x", buttons: [])
            }
            #expect(try await store.head() == head + 1)
        }
    }

    @Test func creationClaimsTheNameInTheSameAppendWithTheCommandsMetadata() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let id = try await handler(store).create(name: "promo", body: "Hi", buttons: [])
            #expect(try await handler(store).resolve("promo") == id)
            let events = try await store.read(after: 0)
            #expect(events.map(\.type) == ["template.created", "template.name-claimed"])
            #expect(events.map(\.stream) == [StreamName.template(id), "template-name-promo"])
            for event in events {
                #expect(try event.metadata.decode(CommandMetadata.self) == metadata)
            }
        }
    }
}
