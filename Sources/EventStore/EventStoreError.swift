public import Postgres

/// An append the log refused. Nothing of the batch was appended.
public struct EventStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case wrongExpectedVersion(stream: String, expected: Int, actual: Int)
        case partialDuplicate(String)
        case eventIDReused(String)
        case emptyBatch
        case invalidEvent(String)
        case serializationFailure(String)
    }
    private let kind: Kind

    /// A stream was not at the version the append expected (another writer got there first).
    public static func wrongExpectedVersion(stream: String, expected: Int, actual: Int) -> EventStoreError {
        EventStoreError(kind: .wrongExpectedVersion(stream: stream, expected: expected, actual: actual))
    }

    /// Some but not all of a batch's event ids are stored, or an id repeats within the batch: not
    /// a retry of the same batch.
    public static func partialDuplicate(_ message: String) -> EventStoreError {
        EventStoreError(kind: .partialDuplicate(message))
    }

    /// A stored event id arrived with another stream, type, schema version or data: an id names
    /// one event, so this is a mistake (an id reused), not a retry.
    public static func eventIDReused(_ message: String) -> EventStoreError {
        EventStoreError(kind: .eventIDReused(message))
    }

    public static let emptyBatch = EventStoreError(kind: .emptyBatch)

    static func invalidEvent(_ message: String) -> EventStoreError {
        EventStoreError(kind: .invalidEvent(message))
    }

    /// The append ran on a snapshot older than its lock (a transaction at REPEATABLE READ or
    /// SERIALIZABLE), or the server refused to serialize it; nothing was appended, and running the
    /// same append again in a new transaction succeeds. `EventStore.append` retries it itself; an
    /// append inside a caller's transaction leaves the retry to the caller.
    public static func serializationFailure(_ message: String) -> EventStoreError {
        EventStoreError(kind: .serializationFailure(message))
    }

    /// True when the same append, retried in a new transaction, can succeed.
    public var isTransient: Bool {
        if case .serializationFailure = kind { return true }
        return false
    }

    /// The stream whose version did not match, for a conflict.
    public var conflictingStream: String? {
        if case .wrongExpectedVersion(let stream, _, _) = kind { return stream }
        return nil
    }

    public var isConcurrencyConflict: Bool { conflictingStream != nil }

    /// True when a stored event id was sent with another event (`eventIDReused`).
    public var isReusedEventID: Bool {
        if case .eventIDReused = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            "stream \(stream) is at version \(actual), expected \(expected == 0 ? "no stream" : String(expected))"
        case .partialDuplicate(let message): message
        case .eventIDReused(let message): message
        case .emptyBatch: "an append needs at least one event"
        case .invalidEvent(let message): message
        case .serializationFailure(let message): "the append could not be serialized, retry it: \(message)"
        }
    }

    /// Maps the log function's own SQLSTATEs to typed errors; other errors pass through.
    static func from(_ error: PostgresError) -> (any Error) {
        switch error.sqlState {
        case "HR001":
            struct Detail: Decodable {
                let stream: String
                let expected: Int
                let actual: Int
            }
            if let detail = error.detail, let parsed = try? JSONB(detail).decode(Detail.self) {
                return wrongExpectedVersion(stream: parsed.stream, expected: parsed.expected, actual: parsed.actual)
            }
            return error
        case "HR002": return partialDuplicate(error.message)
        case "HR003": return emptyBatch
        case "HR005": return eventIDReused(error.message)
        case "40001", "40P01": return serializationFailure(error.message)
        case "23505" where error.constraint == "events_pkey" || error.constraint == "events_stream_stream_version_key":
            // Under the append lock a READ COMMITTED statement sees every earlier append, so a taken
            // position or stream version means the snapshot predates the lock.
            return serializationFailure("the transaction's snapshot is older than the append lock")
        default: return error
        }
    }
}
