import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Telegram
import TelegramSimulator
import Testing

/// Pause, resume and cancel during a send, the scheduler, and a refused token.
@Suite(.timeLimit(.minutes(5))) struct ControlTests {
    /// Once `herald broadcast pause` returns, nothing more of the broadcast reaches Telegram;
    /// resume sends the rest with nobody skipped or repeated.
    @Test func pauseStopsRequestsAndResumeSkipsAndRepeatsNobody() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(300)
            try await rig.createTemplate()
            let run = try rig.startRun(["HERALD_RATE": "60", "HERALD_LOG_LEVEL": "debug"])
            defer { run.stop() }
            let id = try await rig.send()
            try await waitUntil { rig.simulator.counters.sent >= 40 }
            let said = try await rig.herald("broadcast", "pause", id.uuidString)
            #expect(said.contains("the sender has stopped sending it"))
            let atPause = rig.simulator.counters.sent
            try await Task.sleep(for: .seconds(1))
            #expect(rig.simulator.counters.sent == atPause, "no request after pause returned")
            #expect(atPause < 300)

            try await rig.herald("broadcast", "resume", id.uuidString)
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == 300)
            #expect(
                outcomes.values.allSatisfy { $0 == ["message.sent"] },
                "\(outcomes.values.filter { $0 != ["message.sent"] })")
            #expect(rig.simulator.counters.sent == 300)
            #expect(rig.simulator.counters.duplicates == 0)
        }
    }

    @Test func cancelStopsRequestsForGood() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(300)
            try await rig.createTemplate()
            let run = try rig.startRun(["HERALD_RATE": "60", "HERALD_LOG_LEVEL": "debug"])
            defer { run.stop() }
            let id = try await rig.send()
            try await waitUntil { rig.simulator.counters.sent >= 30 }
            let said = try await rig.herald("broadcast", "cancel", id.uuidString)
            #expect(said.contains("the sender has stopped sending it"))
            let atCancel = rig.simulator.counters.sent
            try await Task.sleep(for: .seconds(1))
            #expect(rig.simulator.counters.sent == atCancel)
            let progress = try #require(try await OperatorView.progress(of: id, on: try await rig.db.connect()))
            #expect(progress.status == "canceled")
            #expect(progress.inFlight == 0)
            #expect(progress.sent == atCancel, "unknown \(progress.unknown), failed \(progress.failed)")
            #expect(try await rig.count("message.sent", id) == atCancel)
        }
    }

    /// A broadcast scheduled a few seconds ahead starts, never before its time, and is sent whole
    /// by the running `herald run`. (Starting at the time itself is the scheduler's own test,
    /// with the time given: here, a spawned command on a loaded machine would race the clock.)
    @Test func aScheduledBroadcastIsStartedByTheRunningSender() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(10)
            try await rig.createTemplate()
            let run = try rig.startRun()
            defer { run.stop() }
            let created = try await rig.herald(
                "broadcast", "create", "--title", "Later", "--template", "promo", "--cohort", #"{"tier": "gold"}"#)
            let id = try #require(UUID(uuidString: String(created.split(separator: "\n")[0])))
            // Drafted first, so only this one short command stands between the time and its check.
            let sendAt = Date().addingTimeInterval(3).rounded(to: 1)
            try await rig.herald("broadcast", "schedule", id.uuidString, "--at", sendAt.formatted(.iso8601))
            let started = try await rig.awaitEvent(id, ["broadcast.started"], timeout: .seconds(30))
            #expect(started.recordedAt >= sendAt, "started \(started.recordedAt) before its time \(sendAt)")
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            #expect(rig.simulator.counters.sent == 10)
        }
    }

    /// Telegram refuses the message itself (MarkdownV2 it cannot parse): the first sends all fail
    /// the same way, so the broadcast stops as failed with Telegram's reason instead of failing
    /// every recipient one by one.
    @Test func contentTelegramRefusesFailsTheBroadcast() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(200)
            try await rig.herald("template", "create", "--name", "broken", "--text", "Hi *there")
            let run = try rig.startRun(["HERALD_RATE": "50"])
            defer { run.stop() }
            let id = try await rig.send(template: "broken")
            let failed = try await rig.awaitEvent(id, ["broadcast.failed", "broadcast.completed"])
            #expect(failed.type == "broadcast.failed")
            #expect(failed.data.text.contains("can't parse entities"))
            try await Task.sleep(for: .milliseconds(500))
            let refused = try await rig.count("message.failed", id)
            #expect(refused >= 3 && refused < 200, "stopped after the first sends, not one by one")
            #expect(rig.simulator.counters.sent == 0)
        }
    }

    /// A token Telegram refuses pauses the broadcast with the reason; no recipient fails for it.
    @Test func aRefusedTokenPausesTheBroadcastAndFailsNobody() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(50)
            try await rig.createTemplate()
            let run = try rig.startRun(["TELEGRAM_BOT_TOKEN": "777001:revoked-secret"])
            defer { run.stop() }
            let id = try await rig.send()
            let paused = try await rig.awaitEvent(id, ["broadcast.paused"], timeout: .seconds(30))
            #expect(paused.data.text.contains("refused the bot token"))
            #expect(!paused.data.text.contains("revoked-secret"))
            #expect(try await rig.count("message.failed", id) == 0)
            #expect(try await rig.count("message.sent", id) == 0)
            var status = ""
            for _ in 0..<20 where !status.contains("token refused") {  // reported each heartbeat (1 s)
                status = try await rig.herald("status")
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(status.contains("token refused"))
            #expect(!status.contains("revoked-secret"))
        }
    }
}

/// Polls `condition` (a simulator counter, which has no notification) every 20 ms, up to 60 s.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 60 s")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

extension Date {
    /// Down to a whole multiple of `seconds`, as an ISO 8601 time without fractions says it.
    fileprivate func rounded(to seconds: Double) -> Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }
}
