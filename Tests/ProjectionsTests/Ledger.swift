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
        try session.executeScript("CREATE TABLE \(schema).seen (position bigint NOT NULL, runner text NOT NULL, version integer NOT NULL)")
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
            .map { LedgerRow(position: try $0.decode(Int64.self, at: 0), runner: try $0.decode(String.self, at: 1),
                             version: try $0.decode(Int.self, at: 2)) }
    }

    /// The stored checkpoint of a projector, or nil before it has one.
    func checkpoint(_ name: String) async throws -> (version: Int, position: Int64)? {
        try await connect().query("SELECT version, position FROM herald.projections WHERE name = \(name)").first.map {
            (try $0.decode(Int.self, at: 0), try $0.decode(Int64.self, at: 1))
        }
    }

    /// Waits until `name`'s checkpoint reaches the log's head at `version`, woken by the runner's
    /// NOTIFY on every checkpoint move (and re-checking each second in case one is missed).
    func waitUntilCaughtUp(_ name: String, version: Int = 1, timeout: Duration = .seconds(60)) async throws {
        let connection = try await connect()
        try await connection.listen(ProjectionRunner.notificationChannel)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await connection.query(
                "SELECT lag, version FROM herald.projection_status WHERE name = \(name)")
            if let row = rows.first, try row.decode(Int64.self, at: 0) == 0, try row.decode(Int.self, at: 1) == version {
                return
            }
            _ = try await connection.waitForNotifications(timeout: .seconds(1))
        }
        throw CaughtUpTimeout(projection: name)
    }
}

struct CaughtUpTimeout: Error { let projection: String }

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
