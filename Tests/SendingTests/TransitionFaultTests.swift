import Foundation
import HeraldTestSupport
import Testing

/// A pause the sender decides on (Telegram refused the token) that the log refuses at first: the
/// failure is logged with its error, not swallowed, and the pause is recorded once the log takes
/// it again.
@Suite(.timeLimit(.minutes(3))) struct TransitionFaultTests {
    @Test func aPauseTheLogRefusesIsLoggedAndRecordedWhenItCan() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(5)
            try await rig.createTemplate()
            try await rig.db.connect().executeUnsafeScript(
                """
                CREATE FUNCTION herald.refuse_pause() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.type = 'broadcast.paused' THEN
                    RAISE EXCEPTION 'pauses refused by the test' USING ERRCODE = '53300';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_pause BEFORE INSERT ON herald.events
                FOR EACH ROW EXECUTE FUNCTION herald.refuse_pause();
                """)
            let run = try rig.startRun(["TELEGRAM_BOT_TOKEN": "777001:revoked-secret"])
            let id = try await rig.send()
            let log = try #require(run.environment?["HERALD_TEST_LOG"])
            try await rig.until("the refused pause is logged") {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                return text.contains("cannot record broadcast transition")
            }
            #expect(try await rig.count("broadcast.paused", id) == 0)
            try await rig.db.connect().executeUnsafeScript("DROP TRIGGER refuse_pause ON herald.events;")
            let paused = try await rig.awaitEvent(id, ["broadcast.paused"], timeout: .seconds(30))
            #expect(paused.data.text.contains("refused the bot token"))
            let output = await run.stopAndRead()
            let refusals = output.split(separator: "\n").filter { $0.contains("cannot record broadcast transition") }
            #expect(refusals.count == 1, "logged once, then retried: \(output.suffix(1500))")
            #expect(refusals.first?.contains("pauses refused by the test") == true, "with the error")
            #expect(output.contains("broadcast transition recorded after failures"))
            #expect(!output.contains("revoked-secret"))
        }
    }
}

/// A recipient in a broadcast's audience whose row is gone from the audience read model when the
/// sender claims them: failed with that cause, never sent to a chat guessed from the user id.
@Suite(.timeLimit(.minutes(3))) struct MissingRecipientTests {
    @Test func aRecipientWithoutAnAudienceRowFailsNamingTheCause() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(3)
            try await rig.createTemplate()
            let id = try await rig.send()
            try await rig.db.connect().executeUnsafeScript("DELETE FROM rm_audience.audience WHERE user_id = 2;")
            let run = try rig.startRun()
            defer { run.stop() }
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let failed = try await rig.db.connect().query(
                """
                SELECT data ->> 'user_id', data ->> 'description' FROM herald.events
                WHERE type = 'message.failed' AND (data ->> 'broadcast_id')::uuid = \(id)
                """)
            #expect(failed.count == 1)
            #expect(try failed.first?.decode(String.self, at: 0) == "2")
            #expect(try failed.first?.decode(String.self, at: 1).contains("not in the audience") == true)
            #expect(rig.simulator.counters.sent == 2)
            #expect(rig.simulator.messages(chat: 2).isEmpty, "nothing sent to a guessed chat")
        }
    }
}
