import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Telegram
import TelegramSimulator
import Testing

/// Whole broadcasts through `herald run`, the simulator and the private cluster.
@Suite(.timeLimit(.minutes(5))) struct DeliveryTests {
    /// 5,000 recipients, 5% of whom blocked the bot, some chats missing, 2% of requests failing
    /// with a 500, 1% of answers dropped after delivery, and a little latency: the broadcast
    /// completes with exactly one outcome per recipient, nothing delivered twice, unknown outcomes
    /// exactly for the dropped answers, the blocked leave every cohort, and a replay of the stats
    /// equals what was folded live.
    @Test func fiveThousandRecipientsEachGetExactlyOneOutcome() async throws {
        let missing: Set<Int64> = Set((1...5000).filter { $0 % 97 == 0 }.map(Int64.init))
        try await SendingRig.with({
            $0.blockedFraction = 0.05
            $0.missingChats = missing
            $0.errorRate = 0.02
            $0.dropRate = 0.01
            $0.latency = .milliseconds(2)
        }) { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(5000)
            try await rig.createTemplate()
            let run = try rig.startRun()
            defer { run.stop() }
            let id = try await rig.send()
            let completed = try await rig.awaitEvent(id, ["broadcast.completed", "broadcast.failed"])
            #expect(completed.type == "broadcast.completed")

            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == 5000)
            #expect(outcomes.values.allSatisfy { $0.count == 1 }, "a recipient with two outcomes")
            let counters = rig.simulator.counters
            #expect(counters.duplicates == 0)
            #expect(counters.injectedErrors > 0, "the 500s were injected and retried")
            let sent = try await rig.count("message.sent", id)
            let failed = try await rig.count("message.failed", id)
            let unknown = try await rig.count("message.outcome-unknown", id)
            #expect(counters.droppedAnswers > 0, "answers were dropped")
            #expect(unknown == counters.droppedAnswers, "unknown only for dropped answers")
            #expect(sent + unknown == counters.sent, "each delivery is a sent message or a dropped answer")
            #expect(sent + failed + unknown == 5000)
            #expect(failed == counters.blocked + missing.count)

            // The blocked left the audience: the next cohort preview leaves them out.
            let active = try await Audience.members(
                matching: try Cohort(.object(["tier": .string("gold")])), database: rig.db.url)
            #expect(active.count == 5000 - counters.blocked)

            // Stats folded live equal a replay.
            try await rig.db.waitUntilCaughtUp("stats", version: Stats().version)
            let live = try await rig.herald("stats", id.uuidString, "--json")
            try await rig.herald("replay", "--projection", "stats")
            #expect(try await rig.herald("stats", id.uuidString, "--json") == live)
            #expect(live.contains(#""sent":\#(sent)"#))
        }
    }

    /// The audit log shows each delivery's life: the in-flight mark, then its outcome.
    @Test func eachDeliveryIsMarkedInFlightBeforeItsOutcome() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(20)
            try await rig.createTemplate()
            let run = try rig.startRun()
            defer { run.stop() }
            let id = try await rig.send()
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let stream = StreamName.delivery(broadcast: id, user: 7)
            let log = try await rig.herald("audit", "log", "--stream", stream, "--json")
            let types = log.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
            }
            #expect(types == ["message.dispatching", "message.sent"])
            #expect(rig.simulator.messages(chat: 7).count == 1)
        }
    }
}
