import Foundation
import HeraldTestSupport
import TelegramSimulator
import Testing

/// A broadcast sent end to end through `herald run` and the simulator, then `/metrics` scraped.
@Suite(.serialized, .timeLimit(.minutes(5))) struct MetricsAfterSendTests {
    let token = "4343:\(OperatingEndpointTests.botSecret)"

    func herald(_ environment: [String: String], _ arguments: String...) async throws -> String {
        let outcome = try await HeraldProcess.run(arguments, environment: environment)
        try #require(outcome.status == 0, "herald \(arguments.joined(separator: " ")): \(outcome.stderr)")
        #expect(!outcome.stderr.contains(OperatingEndpointTests.botSecret))
        return outcome.stdout
    }

    @Test func countersEqualTheBroadcastsStatsAndNoSecretIsLogged() async throws {
        try await TestDatabase.with { db in
            let simulator = try await TelegramSimulator.start(
                configuration: SimulatorConfiguration(tokens: [token], rate: nil))
            defer { Task { await simulator.stop() } }
            var environment = OperatingEndpointTests.environment(db)
            environment["TELEGRAM_BOT_TOKEN"] = token
            environment["TELEGRAM_API_URL"] = simulator.baseURL
            environment["HERALD_RATE"] = "0"

            try await APIServer.importRecipients(
                "user_id,tier,first_name\n" + (1...25).map { "\($0),gold,User\($0)\n" }.joined(), into: db)
            try await herald(environment, "template", "create", "--name", "promo", "--text", "Hi {{ first_name }}\\!")
            let run = try RunningHerald(environment: environment)
            let port = try await run.port()
            let id = try await herald(
                environment, "broadcast", "create", "--title", "Sale", "--template", "promo", "--cohort",
                #"{"tier": "gold"}"#, "--now"
            ).trimmingCharacters(in: .whitespacesAndNewlines)

            var metrics = try await get(port, "/metrics")
            let deadline = ContinuousClock.now + .seconds(120)
            while !metrics.body.contains("herald_messages_sent_total 25"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(300))
                metrics = try await get(port, "/metrics")
            }
            let (status, output) = await run.stop()
            let stats = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(try await herald(environment, "stats", id, "--json").utf8)) as? [String: Any])

            let samples = try await prometheusSamples(metrics.body)
            #expect(samples["herald_messages_sent_total"] == Double(try #require(stats["sent"] as? Int)))
            #expect(samples["herald_messages_sent_total"] == 25)
            #expect(samples["herald_messages_unknown_total"] == Double(stats["unknown"] as? Int ?? -1))
            #expect(samples["herald_telegram_request_seconds_count"] ?? 0 >= 25)
            // Every outcome was appended by this process: at least one append per group commit.
            #expect(samples["herald_append_seconds_count"] ?? 0 >= 1)
            #expect(status == 0)
            #expect(!output.contains(OperatingEndpointTests.botSecret), "the bot token's secret was logged")
            #expect(!output.contains(OperatingEndpointTests.databasePassword), "the database password was logged")
            for line in output.split(separator: "\n") {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
            }
        }
    }
}
