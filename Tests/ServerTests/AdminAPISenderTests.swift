import Engine
import Foundation
import HeraldTestSupport
import Postgres
import TelegramSimulator
import Testing

/// Pause and cancel over the API wait, as the CLI does but bounded, for the sender to obey.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AdminAPISenderTests {
    @Test func pauseAndCancelReturnOnceTheRunningSenderHasObeyed() async throws {
        try await TestDatabase.with { db in
            let bot = "4545:sender-secret"
            let simulator = try await TelegramSimulator.start(
                configuration: SimulatorConfiguration(tokens: [bot], rate: nil))
            defer { Task { await simulator.stop() } }
            let token = "sender-t0ken"
            let run = try RunningHerald(environment: [
                "HERALD_DATABASE_URL": db.url, "HERALD_LISTEN": "127.0.0.1:0", "HERALD_LOG_FORMAT": "json",
                "HERALD_API_TOKEN": token, "TELEGRAM_BOT_TOKEN": bot, "TELEGRAM_API_URL": simulator.baseURL,
                "HERALD_RATE": "5",
            ])
            let port = try await run.port()
            func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> APIServer.Answer {
                try await APIServer.call(port: port, method, path, body, token: token)
            }
            try await APIServer.importRecipients(
                "user_id,chat_id\n" + (1...40).map { "\($0),\($0)\n" }.joined(), into: db)
            _ = try await call("POST", "templates", #"{"name": "hello", "text": "Hello"}"#)
            let created = try await call(
                "POST", "broadcasts", #"{"title": "Slow", "template": "hello", "cohort": {}, "send_now": true}"#)
            let id = try #require(created.json["broadcast_id"] as? String, "\(created.text)")

            // At 5 a second it is still sending once the first message is out.
            var stats = try await call("GET", "broadcasts/\(id)/stats")
            let deadline = ContinuousClock.now + .seconds(60)
            while (stats.json["sent"] as? Int ?? 0) == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                stats = try await call("GET", "broadcasts/\(id)/stats")
            }
            // After each acknowledgement no sendMessage reaches Telegram: watched for four send
            // intervals at 5 a second (a quiet window cannot be awaited as an event).
            func sends() -> Int { simulator.arrivals(bot: 4545).count }
            let quiet = Duration.milliseconds(800)
            let paused = try await call("POST", "broadcasts/\(id)/pause")
            let atPause = sends()
            try await Task.sleep(for: quiet)
            #expect(sends() == atPause, "a request reached Telegram after the pause was acknowledged")
            let resumed = try await call("POST", "broadcasts/\(id)/resume")
            let resumeDeadline = ContinuousClock.now + .seconds(30)
            while sends() == atPause, ContinuousClock.now < resumeDeadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(sends() > atPause, "sending resumed")
            let canceled = try await call("POST", "broadcasts/\(id)/cancel")
            let atCancel = sends()
            try await Task.sleep(for: quiet)
            #expect(sends() == atCancel, "a request reached Telegram after the cancel was acknowledged")
            let (status, output) = await run.stop()
            #expect(sends() == atCancel)
            #expect(sends() < 40, "the broadcast was stopped, not finished")

            #expect(paused.status == 200, "\(paused.text)")
            #expect(paused.json["sender"] as? String == "acknowledged", "\(paused.text)")
            #expect((paused.json["broadcast"] as? [String: Any])?["status"] as? String == "paused")
            #expect(resumed.json["status"] as? String == "sending", "\(resumed.text)")
            #expect(canceled.json["sender"] as? String == "acknowledged", "\(canceled.text)")
            #expect((canceled.json["broadcast"] as? [String: Any])?["status"] as? String == "canceled")
            #expect(status == 0, "\(output)")
        }
    }

    @Test func aSenderThatDoesNotConfirmInTimeGets202() async throws {
        try await TestDatabase.with { db in
            // A sender that holds its lease but never acknowledges (stuck on the database).
            let stuck = try await db.connect()
            _ = try await stuck.execute(
                "INSERT INTO herald.senders (bot_id, holder, state) VALUES (77, 'stuck', 'sending')")
            _ = try await stuck.query("SELECT pg_advisory_lock(\(SenderLease.lockKey(bot: 77)))")
            try await APIServer.with(db, acknowledgementTimeout: .milliseconds(500)) { api in
                try await api.importRecipients("user_id,chat_id,username\n1,1,ann\n")
                try await api.template("hello")
                let id = try await api.broadcast(["send_now": true])
                let paused = try await api.call("POST", "broadcasts/\(id)/pause")
                #expect(paused.status == 202, "\(paused.text)")
                #expect(paused.json["sender"] as? String == "unconfirmed")
                #expect((paused.json["broadcast"] as? [String: Any])?["status"] as? String == "paused")
            }
        }
    }
}
