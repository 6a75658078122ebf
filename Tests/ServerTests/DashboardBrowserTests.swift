import Foundation
import HeraldTestSupport
import TelegramSimulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The dashboard in a real headless Chromium (scripts/dashboard_check.py, Playwright): a broadcast
/// sent end to end through `herald run` and the simulator, its buttons pressed by the simulator's
/// users, then the page checked against what the admin API answers.
@Suite(.serialized, .timeLimit(.minutes(3))) struct DashboardBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let token = "5151:\(OperatingEndpointTests.botSecret)"

    func herald(_ environment: [String: String], _ arguments: String...) async throws -> String {
        let outcome = try await HeraldProcess.run(arguments, environment: environment)
        try #require(outcome.status == 0, "herald \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func thePageShowsTheAPIsFiguresAndChartsWithNoFailedRequest() async throws {
        try await TestDatabase.with { db in
            let simulator = try await TelegramSimulator.start(
                configuration: SimulatorConfiguration(tokens: [token], rate: nil))
            defer { Task { await simulator.stop() } }
            var environment = OperatingEndpointTests.environment(db)
            environment["TELEGRAM_BOT_TOKEN"] = token
            environment["TELEGRAM_API_URL"] = simulator.baseURL
            // Slow enough (about 6 s for 20) that the page sees the second broadcast sending.
            environment["HERALD_RATE"] = "3"
            let apiToken = OperatingEndpointTests.apiToken

            try await APIServer.importRecipients(
                "user_id,tier,first_name\n" + (1...20).map { "\($0),gold,User\($0)\n" }.joined(), into: db)
            try await herald(
                environment, "template", "create", "--name", "promo", "--text", "Hi {{ first_name }}\\!", "--button",
                "Buy now|callback:buy", "--button", "Later|callback:later")
            let start = Date().addingTimeInterval(3600).formatted(.iso8601)
            try await herald(
                environment, "rotation", "create", "--name", "daily-promo", "--every", "1d", "--chat", "-100",
                "--template",
                "promo", "--start", start)
            let run = try RunningHerald(environment: environment, arguments: ["--poll"])
            let port = try await run.port()
            let id = try await herald(
                environment, "broadcast", "create", "--title", "Spring sale", "--template", "promo", "--cohort",
                #"{"tier": "gold"}"#, "--now")
            try await until("the broadcast completes") {
                try await APIServer.call(port: port, "GET", "broadcasts/\(id)/stats", token: apiToken)
                    .json["status"] as? String == "completed"
            }

            // Six users press Buy now (one of them three times), two of them Later too.
            let presses: [(user: Int, button: String)] =
                (1...6).map { ($0, "buy") } + [(1, "buy"), (1, "buy"), (1, "later"), (2, "later")]
            for press in presses {
                let messages = try await simulatorCall(simulator, "control/messages?chat_id=\(press.user)", [:])
                let message = try #require((messages as? [[String: Any]])?.first)
                let rows = (message["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]] ?? []
                let button = try #require(
                    rows.joined().first { ($0["callback_data"] as? String)?.hasSuffix(":\(press.button)") == true })
                try await simulatorCall(
                    simulator, "control/press",
                    [
                        "user_id": press.user, "message_id": message["message_id"] as? Int ?? 0,
                        "callback_data": button["callback_data"] ?? "",
                    ])
            }
            try await until("every press is counted") {
                let stats = try await APIServer.call(port: port, "GET", "broadcasts/\(id)/stats", token: apiToken).json
                return stats["unique_clickers"] as? Int == 6 && stats["taps"] as? Int == presses.count
            }
            let converted = try await APIServer.call(
                port: port, "POST", "conversions", #"{"broadcast": "\#(id)", "recipient": 2, "value": 12.5}"#,
                token: apiToken)
            #expect(converted.status == 201, "\(converted.text)")

            let artifacts = Self.root.appendingPathComponent(
                ".build/artifacts/dashboard-\(UUID().uuidString.prefix(8))")
            let check = try await python(
                Self.root.appendingPathComponent("scripts/dashboard_check.py").path,
                environment: [
                    "DASHBOARD_URL": "http://127.0.0.1:\(port)/", "HERALD_API_TOKEN": apiToken, "BROADCAST_ID": id,
                    "ARTIFACTS": artifacts.path,
                    "LIVE_BROADCAST":
                        #"{"title": "Flash sale", "template": "promo", "cohort": {"tier": "gold"}, "send_now": true}"#,
                ])
            let (status, output) = await run.stop()
            #expect(check.status == 0, "the dashboard check failed:\n\(check.stderr)\n\(check.stdout)")
            print("dashboard screenshots in \(artifacts.path): \(check.stdout)")
            #expect(
                FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("dashboard-broadcast.png").path)
            )
            #expect(status == 0)
            #expect(!output.contains(apiToken), "the API token was logged")
        }
    }

    /// A call to the simulator's control or Bot API routes; the answer's JSON.
    @discardableResult
    func simulatorCall(_ simulator: TelegramSimulator, _ path: String, _ body: [String: Any]) async throws -> Any {
        var request = URLRequest(url: try #require(URL(string: "\(simulator.baseURL)/\(path)")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: data)
    }

    func until(_ what: String, timeout: Duration = .seconds(60), _ check: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw RunError(description: "timed out waiting until \(what)")
    }

    struct ScriptOutcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a Python script with `environment` added; its status and output.
    func python(_ script: String, environment: [String: String]) async throws -> ScriptOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let stdout = blocking { out.fileHandleForReading.readDataToEndOfFile() }
        async let stderr = blocking { err.fileHandleForReading.readDataToEndOfFile() }
        let (output, errors) = await (stdout, stderr)
        await blocking { process.waitUntilExit() }
        return ScriptOutcome(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }
}
