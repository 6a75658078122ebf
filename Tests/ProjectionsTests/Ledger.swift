import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Synchronization

/// A test projector that records every event it folds, with who folded it: a double-applied
/// event shows as a repeated position, a skipped one as a missing position.
struct Ledger: Projector {
    var name = "ledger"
    var version = 1
    var runner = "a"
    var eventTypes: Set<String>? = nil
    /// Positions at which `apply` throws, once each.
    var faults = Faults()

    final class Faults: Sendable {
        private let pending = Mutex<Set<Int64>>([])
        init(_ positions: Set<Int64> = []) { pending.withLock { $0 = positions } }

        func trip(_ events: [RecordedEvent]) throws {
            let hit = pending.withLock { pending in
                events.first { pending.remove($0.position) != nil }
            }
            if let hit { throw InjectedFault(position: hit.position) }
        }
        var remaining: Int { pending.withLock { $0.count } }
    }

    struct InjectedFault: Error { let position: Int64 }

    func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            "CREATE TABLE \(schema).seen (position bigint NOT NULL, runner text NOT NULL, version integer NOT NULL)")
    }

    func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: schema).seen (position, runner, version)
            SELECT p, \(runner), \(Int32(version)) FROM unnest(\(events.map(\.position))) AS p
            """)
        try faults.trip(events)  // after the insert: the failure must roll it back
    }
}

struct LedgerRow: Equatable {
    let position: Int64
    let runner: String
    let version: Int
}

extension TestDatabase {
    func ledger(schema: String = "rm_ledger") async throws -> [LedgerRow] {
        try await connect().query("SELECT position, runner, version FROM \(unsafeRaw: schema).seen ORDER BY position")
            .map {
                LedgerRow(
                    position: try $0.decode(Int64.self, at: 0), runner: try $0.decode(String.self, at: 1),
                    version: try $0.decode(Int.self, at: 2))
            }
    }
}

func event(_ stream: String, _ n: Int = 0, type: String = "test.happened") -> NewEvent {
    NewEvent(stream: stream, type: type, data: JSONB(#"{"n": \#(n)}"#))
}

/// Appends `count` events in batches from `writers` concurrent tasks.
func appendConcurrently(_ store: EventStore, writers: Int, batches: Int, batchSize: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<writers {
            group.addTask {
                for batch in 0..<batches {
                    try await store.append((0..<batchSize).map { event("order-\(writer)-\(batch % 5)", $0) })
                }
            }
        }
        try await group.waitForAll()
    }
}
