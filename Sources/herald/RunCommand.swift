import ArgumentParser
import Dispatch
import Engine
import EventStore
import Foundation
import Synchronization
import Logging
import Projections
import Server
import Telegram

/// `herald run`: the engine. Keeps every read model up to date and, with a bot token, sends:
/// several processes may share one database (each projector runs in one of them, and one holds
/// each bot's sender lease while the others stand by).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the engine until interrupted: projectors, and with TELEGRAM_BOT_TOKEN the scheduler and dispatcher.",
        discussion: """
            Settings come from the environment (a flag, where there is one, wins); a bad value \
            stops startup with a one-line reason. Secrets are never printed.
              HERALD_DATABASE_URL    Herald's database (or --database-url-file)
              TELEGRAM_BOT_TOKEN     the bot; unset: keep read models only
              TELEGRAM_API_URL       default https://api.telegram.org
              HERALD_RATE            messages/s (default 30; 0 unthrottled)
              HERALD_PAID_RATE       messages/s of --paid broadcasts (default 1000)
              HERALD_LISTEN          HTTP host:port or off (default 127.0.0.1:8080)
              HERALD_READY_MAX_LAG   events of lag before /readyz fails (default 10000)
              HERALD_API_TOKEN       bearer token of /api/v1; unset: API off
              HERALD_WEBHOOK_URL     receive updates at this URL (--webhook)
              HERALD_WEBHOOK_SECRET  webhook secret (default: generated, kept)
              HERALD_ADMIN_IDS       user ids allowed /broadcast, comma-separated
              HERALD_PUBLIC_URL      where tracked links point (/c/<token>)
              HERALD_LINK_KEY        link-signing key (default: generated, kept)
              HERALD_TRUSTED_PROXIES proxies whose X-Forwarded-For is believed
              HERALD_LOG_LEVEL       trace … critical (default info)
              HERALD_LOG_FORMAT      json or text (default json off a terminal)
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var serving: ServingOptions
    @OptionGroup var intake: IntakeOptions
    @Option(help: "Seconds between polls of the log when no NOTIFY arrives.") var pollInterval = 1.0
    @Option(help: "Messages per second for ordinary broadcasts; 0 sends unthrottled (default: $HERALD_RATE or 30).")
    var rate: Double?
    @Option(help: "Messages per second for --paid broadcasts; 0 unthrottled (default: $HERALD_PAID_RATE or 1000).")
    var paidRate: Double?
    @Option(help: "Requests in flight at once.") var concurrency = 64

    func validate() throws {
        if pollInterval <= 0 { throw ValidationError("--poll-interval must be positive") }
        if let rate, rate < 0 || rate > 1000 { throw ValidationError("--rate must be between 0 and 1000") }
        if let paidRate, paidRate < 0 || paidRate > 1000 {
            throw ValidationError("--paid-rate must be between 0 and 1000")
        }
        if concurrency < 1 || concurrency > 1000 { throw ValidationError("--concurrency must be between 1 and 1000") }
    }

    func run() async throws {
        let configuration = try database.resolved()
        let logger = try HeraldLogging.bootstrap(label: "herald.run")
        // Before the sender, whose counters bind to the metrics backend when they are created.
        let registry = HeraldMetrics.bootstrap()
        let poll = Duration.milliseconds(Int64(pollInterval * 1000))
        let links = try LinkSettings(database: configuration)
        let sender = try makeSender(database: configuration, links: links.tracked, logger: logger)
        if sender != nil, links.tracked == nil {
            logger.warning(
                "HERALD_PUBLIC_URL is not set: URL buttons are sent as they are and their clicks are not tracked")
        }
        let environment = ProcessInfo.processInfo.environment
        // Checked even when updates are not received, so a typo is found before it matters.
        let admins = try IntakeOptions.admins(environment: environment)
        let intake = try await Intake.make(
            options: intake, admins: admins, database: configuration,
            token: environment["TELEGRAM_BOT_TOKEN"].flatMap { $0.isEmpty ? nil : BotToken($0) },
            apiURL: Self.apiURL(environment), pauses: sender?.configuration.pauses ?? Throttle(configuration: nil),
            logger: logger)
        let server = try await serving.start(
            database: configuration, registry: registry, holder: sender?.configuration.holder, logger: logger,
            sources: intake?.routes ?? [], links: links.routes(logger: logger))
        let holder = "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
        let poller: UpdatePoller?
        do {
            poller = try await intake?.start(holder: holder)
        } catch {
            await server?.stop()
            throw error
        }
        let wakeups = LogWakeups(configuration: configuration)
        let projectors = Task {
            defer { wakeups.stop() }
            await withTaskGroup(of: Void.self) { group in
                for projector in Projections.all {
                    var runner = ProjectionRunner(configuration: configuration, projector: projector)
                    runner.pollInterval = poll
                    runner.wakeups = wakeups
                    runner.logger = logger
                    group.addTask { await runner.run() }
                }
            }
        }
        let sending = Task { await sender?.run() }
        let signals = Mutex(0)
        let stopAll: @Sendable () -> Void = {
            server?.draining()
            sender?.shutdown()
            poller?.shutdown()
            Task {
                await sending.value
                projectors.cancel()
            }
        }
        let stop = StopSignals {
            let count = signals.withLock { count in
                count += 1
                return count
            }
            // A second signal exits at once; recovery at the next start closes what was in flight.
            if count > 1 { Foundation.exit(130) }
            stopAll()
        }
        // Polling refused (409) stops the whole process with the reason.
        let polling = Task { () -> String? in
            do {
                try await poller?.run()
                return nil
            } catch {
                logger.error("herald run: \(error)")
                stopAll()
                return "\(error)"
            }
        }
        let what =
            sender == nil
            ? "no TELEGRAM_BOT_TOKEN, so nothing is sent" : "sending for bot \(sender?.configuration.token.botID ?? 0)"
        logger.info(
            "herald run: projecting \(Projections.all.map(\.name).joined(separator: ", ")); \(what); Ctrl-C or SIGTERM stops"
        )
        await sending.value
        await projectors.value
        let refusal = await polling.value
        await server?.stop()
        stop.cancel()
        if let refusal { throw CLIError(refusal) }
        logger.info("herald run: stopped")
    }

    private func makeSender(database: String, links: TrackedLinks?, logger: Logger) throws -> Sender? {
        let environment = ProcessInfo.processInfo.environment
        guard let secret = environment["TELEGRAM_BOT_TOKEN"], !secret.isEmpty else { return nil }
        let token = BotToken(secret)
        guard token.botID != nil else {
            throw CLIError("TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as BotFather gives it")
        }
        func limit(_ flag: Double?, _ variable: String, _ fallback: Double) throws -> Double? {
            var value = fallback
            if let flag {
                value = flag
            } else if let text = environment[variable], !text.isEmpty {
                guard let parsed = Double(text), parsed >= 0, parsed <= 1000 else {
                    throw CLIError("\(variable)=\(text) is not a rate between 0 and 1000 messages per second")
                }
                value = parsed
            }
            return value == 0 ? nil : value
        }
        var dispatch = Dispatcher.Configuration(
            rate: try limit(rate, "HERALD_RATE", 30), paidRate: try limit(paidRate, "HERALD_PAID_RATE", 1000))
        dispatch.concurrency = concurrency
        dispatch.links = links
        return try Sender(
            configuration: Sender.Configuration(
                database: database, token: token, apiURL: Self.apiURL(environment), dispatch: dispatch),
            logger: logger)
    }
}

extension Run {
    static func apiURL(_ environment: [String: String]) -> String {
        environment["TELEGRAM_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.telegram.org"
    }
}

/// Calls `handler` on SIGINT or SIGTERM instead of dying, so tasks can finish their transaction.
final class StopSignals: @unchecked Sendable {  // `sources` is written once, in init.
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
