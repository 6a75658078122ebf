import Benchmark
import EventStore
import Foundation
import Postgres
import Projections

// Replay throughput over a log of 1,000,000 events, beside the raw rate at which this machine
// streams the same rows out of PostgreSQL (`COPY (SELECT …) TO STDOUT`), in the same run. The
// `.mega` scaling factor makes `--scale` report per-event time and events per second. Peak resident
// memory of the Swift-fold replay at 250,000 and at 1,000,000 events shows whether memory grows
// with the log.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        warmupIterations: 0,
        scalingFactor: .mega,
        maxDuration: .seconds(60),
        maxIterations: 3
    )

    Benchmark(
        "raw COPY out, 1M events", configuration: .init(setup: { try await ReplayLog.prepare(events: 1_000_000) })
    ) { benchmark in
        let connection = try await ReplayLog.connect(events: 1_000_000)
        benchmark.startMeasurement()
        let rows = try await connection.withSession { session in
            var bytes = 0
            let rows = try session.copyOut(
                "COPY (SELECT \(RecordedEventColumns.all) FROM herald.events ORDER BY position) TO STDOUT"
            ) { bytes += $0.count }
            blackHole(bytes)
            return rows
        }
        benchmark.stopMeasurement()
        precondition(rows == 1_000_000)
    }

    for (label, projector) in [
        ("set-based fold (SQL)", EventCounts() as any Projector), ("Swift fold", EventCountsSwiftFold()),
    ] {
        Benchmark(
            "replay event_counts, \(label), 1M events",
            configuration: .init(setup: { try await ReplayLog.prepare(events: 1_000_000) })
        ) { benchmark in
            let connection = try await ReplayLog.connect(events: 1_000_000)
            benchmark.startMeasurement()
            let done = try await Rebuild(projector: projector, batchSize: 10_000).run(on: connection)
            benchmark.stopMeasurement()
            precondition(done.position == 1_000_000)
        }
    }

    Benchmark(
        "replay stats (set-based), 1M delivery and click events",
        configuration: .init(setup: { try await ReplayLog.prepare(events: 1_000_000, shape: .engagement) })
    ) { benchmark in
        let connection = try await ReplayLog.connect(events: 1_000_000, shape: .engagement)
        benchmark.startMeasurement()
        let done = try await Rebuild(projector: Stats(), batchSize: 10_000).run(on: connection)
        benchmark.stopMeasurement()
        precondition(done.position == 1_000_000)
    }

    Benchmark(
        "replay event_counts, Swift fold, 250k events (memory vs 1M)",
        configuration: .init(scalingFactor: .kilo, setup: { try await ReplayLog.prepare(events: 250_000) })
    ) { benchmark in
        let connection = try await ReplayLog.connect(events: 250_000)
        benchmark.startMeasurement()
        let done = try await Rebuild(projector: EventCountsSwiftFold(), batchSize: 10_000).run(on: connection)
        benchmark.stopMeasurement()
        precondition(done.position == 250_000)
    }
}

enum RecordedEventColumns {
    static let all =
        "position, stream, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash"
}

/// Logs of a given size, kept between runs in databases `herald_replay_<n>` (filling one takes a
/// minute; scripts/test leaves them alone).
enum ReplayLog {
    static func cluster() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["HERALD_DATABASE_URL"] else {
            throw ReplayBenchError(description: "set HERALD_DATABASE_URL (scripts/bench does)")
        }
        return url
    }

    /// What the log holds.
    enum Shape: String {
        /// Sends, failures and clicks with placeholder data: for folds that read only the columns.
        case generic = ""
        /// The same traffic as the domain writes it (`message.*`, `cta.clicked` with repeated
        /// presses) over 50 broadcasts and 200,000 users: for the stats fold, which reads the data.
        case engagement = "_engagement"
    }

    static func database(events: Int, shape: Shape) -> String { "herald_replay\(shape.rawValue)_\(events)" }

    static func connect(events: Int, shape: Shape = .generic) async throws -> Connection {
        try await Connection.connect(
            to: try ConnectionString.replacingDatabase(in: try cluster(), with: database(events: events, shape: shape)))
    }

    /// Creates and fills the database unless it already holds exactly `events` events.
    static func prepare(events: Int, shape: Shape = .generic) async throws {
        let name = database(events: events, shape: shape)
        let admin = try await Connection.connect(to: try cluster())
        if try await admin.query("SELECT 1 FROM pg_database WHERE datname = \(name)").isEmpty {
            try await admin.executeUnsafeScript("CREATE DATABASE \(name)")
        }
        let connection = try await connect(events: events, shape: shape)
        try await Migrator().migrate(connection)
        let head = try await connection.query("SELECT coalesce(max(position), 0) FROM herald.events")[0].decode(
            Int.self, at: 0)
        guard head != events else { return }
        // A benchmark's own database: the append-only guard is lifted on purpose to refill it.
        try await connection.executeUnsafeScript("SET herald.allow_rewrite = on; TRUNCATE herald.events")
        try await connection.executeUnsafeScript(shape == .generic ? generic(events) : engagement(events))
        try await connection.executeUnsafeScript("VACUUM ANALYZE herald.events")
    }

    /// Dispatcher-shaped traffic, 1000 events per commit: 1 in 10 a click (users press a button
    /// of the broadcast, some more than once), 1 in 17 a failure (half of them permanent, a third
    /// of those blocked), the rest sends.
    static func engagement(_ events: Int) -> String {
        """
        DO $$ BEGIN
        FOR b IN 0 .. \(events / 1000 - 1) LOOP
            PERFORM herald.append(
                (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 1000)),
                (SELECT array_agg(CASE WHEN g % 10 = 0
                        THEN 'click-' || (b % 50) || '-' || ((b * 1000 + g) % 200000 / 3) || '-' || (g % 3)
                        ELSE 'delivery-' || (b % 50) || '-' || ((b * 1000 + g) % 200000) END)
                    FROM generate_series(1, 1000) g),
                (SELECT array_agg(CASE WHEN g % 10 = 0 THEN 'cta.clicked' WHEN g % 17 = 0 THEN 'message.failed'
                                       ELSE 'message.sent' END) FROM generate_series(1, 1000) g),
                array_fill(1, ARRAY[1000]),
                (SELECT array_agg(CASE
                    WHEN g % 10 = 0 THEN jsonb_build_object(
                        'broadcast_id', md5('b' || (b % 50))::uuid, 'user_id', (b * 1000 + g) % 200000 / 3,
                        'button', 'button-' || (g % 3), 'source', 'callback')
                    WHEN g % 17 = 0 THEN jsonb_build_object(
                        'broadcast_id', md5('b' || (b % 50))::uuid, 'user_id', (b * 1000 + g) % 200000,
                        'chat_id', (b * 1000 + g) % 200000,
                        'error_class', CASE WHEN g % 3 = 0 THEN 'recipient_gone' ELSE 'transient' END,
                        'code', 403, 'description', 'Forbidden: bot was blocked by the user', 'permanent', g % 2 = 0)
                    ELSE jsonb_build_object(
                        'broadcast_id', md5('b' || (b % 50))::uuid, 'user_id', (b * 1000 + g) % 200000,
                        'chat_id', (b * 1000 + g) % 200000, 'message_id', g) END)
                    FROM generate_series(1, 1000) g),
                array_fill('{"actor": "dispatcher"}'::jsonb, ARRAY[1000]),
                '{}', '{}');
            COMMIT;
        END LOOP;
        END $$;
        """
    }

    /// Dispatcher-shaped traffic: sends, some failures and clicks, over 200,000 recipients.
    static func generic(_ events: Int) -> String {
        """
        DO $$ BEGIN
        FOR b IN 0 .. \(events / 1000 - 1) LOOP
            PERFORM herald.append(
                (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 1000)),
                (SELECT array_agg('recipient-' || ((b * 1000 + g) % 200000)) FROM generate_series(1, 1000) g),
                (SELECT array_agg(CASE WHEN g % 10 = 0 THEN 'cta.clicked' WHEN g % 17 = 0 THEN 'message.failed'
                                       ELSE 'message.sent' END) FROM generate_series(1, 1000) g),
                array_fill(1, ARRAY[1000]),
                (SELECT array_agg(jsonb_build_object('broadcast_id', 'b-' || (b % 50), 'recipient_id', b * 1000 + g,
                                                     'message_id', g, 'attempt', 1)) FROM generate_series(1, 1000) g),
                array_fill('{"actor": "dispatcher"}'::jsonb, ARRAY[1000]),
                '{}', '{}');
            COMMIT;
        END LOOP;
        END $$;
        """
    }
}

struct ReplayBenchError: Error, CustomStringConvertible {
    let description: String
}
