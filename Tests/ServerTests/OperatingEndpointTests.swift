import Foundation
import HeraldTestSupport
import Testing

/// `herald run` as an operator runs it: real HTTP against the process, on the private cluster.
@Suite(.serialized, .timeLimit(.minutes(5))) struct OperatingEndpointTests {
    /// Every secret the process is given; none may appear in anything it prints or serves.
    static let botSecret = "AAH-sEcReT-b0t-part"
    static let databasePassword = "db-pa55-w0rd-zq"
    static let apiToken = "api-t0ken-qx"
    static let webhookSecret = "hook-s3cret-qx"

    static func environment(_ db: TestDatabase) -> [String: String] {
        // The cluster trusts local connections, so a password is accepted and ignored: enough for
        // it to travel through every connection string the process builds.
        let separator = db.url.contains("://") ? (db.url.contains("?") ? "&" : "?") : " "
        let password = "password=\(Self.databasePassword)"
        return [
            "HERALD_DATABASE_URL": db.url + separator + password, "HERALD_LISTEN": "127.0.0.1:0",
            "HERALD_LOG_FORMAT": "json", "HERALD_API_TOKEN": Self.apiToken, "HERALD_WEBHOOK_SECRET": Self.webhookSecret,
            "HERALD_LOG_LEVEL": "debug",
        ]
    }

    func environment(_ db: TestDatabase, token: Bool) -> [String: String] {
        var environment = Self.environment(db)
        if token {
            environment["TELEGRAM_BOT_TOKEN"] = "4242:\(Self.botSecret)"
            // Nothing listens there: the sender's calls fail, and their errors are logged too.
            environment["TELEGRAM_API_URL"] = "http://127.0.0.1:9"
        }
        return environment
    }

    @Test func unmigratedDatabaseIsLiveButNotReadyNamingMigrations() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let run = try RunningHerald(environment: environment(db, token: false))
            let port = try await run.port()
            let health = try await get(port, "/healthz")
            let ready = try await get(port, "/readyz")
            let (status, output) = await run.stop()
            #expect(health.status == 200)
            #expect(ready.status == 503)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any])
            #expect(body["ready"] as? Bool == false)
            #expect((body["failing"] as? [String])?.first == "migrations")
            #expect(status == 0, "\(output)")
        }
    }

    @Test func migratedRunIsReadyServesMetricsAndLogsJSONWithoutSecrets() async throws {
        try await TestDatabase.with { db in
            let run = try RunningHerald(environment: environment(db, token: true))
            let port = try await run.port()
            // Ready once the sender holds its lease (it reports it within a heartbeat or two).
            var ready = try await get(port, "/readyz")
            let deadline = ContinuousClock.now + .seconds(30)
            while !ready.body.contains("\"bot_id\":4242"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                ready = try await get(port, "/readyz")
            }
            _ = try await get(port, "/no-such-page")
            // The gauges sample every 5 seconds; the projectors' lag appears once they have checkpoints.
            var metrics = try await get(port, "/metrics")
            while !metrics.body.contains("herald_projector_lag_events"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                metrics = try await get(port, "/metrics")
            }
            let (status, output) = await run.stop()

            #expect(ready.status == 200, "\(ready.body)")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any])
            #expect(
                (body["checks"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                    "database", "migrations", "projector_lag",
                ])
            #expect((body["leases"] as? [[String: Any]])?.first?["bot_id"] as? Int == 4242)

            #expect(metrics.status == 200)
            let names = try await prometheusSampleNames(metrics.body)
            for name in [
                "herald_messages_sent_total", "herald_messages_unknown_total", "herald_send_retries_total",
                "herald_telegram_429_total", "herald_telegram_request_seconds_count", "herald_dispatch_queue_depth",
                "herald_projector_lag_events", "herald_http_requests_total",
            ] {
                #expect(names.contains(name), "\(name) missing from /metrics:\n\(metrics.body)")
            }
            #expect(metrics.body.contains(#"herald_http_requests_total{route="/readyz",status="200"}"#))
            #expect(metrics.body.contains(#"herald_projector_lag_events{projector="stats"}"#))

            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n")
            #expect(lines.count >= 3)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["level"] is String && object?["message"] is String, "\(line)")
                #expect(object?["timestamp"] is String && object?["module"] is String, "\(line)")
            }
            for secret in [Self.botSecret, Self.databasePassword, Self.apiToken, Self.webhookSecret] {
                #expect(!output.contains(secret), "a secret appeared in the log")
                #expect(!metrics.body.contains(secret) && !ready.body.contains(secret))
            }
        }
    }
}
