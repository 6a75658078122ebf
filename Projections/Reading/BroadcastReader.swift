public import Broadcasting
import EventStore
public import Foundation
import Postgres

/// The broadcasts read model as operators read it, caught up with the log first, so a read never
/// shows data older than the command before it. Behind `herald broadcast list|show` and the admin
/// API's `/api/v1/broadcasts`.
public struct BroadcastReader: Sendable {
    public let database: String

    public init(database: String) {
        self.database = database
    }

    /// One broadcast, in the shape `--json` prints and the admin API serves.
    public struct Broadcast: Encodable, Sendable {
        public let broadcast_id: String
        public let title: String
        public let template_id: String
        /// The template's name, from the templates read model.
        public let template: String?
        public let cohort: JSONValue
        public let status: String
        public let send_at: String?
        public let audience: Int
        public let delivery: String
        public let paid: Bool
        /// Why the engine or an operator paused, canceled or failed it.
        public let reason: String?
        public let created_at: String
        public let updated_at: String
    }

    /// Broadcasts, newest first (ties by id, descending). `id` picks one, `status` those in that
    /// status; `after` continues a listing after that broadcast, for pages of `limit`.
    public func broadcasts(id: UUID? = nil, status: String? = nil, after cursor: UUID? = nil, limit: Int? = nil)
        async throws -> [Broadcast]
    {
        try await ProjectionRunner(configuration: database, projector: Broadcasts()).catchUp()
        try await ProjectionRunner(configuration: database, projector: Templates()).catchUp()
        let connection = try await Connection.connect(to: database, applicationName: "herald-read")
        let table = "\(Broadcasts().schema).\(Broadcasts.table)"
        var query: Query = """
            SELECT b.broadcast_id, b.title, b.template_id, b.cohort, b.status, b.send_at, b.audience, b.created_at, \
            b.updated_at, t.name, b.delivery, b.paid, b.reason FROM \(unsafeRaw: table) b \
            LEFT JOIN \(unsafeRaw: Templates().schema).\(unsafeRaw: Templates.table) t USING (template_id) WHERE true
            """
        if let id {
            query.append(unsafeSQL: " AND b.broadcast_id = ")
            query.append(bind: id)
        }
        if let status {
            query.append(unsafeSQL: " AND b.status = ")
            query.append(bind: status)
        }
        if let cursor {
            query.append(
                unsafeSQL: " AND (b.created_at, b.broadcast_id) < (SELECT created_at, broadcast_id FROM \(table) "
                    + "WHERE broadcast_id = ")
            query.append(bind: cursor)
            query.append(unsafeSQL: ")")
        }
        query.append(unsafeSQL: " ORDER BY b.created_at DESC, b.broadcast_id DESC")
        if let limit {
            query.append(unsafeSQL: " LIMIT ")
            query.append(bind: limit)
        }
        return try await connection.query(query).map(Self.broadcast)
    }

    /// The broadcast `id`; nil when there is none.
    public func broadcast(_ id: UUID) async throws -> Broadcast? {
        try await broadcasts(id: id).first
    }

    static func broadcast(_ row: Row) throws -> Broadcast {
        let formatter = ISO8601DateFormatter()
        return Broadcast(
            broadcast_id: try row.decode(UUID.self, at: 0).uuidString.lowercased(),
            title: try row.decode(String.self, at: 1),
            template_id: try row.decode(UUID.self, at: 2).uuidString.lowercased(),
            template: try row.decodeIfPresent(String.self, at: 9),
            cohort: try row.decode(JSONB.self, at: 3).decode(JSONValue.self),
            status: try row.decode(String.self, at: 4),
            send_at: try row.decodeIfPresent(Date.self, at: 5).map(formatter.string),
            audience: try row.decode(Int.self, at: 6),
            delivery: try row.decode(String.self, at: 10).replacingOccurrences(of: "_", with: "-"),
            paid: try row.decode(Bool.self, at: 11),
            reason: try row.decodeIfPresent(String.self, at: 12),
            created_at: formatter.string(from: try row.decode(Date.self, at: 7)),
            updated_at: formatter.string(from: try row.decode(Date.self, at: 8)))
    }
}
