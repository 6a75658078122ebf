import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// The timeline fold: per broadcast, its seconds add up to what the log holds (sent, permanent
/// failures, unique clicks, every press), live in small batches and after a replay; and the
/// reader's buckets.
@Suite(.timeLimit(.minutes(3))) struct TimelineTests {
    /// Per broadcast: sent, failed (permanent), unique clicks, taps, as the events say.
    static func expected(_ events: [any DomainEvent]) -> [String] {
        var totals: [UUID: [Int]] = [:]
        var pressed: Set<String> = []
        for event in events {
            switch event {
            case let sent as MessageSent: totals[sent.broadcastID, default: [0, 0, 0, 0]][0] += 1
            case let failed as MessageFailed where failed.permanent:
                totals[failed.broadcastID, default: [0, 0, 0, 0]][1] += 1
            case let click as CTAClicked:
                let first = pressed.insert("\(click.broadcastID) \(click.userID) \(click.button)").inserted
                totals[click.broadcastID, default: [0, 0, 0, 0]][2] += first ? 1 : 0
                totals[click.broadcastID, default: [0, 0, 0, 0]][3] += 1
            default: break
            }
        }
        return totals.map { id, counts in
            ([id.uuidString.lowercased()] + counts.map(String.init)).joined(separator: " ")
        }.sorted()
    }

    static func stored(_ db: TestDatabase) async throws -> [String] {
        try await db.connect().query(
            """
            SELECT concat_ws(' ', broadcast_id, sum(sent), sum(failed), sum(clicks), sum(taps))
            FROM rm_timeline.seconds GROUP BY broadcast_id
            """
        ).map { try $0.decode(String.self, at: 0) }.sorted()
    }

    @Test func secondsAddUpToTheLogLiveAndAfterAReplay() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 4)
            let events = StatsTests.history(seed: seed)
            var runner = ProjectionRunner(configuration: db.url, projector: Timeline())
            runner.batchSize = 7
            runner.pollInterval = .milliseconds(100)
            let live = Task { [runner] in await runner.run() }
            var random = StatsTests.SplitMix(state: seed)
            var rest = events[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...25, using: &random)
                try await store.append(try rest.prefix(size).map { try NewEvent($0) })
                rest = rest.dropFirst(size)
            }
            try await db.waitUntilCaughtUp("timeline")
            live.cancel()
            let expected = Self.expected(events)
            #expect(try await Self.stored(db) == expected, "seed \(seed)")

            try await Rebuild(projector: Timeline(), batchSize: 5000).run(on: try await db.connect())
            #expect(try await Self.stored(db) == expected, "seed \(seed), after a replay")

            // The reader's buckets add up to the same, one second wide for a history this short.
            for line in expected {
                let fields = line.split(separator: " ")
                let id = try #require(UUID(uuidString: String(fields[0])))
                let timeline = try await TimelineReader(database: db.url).timeline(id)
                #expect(timeline.bucket_seconds <= 2)
                let sums = [
                    timeline.points.map(\.sent).reduce(0, +), timeline.points.map(\.failed).reduce(0, +),
                    timeline.points.map(\.clicks).reduce(0, +), timeline.points.map(\.taps).reduce(0, +),
                ]
                #expect(sums.map(String.init) == fields.dropFirst().map(String.init), "seed \(seed)")
            }
            #expect(try await TimelineReader(database: db.url).timeline(UUID()).points.isEmpty)
        }
    }

    @Test func bucketsWidenSoAChartKeepsAFewHundredPointsAtMost() {
        #expect(TimelineReader.bucketSeconds(span: 0, maximumPoints: 180) == 1)
        #expect(TimelineReader.bucketSeconds(span: 179, maximumPoints: 180) == 1)
        #expect(TimelineReader.bucketSeconds(span: 180, maximumPoints: 180) == 2)
        #expect(TimelineReader.bucketSeconds(span: 3600, maximumPoints: 180) == 30)
        #expect(TimelineReader.bucketSeconds(span: 9 * 3600, maximumPoints: 180) == 300)
        for span in [0, 1, 59, 1000, 33_333, 86_400, 400 * 86_400] {
            let width = TimelineReader.bucketSeconds(span: span, maximumPoints: 180)
            #expect(span / width + 1 <= 180, "\(span) s in \(width) s buckets")
        }
    }
}
