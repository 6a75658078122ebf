import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Telegram
import TelegramSimulator
import Testing

/// Telegram's limits held across processes: one sender per bot, so two `herald run`s send no
/// faster than one; a 429 pauses the whole bot for its `retry_after`.
@Suite(.timeLimit(.minutes(5))) struct LimitTests {
    /// The simulator enforces 30/s and 1000/s paid; two processes share the database, and neither
    /// lane ever draws a 429 or a request during a pause.
    @Test func twoProcessesStayWithinTheFreeAndPaidLimits() async throws {
        try await SendingRig.with({ $0.rate = 30 }) { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(2100) { $0 <= 90 ? "silver" : "gold" }
            try await rig.createTemplate()
            let limits = ["HERALD_RATE": "30", "HERALD_PAID_RATE": "1000"]
            let first = try rig.startRun(limits)
            let second = try rig.startRun(limits)
            defer { [first, second].forEach { $0.stop() } }
            let paid = try await rig.send("--paid")
            _ = try await rig.awaitEvent(paid, ["broadcast.completed"])
            let free = try await rig.herald(
                "broadcast", "create", "--title", "Free", "--template", "promo", "--cohort",
                #"{"tier": "silver"}"#, "--now")
            let id = try #require(UUID(uuidString: free.trimmingCharacters(in: .whitespacesAndNewlines)))
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let counters = rig.simulator.counters
            #expect(counters.sent == 2100)
            #expect(counters.tooManyRequests == 0)
            #expect(counters.earlyRequests == 0)
            #expect(rig.simulator.messages().filter(\.paidBroadcast).count >= 1)
        }
    }

    /// Telegram allows far less than Herald tries: every 429 pauses the bot, nothing is sent before
    /// the pause ends, and every recipient still gets the message once. One request in flight at a
    /// time, so that "early" can only mean a request started after the 429 was read (with more, a
    /// request already on the wire when the 429 was written arrives inside the pause, and the
    /// simulator cannot tell it apart).
    @Test func aStormOf429sIsWaitedOutAndEverythingArrives() async throws {
        try await SendingRig.with({ $0.rate = 1 }) { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(15)
            try await rig.createTemplate()
            let run = try rig.startRun(["HERALD_RATE": "30"], arguments: ["--concurrency", "1"])
            defer { run.stop() }
            let id = try await rig.send()
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let counters = rig.simulator.counters
            #expect(counters.tooManyRequests > 0, "the storm happened")
            #expect(counters.earlyRequests == 0, "no request before a retry_after elapsed")
            #expect(counters.sent == 15)
            #expect(counters.duplicates == 0)
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == 15 && outcomes.values.allSatisfy { $0 == ["message.sent"] })
        }
    }

    /// A 429 on a reply (here the answer to a press, over long polling, where answers are calls of
    /// their own) pauses the bot: the sender sends nothing until the `retry_after` has passed, and
    /// the answer goes out after it. The simulator holds only the flooded method, so a sender that
    /// ignored the reply's 429 would send about 12 messages into the 3-second pause at 5 a second.
    @Test func aRateLimitedReplyHoldsTheSenderToo() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(30)
            try await rig.createTemplate()
            let (run, _) = try await rig.startIntake(.poll, ["HERALD_RATE": "5"])
            defer { run.stop() }
            let id = try await rig.send()
            try await rig.until("user 1 has the message") { try await !rig.messages(chat: 1).isEmpty }
            let message = try #require(try await rig.messages(chat: 1).first?["message_id"] as? Int)
            rig.simulator.reconfigure { $0.floods["answercallbackquery"] = 3 }
            try await rig.act("press", ["user_id": 1, "message_id": message])
            // Else the test passes for want of anything left to send into the pause.
            #expect(try await rig.count("message.sent", id) < 20, "the broadcast is still sending at the press")
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            try await rig.until("the press is answered once the pause is over") {
                try await rig.counters()["callbacks_unanswered"] as? Int == 0
            }
            let counters = rig.simulator.counters
            #expect(counters.floods == 1, "the reply drew its 429")
            #expect(counters.floodIntrusions == 0, "nothing was sent into the pause: \(counters.floodIntrusions) were")
            #expect(counters.duplicates == 0)
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.values.allSatisfy { $0 == ["message.sent"] }, "\(outcomes)")
        }
    }
}
