import Broadcasting
import EventStore
import Postgres

/// Each broadcast's sends and clicks second by second, as the log recorded them: what the
/// dashboard draws as sends and clicks over time.
///
/// Folded in SQL over ranges of `herald.events` (set-based), like `Stats`, from the same events at
/// the same schema versions. A second is the one of the event's `recorded_at` (UTC). Counts:
/// `sent` and `failed` (permanent failures) as `Stats` counts them; `clicks` the first press of
/// each (user, button), which is the press that creates its click stream, so the seconds of a
/// broadcast add up to its per-button unique clicks; `taps` every press, the first included.
public struct Timeline: SetBasedProjector {
    public let name = "timeline"
    public let version = 1
    public let eventTypes: Set<String>? = [MessageSent.type, MessageFailed.type, CTAClicked.type]

    /// The table of seconds in `schema`.
    public static let table = "seconds"

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).\(Self.table) (
                broadcast_id uuid NOT NULL,
                second timestamptz NOT NULL,
                sent bigint NOT NULL DEFAULT 0,
                failed bigint NOT NULL DEFAULT 0,
                clicks bigint NOT NULL DEFAULT 0,
                taps bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (broadcast_id, second)
            );
            """)
    }

    public func apply(after: Int64, through: Int64, in schema: String, session: Session) throws {
        let (sent, failed, clicked) = (
            Stats.literal(MessageSent.type), Stats.literal(MessageFailed.type), Stats.literal(CTAClicked.type)
        )
        try session.executeUnsafeScript(
            """
            INSERT INTO \(schema).\(Self.table) AS t (broadcast_id, second, sent, failed, clicks, taps)
            SELECT (data->>'broadcast_id')::uuid, date_trunc('second', recorded_at),
                count(*) FILTER (WHERE type = \(sent)),
                count(*) FILTER (WHERE type = \(failed) AND (data->>'permanent')::boolean),
                count(*) FILTER (WHERE type = \(clicked) AND stream_version = 1),
                count(*) FILTER (WHERE type = \(clicked))
            FROM herald.events
            WHERE position > \(after) AND position <= \(through) AND type IN (\(sent), \(failed), \(clicked))
            GROUP BY 1, 2
            ON CONFLICT (broadcast_id, second) DO UPDATE SET
                sent = t.sent + excluded.sent, failed = t.failed + excluded.failed,
                clicks = t.clicks + excluded.clicks, taps = t.taps + excluded.taps;
            """)
    }
}
