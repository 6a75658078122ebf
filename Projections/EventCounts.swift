import EventStore
import Postgres

/// Counts of the log by event type and by stream category (the part of a stream name before its
/// first `-`): what `herald audit summary` shows.
///
/// Folded in SQL over ranges of `herald.events` (set-based): a replay of a million events is one
/// grouped scan per batch instead of a million decoded rows. BENCHMARKS.md has the comparison with
/// the same fold done in Swift (`EventCountsSwiftFold`, kept for that measurement and for tests).
public struct EventCounts: SetBasedProjector {
    public let name = "event_counts"
    public let version = 1
    public let eventTypes: Set<String>? = nil

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).event_types (
                type text NOT NULL,
                schema_version integer NOT NULL,
                events bigint NOT NULL,
                last_position bigint NOT NULL,
                PRIMARY KEY (type, schema_version)
            );
            CREATE TABLE \(schema).stream_categories (
                category text PRIMARY KEY,
                streams bigint NOT NULL,
                events bigint NOT NULL,
                last_position bigint NOT NULL
            );
            """)
    }

    public func apply(after: Int64, through: Int64, in schema: String, session: Session) throws {
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: schema).event_types AS t (type, schema_version, events, last_position)
            SELECT type, schema_version, count(*), max(position) FROM herald.events
            WHERE position > \(after) AND position <= \(through)
            GROUP BY type, schema_version
            ON CONFLICT (type, schema_version) DO UPDATE
            SET events = t.events + excluded.events, last_position = excluded.last_position
            """)
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: schema).stream_categories AS c (category, streams, events, last_position)
            SELECT split_part(stream, '-', 1), count(*) FILTER (WHERE stream_version = 1), count(*), max(position)
            FROM herald.events
            WHERE position > \(after) AND position <= \(through)
            GROUP BY 1
            ON CONFLICT (category) DO UPDATE
            SET streams = c.streams + excluded.streams, events = c.events + excluded.events,
                last_position = excluded.last_position
            """)
    }
}

/// `EventCounts` folded event by event in Swift: the same tables and results, for measuring
/// which fold is faster (BENCHMARKS.md) and for proving the two agree (tests).
public struct EventCountsSwiftFold: Projector {
    public let name = "event_counts_swift"
    public let version = 1
    public let eventTypes: Set<String>? = nil

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try EventCounts().createTables(in: schema, session: session)
    }

    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        struct Tally {
            var events: Int64 = 0
            var streams: Int64 = 0
            var last: Int64 = 0
        }
        struct TypeKey: Hashable, Comparable {
            let type: String
            let version: Int
            static func < (a: TypeKey, b: TypeKey) -> Bool { (a.type, a.version) < (b.type, b.version) }
        }
        var types: [TypeKey: Tally] = [:]
        var categories: [String: Tally] = [:]
        for event in events {
            let key = TypeKey(type: event.type, version: event.schemaVersion)
            types[key, default: Tally()].events += 1
            types[key]?.last = event.position
            let category = String(event.stream.prefix { $0 != "-" })
            categories[category, default: Tally()].events += 1
            categories[category]?.last = event.position
            if event.streamVersion == 1 { categories[category]?.streams += 1 }
        }
        let typeKeys = types.keys.sorted()
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: schema).event_types AS t (type, schema_version, events, last_position)
            SELECT * FROM unnest(\(typeKeys.map(\.type)), \(typeKeys.map { Int32($0.version) }),
                                 \(typeKeys.map { Int(types[$0]?.events ?? 0) }),
                                 \(typeKeys.map { Int(types[$0]?.last ?? 0) }))
            ON CONFLICT (type, schema_version) DO UPDATE
            SET events = t.events + excluded.events, last_position = excluded.last_position
            """)
        let categoryKeys = categories.keys.sorted()
        try session.execute(
            """
            INSERT INTO \(unsafeRaw: schema).stream_categories AS c (category, streams, events, last_position)
            SELECT * FROM unnest(\(categoryKeys), \(categoryKeys.map { Int(categories[$0]?.streams ?? 0) }),
                                 \(categoryKeys.map { Int(categories[$0]?.events ?? 0) }),
                                 \(categoryKeys.map { Int(categories[$0]?.last ?? 0) }))
            ON CONFLICT (category) DO UPDATE
            SET streams = c.streams + excluded.streams, events = c.events + excluded.events,
                last_position = excluded.last_position
            """)
    }
}
