import Foundation
import HeraldTestSupport
import Testing

/// What a sender killed with every request in flight leaves, and what the next sender makes of
/// it: the simulator holds every answer, so at the kill each recipient has a mark and no outcome
/// (some of the messages may have arrived) — deterministically, not by the luck of a random kill.
@Suite(.timeLimit(.minutes(3))) struct RecoveryTests {
    static let recipients = 10

    /// Starts a broadcast under `delivery`, kills the sender with every recipient marked and no
    /// answer back, lets Telegram answer again and starts a second sender until the end.
    func killedInFlight(_ delivery: String, _ rig: SendingRig) async throws -> UUID {
        try await rig.herald("migrate")
        try await rig.importRecipients(Self.recipients)
        try await rig.createTemplate()
        let first = try rig.startRun()
        try await rig.until("the sender holds its lease") {
            try await rig.db.connect().query("SELECT count(*) FROM herald.senders WHERE holder IS NOT NULL")[0]
                .decode(Int.self, at: 0) == 1
        }
        // From now on Telegram delivers each message at once and holds its answer.
        rig.simulator.reconfigure { $0.latency = .seconds(600) }
        let id = try await rig.send("--delivery", delivery)
        try await rig.until("every recipient is in flight") {
            try await rig.count("message.dispatching", id) == Self.recipients
        }
        first.kill9()
        #expect(try await rig.outcomes(id).isEmpty, "no answer reached the killed sender")
        rig.simulator.reconfigure { $0.latency = .zero }
        let second = try rig.startRun()
        defer { second.stop() }
        _ = try await rig.awaitEvent(id, ["broadcast.completed"])
        return id
    }

    @Test func atLeastOnceReleasesADeadSendersMarksAndSendsThemAgain() async throws {
        try await SendingRig.with { rig in
            let id = try await killedInFlight("at-least-once", rig)
            let recovered = try await rig.db.connect().query(
                """
                SELECT count(*) FROM herald.events WHERE type = 'message.released' AND data ->> 'reason' = 'recovered'
                  AND (data ->> 'broadcast_id')::uuid = \(id)
                """)[0].decode(Int.self, at: 0)
            #expect(recovered == Self.recipients, "every mark of the dead sender is released")
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == Self.recipients)
            #expect(outcomes.values.allSatisfy { $0 == ["message.sent"] }, "\(outcomes)")
            let counters = rig.simulator.counters
            #expect(counters.sent - counters.duplicates == Self.recipients, "every recipient got the message")
            #expect(counters.sent >= Self.recipients, "each one sent again after the kill")
        }
    }

    @Test func atMostOnceRecordsADeadSendersMarksAsUnknownAndSendsNothingAgain() async throws {
        try await SendingRig.with { rig in
            let id = try await killedInFlight("at-most-once", rig)
            let outcomes = try await rig.outcomes(id)
            #expect(outcomes.count == Self.recipients)
            #expect(outcomes.values.allSatisfy { $0 == ["message.outcome-unknown"] }, "\(outcomes)")
            #expect(try await rig.count("message.released", id) == 0)
            let counters = rig.simulator.counters
            #expect(counters.sent <= Self.recipients, "only what the killed sender sent arrived")
            #expect(counters.duplicates == 0)
        }
    }
}
