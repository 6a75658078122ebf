import Foundation
import Logging
import HeraldRun
import Testing

/// `herald run`'s configuration as a value: every setting read, every bad value refused with one
/// line naming it, no process spawned and nothing connected.
@Suite struct RunConfigurationValueTests {
    static let base = ["HERALD_DATABASE_URL": "postgresql://herald@/herald"]

    func configuration(
        _ environment: [String: String] = [:], _ flags: (inout RunConfiguration.Flags) -> Void = { _ in }
    ) throws(RunConfiguration.Rejection) -> RunConfiguration {
        var given = RunConfiguration.Flags()
        flags(&given)
        return try RunConfiguration(environment: Self.base.merging(environment) { $1 }, flags: given)
    }

    func rejection(
        _ environment: [String: String] = [:], _ flags: (inout RunConfiguration.Flags) -> Void = { _ in }
    ) -> String? {
        do {
            _ = try configuration(environment, flags)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func defaultsWithoutABot() throws {
        let value = try configuration()
        #expect(value.database == "postgresql://herald@/herald")
        #expect(value.bot == nil && value.intake == nil && value.admins.isEmpty)
        #expect(value.listen?.description == "127.0.0.1:8080")
        #expect(value.readyMaxLag == 10000 && value.apiToken == nil)
        #expect(value.pollInterval == .seconds(1))
        #expect(value.logLevel == .info && value.logFormat == .json)
        #expect(value.links.publicURL == nil && value.links.key == nil)
    }

    @Test func everySettingIsRead() throws {
        let value = try configuration([
            "TELEGRAM_BOT_TOKEN": "123:secret", "TELEGRAM_API_URL": "http://127.0.0.1:9", "HERALD_RATE": "12.5",
            "HERALD_PAID_RATE": "0", "HERALD_LISTEN": "0.0.0.0:9090", "HERALD_READY_MAX_LAG": "7",
            "HERALD_API_TOKEN": "api-token", "HERALD_WEBHOOK_URL": "https://bot.example.com/telegram",
            "HERALD_WEBHOOK_SECRET": "s_e-c", "HERALD_ADMIN_IDS": "900, 905", "HERALD_PUBLIC_URL": "https://l.example.com/",
            "HERALD_LINK_KEY": String(repeating: "k", count: 32), "HERALD_TRUSTED_PROXIES": "10.0.0.0/8",
            "HERALD_LOG_LEVEL": "DEBUG", "HERALD_LOG_FORMAT": "text",
        ])
        let bot = try #require(value.bot)
        #expect(bot.id == 123 && bot.apiURL == "http://127.0.0.1:9" && bot.rate == 12.5 && bot.paidRate == nil)
        #expect(bot.concurrency == 64)
        #expect(value.listen?.description == "0.0.0.0:9090" && value.readyMaxLag == 7 && value.apiToken != nil)
        #expect(value.intake == .webhook(URL(string: "https://bot.example.com/telegram")!, secret: "s_e-c"))
        #expect(value.admins == [900, 905])
        #expect(value.links.publicURL == "https://l.example.com/" && value.links.key?.count == 32)
        #expect(value.links.trusted != (try .init(parsing: "")))
        #expect(value.logLevel == .debug && value.logFormat == .text)
    }

    @Test func aFlagWinsOverTheEnvironment() throws {
        let value = try configuration(["TELEGRAM_BOT_TOKEN": "5:x", "HERALD_RATE": "3", "HERALD_LISTEN": "off"]) {
            $0.rate = 0
            $0.paidRate = 40
            $0.concurrency = 8
            $0.listen = "127.0.0.1:0"
            $0.poll = true
            $0.pollInterval = 0.25
            $0.readyMaxLag = 0
            $0.databaseURL = "dbname=other"
        }
        #expect(value.bot?.rate == nil && value.bot?.paidRate == 40 && value.bot?.concurrency == 8)
        #expect(value.listen?.port == 0 && value.intake == .poll && value.pollInterval == .milliseconds(250))
        #expect(value.readyMaxLag == 0 && value.database == "dbname=other")
    }

    @Test func filesAreRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("url"), token = directory.appendingPathComponent("token")
        try "  dbname=fromfile  \nignored\n".write(to: url, atomically: true, encoding: .utf8)
        try "tok-en\n".write(to: token, atomically: true, encoding: .utf8)
        let value = try RunConfiguration(
            environment: [:],
            flags: {
                var flags = RunConfiguration.Flags()
                flags.databaseURLFile = url.path
                flags.apiTokenFile = token.path
                return flags
            }())
        #expect(value.database == "dbname=fromfile" && value.apiToken != nil)
        let empty = directory.appendingPathComponent("empty")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(throws: RunConfiguration.Rejection.self) {
            var flags = RunConfiguration.Flags()
            flags.databaseURLFile = empty.path
            _ = try RunConfiguration(environment: [:], flags: flags)
        }
    }

    /// Each bad value, the words its one line must name, and never the secret it carried.
    @Test(arguments: [
        (["HERALD_LOG_LEVEL": "loud"], "HERALD_LOG_LEVEL"), (["HERALD_LOG_FORMAT": "xml"], "HERALD_LOG_FORMAT"),
        (["HERALD_RATE": "fast"], "HERALD_RATE"), (["HERALD_RATE": "-1"], "HERALD_RATE"),
        (["HERALD_PAID_RATE": "5000"], "HERALD_PAID_RATE"), (["HERALD_LISTEN": "localhost"], "HERALD_LISTEN"),
        (["HERALD_LISTEN": "1.2.3.4:70000"], "HERALD_LISTEN"), (["HERALD_READY_MAX_LAG": "-3"], "HERALD_READY_MAX_LAG"),
        (["HERALD_ADMIN_IDS": "12,abc"], "HERALD_ADMIN_IDS"), (["HERALD_ADMIN_IDS": "0"], "HERALD_ADMIN_IDS"),
        (["TELEGRAM_BOT_TOKEN": "1:a", "HERALD_WEBHOOK_URL": "ftp://bot.example.com/telegram"], "--webhook"),
        (["TELEGRAM_BOT_TOKEN": "1:a", "HERALD_WEBHOOK_URL": "https://bot.example.com/"], "--webhook"),
        (
            ["TELEGRAM_BOT_TOKEN": "1:a", "HERALD_WEBHOOK_URL": "https://b.example.com/t", "HERALD_WEBHOOK_SECRET": "has spaces"],
            "HERALD_WEBHOOK_SECRET"
        ),
        (["HERALD_WEBHOOK_URL": "https://b.example.com/t"], "TELEGRAM_BOT_TOKEN"),
        (["TELEGRAM_BOT_TOKEN": "1:a", "HERALD_WEBHOOK_URL": "https://b.example.com/t", "HERALD_LISTEN": "off"], "listen is off"),
        (["TELEGRAM_BOT_TOKEN": "nocolon-secret"], "TELEGRAM_BOT_TOKEN"),
        (["TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_API_URL": "api.telegram.org"], "TELEGRAM_API_URL"),
        (["HERALD_PUBLIC_URL": "bot.example.com"], "HERALD_PUBLIC_URL"),
        (["HERALD_PUBLIC_URL": "https://user:pw@bot.example.com"], "HERALD_PUBLIC_URL"),
        (["HERALD_LINK_KEY": "short-secret-value"], "HERALD_LINK_KEY"),
        (["HERALD_TRUSTED_PROXIES": "10.0.0.1/8"], "HERALD_TRUSTED_PROXIES"),
        (["HERALD_API_TOKEN": "has space"], "HERALD_API_TOKEN"), (["HERALD_DATABASE_URL": ""], "HERALD_DATABASE_URL"),
    ])
    func aBadValueIsRefusedInOneLineNamingIt(_ environment: [String: String], _ named: String) throws {
        let line = try #require(rejection(environment), "\(environment) was accepted")
        #expect(line.contains(named), "\(line)")
        #expect(!line.contains("\n"))
        for secret in ["nocolon-secret", "short-secret-value", "has space", "pw@"] { #expect(!line.contains(secret), "\(line)") }
    }

    static func flags(_ named: String) -> RunConfiguration.Flags {
        var flags = RunConfiguration.Flags()
        switch named {
        case "--rate": flags.rate = 1001
        case "--paid-rate": flags.paidRate = -1
        case "--concurrency": flags.concurrency = 0
        case "--poll-interval": flags.pollInterval = 0
        case "--ready-max-lag": flags.readyMaxLag = -1
        case "--poll": (flags.poll, flags.webhook) = (true, "https://a.b/c")
        case "--database-url-file": flags.databaseURLFile = "/nonexistent/x"
        case "--api-token-file": flags.apiTokenFile = "/nonexistent/y"
        default: flags.listen = "nowhere"
        }
        return flags
    }

    @Test(arguments: [
        "--rate", "--paid-rate", "--concurrency", "--poll-interval", "--ready-max-lag", "--poll",
        "--database-url-file", "--api-token-file", "--listen",
    ])
    func aBadFlagIsRefusedNamingIt(_ named: String) throws {
        let given = Self.flags(named)
        let line = try #require(rejection(["TELEGRAM_BOT_TOKEN": "1:a"]) { $0 = given }, "\(named) was accepted")
        #expect(line.contains(named), "\(line)")
    }
}
