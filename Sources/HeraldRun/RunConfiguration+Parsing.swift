public import Foundation
import Logging
import Engine
import Server
import Telegram

extension RunConfiguration {
    /// Reads and checks every setting; throws the first bad one's one-line `Rejection`.
    /// Settings that only matter later (the webhook's secret, the link key) are checked too, so a
    /// typo is found at startup, not when it first matters.
    public init(
        environment: [String: String], flags: Flags = Flags(), stderrIsTerminal: Bool = false
    ) throws(Rejection) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        database = try Self.database(flags: flags, environment: value("HERALD_DATABASE_URL"))

        logLevel = .info
        if let text = value("HERALD_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw Rejection(
                    "HERALD_LOG_LEVEL=\(text) is not a level: use trace, debug, info, notice, warning, error or critical")
            }
            logLevel = level
        }
        do {
            logFormat = try LogFormat.resolve(value("HERALD_LOG_FORMAT"), stderrIsTerminal: stderrIsTerminal)
        } catch {
            throw Rejection(error.description)
        }

        let interval = flags.pollInterval ?? 1
        guard interval > 0, interval.isFinite else { throw Rejection("--poll-interval must be positive") }
        pollInterval = .milliseconds(Int64(interval * 1000))

        bot = try Self.bot(flags: flags, value: value)
        intake = try Self.intake(flags: flags, value: value)
        if intake != nil, bot == nil {
            throw Rejection("receiving updates (--webhook or --poll) needs TELEGRAM_BOT_TOKEN")
        }
        admins = try Self.admins(value("HERALD_ADMIN_IDS"))

        do {
            listen = try ListenAddress.parse(flags.listen ?? environment["HERALD_LISTEN"] ?? "\(ListenAddress.default)")
        } catch {
            throw Rejection(error.description)
        }
        if case .webhook = intake, listen == nil {
            throw Rejection("--webhook needs the HTTP server, but listen is off: set HERALD_LISTEN or --listen to host:port")
        }
        readyMaxLag = 10000
        if let flag = flags.readyMaxLag {
            guard flag >= 0 else { throw Rejection("--ready-max-lag must not be negative") }
            readyMaxLag = flag
        } else if let text = value("HERALD_READY_MAX_LAG") {
            guard let parsed = Int64(text), parsed >= 0 else {
                throw Rejection("HERALD_READY_MAX_LAG=\(text) is not a whole number of events")
            }
            readyMaxLag = parsed
        }
        apiToken = try Self.apiToken(file: flags.apiTokenFile, environment: value("HERALD_API_TOKEN"))
        links = try Self.links(value)
    }

    private static func database(flags: Flags, environment: String?) throws(Rejection) -> String {
        try databaseURL(flag: flags.databaseURL, file: flags.databaseURLFile, environment: environment)
    }

    /// Herald's database from `--database-url`, `--database-url-file` or `HERALD_DATABASE_URL`
    /// (every command reads it so).
    public static func databaseURL(flag: String?, file: String?, environment: String?) throws(Rejection) -> String {
        if flag != nil, file != nil { throw Rejection("--database-url and --database-url-file do not go together") }
        if let flag, !flag.isEmpty { return flag }
        if let file {
            let line = try firstLine(of: file, flag: "--database-url-file").trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { throw Rejection("--database-url-file \(file) is empty") }
            return line
        }
        if let environment, !environment.isEmpty { return environment }
        throw Rejection(
            "no database configured: set HERALD_DATABASE_URL or pass --database-url-file (scripts/postgres url prints one)")
    }

    private static func bot(flags: Flags, value: (String) -> String?) throws(Rejection) -> Bot? {
        func rate(_ flag: Double?, _ name: String, _ variable: String, _ fallback: Double) throws(Rejection) -> Double? {
            var rate = fallback
            if let flag {
                guard flag >= 0, flag <= 1000 else { throw Rejection("\(name) must be between 0 and 1000") }
                rate = flag
            } else if let text = value(variable) {
                guard let parsed = Double(text), parsed >= 0, parsed <= 1000 else {
                    throw Rejection("\(variable)=\(text) is not a rate between 0 and 1000 messages per second")
                }
                rate = parsed
            }
            return rate == 0 ? nil : rate
        }
        // Checked with or without a token, so a typo is found before it matters.
        let ordinary = try rate(flags.rate, "--rate", "HERALD_RATE", 30)
        let paid = try rate(flags.paidRate, "--paid-rate", "HERALD_PAID_RATE", 1000)
        let concurrency = flags.concurrency ?? 64
        guard (1...1000).contains(concurrency) else { throw Rejection("--concurrency must be between 1 and 1000") }
        guard let secret = value("TELEGRAM_BOT_TOKEN") else { return nil }
        let token = BotToken(secret)
        guard let id = token.botID else {
            throw Rejection("TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as BotFather gives it")
        }
        let apiURL = value("TELEGRAM_API_URL") ?? "https://api.telegram.org"
        guard let url = URL(string: apiURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else { throw Rejection("TELEGRAM_API_URL=\(apiURL) is not an http(s) URL; leave it unset for api.telegram.org") }
        return Bot(token: token, id: id, apiURL: apiURL, rate: ordinary, paidRate: paid, concurrency: concurrency)
    }

    private static func intake(flags: Flags, value: (String) -> String?) throws(Rejection) -> Intake? {
        if flags.webhook != nil, flags.poll { throw Rejection("--webhook and --poll exclude each other; pick one") }
        if flags.poll { return .poll }
        guard let text = flags.webhook ?? value("HERALD_WEBHOOK_URL") else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil, !url.path.isEmpty, url.path != "/"
        else {
            throw Rejection(
                "--webhook \(text) is not an http(s) URL with a path; give e.g. https://bot.example.com/telegram")
        }
        let secret = value("HERALD_WEBHOOK_SECRET")
        if let secret,
            !(1...256).contains(secret.count)
                || !secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        {
            throw Rejection("HERALD_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        }
        return .webhook(url, secret: secret)
    }

    /// `HERALD_ADMIN_IDS`: Telegram user ids, comma-separated.
    private static func admins(_ text: String?) throws(Rejection) -> Set<Int64> {
        guard let text else { return [] }
        var admins: Set<Int64> = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let id = Int64(trimmed), id > 0 else {
                throw Rejection(
                    "HERALD_ADMIN_IDS=\(text) is not a comma-separated list of Telegram user ids (\"\(trimmed)\" is not one)")
            }
            admins.insert(id)
        }
        return admins
    }

    /// From `--api-token-file` or `HERALD_API_TOKEN`; a value that cannot travel in a header is
    /// refused naming where it came from, never itself.
    private static func apiToken(file: String?, environment: String?) throws(Rejection) -> APIToken? {
        var secret = environment ?? ""
        var source = "HERALD_API_TOKEN"
        if let file {
            secret = try firstLine(of: file, flag: "--api-token-file")
            source = "--api-token-file \(file)"
        }
        if secret.isEmpty { return nil }
        guard let token = APIToken(secret) else { throw Rejection("\(source) must be visible ASCII characters without spaces") }
        return token
    }

    private static func links(_ value: (String) -> String?) throws(Rejection) -> Links {
        let key = value("HERALD_LINK_KEY")
        if let key, LinkKey(secret: key) == nil {
            throw Rejection("HERALD_LINK_KEY is shorter than \(LinkKey.minimumBytes) bytes; use a long random value")
        }
        let publicURL = value("HERALD_PUBLIC_URL")
        if let publicURL {
            do {
                _ = try TrackedLinks.base(publicURL)
            } catch {
                throw Rejection(error.description)
            }
        }
        do {
            return Links(publicURL: publicURL, key: key, trusted: try TrustedProxies(parsing: value("HERALD_TRUSTED_PROXIES") ?? ""))
        } catch {
            throw Rejection(error.description)
        }
    }

    private static func firstLine(of path: String, flag: String) throws(Rejection) -> String {
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Rejection("cannot read \(flag) \(path)")
        }
        return contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}
