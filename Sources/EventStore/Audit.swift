import Foundation
public import Postgres

/// Which events `herald audit` shows; every field left nil matches everything.
public struct AuditFilter: Sendable, Equatable {
    public var stream: String?
    public var type: String?
    /// `metadata.actor`.
    public var actor: String?
    public var since: Date?
    public var until: Date?
    public var fromPosition: Int64?
    public var toPosition: Int64?

    public init(
        stream: String? = nil, type: String? = nil, actor: String? = nil, since: Date? = nil, until: Date? = nil,
        fromPosition: Int64? = nil, toPosition: Int64? = nil
    ) {
        self.stream = stream
        self.type = type
        self.actor = actor
        self.since = since
        self.until = until
        self.fromPosition = fromPosition
        self.toPosition = toPosition
    }

    /// Appends the SQL condition, with every value bound, to `query`.
    func appendCondition(to query: inout Query, after position: Int64) {
        query.append(unsafeSQL: "position > ")
        query.append(bind: position)
        func and(_ column: String, _ op: String, _ value: (some PostgresEncodable)?) {
            guard let value else { return }
            query.append(unsafeSQL: " AND \(column) \(op) ")
            query.append(bind: value)
        }
        and("stream", "=", stream)
        and("type", "=", type)
        and("metadata->>'actor'", "=", actor)
        and("recorded_at", ">=", since)
        and("recorded_at", "<", until)
        and("position", ">=", fromPosition)
        and("position", "<=", toPosition)
    }
}

extension EventStore {
    /// Up to `limit` events matching `filter` after `position`, in position order.
    public func events(matching filter: AuditFilter, after position: Int64 = 0, limit: Int = 1000) async throws
        -> [RecordedEvent]
    {
        var query: Query = "SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events WHERE "
        filter.appendCondition(to: &query, after: position)
        query.append(unsafeSQL: " ORDER BY position LIMIT ")
        query.append(bind: limit)
        let result = try await withConnection { try await $0.query(query) }
        return try result.map(RecordedEvent.init(row:))
    }

}
