import ArgumentParser
import Foundation
import Logging
import Postgres
import Prometheus
import Server

/// `herald run`'s HTTP side: where it listens and when it calls itself ready.
struct ServingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "host:port for /healthz, /readyz, /metrics and tracked links (/c/<token>); off disables (default: $HERALD_LISTEN or 127.0.0.1:8080).",
            valueName: "host:port"))
    var listen: String?

    @Option(
        help: ArgumentHelp(
            "Events a projector may trail the log by before /readyz says 503 (default: $HERALD_READY_MAX_LAG or 10000).",
            valueName: "events"))
    var readyMaxLag: Int64?

    func validate() throws {
        if let readyMaxLag, readyMaxLag < 0 { throw ValidationError("--ready-max-lag must not be negative") }
    }

    /// Starts the server unless it is off; throws a one-line reason for a bad setting or a port it
    /// cannot bind, before anything else runs.
    func start(
        database: String, registry: PrometheusCollectorRegistry, holder: String?, links: LinkSettings, logger: Logger
    ) async throws -> RunningServer? {
        let environment = ProcessInfo.processInfo.environment
        let address: ListenAddress?
        do {
            address = try ListenAddress.parse(
                listen ?? environment["HERALD_LISTEN"] ?? ListenAddress.default.description)
        } catch {
            throw CLIError(error.description)
        }
        guard let address else {
            logger.info("herald run: no HTTP server (listen is off)")
            return nil
        }
        var maxLag: Int64 = 10000
        if let readyMaxLag {
            maxLag = readyMaxLag
        } else if let text = environment["HERALD_READY_MAX_LAG"], !text.isEmpty {
            guard let parsed = Int64(text), parsed >= 0 else {
                throw CLIError("HERALD_READY_MAX_LAG=\(text) is not a whole number of events")
            }
            maxLag = parsed
        }
        // Two connections: a readiness probe and the gauge sampler never wait on each other.
        let pool = ConnectionPool(configuration: database, maximumConnections: 2, applicationName: "herald-server")
        let server = OperatingServer(
            address: address, readiness: Readiness(pool: pool, maxLag: maxLag, holder: holder), registry: registry,
            links: links.redirect(logger: logger), logger: logger)
        do {
            return try await server.start(gauges: OperatingGauges(pool: pool, logger: logger))
        } catch {
            throw CLIError("cannot listen on \(address): \(error)")
        }
    }
}
