import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct AppendTests {
    @Test func positionsAndStreamVersionsCountFromOne() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let first = try await store.append([event("a"), event("b"), event("a")])
            #expect(first.positions == [1, 2, 3])
            #expect(first.streamVersions == [1, 1, 2])
            #expect(first.appended)
            let second = try await store.append(event("a"), expected: .exact(2))
            #expect(second.positions == [4])
            #expect(second.streamVersions == [3])
            #expect(try await store.head() == 4)
            #expect(try await store.version(of: "a") == 3)
            #expect(try await store.version(of: "nobody") == 0)
        }
    }

    @Test func storedEventsComeBackAsAppended() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let sent = NewEvent(
                stream: "broadcast-1", type: "broadcast.created", schemaVersion: 2,
                data: JSONB(#"{"title": "Hi \"there\"", "n": [1, 2]}"#), metadata: JSONB(#"{"actor": "cli"}"#))
            try await store.append(sent)
            let stored = try #require(try await store.readStream("broadcast-1").first)
            #expect(stored.id == sent.id)
            #expect(stored.type == "broadcast.created")
            #expect(stored.schemaVersion == 2)
            struct Payload: Decodable, Equatable {
                let title: String
                let n: [Int]
            }
            #expect(try stored.data.decode(Payload.self) == Payload(title: "Hi \"there\"", n: [1, 2]))
            #expect(stored.hash.count == 32)
            #expect(abs(stored.recordedAt.timeIntervalSinceNow) < 60)
        }
    }

    @Test func noStreamConflictIsTypedAndAppendsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(event("click-1"), expected: .noStream)
            let error = try await #require(throws: EventStoreError.self) {
                try await store.append(event("click-1"), expected: .noStream)
            }
            #expect(error == .wrongExpectedVersion(stream: "click-1", expected: 0, actual: 1))
            #expect(try await store.head() == 1)
        }
    }

    @Test func staleExactVersionIsRejected() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append([event("s"), event("s")])
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: 1, actual: 2)) {
                try await store.append(event("s"), expected: .exact(1))
            }
            #expect(try await store.head() == 2)
        }
    }

    @Test func multiStreamBatchIsAllOrNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(event("taken"))
            let batch = [event("fresh-1"), event("fresh-2"), event("taken")]
            await #expect(throws: EventStoreError.self) {
                try await store.append(batch, expectations: ["fresh-1": .noStream, "taken": .noStream])
            }
            #expect(try await store.head() == 1)
            #expect(try await store.version(of: "fresh-1") == 0)
        }
    }

    @Test func reappendingStoredIdsReturnsTheirPositionsAndAddsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let batch = [event("x"), event("y"), event("x")]
            let first = try await store.append(batch, expectations: ["x": .noStream])
            let retry = try await store.append(batch, expectations: ["x": .noStream])
            #expect(retry.positions == first.positions)
            #expect(retry.streamVersions == first.streamVersions)
            #expect(retry.appended == false)
            #expect(try await store.head() == 3)
        }
    }

    @Test func batchMixingStoredAndNewIdsIsRefused() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let stored = event("x")
            try await store.append(stored)
            let error = try await #require(throws: EventStoreError.self) {
                try await store.append([stored, event("x")])
            }
            #expect(error.description.contains("1 of the 2 event ids"))
            #expect(try await store.head() == 1)
        }
    }

    @Test func emptyOrNamelessEventsAreRefusedBeforeTheDatabase() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            await #expect(throws: EventStoreError.emptyBatch) { try await store.append([]) }
            await #expect(throws: EventStoreError.self) { try await store.append(event("")) }
            let head = try await store.head()
            #expect(head == 0)
        }
    }

    @Test func commitNotifiesTheNewHead() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let listener = try await db.connect()
            try await listener.listen(EventStore.notificationChannel)
            try await store.append([event("a"), event("b")])
            let received = try await listener.waitForNotifications(timeout: .seconds(10))
            #expect(received.map(\.payload) == ["2"])
        }
    }

    @Test func readsAreBoundedAndOrdered() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...25).map { event("s\($0 % 3)", $0) })
            let page = try await store.read(after: 10, limit: 5)
            #expect(page.map(\.position) == [11, 12, 13, 14, 15])
            let all = try await store.all()
            #expect(all.map(\.position) == Array(1...25))
            let stream = try await store.readStream("s1", after: 2, limit: 3)
            #expect(stream.map(\.streamVersion) == [3, 4, 5])
        }
    }
}
