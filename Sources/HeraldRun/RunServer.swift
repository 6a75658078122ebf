import Logging
import Postgres
import Prometheus
import Server

/// The HTTP side of `herald run`: operating endpoints, the admin API, the dashboard, and the
/// routes the bots and links bring.
enum RunServer {
    /// Starts the server unless listening is off; a port it cannot bind stops startup.
    static func start(
        _ configuration: RunConfiguration, registry: PrometheusCollectorRegistry, holder: String?, logger: Logger,
        sources: [any RouteSource]
    ) async throws -> RunningServer? {
        guard let address = configuration.listen else {
            logger.info("herald run: no HTTP server (listen is off)")
            return nil
        }
        // Two connections: a readiness probe and the gauge sampler never wait on each other.
        let pool = ConnectionPool(
            configuration: configuration.database, maximumConnections: 2, applicationName: "herald-server")
        let server = OperatingServer(
            address: address, readiness: Readiness(pool: pool, maxLag: configuration.readyMaxLag, holder: holder),
            registry: registry, logger: logger,
            sources: sources + [
                AdminAPI(token: configuration.apiToken, database: configuration.database, logger: logger), Dashboard(),
            ])
        if configuration.apiToken == nil {
            logger.notice("herald run: the admin API is off (no HERALD_API_TOKEN); /api/v1 answers 503")
        } else {
            logger.info("herald run: the admin API is on at /api/v1, behind HERALD_API_TOKEN")
        }
        do {
            return try await server.start(gauges: OperatingGauges(pool: pool, logger: logger))
        } catch {
            throw RunConfiguration.Rejection("cannot listen on \(address): \(error)")
        }
    }
}
