import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Testing

@testable import Engine

/// The outcome recorder over a real log: an outcome whose delivery stream moved under it is set
/// aside, and still leaves the count of outstanding claims, or the claim loop (which waits for
/// that count to drop) would stall for good.
@Suite(.timeLimit(.minutes(2))) struct OutcomeRecorderTests {
    @Test func anOutcomeSetAsideOnAConflictIsNoLongerOutstanding() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(2)
            try await rig.createTemplate()
            let id = try await rig.send()
            let store = EventStore(configuration: rig.db.url)
            let lease = try #require(
                try await SenderLease.acquire(bot: 777001, holder: "test", configuration: rig.db.url))
            let dispatch = try DispatchStore(store: store, botID: 777001, epoch: lease.epoch)
            _ = try await DispatchFeed(dispatch: dispatch).catchUp(stop: { _ in }, resume: { _ in })
            let claimed = try await dispatch.claim(broadcast: id, limit: 10)
            #expect(claimed.count == 2)

            // Someone else closes the first mark (only possible if fencing failed).
            let first = try #require(claimed.first)
            _ = try await store.append(
                try NewEvent(MessageReleased(broadcastID: id, userID: first.userID, reason: "test")),
                expected: .exact(first.markVersion))

            let recorder = OutcomeRecorder(dispatch: dispatch, counters: SendCounters())
            recorder.claimed(claimed.count)
            for delivery in claimed { recorder.add(DeliveryOutcome(delivery, .sent(messageID: 1))) }
            recorder.finish()
            try await recorder.run()
            #expect(recorder.outstanding == 0, "the set-aside outcome is no longer outstanding")
            #expect(try await rig.count("message.sent", id) == 1, "the other outcome is recorded")
        }
    }
}
