public import Postgres

/// What the log holds, for `herald audit summary`: counts by event type and stream category (from
/// the event_counts read model when it has run, else a scan of the log), the head, and each
/// projector's checkpoint and lag, all read in the caller's session.
public struct LogSummary: Encodable, Sendable {
    public let head: Int64
    /// Where the counts come from, and up to which position they include events.
    public let counted_from: String
    public let counted_through: Int64
    public let types: [TypeCount]
    public let categories: [CategoryCount]
    public let projections: [Projection]

    public struct TypeCount: Encodable, Sendable {
        public let type: String
        public let schema_version: Int
        public let events: Int64
    }

    public struct CategoryCount: Encodable, Sendable {
        public let category: String
        public let streams: Int64
        public let events: Int64
    }

    public struct Projection: Encodable, Sendable {
        public let name: String
        public let version: Int
        public let position: Int64
        public let lag: Int64
    }

    /// Reads the event_counts read model when it exists, else scans the log.
    public static func read(_ session: Session) throws -> LogSummary {
        let head = try session.query("SELECT coalesce(max(position), 0) FROM herald.events")[0].decode(
            Int64.self, at: 0)
        let projections = try session.query(
            "SELECT name, version, position, lag FROM herald.projection_status ORDER BY name"
        )
        .map {
            Projection(
                name: try $0.decode(String.self, at: 0), version: try $0.decode(Int.self, at: 1),
                position: try $0.decode(Int64.self, at: 2), lag: try $0.decode(Int64.self, at: 3))
        }
        let readModel = projections.first { $0.name == "event_counts" }
        let types: QueryResult
        let categories: QueryResult
        let source: String
        let through: Int64
        if let readModel {
            types = try session.query(
                "SELECT type, schema_version, events FROM rm_event_counts.event_types ORDER BY events DESC, type")
            categories = try session.query(
                "SELECT category, streams, events FROM rm_event_counts.stream_categories ORDER BY events DESC, category"
            )
            source = "projection event_counts"
            through = readModel.position
        } else {
            types = try session.query(
                "SELECT type, schema_version, count(*) FROM herald.events GROUP BY 1, 2 ORDER BY 3 DESC, 1")
            categories = try session.query(
                """
                SELECT split_part(stream, '-', 1), count(*) FILTER (WHERE stream_version = 1), count(*)
                FROM herald.events GROUP BY 1 ORDER BY 3 DESC, 1
                """)
            source = "a scan of herald.events"
            through = head
        }
        return LogSummary(
            head: head, counted_from: source, counted_through: through,
            types: try types.map {
                TypeCount(
                    type: try $0.decode(String.self, at: 0), schema_version: try $0.decode(Int.self, at: 1),
                    events: try $0.decode(Int64.self, at: 2))
            },
            categories: try categories.map {
                CategoryCount(
                    category: try $0.decode(String.self, at: 0), streams: try $0.decode(Int64.self, at: 1),
                    events: try $0.decode(Int64.self, at: 2))
            },
            projections: projections)
    }
}
