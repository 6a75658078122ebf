import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Projections
import Testing

/// The stats fold against a model computed in Swift from the same events: live, in small batches
/// while writers append, and again after a replay.
@Suite(.timeLimit(.minutes(5))) struct StatsTests {
    /// A deterministic generator, so a failure names the seed that reproduces it.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Random outcomes, clicks (with repeats) and conversions for three broadcasts of 30 users.
    static func history(seed: UInt64) -> [any DomainEvent] {
        var random = SplitMix(state: seed)
        let broadcasts = (0..<3).map { _ in UUID() }
        var events: [any DomainEvent] = broadcasts.map {
            BroadcastAudienceResolved(broadcastID: $0, chunk: 0, chunkCount: 1, userIDs: Array(1...30))
        }
        for _ in 0..<600 {
            let broadcast = broadcasts.randomElement(using: &random) ?? broadcasts[0]
            let user = Int64.random(in: 1...30, using: &random)
            let errorClass = SendErrorClass.allCases.randomElement(using: &random) ?? .content
            switch Int.random(in: 0..<10, using: &random) {
            case 0...2: events.append(MessageSent(broadcastID: broadcast, userID: user, chatID: user, messageID: 1))
            case 3:
                events.append(
                    MessageFailed(
                        broadcastID: broadcast, userID: user, chatID: user, errorClass: errorClass, code: 403,
                        description: "Forbidden", permanent: Bool.random(using: &random)))
            case 4: events.append(MessageOutcomeUnknown(broadcastID: broadcast, userID: user, chatID: user))
            case 5...8:
                events.append(
                    CTAClicked(
                        broadcastID: broadcast, userID: user,
                        button: ["buy", "more"].randomElement(using: &random)
                            ?? "buy", source: .callback))
            default:
                events.append(
                    ConversionMarked(
                        conversionID: UUID(), broadcastID: broadcast, userID: user, goal: "purchase",
                        value: Bool.random(using: &random) ? Double(Int.random(in: 1...99, using: &random)) / 4 : nil))
            }
        }
        return events
    }

    /// The read model's tables as the fold should leave them, one sorted line per row.
    static func expected(_ events: [any DomainEvent]) -> [String: [String]] {
        struct Row {
            var audience = 0, sent = 0, failed = 0, blocked = 0, unknown = 0, retried = 0, clickers = 0, taps = 0
            var conversions = 0, value = 0.0
        }
        var rows: [UUID: Row] = [:]
        var failures: [String: Int] = [:]
        var buttons: [String: (unique: Int, taps: Int)] = [:]
        var clicks: [String: Int] = [:]
        var clickers: Set<String> = []
        for event in events {
            switch event {
            case let e as BroadcastAudienceResolved: rows[e.broadcastID, default: Row()].audience += e.userIDs.count
            case let e as MessageSent: rows[e.broadcastID, default: Row()].sent += 1
            case let e as MessageFailed where e.permanent:
                rows[e.broadcastID, default: Row()].failed += 1
                if e.errorClass == .recipientGone { rows[e.broadcastID, default: Row()].blocked += 1 }
                failures["\(e.broadcastID.uuidString.lowercased()) \(e.errorClass.rawValue)", default: 0] += 1
            case let e as MessageFailed: rows[e.broadcastID, default: Row()].retried += 1
            case let e as MessageOutcomeUnknown: rows[e.broadcastID, default: Row()].unknown += 1
            case let e as CTAClicked:
                let click = "\(e.broadcastID.uuidString.lowercased()) \(e.userID) \(e.button)"
                let button = "\(e.broadcastID.uuidString.lowercased()) \(e.button)"
                if clickers.insert("\(e.broadcastID) \(e.userID)").inserted {
                    rows[e.broadcastID, default: Row()].clickers += 1
                }
                if clicks[click] == nil { buttons[button, default: (0, 0)].unique += 1 }
                buttons[button, default: (0, 0)].taps += 1
                clicks[click, default: 0] += 1
                rows[e.broadcastID, default: Row()].taps += 1
            case let e as ConversionMarked:
                rows[e.broadcastID, default: Row()].conversions += 1
                rows[e.broadcastID, default: Row()].value += e.value ?? 0
            default: break
            }
        }
        return [
            "broadcasts": rows.map { id, r in
                "\(id.uuidString.lowercased()) \(r.audience) \(r.sent) \(r.failed) \(r.blocked) \(r.unknown) \(r.retried) "
                    + "\(r.clickers) \(r.taps) \(r.conversions) \(r.value.rounded() == r.value ? "\(Int(r.value))" : "\(r.value)")"
            }.sorted(),
            "failures": failures.map { "\($0.key) \($0.value)" }.sorted(),
            "buttons": buttons.map { "\($0.key) \($0.value.unique) \($0.value.taps)" }.sorted(),
            "clicks": clicks.map { "\($0.key) \($0.value)" }.sorted(),
        ]
    }

    /// The same tables as stored in `schema`.
    static func stored(_ db: TestDatabase, schema: String = Stats().schema) async throws -> [String: [String]] {
        let connection = try await db.connect()
        let queries = [
            "broadcasts": """
            SELECT concat_ws(' ', broadcast_id, audience, sent, failed, blocked, unknown, retried, unique_clickers,
                taps, conversions, trim_scale(conversion_value)) FROM \(schema).broadcasts
            """,
            "failures": "SELECT concat_ws(' ', broadcast_id, error_class, failures) FROM \(schema).failures",
            "buttons": "SELECT concat_ws(' ', broadcast_id, button, unique_clicks, taps) FROM \(schema).buttons",
            "clicks": "SELECT concat_ws(' ', broadcast_id, user_id, button, taps) FROM \(schema).clicks",
        ]
        var tables: [String: [String]] = [:]
        for (table, sql) in queries {
            tables[table] = try await connection.query(Query(unsafeSQL: sql)).map { try $0.decode(String.self, at: 0) }
                .sorted()
        }
        return tables
    }

    @Test func liveFoldInSmallBatchesAndAReplayBothEqualTheModel() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 4)
            let events = Self.history(seed: seed)
            var runner = ProjectionRunner(configuration: db.url, projector: Stats())
            runner.batchSize = 7  // a user's presses of a button land in different batches
            runner.pollInterval = .milliseconds(100)
            let live = Task { [runner] in await runner.run() }
            var random = SplitMix(state: seed)
            var rest = events[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...25, using: &random)
                try await store.append(try rest.prefix(size).map { try NewEvent($0) })
                rest = rest.dropFirst(size)
            }
            try await db.waitUntilCaughtUp("stats", version: Stats().version)
            live.cancel()
            let expected = Self.expected(events)
            #expect(try await Self.stored(db) == expected, "seed \(seed)")

            try await Rebuild(projector: Stats(), batchSize: 5000).run(on: try await db.connect())
            #expect(try await Self.stored(db) == expected, "seed \(seed), after a replay")
        }
    }

    /// The SQL fold reads the JSON of one schema version per type; a new version must be handled
    /// there before the catalogue may write it.
    @Test func foldKnowsTheCatalogueVersionOfEveryTypeItReads() {
        for (type, version) in Stats.schemaVersions {
            let current = EventCatalogue.all.filter { $0.type == type }.map { $0.schemaVersion }.max()
            #expect(current == version, "\(type)")
        }
    }
}
