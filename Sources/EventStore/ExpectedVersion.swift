/// What an append expects of a stream's current version (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have exactly this version (1 is the first event).
    case exact(Int)

    /// The number the log's `append` function compares with, or nil for `any`.
    var required: Int32? {
        switch self {
        case .any: nil
        case .noStream: 0
        case .exact(let version): Int32(clamping: version)
        }
    }
}
