import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Intake when something is wrong: polling refused because a webhook is set, and a webhook whose
/// database stalls (Telegram redelivers until the update is recorded, once).
@Suite(.timeLimit(.minutes(5))) struct IntakeFaultTests {
    @Test func pollingRefusedWithAWebhookSetStopsWithTheReason() async throws {
        try await SendingRig.with { rig in
            _ = try await rig.botMethod("setWebhook", ["url": "http://127.0.0.1:9/elsewhere"])
            let run = try rig.startRun(["HERALD_LISTEN": "off"], arguments: ["--poll"])
            let output = await run.waitAndRead()
            #expect(run.terminationStatus == 1)
            #expect(output.contains("409 Conflict"), "\(output.suffix(500))")
            #expect(output.contains("--webhook"), "the reason says what to do")
        }
    }

    @Test func anUpdateNotRecordedIsRefusedAndRecordedOnceWhenTelegramRedelivers() async throws {
        try await SendingRig.with { rig in
            let (run, _) = try await rig.startIntake(.webhook)
            defer { run.stop() }
            // A lock on the log makes appends wait past the simulator's 10 s webhook timeout.
            let blocker = try await rig.db.connect()
            _ = try await blocker.execute("BEGIN")
            _ = try await blocker.execute("LOCK TABLE herald.events IN EXCLUSIVE MODE")
            try await rig.act("start", ["user_id": 777])
            try await rig.until("the delivery fails", timeout: .seconds(30)) {
                try await rig.counters()["webhook_failures"] as? Int ?? 0 >= 1
            }
            _ = try await blocker.execute("COMMIT")
            try await rig.until("the update is delivered") {
                try await rig.counters()["webhook_deliveries"] as? Int == 1
            }
            try await rig.until("the user is registered") {
                try await rig.events("recipient.registered", streamPrefix: "recipient-777") == 1
            }
            // The first attempt, still waiting on the lock when Telegram gave up, and the
            // redelivery both ran: one registration.
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-777") == 1)
        }
    }
}

extension IntakeFaultTests {
    @Test func aStandbyPollerTakesOverWhenTheHolderIsKilled() async throws {
        try await SendingRig.with { rig in
            let (first, _) = try await rig.startIntake(.poll)
            let second = try rig.startRun(["HERALD_LISTEN": "off"], arguments: ["--poll"])
            defer { second.stop() }
            try await rig.act("start", ["user_id": 801])
            try await rig.until("the first update is recorded") {
                try await rig.events("recipient.registered", streamPrefix: "recipient-801") == 1
            }
            let holder = try await rig.db.connect().query("SELECT holder FROM herald.intake")[0].decode(
                String.self, at: 0)
            #expect(holder.hasSuffix("pid \(first.processIdentifier)"))
            first.kill9()
            try await rig.act("start", ["user_id": 802])
            try await rig.until("the standby records the next update", timeout: .seconds(30)) {
                try await rig.events("recipient.registered", streamPrefix: "recipient-802") == 1
            }
            let next = try await rig.db.connect().query("SELECT holder FROM herald.intake")[0].decode(
                String.self, at: 0)
            #expect(next.hasSuffix("pid \(second.processIdentifier)"))
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-80") == 2)
        }
    }
}

extension Process {
    /// Waits for the exit off the cooperative pool and returns what it printed.
    func waitAndRead() async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.waitUntilExit()
                continuation.resume()
            }
        }
        return (try? String(contentsOfFile: environment?["HERALD_TEST_LOG"] ?? "", encoding: .utf8)) ?? ""
    }
}
