@testable import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// An event id names one event: a retry gets the stored positions, anything else is refused.
@Suite(.timeLimit(.minutes(5))) struct SameEventTests {
    @Test(arguments: ["stream", "type", "data"])
    func aStoredIdSentWithAnotherEventIsRefused(_ field: String) async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let stored = event("s", 1)
            try await store.append(stored)
            var other = stored
            switch field {
            case "stream": other.stream = "t"
            case "type": other.type = "test.other"
            default: other.data = JSONB(#"{"n": 2}"#)
            }
            for batch in [[other], [other, event("s", 9)]] {
                let error = try await #require(throws: EventStoreError.self) { try await store.append(batch) }
                #expect(error.isReusedEventID, "\(error)")
            }
            #expect(try await store.head() == 1)
        }
    }

    @Test func aStoredIdRepeatedWithinABatchIsRefused() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let stored = event("s", 1)
            try await store.append(stored)
            let error = try await #require(throws: EventStoreError.self) { try await store.append([stored, stored]) }
            #expect(error.description.contains("repeats"))
            let fresh = event("s", 2)
            await #expect(throws: EventStoreError.self) { try await store.append([fresh, fresh]) }
            #expect(try await store.head() == 1)
        }
    }

    @Test func theResultSaysWhetherTheEventsWereAppendedOrStoredAlready() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let batch = [event("s", 1), event("s", 2)]
            let first = try await store.append(batch, expectations: ["s": .noStream])
            let again = try await store.append(batch, expectations: ["s": .noStream])
            #expect(first.appended && !again.appended)
            #expect(again.positions == first.positions)
        }
    }

    @Test func aResentGroupMemberWithAnExpectedVersionGetsItsStoredPositions() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let commit = GroupCommit(store: store)
            let sent = event("s", 1)
            let stored = try await commit.append([sent], expectations: ["s": .noStream])

            // Hold the append lock so the next flush waits, and the two requests after it share a group.
            let holder = try await db.connect()
            try await holder.executeUnsafeScript("BEGIN; SELECT pg_advisory_xact_lock(\(EventLogSchema.appendLockKey))")
            let blocked = Task { try await commit.append([event("u", 1)]) }
            let waitingForLock: Query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            while try await db.connect().query(waitingForLock)[0].decode(Int.self, at: 0) == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            let resent = Task { try await commit.append([sent], expectations: ["s": .noStream]) }
            let other = Task { try await commit.append([event("t", 1)]) }
            while commit.waiting < 2 { try await Task.sleep(for: .milliseconds(10)) }
            try await holder.executeUnsafeScript("COMMIT")

            _ = try await blocked.value
            let again = try await resent.value
            #expect(again.positions == stored.positions && !again.appended)
            #expect(try await other.value.appended)
            #expect(try await store.head() == 3)
        }
    }
}
