import Engine
public import EventStore
import Foundation
public import Logging
public import Prometheus
import Projections
import Server
public import ServiceLifecycle
import Telegram

/// `herald run` as a value: the services a `RunConfiguration` asks for, in one `ServiceGroup`.
///
/// `make` does what must succeed before anything runs (binding the port, keeping the webhook's
/// secret, `setWebhook`) and throws a one-line reason when it cannot; `run()` then runs until
/// `shutdown()` (or, with `handlingSignals`, SIGINT/SIGTERM; a second signal exits at once).
/// A graceful shutdown goes in this order: `/readyz` says 503, the sender finishes what it
/// claimed, the poller stops, projectors stop, the server stops last.
public struct RunProcess: Sendable {
    public let group: ServiceGroup
    /// The bound HTTP port; nil when listening is off.
    public let port: Int?
    /// The bot's sender; nil without a bot.
    public let sender: Sender?
    /// One line for the log: what runs.
    public let summary: String

    public static func make(
        _ configuration: RunConfiguration, registry: PrometheusCollectorRegistry, logger: Logger,
        holder: String = "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
    ) async throws -> RunProcess {
        let links = try RunLinks(configuration)
        let bot = try configuration.bot.map { try RunBot(configuration, bot: $0, links: links.tracked, holder: holder, logger: logger) }
        if bot != nil, links.tracked == nil {
            logger.warning(
                "HERALD_PUBLIC_URL is not set: URL buttons are sent as they are and their clicks are not tracked")
        }
        var intake: RunIntake?
        if let bot { intake = try await bot.intake(configuration, logger: logger) }
        let server = try await RunServer.start(
            configuration, registry: registry, holder: bot?.sender.configuration.holder, logger: logger,
            sources: (intake?.routes ?? []) + [links.routes(logger: logger)])
        let poller: UpdatePoller?
        do {
            poller = try await intake?.start(holder: holder)
        } catch {
            await server?.stop()
            throw error
        }

        // Shut down in reverse: the drain notice first, the server last.
        var services: [any Service] = []
        if let server { services.append(ServerService(server: server)) }
        services.append(ProjectorsService(configuration: configuration, logger: logger))
        if let poller { services.append(PollerService(poller: poller)) }
        if let bot { services.append(SenderService(sender: bot.sender)) }
        services.append(DrainNotice(server: server))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map {
                    .init(service: $0, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup)
                },
                logger: logger))
        let what = bot.map { "sending for bot \($0.bot)" } ?? "no TELEGRAM_BOT_TOKEN, so nothing is sent"
        return RunProcess(
            group: group, port: server?.port, sender: bot?.sender,
            summary: "projecting \(Projections.all.map(\.name).joined(separator: ", ")); \(what)")
    }

    /// Runs every service until a graceful shutdown has finished; rethrows a service's failure
    /// (polling refused) after the others have stopped.
    public func run(handlingSignals: Bool = false) async throws {
        let signals = handlingSignals ? StopSignals { await group.triggerGracefulShutdown() } : nil
        defer { signals?.cancel() }
        try await group.run()
    }

    public func shutdown() async { await group.triggerGracefulShutdown() }
}

/// Tracked links: the sender's signer and the `/c/<token>` redirect, on a store of their own.
struct RunLinks {
    let keys: LinkKeySource
    let tracked: TrackedLinks?
    let trusted: TrustedProxies
    let store: EventStore

    init(_ configuration: RunConfiguration) throws {
        store = EventStore(configuration: configuration.database, maximumConnections: 4, applicationName: "herald-links")
        let keys = configuration.links.key.flatMap(LinkKey.init(secret:)).map(LinkKeySource.init) ?? LinkKeySource(keptIn: store)
        self.keys = keys
        tracked = try configuration.links.publicURL.map { try TrackedLinks(publicURL: $0, keys: keys) }
        trusted = configuration.links.trusted
    }

    /// Served whether or not this process sends: any process on the database answers a link.
    func routes(logger: Logger) -> LinkRoutes {
        LinkRoutes(redirect: LinkRedirect(keys: keys, store: store, trusted: trusted, logger: logger))
    }
}
