import ArgumentParser
import Engine
import EventStore
import Foundation
import Logging
import Projections
import Server
import HeraldRun

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
    @Option(
        help: ArgumentHelp(
            "Receive updates at this public URL: setWebhook is called with a secret token and its path is served on the listen address (default: $HERALD_WEBHOOK_URL).",
            valueName: "url"))
    var webhook: String?
    @Flag(help: "Receive updates by long polling getUpdates (one poller per bot across processes).")
    var poll = false
    @Option(help: "Seconds between polls of the log when no NOTIFY arrives.") var pollInterval: Double?
    @Option(help: "Messages per second for ordinary broadcasts; 0 sends unthrottled (default: $HERALD_RATE or 30).")
    var rate: Double?
    @Option(help: "Messages per second for --paid broadcasts; 0 unthrottled (default: $HERALD_PAID_RATE or 1000).")
    var paidRate: Double?
    @Option(help: "Requests in flight at once (default 64).") var concurrency: Int?

    /// The command line as `RunConfiguration` reads it; every check is the configuration's.
    var flags: RunConfiguration.Flags {
        var flags = RunConfiguration.Flags()
        flags.databaseURL = database.databaseURL
        flags.databaseURLFile = database.databaseURLFile
        (flags.listen, flags.readyMaxLag, flags.apiTokenFile) = (listen, readyMaxLag, apiTokenFile)
        (flags.webhook, flags.poll, flags.pollInterval) = (webhook, poll, pollInterval)
        (flags.rate, flags.paidRate, flags.concurrency) = (rate, paidRate, concurrency)
        return flags
    }

    func run() async throws {
        let configuration: RunConfiguration
        do {
            configuration = try RunConfiguration(
                environment: ProcessInfo.processInfo.environment, flags: flags, stderrIsTerminal: isatty(2) == 1)
        } catch {
            throw CLIError(error.description)
        }
        let logger = HeraldLogging.bootstrap(
            label: "herald.run", level: configuration.logLevel, format: configuration.logFormat)
        // Before the sender, whose counters bind to the metrics backend when they are created.
        let registry = HeraldMetrics.bootstrap()
        let process: RunProcess
        do {
            process = try await RunProcess.make(configuration, registry: registry, logger: logger)
        } catch let rejection as RunConfiguration.Rejection {
            throw CLIError(rejection.description)
        }
        logger.info("herald run: \(process.summary); Ctrl-C or SIGTERM stops")
        do {
            try await process.run(handlingSignals: true)
        } catch {
            logger.error("herald run: \(error)")
            throw CLIError("\(error)")
        }
        logger.info("herald run: stopped")
    }
}
