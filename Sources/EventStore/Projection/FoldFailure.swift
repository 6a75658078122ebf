public import Postgres

/// Why a projector stopped at one event: where it is in the log, what it is, and the error.
public struct FoldFailure: Sendable, Equatable, CustomStringConvertible {
    /// The log position of the event that could not be folded.
    public var position: Int64
    /// The event's type; nil when the log has no event there.
    public var eventType: String?
    /// The error on one line, cut at `maximumErrorLength`.
    public var error: String

    public init(position: Int64, eventType: String?, error: String) {
        self.position = position
        self.eventType = eventType
        self.error = error
    }

    /// The failure of `error`, made into one line a log or a status row can hold.
    init(position: Int64, eventType: String?, error: any Error) {
        let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        self.init(
            position: position, eventType: eventType,
            error: line.count > Self.maximumErrorLength ? String(line.prefix(Self.maximumErrorLength)) + "…" : line)
    }

    static let maximumErrorLength = 500

    public var description: String {
        "cannot fold event \(position) (\(eventType ?? "no event")): \(error)"
    }

    /// Whether `error`, thrown by a batch, is the fold's own failure — the same event would fail
    /// the same way again — rather than the connection's, a conflict that passes, or a runner's
    /// decision (a newer read model swapped in).
    static func isFold(_ error: any Error) -> Bool {
        if error is ProjectionError || error is CancellationError { return false }
        guard let error = error as? PostgresError else { return true }
        return !error.isTransient
            && [.server, .decoding, .unstorableText, .tooManyParameters].contains(error.code)
    }
}
