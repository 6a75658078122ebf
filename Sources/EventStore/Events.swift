import Foundation
public import Postgres

/// An event to append: what happened, to which stream, with what data.
public struct NewEvent: Sendable, Equatable {
    /// Idempotency key: appending an event that is stored already appends nothing; its id with
    /// another stream, type, schema version or data is refused (`EventStoreError.eventIDReused`).
    public var id: UUID
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    public var data: JSONB
    public var metadata: JSONB

    public init(
        id: UUID = UUID(), stream: String, type: String, schemaVersion: Int = 1, data: JSONB,
        metadata: JSONB = JSONB("{}")
    ) {
        self.id = id
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
    }
}

/// An event as the log stores it.
public struct RecordedEvent: Sendable, Equatable {
    /// Global order: gap-free, equal to commit order, starting at 1.
    public var position: Int64
    public var stream: String
    /// Order within the stream, starting at 1.
    public var streamVersion: Int
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    public var data: JSONB
    public var metadata: JSONB
    public var recordedAt: Date
    /// sha256 over the previous event's hash and this event's canonical form.
    public var hash: [UInt8]

    /// The columns `init(row:)` reads, in order.
    static let columns =
        "position, stream, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash"

    init(row: Row) throws {
        position = try row.decode(Int64.self, at: 0)
        stream = try row.decode(String.self, at: 1)
        streamVersion = try row.decode(Int.self, at: 2)
        id = try row.decode(UUID.self, at: 3)
        type = try row.decode(String.self, at: 4)
        schemaVersion = try row.decode(Int.self, at: 5)
        data = try row.decode(JSONB.self, at: 6)
        metadata = try row.decode(JSONB.self, at: 7)
        recordedAt = try row.decode(Date.self, at: 8)
        hash = try row.decode(ByteA.self, at: 9).bytes
    }
}

/// The outcome of an append.
public struct AppendResult: Sendable, Equatable {
    /// The position of each event, in the order given.
    public var positions: [Int64]
    /// Each event's version in its stream, in the order given.
    public var streamVersions: [Int]
    /// False when every event id was stored already and nothing was appended.
    public var appended: Bool

    /// The position of the batch's last event.
    public var lastPosition: Int64 { positions.max() ?? 0 }
}
