import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Logging
import Testing

@testable import Engine

/// The scheduler against a real log with the time given, not waited for: a broadcast due in an
/// hour is left alone a second before and started at its time, and one due with nobody to send
/// to fails with that reason.
@Suite(.timeLimit(.minutes(2))) struct SchedulerTests {
    @Test func aScheduledBroadcastStartsAtItsTimeAndNotBefore() async throws {
        try await SendingRig.with { rig in
            try await rig.herald("migrate")
            try await rig.importRecipients(3)
            try await rig.createTemplate()
            let store = EventStore(configuration: rig.db.url)
            let broadcasts = BroadcastHandler(store: store, metadata: CommandMetadata(actor: "test"))
            let audience = BroadcastHandler.audience(database: rig.db.url)
            let sendAt = Date().addingTimeInterval(3600).rounded
            let due = try await broadcasts.create(
                title: "Later", template: "promo", cohort: .object([:]), launch: .at(sendAt), audience: audience)
            let nobody = try await broadcasts.create(
                title: "Nobody", template: "promo", cohort: .object(["tier": .string("gold")]), launch: .at(sendAt.addingTimeInterval(60)),
                audience: audience)
            // The gold tier is gone by the time the second is due.
            try await rig.herald("recipients", "import", try Self.file("user_id,tier\n1,silver\n2,silver\n3,silver\n"))

            let lease = try #require(
                try await SenderLease.acquire(bot: 777001, holder: "test", configuration: rig.db.url))
            let dispatch = try DispatchStore(store: store, botID: 777001, epoch: lease.epoch)
            _ = try await DispatchFeed(dispatch: dispatch).catchUp(stop: { _ in }, resume: { _ in })
            let scheduler = Scheduler(
                dispatch: dispatch, broadcasts: broadcasts, audience: audience, logger: Logger(label: "test"))
            func types(_ id: UUID) async throws -> [String] {
                try await store.readStream(StreamName.broadcast(id)).map(\.type)
            }

            let wait = try await scheduler.startDue(now: sendAt.addingTimeInterval(-1))
            #expect(wait == .milliseconds(1001), "due in a second")
            #expect(try await !types(due).contains("broadcast.started"), "not started before its time")

            // Due now; the second, a minute later, finds nobody when it is due.
            #expect(try await scheduler.startDue(now: sendAt) == .milliseconds(60_001))
            #expect(try await types(due).contains("broadcast.started"))
            _ = try await DispatchFeed(dispatch: dispatch).catchUp(stop: { _ in }, resume: { _ in })
            #expect(try await scheduler.startDue(now: sendAt.addingTimeInterval(60)) == nil)
            let unsent = try await types(nobody)
            #expect(unsent.last == "broadcast.failed", "\(unsent)")
            #expect(!unsent.contains("broadcast.started"))
        }
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension Date {
    /// To the whole second, as PostgreSQL's timestamps round-trip it.
    fileprivate var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
