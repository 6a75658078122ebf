public import Broadcasting
import Foundation
public import Logging
import EventStore
import Postgres
import Synchronization
public import Telegram

/// The sending engine of one bot in one `herald run` process: stands by until it holds the bot's
/// lease, then feeds the queue from the log, recovers what a dead sender left in flight, starts
/// due broadcasts and dispatches, until it stops or loses the lease (then it stands by again).
public final class Sender: Sendable {
    public struct Configuration: Sendable {
        public var database: String
        public var token: BotToken
        public var apiURL: String
        public var dispatch: Dispatcher.Configuration
        /// Who holds the lease, for `herald status` (host and pid).
        public var holder: String
        /// How often a standby tries the lease, and the holder proves it.
        public var heartbeat: Duration = .seconds(1)
        /// The bot's `retry_after` pause in this process, shared with every client of the bot (the
        /// intake's replies and answers too): a 429 on any request holds the sender as well.
        public var pauses = Throttle(configuration: nil)

        public init(
            database: String, token: BotToken, apiURL: String, dispatch: Dispatcher.Configuration,
            holder: String = "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
        ) {
            self.database = database
            self.token = token
            self.apiURL = apiURL
            self.dispatch = dispatch
            self.holder = holder
        }
    }

    public let configuration: Configuration
    public let counters = SendCounters()
    /// Why Telegram refused the token, once it has: sending stays off until the process restarts.
    let refusedToken = TokenRefusal()
    let logger: Logger
    let transport: CurlTransport
    let store: EventStore
    private let stopping = Signal()
    let state = StoppableState()

    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let connections = min(max(configuration.dispatch.concurrency, 4), 64)
        transport = try CurlTransport(
            configuration: TransportConfiguration(totalTimeout: .seconds(15), maxConnections: connections))
        store = EventStore(
            configuration: configuration.database, maximumConnections: 6, applicationName: "herald-sender")
    }

    /// Runs until `shutdown()`; never throws: failures are logged and the lease tried again.
    public func run() async {
        guard let bot = configuration.token.botID else {
            logger.error("TELEGRAM_BOT_TOKEN is malformed (expected <bot id>:<secret>); sending is off")
            return
        }
        var delay = Duration.zero
        while !state.isStopping {
            if delay > .zero { await stopping.wait(timeout: delay) }
            if state.isStopping { break }
            let lease: SenderLease?
            do {
                lease = try await SenderLease.acquire(
                    bot: bot, holder: configuration.holder, configuration: configuration.database)
            } catch {
                logger.warning("cannot reach the database for the sender lease", metadata: ["error": "\(error)"])
                delay = .seconds(1)
                continue
            }
            guard let lease else {
                delay = configuration.heartbeat + .milliseconds(Int64.random(in: 0...300))
                continue
            }
            logger.info("sender lease taken", metadata: ["bot": "\(bot)", "epoch": "\(lease.epoch)"])
            do {
                try await lead(lease)
                delay = .zero
            } catch {
                logger.warning(
                    "sending stopped; standing by",
                    metadata: ["bot": "\(bot)", "epoch": "\(lease.epoch)", "error": "\(error)"])
                delay = .seconds(1)
            }
            await lease.release()
        }
        transport.shutdown()
    }

    /// Stops claiming; what is in flight finishes and is recorded, then the lease is released.
    public func shutdown() {
        state.stop()
        stopping.notify()
    }
}

/// A flag and the running dispatcher, so `shutdown` reaches whichever is current.
final class StoppableState: Sendable {
    private let value = Mutex<(stopping: Bool, dispatcher: Dispatcher?)>((false, nil))

    var isStopping: Bool { value.withLock { $0.stopping } }

    func stop() {
        value.withLock {
            $0.stopping = true; return $0.dispatcher
        }?.shutdown()
    }

    /// Sets the dispatcher that `stop` shuts down; false when stopping began already.
    func running(_ dispatcher: Dispatcher?) -> Bool {
        value.withLock { state in
            state.dispatcher = dispatcher
            return !state.stopping
        }
    }
}
