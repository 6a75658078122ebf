import Foundation
import HeraldTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The webhook when the log refuses an append, made to by a trigger on `herald.events`: a
/// failure that may pass is answered 503 and Telegram's redelivery is recorded once it does; one
/// the database will give for this update every time is logged once, counted and answered 200,
/// so that Telegram does not deliver it forever.
@Suite(.timeLimit(.minutes(3))) struct AppendFaultTests {
    static let secret = "fault_secret"

    /// Makes every append fail with SQLSTATE `code` until `allow` drops the trigger.
    func refuseAppends(_ rig: SendingRig, code: String) async throws {
        try await rig.db.connect().executeUnsafeScript(
            """
            CREATE FUNCTION herald.refuse_append() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'appends refused by the test' USING ERRCODE = '\(code)'; END $$;
            CREATE TRIGGER refuse_append BEFORE INSERT ON herald.events
            FOR EACH ROW EXECUTE FUNCTION herald.refuse_append();
            """)
    }

    func allow(_ rig: SendingRig) async throws {
        try await rig.db.connect().executeUnsafeScript("DROP TRIGGER refuse_append ON herald.events;")
    }

    static func start(_ user: Int64) -> String {
        #"""
        {"update_id": \#(user), "message": {"message_id": 1, "date": 1, "chat": {"id": \#(user), "type": "private"},
         "from": {"id": \#(user), "is_bot": false, "first_name": "F"}, "text": "/start"}}
        """#
    }

    @Test func aFailedAppendIsRefused503AndTheRedeliveryIsRecordedOnce() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            // 53300 (too many connections) is the kind of failure that passes.
            try await refuseAppends(rig, code: "53300")
            let (status, body) = try await postUpdate(port: port, body: Self.start(778), secret: Self.secret)
            #expect(status == 503, "\(body)")
            try await rig.act("start", ["user_id": 779])
            try await rig.until("Telegram's delivery is refused", timeout: .seconds(30)) {
                try await rig.counters()["webhook_failures"] as? Int ?? 0 >= 1
            }
            let info = try await rig.botMethod("getWebhookInfo")
            #expect((info["result"] as? [String: Any])?["pending_update_count"] as? Int == 1, "kept for redelivery")
            try await allow(rig)
            try await rig.drained()
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-779") == 1)
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-778") == 0)
        }
    }

    @Test func anUpdateTheDatabaseRefusesForGoodIsLoggedCountedAndConfirmed() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(
                .webhook, ["HERALD_WEBHOOK_SECRET": Self.secret, "HERALD_LOG_FORMAT": "json"])
            // 22023 (invalid parameter value): the same update is refused the same way every time.
            try await refuseAppends(rig, code: "22023")
            try await rig.act("start", ["user_id": 781])
            try await rig.drained()
            #expect(try await rig.counters()["webhook_failures"] as? Int == 0, "confirmed, not redelivered")
            let metrics = try await Self.get(port, "/metrics")
            #expect(metrics.contains("herald_updates_unrecordable_total 1"), "\(metrics.prefix(2000))")
            try await allow(rig)
            try await rig.act("start", ["user_id": 782])
            try await rig.drained()
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-782") == 1)
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-781") == 0)
            let log = await run.stopAndRead()
            let lines = log.split(separator: "\n").filter { $0.contains("update cannot be recorded") }
            #expect(lines.count == 1, "logged once: \(log.suffix(1500))")
        }
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return String(decoding: data, as: UTF8.self)
    }
}
