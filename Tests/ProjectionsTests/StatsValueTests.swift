import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// Conversion values in the stats read model: summed exactly, and a log holding values older
/// binaries accepted (1e308 and 1.7e308, whose `double precision` sum overflowed and stopped
/// the projector for good) folds, those values left out of the sum.
@Suite(.timeLimit(.minutes(2))) struct StatsValueTests {
    @Test func valuesAreSummedExactlyAndHugeLegacyValuesDoNotStopTheFold() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let (large, legacy) = (UUID(), UUID())
            func marked(_ broadcast: UUID, _ value: Double?) throws -> NewEvent {
                try NewEvent(
                    ConversionMarked(
                        conversionID: UUID(), broadcastID: broadcast, userID: 1, goal: "purchase", value: value))
            }
            try await store.append([
                try marked(large, 999_999_999.99), try marked(large, 999_999_999.99), try marked(large, 0.01),
                try marked(legacy, 1e308), try marked(legacy, 1.7e308), try marked(legacy, 10.5),
                try marked(legacy, -4), try marked(legacy, nil),
            ])
            try await ProjectionRunner(configuration: db.url, projector: Stats()).catchUp()
            let rows = try await db.connect().query(
                "SELECT broadcast_id, conversions, conversion_value::text FROM rm_stats.broadcasts")
            var figures: [UUID: (Int64, String)] = [:]
            for row in rows {
                figures[try row.decode(UUID.self, at: 0)] = (
                    try row.decode(Int64.self, at: 1), try row.decode(String.self, at: 2)
                )
            }
            #expect(figures[large]?.0 == 3)
            #expect(figures[large]?.1 == "1999999999.99", "exact, not a double's rounding")
            #expect(figures[legacy]?.0 == 5, "every conversion counts")
            #expect(figures[legacy]?.1 == "10.5", "only values the domain accepts are summed")
        }
    }

    /// A stats request leases one connection of its reader's pool for its catch-ups and queries;
    /// it used to open four of its own beside the API's pools on every request.
    @Test func statsReadsThroughItsPoolOnly() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append([
                try NewEvent(
                    ConversionMarked(conversionID: UUID(), broadcastID: UUID(), userID: 1, goal: "purchase", value: 2))
            ])
            let pool = ConnectionPool(configuration: db.url, maximumConnections: 1, applicationName: "herald-read-test")
            let reader = StatsReader(database: db.url, pool: pool)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { try await reader.stats(id: nil).count } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == [0, 0, 0, 0, 0], "no broadcast row, and every request answered")
            #expect(pool.connectionsOpened == 1, "five requests, one connection")
            let caughtUp = try await db.connect().query(
                "SELECT count(*) FROM rm_stats.broadcasts")[0].decode(Int.self, at: 0)
            #expect(caughtUp == 1, "the catch-ups ran on the leased connection")
        }
    }
}
