import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
public import Telegram

/// A local Bot API on 127.0.0.1, for tests, the demo and benchmarks.
///
/// Start one in-process with `start(configuration:port:)` (port 0 picks a free one), point a
/// `BotClient` at `baseURL`, and read what happened through `counters`, `messages` or the
/// `/control` HTTP API. It binds the loopback address only; `verbose` logs server events at info level.
public final class TelegramSimulator: Sendable {
    public let port: Int
    let core: SimulatorCore
    private let server: Task<Void, any Error>
    private let deliveries: Task<Void, Never>

    /// `http://127.0.0.1:<port>`: the `TELEGRAM_API_URL` for a client.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, core: SimulatorCore, server: Task<Void, any Error>, deliveries: Task<Void, Never>) {
        self.port = port
        self.core = core
        self.server = server
        self.deliveries = deliveries
    }

    /// Binds 127.0.0.1:`port` and returns once the server accepts connections.
    public static func start(
        configuration: SimulatorConfiguration = SimulatorConfiguration(),
        port: Int = 0,
        verbose: Bool = false
    ) async throws -> TelegramSimulator {
        let core = try SimulatorCore(configuration: configuration)
        var logger = Logger(label: "herald.simulator")
        // Stopping cancels the server task, which Hummingbird logs as an error; quiet unless verbose.
        logger.logLevel = verbose ? .info : .critical
        let bound = AsyncStream<Int>.makeStream()
        let app = Application(
            router: Routes.router(core),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                bound.continuation.yield(channel.localAddress?.port ?? -1)
                bound.continuation.finish()
            },
            logger: logger)
        let server = Task {
            // Ends the wait below when the server stops before it ever ran (e.g. port taken).
            defer { bound.continuation.finish() }
            try await app.run()
        }
        let deliveries = Task { await core.runWebhookDeliveries() }
        var iterator = bound.stream.makeAsyncIterator()
        guard let actual = await iterator.next(), actual > 0 else {
            deliveries.cancel()
            server.cancel()
            try await server.value  // rethrows the bind error, e.g. address already in use
            throw ControlError(description: "simulator could not bind 127.0.0.1:\(port)")
        }
        return TelegramSimulator(port: actual, core: core, server: server, deliveries: deliveries)
    }

    /// Stops serving and delivering; returns when the server has closed.
    public func stop() async {
        deliveries.cancel()
        server.cancel()
        _ = try? await server.value
        await deliveries.value
    }

    /// Runs until the server stops (for `herald simulator`).
    public func wait() async throws {
        try await server.value
    }

    /// All bots' counters added up.
    public var counters: SimulatorCounters { core.state.withLock { $0.counters } }

    /// One bot's counters, or nil for a bot it has not seen.
    public func counters(bot: Int64) -> SimulatorCounters? {
        core.state.withLock { $0.counters(bot: bot) }
    }

    /// When `bot`'s most recent `sendMessage` calls arrived (up to 10,000), in seconds since the
    /// simulator started, oldest first: the server's own clock, for asserting a client's pace.
    public func arrivals(bot: Int64) -> [Double] {
        core.arrivals(bot: bot)[String(bot)] ?? []
    }

    /// Recently delivered messages (each bot's last `messageWindow`), oldest first, optionally to one chat.
    public func messages(chat: Int64? = nil) -> [RecordedMessage] {
        core.state.withLock { $0.recordedMessages(chat: chat) }
    }

    /// Makes `user` act; the update goes to the webhook or waits for `getUpdates`.
    @discardableResult
    public func act(_ action: UserAction, user: Int64, bot: Int64? = nil) throws(ControlError) -> Update {
        try core.act(action, user: user, bot: bot)
    }

    /// Changes limits or failure rates while running.
    public func reconfigure(_ change: @Sendable (inout SimulatorConfiguration) -> Void) {
        core.state.withLock { $0.reconfigure(change) }
    }

    public func reset() {
        core.state.withLock { $0.reset() }
    }
}
