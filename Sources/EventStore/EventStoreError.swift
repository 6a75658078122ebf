public import Postgres

/// An append the log refused. Nothing of the batch was appended.
public struct EventStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case wrongExpectedVersion(stream: String, expected: Int, actual: Int)
        case partialDuplicate(String)
        case emptyBatch
        case invalidEvent(String)
    }
    private let kind: Kind

    /// A stream was not at the version the append expected (another writer got there first).
    public static func wrongExpectedVersion(stream: String, expected: Int, actual: Int) -> EventStoreError {
        EventStoreError(kind: .wrongExpectedVersion(stream: stream, expected: expected, actual: actual))
    }

    /// Some but not all of a batch's event ids are stored: not a retry of the same batch.
    public static func partialDuplicate(_ message: String) -> EventStoreError {
        EventStoreError(kind: .partialDuplicate(message))
    }

    public static let emptyBatch = EventStoreError(kind: .emptyBatch)

    static func invalidEvent(_ message: String) -> EventStoreError {
        EventStoreError(kind: .invalidEvent(message))
    }

    /// The stream whose version did not match, for a conflict.
    public var conflictingStream: String? {
        if case .wrongExpectedVersion(let stream, _, _) = kind { return stream }
        return nil
    }

    public var isConcurrencyConflict: Bool { conflictingStream != nil }

    public var description: String {
        switch kind {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            "stream \(stream) is at version \(actual), expected \(expected == 0 ? "no stream" : String(expected))"
        case .partialDuplicate(let message): message
        case .emptyBatch: "an append needs at least one event"
        case .invalidEvent(let message): message
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
        default: return error
        }
    }
}
