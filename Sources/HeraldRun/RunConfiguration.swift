public import Foundation
public import Logging
public import Server
public import Telegram

/// Everything `herald run` is told, checked: built from the environment and the command line's
/// flags (a flag, where there is one, wins) by `init(environment:flags:)`, which refuses a bad
/// value with a one-line reason naming the setting and never echoes a secret. `RunProcess` builds
/// the process from it; nothing here touches the database or the network.
public struct RunConfiguration: Sendable {
    /// Herald's database (libpq URL or key=value string); never printed.
    public var database: String
    /// How often a projector polls the log when no NOTIFY arrives.
    public var pollInterval: Duration
    /// The bot that sends and receives; nil keeps read models only.
    public var bot: Bot?
    /// How Telegram's updates arrive; nil when they are not received.
    public var intake: Intake?
    /// Telegram user ids allowed /broadcast.
    public var admins: Set<Int64>
    /// Where /healthz, /metrics, the API, the dashboard and tracked links are served; nil: nowhere.
    public var listen: ListenAddress?
    public var readyMaxLag: Int64
    /// The admin API's bearer token; nil turns the API off (503).
    public var apiToken: APIToken?
    public var links: Links
    public var logLevel: Logger.Level
    public var logFormat: LogFormat

    public struct Bot: Sendable {
        public var token: BotToken
        /// The token's bot id (checked present).
        public var id: Int64
        public var apiURL: String
        /// Messages per second; nil unthrottled.
        public var rate: Double?
        public var paidRate: Double?
        /// Requests in flight at once.
        public var concurrency: Int
    }

    public enum Intake: Sendable, Equatable {
        /// `setWebhook` with `url`, its path served; `secret` nil: the one kept in the database.
        case webhook(URL, secret: String?)
        case poll
    }

    public struct Links: Sendable {
        /// `HERALD_PUBLIC_URL`, checked; nil: URL buttons are sent as they are.
        public var publicURL: String?
        /// `HERALD_LINK_KEY`; nil: the key kept in the database.
        public var key: String?
        public var trusted: TrustedProxies
    }

    /// What the command line gave; nil where a flag was not passed.
    public struct Flags: Sendable {
        public var databaseURL: String?
        public var databaseURLFile: String?
        public var pollInterval: Double?
        public var rate: Double?
        public var paidRate: Double?
        public var concurrency: Int?
        public var webhook: String?
        public var poll = false
        public var listen: String?
        public var readyMaxLag: Int64?
        public var apiTokenFile: String?

        public init() {}
    }

    /// A setting `herald run` cannot use: one line naming it and how to fix it.
    public struct Rejection: Error, CustomStringConvertible, Equatable {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
