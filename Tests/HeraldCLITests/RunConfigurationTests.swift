import Foundation
import HeraldTestSupport
import Testing

/// `herald run`'s settings: each is listed in its help, and a bad value stops startup with one
/// line naming the setting, before anything runs.
@Suite(.timeLimit(.minutes(2))) struct RunConfigurationTests {
    static let settings = [
        "HERALD_DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "HERALD_RATE", "HERALD_PAID_RATE",
        "HERALD_LISTEN", "HERALD_READY_MAX_LAG", "HERALD_API_TOKEN", "HERALD_WEBHOOK_URL", "HERALD_WEBHOOK_SECRET",
        "HERALD_ADMIN_IDS", "HERALD_PUBLIC_URL", "HERALD_LINK_KEY", "HERALD_TRUSTED_PROXIES", "HERALD_LOG_LEVEL",
        "HERALD_LOG_FORMAT",
    ]

    @Test func helpListsEverySetting() async throws {
        let help = try await HeraldProcess.run(["run", "--help"]).stdout
        for setting in Self.settings { #expect(help.contains(setting), "\(setting)") }
        let readme = try String(
            contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        for setting in Self.settings { #expect(readme.contains("`\(setting)`"), "README lists \(setting)") }
    }

    @Test(arguments: [
        ("HERALD_LOG_LEVEL", "loud"), ("HERALD_LOG_FORMAT", "xml"), ("HERALD_RATE", "fast"),
        ("HERALD_PAID_RATE", "5000"), ("HERALD_LISTEN", "localhost"), ("HERALD_READY_MAX_LAG", "-3"),
        ("HERALD_ADMIN_IDS", "12,abc"), ("HERALD_WEBHOOK_URL", "ftp://bot.example.com/telegram"),
        ("HERALD_WEBHOOK_SECRET", "has spaces"), ("HERALD_PUBLIC_URL", "bot.example.com"),
        ("HERALD_LINK_KEY", "short"), ("HERALD_TRUSTED_PROXIES", "10.0.0.1/8"),
    ])
    func aBadValueStopsStartupNamingIt(_ setting: String, _ value: String) async throws {
        try await TestDatabase.with { db in
            var environment = ["HERALD_DATABASE_URL": db.url, "TELEGRAM_BOT_TOKEN": "123:abc", setting: value]
            if setting == "HERALD_WEBHOOK_SECRET" {
                environment["HERALD_WEBHOOK_URL"] = "http://127.0.0.1:9/telegram"
                environment["HERALD_LISTEN"] = "127.0.0.1:0"
            }
            let outcome = try await HeraldProcess.run(["run"], environment: environment)
            #expect(outcome.status == 1)
            let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(lines.count == 1, "\(outcome.stderr)")
            let named = setting == "HERALD_WEBHOOK_URL" ? "--webhook" : setting
            #expect(lines.first?.contains(named) == true, "\(outcome.stderr)")
        }
    }
}
