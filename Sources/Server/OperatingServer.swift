public import Hummingbird
public import Logging
import NIOCore
public import Prometheus
import ServiceLifecycle

/// The HTTP server `herald run` starts: one router, one route collection per concern (health,
/// metrics, tracked links, the admin API and webhook), and a middleware counting requests.
public struct OperatingServer: Sendable {
    public let address: ListenAddress
    let readiness: Readiness
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    /// Routes of other concerns (the Telegram webhook, …), each its own collection.
    let sources: [any RouteSource]

    public init(
        address: ListenAddress, readiness: Readiness, registry: PrometheusCollectorRegistry, logger: Logger,
        sources: [any RouteSource] = []
    ) {
        self.address = address
        self.readiness = readiness
        self.registry = registry
        self.logger = logger
        self.sources = sources
    }

    public func router() -> Router<HeraldRequestContext> {
        let router = Router(context: HeraldRequestContext.self)
        router.middlewares.add(HTTPMetricsMiddleware())
        router.addRoutes(HealthRoutes(readiness: readiness).collection)
        router.addRoutes(MetricsRoutes(registry: registry).collection)
        for source in sources { router.addRoutes(source.collection) }
        return router
    }

    /// Binds and returns once the server accepts connections, with the gauges sampling; throws
    /// when it cannot bind (a port taken, an unknown host), so startup stops with the reason.
    ///
    /// No signal handling here: `herald run` owns SIGINT/SIGTERM and calls `stop()` with the rest.
    public func start(gauges: OperatingGauges? = nil) async throws -> RunningServer {
        let bound = AsyncStream.makeStream(of: Int.self)
        let (logger, host) = (logger, address.host)
        let app = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "herald"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info(
                    "serving /healthz, /readyz and /metrics", metadata: ["host": "\(host)", "port": "\(port)"])
                bound.continuation.yield(port)
            },
            logger: logger)
        // Stopped by a graceful shutdown, not by cancelling: a cancelled server logs an error for
        // what is an ordinary stop.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task {
            defer { bound.continuation.finish() }
            try await group.run()
        }
        var ports = bound.stream.makeAsyncIterator()
        guard let port = await ports.next() else {
            try await serving.value
            throw CancellationError()
        }
        let sampling = Task { if let gauges { await gauges.run() } }
        return RunningServer(
            port: port, readiness: readiness, group: group, serving: serving, sampling: sampling)
    }
}

/// A started `OperatingServer`; `stop()` ends serving and sampling and waits for both.
public struct RunningServer: Sendable {
    public let port: Int
    let readiness: Readiness
    let group: ServiceGroup
    let serving: Task<Void, any Error>
    let sampling: Task<Void, Never>

    /// `/readyz` says 503 from now on, while the rest of the process finishes; call on SIGTERM.
    public func draining() {
        readiness.markStopping()
    }

    public func stop() async {
        sampling.cancel()
        await group.triggerGracefulShutdown()
        _ = await sampling.value
        _ = try? await serving.value
    }
}

/// A concern's routes on the one server `herald run` hosts.
public protocol RouteSource: Sendable {
    var collection: RouteCollection<HeraldRequestContext> { get }
}
