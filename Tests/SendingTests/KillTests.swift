import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Telegram
import TelegramSimulator
import Testing

/// `herald run` killed with SIGKILL mid-broadcast, several at once, its database connections
/// cut: every recipient still ends with exactly one outcome, and what is in doubt is bounded by
/// the in-flight window.
@Suite(.timeLimit(.minutes(8))) struct KillTests {
    static let recipients = 20_000
    /// HERALD_RATE for these runs: claims of 100 (100 ms of sends), two ahead, so a kill leaves at
    /// most 200 deliveries in doubt.
    static let rate = 1000
    static let inFlightWindow = 200

    /// Kills at random moments, five times, with two processes running at once for part of it.
    func killRepeatedly(_ rig: SendingRig, _ id: UUID) async throws -> Int {
        let environment = ["HERALD_RATE": "\(Self.rate)"]
        var runs = [try rig.startRun(environment)]
        var kills = 0
        for round in 0..<5 {
            try await Task.sleep(for: .milliseconds(Int64.random(in: 700...1800)))
            if round == 1 { runs.append(try rig.startRun(environment)) }  // a standby joins
            let victim = runs.removeFirst()
            victim.kill9()
            kills += 1
            runs.append(try rig.startRun(environment))
        }
        _ = try await rig.awaitEvent(id, ["broadcast.completed"], timeout: .seconds(240))
        runs.forEach { $0.stop() }
        return kills
    }

    @Test func atMostOnceSurvivesKillsWithNoDuplicateAndBoundedUnknowns() async throws {
        try await SendingRig.with({ $0.dropRate = 0.002 }) { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(Self.recipients)
            try await rig.createTemplate()
            let id = try await rig.send()
            let kills = try await killRepeatedly(rig, id)

            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == Self.recipients, "every recipient accounted for")
            #expect(outcomes.values.allSatisfy { $0.count == 1 }, "exactly one outcome each")
            let counters = rig.simulator.counters
            #expect(counters.duplicates == 0, "at most once: nobody got the message twice")
            let sent = try await rig.count("message.sent", id)
            let unknown = try await rig.count("message.outcome-unknown", id)
            print(
                "kill test (at most once): \(kills) kills, \(unknown) unknown, \(sent) sent, \(counters.sent) delivered"
            )
            #expect(unknown <= kills * Self.inFlightWindow + counters.droppedAnswers)
            // What Telegram delivered is what the log says was sent, plus some of the unknowns.
            #expect(counters.sent >= sent && counters.sent <= sent + unknown)
        }
    }

    @Test func atLeastOnceSurvivesKillsWithEveryoneReachedAndNothingUnknown() async throws {
        try await SendingRig.with({ $0.dropRate = 0.002 }) { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(Self.recipients)
            try await rig.createTemplate()
            let id = try await rig.send("--delivery", "at-least-once")
            _ = try await killRepeatedly(rig, id)

            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == Self.recipients)
            #expect(outcomes.values.allSatisfy { $0 == ["message.sent"] }, "everyone sent, nobody unknown")
            let counters = rig.simulator.counters
            #expect(counters.sent - counters.duplicates == Self.recipients, "every recipient got the message")
            #expect(counters.droppedAnswers > 0)
            print(
                "kill test (at least once): \(counters.duplicates) delivered twice of \(counters.sent), \(counters.droppedAnswers) answers dropped"
            )
        }
    }

    /// Every connection of the engine cut at once mid-broadcast (as a restarted server does): the
    /// sender loses its lease, takes it again when it reconnects, and finishes the broadcast.
    @Test func cutConnectionsPauseSendingAndItResumes() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(5000)
            try await rig.createTemplate()
            let run = try rig.startRun(["HERALD_RATE": "1000"])
            defer { run.stop() }
            let id = try await rig.send()
            let connection = try await rig.db.connect()
            for _ in 0..<2 {
                try await Task.sleep(for: .milliseconds(1500))
                try await connection.execute(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
            }
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == 5000)
            #expect(outcomes.values.allSatisfy { $0.count == 1 })
            #expect(rig.simulator.counters.duplicates == 0)
            let senders = try await connection.query("SELECT epoch FROM herald.senders")
            #expect(try senders[0].decode(Int64.self, at: 0) >= 2, "the lease was lost and taken again")
        }
    }
}

/// Stopping and handing over without a crash.
@Suite(.timeLimit(.minutes(3))) struct HandoverTests {
    /// SIGTERM: no new claim, what is in flight finishes and is recorded, the lease is released;
    /// the next run finishes the broadcast with nothing unknown and nothing repeated.
    @Test func sigtermRecordsWhatIsInFlightAndReleasesTheLease() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(300)
            try await rig.createTemplate()
            let run = try rig.startRun(["HERALD_RATE": "60"])
            let id = try await rig.send()
            try await waitUntil { rig.simulator.counters.sent >= 50 }
            run.terminate()
            await blocking { run.waitUntilExit() }
            #expect(run.terminationStatus == 0)
            let connection = try await rig.db.connect()
            let left = try await connection.query(
                "SELECT count(*) FROM herald.dispatch_queue WHERE marked_epoch IS NOT NULL")
            #expect(try left[0].decode(Int.self, at: 0) == 0, "nothing left in flight")
            let state = try await connection.query("SELECT state FROM herald.senders")
            #expect(try state[0].decode(String.self, at: 0) == "released")
            #expect(try await rig.count("message.sent", id) == rig.simulator.counters.sent)

            let next = try rig.startRun(["HERALD_RATE": "60"])
            defer { next.stop() }
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            #expect(try await rig.count("message.outcome-unknown", id) == 0)
            #expect(rig.simulator.counters.sent == 300)
            #expect(rig.simulator.counters.duplicates == 0)
        }
    }

    /// The holder dies; the standby takes the lease and sends again within a few seconds.
    @Test func aStandbyTakesOverWithinSecondsOfTheHoldersDeath() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(600)
            try await rig.createTemplate()
            let runs = [try rig.startRun(["HERALD_RATE": "50"]), try rig.startRun(["HERALD_RATE": "50"])]
            defer { runs.forEach { $0.stop() } }
            let id = try await rig.send()
            try await waitUntil { rig.simulator.counters.sent >= 30 }
            let connection = try await rig.db.connect()
            let holder = try await connection.query("SELECT holder FROM herald.senders")[0].decode(String.self, at: 0)
            let leader = try #require(runs.first { holder.hasSuffix("pid \($0.processIdentifier)") })
            leader.kill9()
            let killed = ContinuousClock.now
            let before = rig.simulator.counters.sent
            try await waitUntil { rig.simulator.counters.sent > before + 5 }
            let gap = killed.duration(to: .now)
            print("takeover: sending again \(gap) after the holder's death")
            #expect(gap < .seconds(5))
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            #expect(rig.simulator.counters.duplicates == 0)
        }
    }
}
