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
            "host:port for /healthz, /readyz, /metrics, the admin API, the dashboard and tracked links (/c/<token>); off disables (default: $HERALD_LISTEN or 127.0.0.1:8080).",
            valueName: "host:port"))
    var listen: String?

    @Option(
        help: ArgumentHelp(
            "Events a projector may trail the log by before /readyz says 503 (default: $HERALD_READY_MAX_LAG or 10000).",
            valueName: "events"))
    var readyMaxLag: Int64?

    @Option(
        name: .customLong("api-token-file"),
        help: ArgumentHelp(
            "A file whose first line is the admin API's bearer token (default: $HERALD_API_TOKEN); without either, /api/v1 answers 503.",
            valueName: "path"))
    var apiTokenFile: String?

    func validate() throws {
        if let readyMaxLag, readyMaxLag < 0 { throw ValidationError("--ready-max-lag must not be negative") }
    }

    /// Starts the server unless it is off; throws a one-line reason for a bad setting or a port it
    /// cannot bind, before anything else runs.
    func start(
        database: String, registry: PrometheusCollectorRegistry, holder: String?, logger: Logger,
        sources: [any RouteSource] = [], links: LinkRoutes? = nil
    ) async throws -> RunningServer? {
        let environment = ProcessInfo.processInfo.environment
        let address: ListenAddress?
        do {
            address = try ListenAddress.parse(
                listen ?? environment["HERALD_LISTEN"] ?? ListenAddress.default.description)
        } catch {
            throw CLIError(error.description)
        }
        // Every setting is checked even when listening is off, so a typo is found before it matters.
        var maxLag: Int64 = 10000
        if let readyMaxLag {
            maxLag = readyMaxLag
        } else if let text = environment["HERALD_READY_MAX_LAG"], !text.isEmpty {
            guard let parsed = Int64(text), parsed >= 0 else {
                throw CLIError("HERALD_READY_MAX_LAG=\(text) is not a whole number of events")
            }
            maxLag = parsed
        }
        let token = try apiToken()
        guard let address else {
            if !sources.isEmpty {
                throw CLIError(
                    "--webhook needs the HTTP server, but listen is off: set HERALD_LISTEN or --listen to host:port")
            }
            logger.info("herald run: no HTTP server (listen is off)")
            return nil
        }
        // Two connections: a readiness probe and the gauge sampler never wait on each other.
        let pool = ConnectionPool(configuration: database, maximumConnections: 2, applicationName: "herald-server")
        let server = OperatingServer(
            address: address, readiness: Readiness(pool: pool, maxLag: maxLag, holder: holder), registry: registry,
            logger: logger,
            sources: sources + [AdminAPI(token: token, database: database, logger: logger), Dashboard()]
                + [links].compactMap { $0 })
        if token == nil {
            logger.notice("herald run: the admin API is off (no HERALD_API_TOKEN); /api/v1 answers 503")
        } else {
            logger.info("herald run: the admin API is on at /api/v1, behind HERALD_API_TOKEN")
        }
        do {
            return try await server.start(gauges: OperatingGauges(pool: pool, logger: logger))
        } catch {
            throw CLIError("cannot listen on \(address): \(error)")
        }
    }

    /// The admin API's token from `--api-token-file` or `HERALD_API_TOKEN`; nil when neither is set.
    /// A value that cannot travel in a header stops startup, naming where it came from, never itself.
    private func apiToken() throws -> APIToken? {
        var secret = ProcessInfo.processInfo.environment["HERALD_API_TOKEN"] ?? ""
        var source = "HERALD_API_TOKEN"
        if let apiTokenFile {
            guard let contents = try? String(contentsOfFile: apiTokenFile, encoding: .utf8) else {
                throw CLIError("cannot read --api-token-file \(apiTokenFile)")
            }
            secret = contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            source = "--api-token-file \(apiTokenFile)"
        }
        if secret.isEmpty { return nil }
        guard let token = APIToken(secret) else {
            throw CLIError("\(source) must be visible ASCII characters without spaces")
        }
        return token
    }
}
