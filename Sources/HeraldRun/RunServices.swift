import Dispatch
import Engine
import EventStore
import Foundation
import Logging
import Projections
import Server
import ServiceLifecycle
import Synchronization

/// Every projector of `Projections.all`, each under its lease, woken by the process's one LISTEN.
struct ProjectorsService: Service, CustomStringConvertible {
    // ServiceLifecycle logs a service by its description: never its fields (connection strings).
    var description: String { "projectors" }
    let configuration: RunConfiguration
    let logger: Logger

    func run() async throws {
        let wakeups = LogWakeups(configuration: configuration.database)
        defer { wakeups.stop() }
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for projector in Projections.all {
                    var runner = ProjectionRunner(configuration: configuration.database, projector: projector)
                    runner.pollInterval = configuration.pollInterval
                    runner.wakeups = wakeups
                    runner.logger = logger
                    group.addTask { await runner.run() }
                }
            }
        }
    }
}

/// A bot's sender: a graceful shutdown lets it finish what it claimed.
struct SenderService: Service, CustomStringConvertible {
    // ServiceLifecycle logs a service by its description: never its fields (connection strings).
    var description: String { "sender" }
    let sender: Sender

    func run() async {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await sender.run()
            } onCancel: {
                sender.shutdown()
            }
        } onGracefulShutdown: {
            sender.shutdown()
        }
    }
}

/// A bot's long poll; Telegram refusing polling (409) fails it, which stops the process.
struct PollerService: Service, CustomStringConvertible {
    // ServiceLifecycle logs a service by its description: never its fields (connection strings).
    var description: String { "poller" }
    let poller: UpdatePoller

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await poller.run()
            } onCancel: {
                poller.shutdown()
            }
        } onGracefulShutdown: {
            poller.shutdown()
        }
    }
}

/// The HTTP server, started already (so a bad port stopped startup); stops when shut down.
struct ServerService: Service, CustomStringConvertible {
    // ServiceLifecycle logs a service by its description: never its fields (connection strings).
    var description: String { "server" }
    let server: RunningServer

    func run() async {
        try? await gracefulShutdown()
        await server.stop()
    }
}

/// The first to hear of a shutdown: `/readyz` says 503 while the rest finishes.
struct DrainNotice: Service, CustomStringConvertible {
    // ServiceLifecycle logs a service by its description: never its fields (connection strings).
    var description: String { "drain notice" }
    let server: RunningServer?

    func run() async {
        try? await gracefulShutdown()
        server?.draining()
    }
}

/// Calls `handler` on SIGINT or SIGTERM instead of dying, so services can finish their
/// transaction; a second signal exits at once (recovery at the next start closes what was in
/// flight).
final class StopSignals: @unchecked Sendable {  // `sources` is written once, in init.
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () async -> Void) {
        let count = Mutex(0)
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let seen = count.withLock { count in
                    count += 1
                    return count
                }
                if seen > 1 { exit(130) }
                Task { await handler() }
            }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
