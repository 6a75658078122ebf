import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import TelegramSimulator
import Testing

/// URL buttons sent as each recipient's own tracked link, opened over HTTP against `herald run`.
@Suite(.serialized, .timeLimit(.minutes(5))) struct TrackedLinkTests {
    static let token = "4545:\(OperatingEndpointTests.botSecret)"
    static let linkKey = "l1nk-key-that-stays-out-of-every-log-line-zq"
    static let publicURL = "https://bot.example.com"
    static let target = "https://shop.example.com/sale?from=herald"

    /// A database with `users` recipients and a template with a callback and a URL button, a
    /// simulator, and `herald run` sending at `rate` with `extra` in its environment.
    struct Rig {
        let db: TestDatabase
        let simulator: TelegramSimulator
        let run: RunningHerald
        let port: Int
        let environment: [String: String]
        let store: EventStore

        func herald(_ arguments: String...) async throws -> String {
            let outcome = try await HeraldProcess.run(arguments, environment: environment)
            try #require(outcome.status == 0, "herald \(arguments.joined(separator: " ")): \(outcome.stderr)")
            return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Waits until the simulator holds `count` messages and returns them.
        func messages(_ count: Int) async throws -> [RecordedMessage] {
            let deadline = ContinuousClock.now + .seconds(60)
            while simulator.messages().count < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let messages = simulator.messages()
            try #require(messages.count >= count, "only \(messages.count) messages arrived")
            return messages
        }

        /// The local path of a message's tracked link (the public URL's prefix taken off).
        func linkPath(_ message: RecordedMessage) throws -> String {
            let url = try #require(message.replyMarkup?.inlineKeyboard[1][0].url)
            try #require(url.hasPrefix(TrackedLinkTests.publicURL + "/c/"), "\(url)")
            return String(url.dropFirst(TrackedLinkTests.publicURL.count))
        }

        func clicks(_ broadcast: String, user: Int64) async throws -> [[String: Any]] {
            let id = try #require(UUID(uuidString: broadcast))
            return try await store.readStream(StreamName.click(broadcast: id, user: user, button: "more")).map {
                var object = try #require(
                    try JSONSerialization.jsonObject(with: Data($0.data.text.utf8)) as? [String: Any])
                object["$version"] = $0.streamVersion
                object["$schema_version"] = $0.schemaVersion
                return object
            }
        }
    }

    func withRig(users: Int, rate: String, extra: [String: String] = [:], _ body: (Rig) async throws -> Void)
        async throws
    {
        try await TestDatabase.with { db in
            let simulator = try await TelegramSimulator.start(
                configuration: SimulatorConfiguration(tokens: [Self.token], rate: nil))
            defer { Task { await simulator.stop() } }
            var environment = OperatingEndpointTests.environment(db)
            environment["TELEGRAM_BOT_TOKEN"] = Self.token
            environment["TELEGRAM_API_URL"] = simulator.baseURL
            environment["HERALD_RATE"] = rate
            environment["HERALD_PUBLIC_URL"] = Self.publicURL
            environment["HERALD_LINK_KEY"] = Self.linkKey
            environment.merge(extra) { $1 }
            try await APIServer.importRecipients("user_id,tier\n" + (1...users).map { "\($0),gold\n" }.joined(), into: db)
            let created = try await HeraldProcess.run(
                [
                    "template", "create", "--name", "promo", "--text", "Sale\\!", "--button", "Buy|callback:buy",
                    "--button", "More|\(Self.target)",
                ], environment: environment)
            try #require(created.status == 0, "\(created.stderr)")
            let run = try RunningHerald(environment: environment)
            let rig = Rig(
                db: db, simulator: simulator, run: run, port: try await run.port(), environment: environment,
                store: EventStore(configuration: db.url, maximumConnections: 2))
            do {
                try await body(rig)
            } catch {
                _ = await run.stop()
                throw error
            }
            let (status, output) = await run.stop()
            #expect(status == 0)
            #expect(!output.contains(Self.linkKey), "the link key was logged")
            #expect(!output.contains(OperatingEndpointTests.botSecret))
        }
    }

    @Test func anOpenedLinkIsRecordedWithUserAgentAndIPThenRedirectsAndASecondOpenIsATap() async throws {
        try await withRig(users: 3, rate: "0") { rig in
            let id = try await rig.herald(
                "broadcast", "create", "--title", "Sale", "--template", "promo", "--cohort", #"{"tier": "gold"}"#,
                "--now")
            let messages = try await rig.messages(3)
            let key = try #require(LinkKey(secret: Self.linkKey))
            var paths: Set<String> = []
            for message in messages {
                let path = try rig.linkPath(message)
                paths.insert(path)
                let claim = try #require(LinkToken.verify(path.dropFirst("/c/".count), key: key))
                #expect(claim.userID == message.chatId, "each recipient's keyboard carries their own link")
                #expect(claim.broadcastID.uuidString.lowercased() == id.lowercased())
                #expect(message.replyMarkup?.inlineKeyboard[0][0].callbackData?.hasPrefix("c:") == true)
            }
            #expect(paths.count == 3)

            let message = try #require(messages.first { $0.chatId == 2 })
            let path = try rig.linkPath(message)
            // The peer is loopback and no proxy is trusted: the forwarded header is ignored.
            let first = try await rawGet(
                rig.port, path, headers: ["User-Agent": "HeraldTest/1.0 (links)", "X-Forwarded-For": "203.0.113.9"])
            #expect(first.status == 302)
            #expect(first.headers["location"] == Self.target)
            let second = try await rawGet(rig.port, path, headers: ["User-Agent": "Other/2"])
            #expect(second.status == 302)
            #expect(second.headers["location"] == Self.target)

            let clicks = try await rig.clicks(id, user: 2)
            try #require(clicks.count == 2)
            #expect(clicks[0]["$version"] as? Int == 1, "the first open is the unique click")
            #expect(clicks[1]["$version"] as? Int == 2, "the second is a tap")
            #expect(clicks[0]["$schema_version"] as? Int == 2)
            #expect(clicks[0]["source"] as? String == "url")
            #expect(clicks[0]["button"] as? String == "more")
            #expect(clicks[0]["user_agent"] as? String == "HeraldTest/1.0 (links)")
            #expect(clicks[0]["client_ip"] as? String == "127.0.0.1")
            #expect(clicks[1]["user_agent"] as? String == "Other/2")
            // The stats read model counts a link's opens as it counts callback presses.
            var stats: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(30)
            while stats["taps"] as? Int != 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                stats =
                    try JSONSerialization.jsonObject(with: Data(try await rig.herald("stats", id, "--json").utf8))
                    as? [String: Any] ?? [:]
            }
            #expect(stats["unique_clickers"] as? Int == 1)
            #expect(stats["taps"] as? Int == 2)

            // Tampered, forged and unknown tokens: 404, and the log does not move. The broadcast's
            // last outcomes and its completion may still be on their way: the head is read after them.
            _ = try await rig.herald("broadcast", "show", id, "--watch", "--json")
            let head = try await rig.store.head()
            let checked = try await rawGet(rig.port, path, method: "HEAD")
            #expect(checked.status == 302, "a HEAD answers as a GET would")
            #expect(checked.headers["location"] == Self.target)
            let token = Array(path.dropFirst("/c/".count))
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            for index in [0, 9, 25, 40, 51] {
                var flipped = token
                let at = try #require(alphabet.firstIndex(of: flipped[index]))
                flipped[index] = alphabet[(at + 1) % 64]
                let answer = try await rawGet(rig.port, "/c/" + String(flipped))
                #expect(answer.status == 404, "character \(index) changed")
                #expect(answer.headers["location"] == nil)
            }
            let stranger = try #require(LinkKey(secret: String(repeating: "s", count: 40)))
            let forged = LinkToken.encode(LinkClaim(broadcastID: UUID(), userID: 2, button: 1), key: stranger)
            let unknown = LinkToken.encode(LinkClaim(broadcastID: UUID(), userID: 2, button: 1), key: key)
            let callbackButton = LinkToken.encode(
                LinkClaim(broadcastID: try #require(UUID(uuidString: id)), userID: 2, button: 0), key: key)
            for path in [
                "/c/" + forged, "/c/" + unknown, "/c/" + callbackButton, "/c/short", "/c/" + String(token) + "A",
            ] {
                #expect(try await rawGet(rig.port, path).status == 404, "\(path)")
            }
            #expect(try await rig.store.head() == head, "a refused link recorded something")
            #expect(try await rig.clicks(id, user: 2).count == 2)
        }
    }

    @Test func aTrustedProxysForwardedAddressCountsAndACanceledBroadcastsLinkStillRedirects() async throws {
        try await withRig(users: 30, rate: "2", extra: ["HERALD_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"]) { rig in
            let id = try await rig.herald(
                "broadcast", "create", "--title", "Sale", "--template", "promo", "--cohort", #"{"tier": "gold"}"#,
                "--now")
            let message = try #require(try await rig.messages(1).first)
            _ = try await rig.herald("broadcast", "cancel", id)
            let status = try await rig.herald("broadcast", "show", id, "--json")
            #expect(status.contains("canceled"), "\(status)")
            #expect(rig.simulator.messages().count < 30, "the broadcast finished before it was canceled")

            let answer = try await rawGet(
                rig.port, try rig.linkPath(message),
                headers: ["User-Agent": "Proxied/1", "X-Forwarded-For": "198.51.100.1, 203.0.113.9, 10.1.2.3"])
            #expect(answer.status == 302)
            #expect(answer.headers["location"] == Self.target)
            let clicks = try await rig.clicks(id, user: message.chatId)
            try #require(clicks.count == 1)
            #expect(clicks[0]["client_ip"] as? String == "203.0.113.9", "the right-most untrusted hop")
            #expect(clicks[0]["user_agent"] as? String == "Proxied/1")
        }
    }

    @Test func badLinkSettingsStopStartupWithAOneLineReason() async throws {
        try await TestDatabase.with { db in
            for (name, value, says) in [
                ("HERALD_TRUSTED_PROXIES", "10.0.0.1/8", "10.0.0.1/8"),
                ("HERALD_TRUSTED_PROXIES", "10.0.0.0/8,,", "empty entry"),
                ("HERALD_PUBLIC_URL", "bot.example.com", "HERALD_PUBLIC_URL"),
                ("HERALD_LINK_KEY", "short-key-qz", "HERALD_LINK_KEY"),
            ] {
                var environment = OperatingEndpointTests.environment(db)
                environment[name] = value
                let outcome = try await HeraldProcess.run(["run"], environment: environment)
                #expect(outcome.status == 1, "\(name)=\(value)")
                let lines = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("{") }
                #expect(lines.count == 1, "\(outcome.stderr)")
                #expect(lines.first?.contains(says) == true, "\(outcome.stderr)")
                #expect(!outcome.stderr.contains("short-key-qz"), "the key was printed")
            }
        }
    }

    @Test func withoutAPublicURLRunWarnsOnceThatURLClicksAreNotTracked() async throws {
        try await TestDatabase.with { db in
            var environment = OperatingEndpointTests.environment(db)
            environment["TELEGRAM_BOT_TOKEN"] = Self.token
            environment["TELEGRAM_API_URL"] = "http://127.0.0.1:9"
            let run = try RunningHerald(environment: environment)
            _ = try await run.port()
            let (status, output) = await run.stop()
            #expect(status == 0)
            let warnings = output.split(separator: "\n").filter { $0.contains("HERALD_PUBLIC_URL is not set") }
            #expect(warnings.count == 1, "\(output)")
            #expect(warnings.first?.contains("not tracked") == true)
        }
    }
}
