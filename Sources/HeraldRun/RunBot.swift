import Engine
import EventStore
import Foundation
import Logging
import Server
import Telegram

/// One bot's services in a process: its sender and, when updates are received, its intake; every
/// client of the bot shares the bot's pause, so a 429 on a reply holds the sender too.
struct RunBot {
    let bot: Int64
    let sender: Sender
    let settings: RunConfiguration.Bot

    init(
        _ configuration: RunConfiguration, bot settings: RunConfiguration.Bot, links: TrackedLinks?, holder: String,
        logger: Logger
    ) throws {
        var dispatch = Dispatcher.Configuration(rate: settings.rate, paidRate: settings.paidRate)
        dispatch.concurrency = settings.concurrency
        dispatch.links = links
        bot = settings.id
        self.settings = settings
        sender = try Sender(
            configuration: Sender.Configuration(
                database: configuration.database, token: settings.token, apiURL: settings.apiURL, dispatch: dispatch,
                holder: holder),
            logger: logger)
    }

    /// The intake the configuration asks for; nil when updates are not received. Keeps the
    /// webhook's secret in the database when none is configured (so every process agrees).
    func intake(_ configuration: RunConfiguration, logger: Logger) async throws -> RunIntake? {
        guard let mode = configuration.intake else { return nil }
        let store = EventStore(configuration: configuration.database, maximumConnections: 8, applicationName: "herald-intake")
        let transport = try CurlTransport(
            configuration: TransportConfiguration(totalTimeout: .seconds(40), maxConnections: 16))
        // Answers and replies are not broadcasts: no broadcast rate applies to them, but the bot's
        // pause does, both ways.
        let client = BotClient(
            token: settings.token, apiURL: settings.apiURL, transport: transport, rateLimit: nil,
            throttle: sender.configuration.pauses)
        let handler = UpdateHandler(
            botID: bot, store: store, desk: AdminDesk(botID: bot, admins: configuration.admins, store: store),
            logger: logger)
        var secret: String?
        if case .webhook(_, let configured) = mode {
            secret = try await KeptSecrets(store: store).value(named: "webhook-secret-token", configured: configured)
        }
        return RunIntake(
            mode: mode, handler: handler, client: client, database: configuration.database, logger: logger,
            secret: secret)
    }
}

/// Telegram's inbound side of one bot: a webhook route, or a poller.
struct RunIntake {
    let mode: RunConfiguration.Intake
    let handler: UpdateHandler
    let client: BotClient
    let database: String
    let logger: Logger
    /// The webhook's secret token; set in webhook mode.
    let secret: String?

    /// The webhook's route, for the server; none when polling.
    var routes: [any RouteSource] {
        guard case .webhook(let url, _) = mode, let secret else { return [] }
        return [WebhookRoutes(path: url.path, secret: secret, handler: handler, client: client, logger: logger)]
    }

    /// Webhook mode: tells Telegram where to deliver (once the server listens). Polling: the poller.
    func start(holder: String) async throws -> UpdatePoller? {
        switch mode {
        case .webhook(let url, _):
            do {
                _ = try await client.setWebhook(
                    SetWebhook(
                        url: url.absoluteString, secretToken: secret, allowedUpdates: UpdatePoller.allowedUpdates))
            } catch {
                throw RunConfiguration.Rejection("setWebhook \(url.absoluteString) failed: \(error)")
            }
            logger.info("receiving updates by webhook", metadata: ["url": "\(url.absoluteString)"])
            return nil
        case .poll:
            return UpdatePoller(handler: handler, client: client, database: database, holder: holder, logger: logger)
        }
    }
}
