import ArgumentParser
import Engine
import EventStore
import Foundation
import Logging
import Server
import Telegram

/// `herald run`'s inbound side: how Telegram's updates arrive (a webhook, long polling, or not at
/// all) and who may use /broadcast.
struct IntakeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Receive updates at this public URL: setWebhook is called with a secret token and its path is served on the listen address (default: $HERALD_WEBHOOK_URL).",
            valueName: "url"))
    var webhook: String?

    @Flag(help: "Receive updates by long polling getUpdates (one poller per bot across processes).")
    var poll = false

    func validate() throws {
        if webhook != nil && poll { throw ValidationError("--webhook and --poll exclude each other; pick one") }
    }

    enum Mode {
        case webhook(URL)
        case poll
    }

    /// The intake chosen by flags or environment; nil when updates are not received.
    func mode(environment: [String: String]) throws -> Mode? {
        if poll { return .poll }
        guard let text = webhook ?? environment["HERALD_WEBHOOK_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return nil
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil, !url.path.isEmpty, url.path != "/"
        else {
            throw CLIError(
                "--webhook \(text) is not an http(s) URL with a path; give e.g. https://bot.example.com/telegram")
        }
        return .webhook(url)
    }

    /// `HERALD_ADMIN_IDS`: Telegram user ids, comma-separated.
    static func admins(environment: [String: String]) throws -> Set<Int64> {
        guard let text = environment["HERALD_ADMIN_IDS"], !text.isEmpty else { return [] }
        var admins: Set<Int64> = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let id = Int64(trimmed), id > 0 else {
                throw CLIError(
                    "HERALD_ADMIN_IDS=\(text) is not a comma-separated list of Telegram user ids (\"\(trimmed)\" is not one)"
                )
            }
            admins.insert(id)
        }
        return admins
    }
}

/// Telegram's inbound side as `herald run` hosts it.
struct Intake {
    let mode: IntakeOptions.Mode
    let handler: UpdateHandler
    let client: BotClient
    let database: String
    let logger: Logger
    /// The webhook's secret token; set in webhook mode.
    let secret: String?

    static func make(
        options: IntakeOptions, admins: Set<Int64>, database: String, token: BotToken?, apiURL: String,
        pauses: Throttle, logger: Logger
    ) async throws -> Intake? {
        let environment = ProcessInfo.processInfo.environment
        guard let mode = try options.mode(environment: environment) else { return nil }
        guard let token, let bot = token.botID else {
            throw CLIError("receiving updates (--webhook or --poll) needs TELEGRAM_BOT_TOKEN")
        }
        let store = EventStore(configuration: database, maximumConnections: 8, applicationName: "herald-intake")
        let transport = try CurlTransport(
            configuration: TransportConfiguration(totalTimeout: .seconds(40), maxConnections: 16))
        // Answers and replies are not broadcasts: no broadcast rate applies to them, but the bot's
        // pause does, both ways — a 429 on a reply holds the sender too (`pauses` is the sender's).
        let client = BotClient(token: token, apiURL: apiURL, transport: transport, rateLimit: nil, throttle: pauses)
        let handler = UpdateHandler(
            botID: bot, store: store, desk: AdminDesk(botID: bot, admins: admins, store: store), logger: logger)
        var secret: String?
        if case .webhook = mode {
            let configured = environment["HERALD_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
            if let configured,
                !(1...256).contains(configured.count)
                    || !configured.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            {
                throw CLIError("HERALD_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
            }
            secret = try await KeptSecrets(store: store).value(named: "webhook-secret-token", configured: configured)
        }
        return Intake(mode: mode, handler: handler, client: client, database: database, logger: logger, secret: secret)
    }

    /// The webhook's route, for the server; none when polling.
    var routes: [any RouteSource] {
        guard case .webhook(let url) = mode, let secret else { return [] }
        return [WebhookRoutes(path: url.path, secret: secret, handler: handler, client: client, logger: logger)]
    }

    /// Webhook mode: tells Telegram where to deliver (once the server listens). Polling: the poller.
    func start(holder: String) async throws -> UpdatePoller? {
        switch mode {
        case .webhook(let url):
            do {
                _ = try await client.setWebhook(
                    SetWebhook(
                        url: url.absoluteString, secretToken: secret, allowedUpdates: UpdatePoller.allowedUpdates))
            } catch {
                throw CLIError("setWebhook \(url.absoluteString) failed: \(error)")
            }
            logger.info("receiving updates by webhook", metadata: ["url": "\(url.absoluteString)"])
            return nil
        case .poll:
            return UpdatePoller(handler: handler, client: client, database: database, holder: holder, logger: logger)
        }
    }
}
