public import Broadcasting
import EventStore
public import Foundation
import Postgres

/// The stats read model as operators read it, joined with broadcasts (title, status) and templates
/// (button labels), each caught up with the log first. Behind `herald stats` and the admin API's
/// `/api/v1/stats` and `/api/v1/broadcasts/{id}/stats`.
///
/// It reads through a pool: one connection leased for the catch-ups and the queries of a request,
/// never connections of its own beside the caller's.
public struct StatsReader: Sendable {
    public let database: String
    let pool: ConnectionPool

    /// Reads through `pool` (the admin API's read pool, the admin desk's).
    public init(database: String, pool: ConnectionPool) {
        self.database = database
        self.pool = pool
    }

    /// Reads through a pool of one connection of its own, for a one-shot command.
    public init(database: String) {
        self.init(
            database: database, pool: ConnectionPool(configuration: database, maximumConnections: 1, applicationName: "herald-read"))
    }

    public struct Button: Encodable, Sendable {
        public let button: String
        public let label: String?
        public let unique_clicks: Int64
        public let taps: Int64
    }

    public struct BroadcastStats: Encodable, Sendable {
        public let broadcast_id: String
        public let title: String
        public let status: String
        public let audience: Int64
        public let sent: Int64
        public let failed: Int64
        public let failed_by_class: [String: Int64]
        public let blocked: Int64
        public let unknown: Int64
        public let retried: Int64
        /// Targeted recipients with no outcome yet.
        public let pending: Int64
        public let unique_clickers: Int64
        public let taps: Int64
        public let buttons: [Button]
        public let conversions: Int64
        /// The exact sum the read model holds, as the nearest `Double`.
        public let conversion_value: Double
        /// Unique clickers / sent; nil before anything was sent.
        public let ctr: Double?
        /// Conversions / unique clickers; nil before anyone clicked.
        public let conversion_rate: Double?
    }

    /// Every broadcast's figures, newest first; `id` picks one (none when there is no such broadcast).
    public func stats(id: UUID?) async throws -> [BroadcastStats] {
        try await pool.withConnection { connection in try await stats(id: id, on: connection) }
    }

    private func stats(id: UUID?, on connection: Connection) async throws -> [BroadcastStats] {
        for projector: any Projector in [Stats(), Broadcasts(), Templates()] {
            try await ProjectionRunner(configuration: database, projector: projector).catchUp(on: connection)
        }
        let (stats, broadcasts, templates) = (Stats().schema, Broadcasts().schema, Templates().schema)
        var query: Query = """
            SELECT b.broadcast_id, b.title, b.status, t.buttons, coalesce(s.audience, 0) AS audience,
                coalesce(s.sent, 0) AS sent, coalesce(s.failed, 0) AS failed, coalesce(s.blocked, 0) AS blocked,
                coalesce(s.unknown, 0) AS unknown, coalesce(s.retried, 0) AS retried,
                coalesce(s.unique_clickers, 0) AS unique_clickers, coalesce(s.taps, 0) AS taps,
                coalesce(s.conversions, 0) AS conversions,
                coalesce(s.conversion_value, 0)::float8 AS conversion_value
            FROM \(unsafeRaw: broadcasts).broadcasts b
            LEFT JOIN \(unsafeRaw: stats).broadcasts s USING (broadcast_id)
            LEFT JOIN \(unsafeRaw: templates).templates t USING (template_id)
            """
        if let id {
            query.append(unsafeSQL: " WHERE b.broadcast_id = ")
            query.append(bind: id)
        }
        query.append(unsafeSQL: " ORDER BY b.created_at DESC, b.broadcast_id DESC")
        let rows = try await connection.query(query)
        let ids = try rows.map { try $0.decode(UUID.self, at: 0) }
        var failures: [UUID: [String: Int64]] = [:]
        for row in try await connection.query(
            """
            SELECT broadcast_id, error_class, failures FROM \(unsafeRaw: stats).failures
            WHERE broadcast_id = ANY(\(ids))
            """)
        {
            failures[try row.decode(UUID.self, at: 0), default: [:]][try row.decode(String.self, at: 1)] =
                try row.decode(Int64.self, at: 2)
        }
        var clicked: [UUID: [String: (unique: Int64, taps: Int64)]] = [:]
        for row in try await connection.query(
            """
            SELECT broadcast_id, button, unique_clicks, taps FROM \(unsafeRaw: stats).buttons
            WHERE broadcast_id = ANY(\(ids))
            """)
        {
            clicked[try row.decode(UUID.self, at: 0), default: [:]][try row.decode(String.self, at: 1)] =
                (try row.decode(Int64.self, at: 2), try row.decode(Int64.self, at: 3))
        }
        return try zip(ids, rows).map { id, row in
            let declared = try row.decodeIfPresent(JSONB.self, at: 3)?.decode([TemplateButton].self) ?? []
            return try Self.stats(
                row, id: id, failures: failures[id] ?? [:],
                buttons: Self.buttons(declared: declared, clicked: clicked[id] ?? [:]))
        }
    }

    /// The template's buttons in its order, then any clicked button the template no longer has.
    static func buttons(declared: [TemplateButton], clicked: [String: (unique: Int64, taps: Int64)]) -> [Button] {
        let known = Set(declared.map(\.id))
        return declared.map { button in
            Button(
                button: button.id, label: button.text, unique_clicks: clicked[button.id]?.unique ?? 0,
                taps: clicked[button.id]?.taps ?? 0)
        }
            + clicked.keys.filter { !known.contains($0) }.sorted().map { id in
                Button(
                    button: id, label: nil, unique_clicks: clicked[id]?.unique ?? 0, taps: clicked[id]?.taps ?? 0)
            }
    }

    /// Targeted recipients without an outcome, never below 0, and without trapping on overflow
    /// however large the counts a log holds.
    static func pending(audience: Int64, outcomes: [Int64]) -> Int64 {
        var left = audience
        for outcome in outcomes {
            let (difference, overflow) = left.subtractingReportingOverflow(max(outcome, 0))
            left = overflow ? .min : difference
        }
        return max(0, left)
    }

    static func stats(_ row: Row, id: UUID, failures: [String: Int64], buttons: [Button]) throws -> BroadcastStats {
        func count(_ column: String) throws -> Int64 { try row.decode(Int64.self, named: column) }
        let (audience, sent, failed, unknown) = (
            try count("audience"), try count("sent"), try count("failed"), try count("unknown")
        )
        let (clickers, conversions) = (try count("unique_clickers"), try count("conversions"))
        return BroadcastStats(
            broadcast_id: id.uuidString.lowercased(), title: try row.decode(String.self, at: 1),
            status: try row.decode(String.self, at: 2), audience: audience, sent: sent, failed: failed,
            failed_by_class: failures, blocked: try count("blocked"), unknown: unknown, retried: try count("retried"),
            pending: Self.pending(audience: audience, outcomes: [sent, failed, unknown]), unique_clickers: clickers, taps: try count("taps"),
            buttons: buttons, conversions: conversions,
            conversion_value: try row.decode(Double.self, named: "conversion_value"),
            ctr: sent > 0 ? Double(clickers) / Double(sent) : nil,
            conversion_rate: clickers > 0 ? Double(conversions) / Double(clickers) : nil)
    }
}
