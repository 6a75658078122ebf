import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct GroupCommitTests {
    @Test func concurrentCallersShareCommitsAndEachGetsItsOwnPositions() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 2)
            let group = GroupCommit(store: store)
            let results = try await withThrowingTaskGroup(of: (NewEvent, AppendResult).self) { tasks in
                for caller in 0..<400 {
                    tasks.addTask {
                        let mine = event("caller-\(caller % 50)", caller)
                        return (mine, try await group.append([mine]))
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            let stored = try await store.all()
            #expect(stored.map(\.position) == Array(1...400))
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            for (sent, result) in results {
                let stored = try #require(byID[sent.id])
                #expect(result.positions == [stored.position])
                #expect(result.streamVersions == [stored.streamVersion])
            }
            // Fewer commits than callers: recorded_at is taken once per append call.
            #expect(Set(stored.map(\.recordedAt)).count < 400)
            #expect(try await store.verifyChain().isIntact)
        }
    }

    @Test func aConflictFailsOnlyTheCallerWhoseExpectationWasWrong() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(event("taken"))
            let group = GroupCommit(store: store)
            let outcomes = await withTaskGroup(of: (String, EventStoreError?).self) { tasks in
                for caller in 0..<40 {
                    tasks.addTask {
                        // Every tenth caller expects a stream that exists not to; the rest append freely.
                        let stream = caller % 10 == 0 ? "taken" : "free-\(caller)"
                        let expected: ExpectedVersion = caller % 10 == 0 ? .noStream : .any
                        do {
                            try await group.append([event(stream, caller)], expectations: [stream: expected])
                            return (stream, nil)
                        } catch let error as EventStoreError {
                            return (stream, error)
                        } catch {
                            return (stream, .emptyBatch)  // not an EventStoreError: fails the check below
                        }
                    }
                }
                return await tasks.reduce(into: []) { $0.append($1) }
            }
            let failed = outcomes.compactMap { stream, error in error.map { (stream, $0) } }
            #expect(failed.map(\.0) == Array(repeating: "taken", count: 4))
            #expect(
                failed.allSatisfy { $0.1 == .wrongExpectedVersion(stream: "taken", expected: 0, actual: 1) },
                "\(failed)")
            #expect(outcomes.filter { $0.1 == nil }.count == 36)
            #expect(try await store.head() == 37)
            #expect(try await store.version(of: "taken") == 1)
        }
    }

    @Test func callersExpectingVersionsOfOneStreamAreSerialisedNotFailed() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let group = GroupCommit(store: store)
            // Each writer appends its own stream's versions in order while others share commits.
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for writer in 0..<8 {
                    tasks.addTask {
                        for version in 0..<25 {
                            let stream = "ordered-\(writer)"
                            try await group.append(
                                [event(stream, version)],
                                expectations: [stream: version == 0 ? .noStream : .exact(version)])
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            #expect(try await store.head() == 200)
            for writer in 0..<8 { #expect(try await store.version(of: "ordered-\(writer)") == 25) }
        }
    }
}
