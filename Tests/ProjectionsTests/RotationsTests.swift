import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// The rotations read model: what the events say, the next run computed at read time, and a replay
/// that builds the same rows.
@Suite(.timeLimit(.minutes(5))) struct RotationsTests {
    let daily = UUID()
    let weekly = UUID()
    let promo = UUID()
    let teaser = UUID()
    let outro = UUID()
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func append(_ store: EventStore, _ events: [any DomainEvent]) async throws {
        try await store.append(try events.map { try NewEvent($0) })
    }

    func rows(_ db: TestDatabase) async throws -> [Rotations.Row] {
        try await ProjectionRunner(configuration: db.url, projector: Rotations()).catchUp()
        return try await Rotations.rows(on: try await db.connect())
    }

    /// Slot `k` of the daily rotation, which posts every hour from `start`.
    func slot(_ k: Int, plus seconds: Double = 0) -> Date { start.addingTimeInterval(Double(k) * 3_600 + seconds) }

    @Test func foldsOutcomesAndComputesTheNextRunAtReadTime() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await append(
                store,
                [
                    RotationCreated(
                        rotationID: daily, name: "daily", chatIDs: [-1_001, -1_002],
                        templateIDs: [promo, teaser, outro],
                        intervalSeconds: 3_600, startsAt: Timestamp(start)),
                    RotationPosted(rotationID: daily, sequence: 0, chatID: -1_001, templateID: promo, messageID: 1),
                    RotationPosted(rotationID: daily, sequence: 0, chatID: -1_002, templateID: promo, messageID: 2),
                    RotationPosted(rotationID: daily, sequence: 1, chatID: -1_001, templateID: teaser, messageID: 3),
                    RotationPostFailed(
                        rotationID: daily, sequence: 1, chatID: -1_002, templateID: teaser, errorClass: .transient,
                        code: 502, description: "Bad Gateway"),
                ])
            var row = try #require(try await rows(db).first)
            #expect(row.name == "daily")
            #expect(row.chatIDs == [-1_001, -1_002])
            #expect(row.templateIDs == [promo, teaser, outro])
            #expect(row.status == "active")
            #expect((row.nextSequence, row.posts, row.failures) == (2, 3, 1))
            #expect(row.lastPostedAt != nil)

            // Read just after slot 1: the next run is slot 2, posting the third template.
            #expect(row.nextRun(now: slot(1, plus: 5)) == row.schedule.slot(2))
            #expect(row.nextRun(now: slot(1, plus: 5))?.templateID == outro)
            // Read a day later, nothing posted meanwhile: missed slots are skipped, not posted late.
            let later = try #require(row.nextRun(now: slot(26, plus: 1)))
            #expect(later.sequence == 27)
            #expect(later.at.date == slot(27))
            #expect(later.templateID == promo)

            try await append(store, [RotationPaused(rotationID: daily)])
            row = try #require(try await rows(db).first)
            #expect(row.status == "paused")
            #expect(row.nextRun(now: slot(1, plus: 5)) == nil)

            try await append(store, [RotationResumed(rotationID: daily)])
            row = try #require(try await rows(db).first)
            #expect(row.nextRun(now: slot(1, plus: 5))?.sequence == 2)
        }
    }

    @Test func replayBuildsWhatLiveProjectionBuilt() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await append(
                store,
                [
                    RotationCreated(
                        rotationID: daily, name: "daily", chatIDs: [-1_001], templateIDs: [promo],
                        intervalSeconds: 3_600, startsAt: Timestamp(start)),
                    RotationCreated(
                        rotationID: weekly, name: "weekly", chatIDs: [-2_001, -2_002], templateIDs: [teaser, promo],
                        intervalSeconds: 604_800, startsAt: Timestamp(start)),
                ])
            _ = try await rows(db)
            try await append(store, [RotationPaused(rotationID: weekly)])
            _ = try await rows(db)
            try await append(
                store,
                [
                    RotationPosted(rotationID: daily, sequence: 4, chatID: -1_001, templateID: promo, messageID: 9),
                    RotationPostFailed(
                        rotationID: weekly, sequence: 0, chatID: -2_002, templateID: teaser, errorClass: .chatMoved,
                        code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat"),
                ])
            let live = try await rows(db)
            #expect(live.map(\.name) == ["daily", "weekly"])
            #expect(live.map(\.nextSequence) == [5, 1])
            try await Rebuild(projector: Rotations()).run(on: try await db.connect())
            #expect(try await Rotations.rows(on: try await db.connect()) == live)
        }
    }
}
