import Benchmark
import EventStore
import Foundation
import Postgres

// Append throughput of Herald's log at 1, 10, 100 and 1000 events per commit, beside the same
// machine's plain single-row INSERT + commit and plain COPY into a table of the same shape (same
// columns and unique indexes, no lock, no hash). Every benchmark writes 1000 events per iteration
// and uses the `.kilo` scaling factor, so `--scale` reports per-event time and events per second.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: 30
    )
    Benchmark.setup = { try await Bench.start() }
    Benchmark.teardown = { try await Bench.stop() }

    for size in [1, 10, 100, 1000] {
        Benchmark("append, \(size) per commit") { benchmark in
            let store = try Bench.environment.store
            let batches = (0..<(1000 / size)).map { _ in (0..<size).map { _ in Bench.newEvent() } }
            benchmark.startMeasurement()
            for batch in batches { try await store.append(batch) }
            benchmark.stopMeasurement()
        }
    }

    // Many callers with one event each (the webhook's and the processor's shape): every call its
    // own commit over a pool of 8 connections, against GroupCommit sharing commits.
    Benchmark("1 event per call, 100 concurrent callers, pool of 8") { benchmark in
        let store = try Bench.environment.concurrentStore
        try await Bench.concurrentCalls(benchmark) { try await store.append($0) }
    }

    Benchmark("1 event per call, 100 concurrent callers, GroupCommit") { benchmark in
        let group = try Bench.environment.groupCommit
        try await Bench.concurrentCalls(benchmark) { try await group.append([$0]) }
    }

    Benchmark("plain INSERT + commit, 1 row") { benchmark in
        let connection = try Bench.environment.plain
        let rows = (0..<1000).map { _ in Bench.plainRow() }
        benchmark.startMeasurement()
        for row in rows {
            try await connection.execute(
                """
                INSERT INTO bench.plain (position, stream, stream_version, event_id, type, schema_version, data,
                                         metadata, recorded_at, hash)
                VALUES (\(row.position), \(row.stream), 1, \(row.id), 'message.sent', 1, \(row.data), \(row.metadata),
                        now(), \(Bench.fakeHash))
                """)
        }
        benchmark.stopMeasurement()
    }

    // The append's own transfer format without its log logic: how much of the gap to COPY is
    // INSERT … SELECT over bound arrays, and how much is lock, versions and hash chain.
    Benchmark("plain INSERT … SELECT unnest(arrays), 1000 rows") { benchmark in
        let connection = try Bench.environment.plain
        let rows = (0..<1000).map { _ in Bench.plainRow() }
        benchmark.startMeasurement()
        try await connection.execute(
            """
            INSERT INTO bench.plain (position, stream, stream_version, event_id, type, schema_version, data, metadata,
                                     recorded_at, hash)
            SELECT p, s, 1, id, 'message.sent', 1, d, m, now(), \(Bench.fakeHash)
            FROM unnest(\(rows.map(\.position)), \(rows.map(\.stream)), \(rows.map(\.id)), \(rows.map(\.data)),
                        \(rows.map(\.metadata))) AS u (p, s, id, d, m)
            """)
        benchmark.stopMeasurement()
    }

    Benchmark("plain COPY, 1000 rows") { benchmark in
        let connection = try Bench.environment.plain
        let text = (0..<1000).map { _ in Bench.plainRow().copyLine }.joined()
        benchmark.startMeasurement()
        try await connection.withSession { session in
            try session.copyIn(
                """
                COPY bench.plain (position, stream, stream_version, event_id, type, schema_version, data, metadata,
                                  recorded_at, hash) FROM STDIN
                """
            ) { send in try Array(text.utf8).withUnsafeBytes { try send($0) } }
        }
        benchmark.stopMeasurement()
    }
}
