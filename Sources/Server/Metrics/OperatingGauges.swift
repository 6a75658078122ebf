import Engine
public import Logging
import Metrics
public import Postgres

/// Samples what the database holds as state rather than events, on a timer, into gauges:
/// `herald_dispatch_queue_depth` (summed over bots, as each lease holder reports it on its
/// heartbeat), `herald_projector_lag_events{projector}` and `herald_projector_failing{projector}`.
///
/// A scrape reads the last sample and never queries, so scraping often costs the database nothing.
public struct OperatingGauges: Sendable {
    let pool: ConnectionPool
    let interval: Duration
    let logger: Logger

    public init(pool: ConnectionPool, interval: Duration = .seconds(5), logger: Logger) {
        self.pool = pool
        self.interval = interval
        self.logger = logger
    }

    /// Samples until cancelled; a failed sample is logged once per run of failures and retried.
    public func run() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await sample()
                if failing { logger.info("gauges: sampling again") }
                failing = false
            } catch {
                if !failing { logger.warning("gauges: cannot sample the database", metadata: ["error": "\(error)"]) }
                failing = true
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// One sample; `run` calls it on its timer, tests call it to avoid waiting.
    public func sample() async throws {
        let (depth, projectors) = try await pool.withConnection { connection in
            let senders = try await OperatorView.senders(on: connection)
            return (senders.reduce(0) { $0 + $1.queueDepth }, try await OperatorView.projectors(on: connection))
        }
        Gauge(label: "herald_dispatch_queue_depth").record(depth)
        for projector in projectors {
            let dimensions = [("projector", projector.name)]
            Gauge(label: "herald_projector_lag_events", dimensions: dimensions).record(projector.lag)
            Gauge(label: "herald_projector_failing", dimensions: dimensions).record(projector.failure == nil ? 0 : 1)
        }
    }
}
