import Benchmark
import EventStore
import Foundation
import Postgres
import Synchronization

/// The database the benchmarks write to: a fresh one on the cluster `HERALD_DATABASE_URL` names.
final class Bench: Sendable {
    let store: EventStore
    let concurrentStore: EventStore
    let groupCommit: GroupCommit
    let plain: Connection
    let admin: Connection
    let name: String

    private init(store: EventStore, concurrentStore: EventStore, plain: Connection, admin: Connection, name: String) {
        self.store = store
        self.concurrentStore = concurrentStore
        self.groupCommit = GroupCommit(store: EventStore(configuration: store.configuration, maximumConnections: 2))
        self.plain = plain
        self.admin = admin
        self.name = name
    }

    private static let current = Mutex<Bench?>(nil)
    private static let counter = Atomic<Int64>(0)

    static var environment: Bench {
        get throws {
            guard let bench = current.withLock({ $0 }) else { throw BenchError.notStarted }
            return bench
        }
    }

    static func start() async throws {
        guard let cluster = ProcessInfo.processInfo.environment["HERALD_DATABASE_URL"] else {
            throw BenchError.noDatabase
        }
        let name = "herald_bench_\(getpid())"
        let admin = try await Connection.connect(to: cluster)
        try await admin.executeUnsafeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try await admin.executeUnsafeScript("CREATE DATABASE \(name)")
        let url = try ConnectionString.replacingDatabase(in: cluster, with: name)
        let plain = try await Connection.connect(to: url)
        try await Migrator().migrate(plain)
        // The same shape as herald.events: columns, primary key and unique indexes.
        try await plain.executeUnsafeScript(
            """
            CREATE SCHEMA bench;
            CREATE TABLE bench.plain (LIKE herald.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            ALTER TABLE bench.plain ADD PRIMARY KEY (position), ADD UNIQUE (event_id), ADD UNIQUE (stream, stream_version);
            """)
        let store = EventStore(configuration: url, maximumConnections: 1)
        let concurrent = EventStore(configuration: url, maximumConnections: 8)
        current.withLock {
            $0 = Bench(store: store, concurrentStore: concurrent, plain: plain, admin: admin, name: name)
        }
    }

    static func stop() async throws {
        guard let bench = current.withLock({ $0 }) else { return }
        bench.store.pool.close()
        bench.concurrentStore.pool.close()
        bench.groupCommit.store.pool.close()
        current.withLock { $0 = nil }
        try await bench.admin.executeUnsafeScript("DROP DATABASE IF EXISTS \(bench.name) WITH (FORCE)")
    }

    /// 1,000 single-event calls from 100 concurrent callers, 10 each, measured together.
    static func concurrentCalls(
        _ benchmark: Benchmark, _ call: @escaping @Sendable (NewEvent) async throws -> Void
    ) async throws {
        let events = (0..<100).map { _ in (0..<10).map { _ in newEvent() } }
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in events {
                group.addTask { for event in caller { try await call(event) } }
            }
            try await group.waitForAll()
        }
        benchmark.stopMeasurement()
    }

    // MARK: Data shaped like a dispatcher's `message.sent`

    static func newEvent() -> NewEvent {
        let n = counter.add(1, ordering: .relaxed).newValue
        return NewEvent(
            stream: "recipient-\(n)", type: "message.sent", data: JSONB(sentData(n)), metadata: JSONB(metadata))
    }

    struct PlainRow {
        let position: Int
        let stream: String
        let id: UUID
        let data: JSONB
        let metadata: JSONB

        var copyLine: String {
            "\(position)\t\(stream)\t1\t\(id)\tmessage.sent\t1\t\(data.text)\t\(metadata.text)\t2026-11-22 00:00:00+00\t\\\\x\(String(repeating: "ab", count: 32))\n"
        }
    }

    static func plainRow() -> PlainRow {
        let n = counter.add(1, ordering: .relaxed).newValue
        return PlainRow(
            position: Int(n), stream: "recipient-\(n)", id: UUID(), data: JSONB(sentData(n)), metadata: JSONB(metadata))
    }

    static let fakeHash = ByteA([UInt8](repeating: 0xab, count: 32))
    static let broadcast = UUID().uuidString.lowercased()
    static let metadata = #"{"actor": "dispatcher", "correlation_id": "\#(UUID().uuidString.lowercased())"}"#

    static func sentData(_ n: Int64) -> String {
        #"{"broadcast_id": "\#(broadcast)", "recipient_id": \#(n), "chat_id": \#(n), "message_id": \#(n % 100_000), "attempt": 1}"#
    }
}

enum BenchError: Error, CustomStringConvertible {
    case noDatabase, notStarted

    var description: String {
        switch self {
        case .noDatabase:
            "set HERALD_DATABASE_URL (scripts/bench does) to a cluster the benchmark may create a database on"
        case .notStarted: "benchmark setup did not run"
        }
    }
}
