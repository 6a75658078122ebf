import Broadcasting
import EventStore
import Postgres

/// How each broadcast did: audience, delivery outcomes, clicks and conversions; and the click
/// dedupe set, one row per (broadcast, user, button) that was ever pressed.
///
/// Folded in SQL over ranges of `herald.events` (set-based), because delivery and click events
/// are the bulk of the log: a replay is a few grouped scans per batch instead of a decoded row
/// per message. The SQL reads the events' JSON as schema version 1 lays it out (`cta.clicked` v2
/// only adds fields the fold does not read, so both versions fold alike);
/// `Stats.schemaVersions` names the versions understood and a test fails when the catalogue moves on.
///
/// Counts:
/// - `failed` counts permanent `message.failed` (the recipient will not get the message), by
///   error class in `failures`; `blocked` is the part of it whose class is `recipient_gone`.
///   Non-permanent failures are attempts that will be retried: `retried` counts them.
/// - `unique_clickers` counts users who pressed any button; `buttons` counts, per button, the
///   users who pressed it (`unique_clicks`) and every press (`taps`).
/// - CTR and conversion rate are computed when read: unique clickers / sent and
///   conversions / unique clickers.
/// - `conversion_value` is the exact decimal sum (`numeric`) of the values as the events spell
///   them. A value the domain would refuse today (`ConversionDecider.isValidValue`: a JSON number
///   from 0 to 1e9) is left out of the sum, its conversion still counted: older binaries
///   accepted any finite value, and a log holding 1e308 and 1.7e308 once overflowed the
///   `double precision` sum for good, stopping the whole projector. Within the bound the sum
///   stays far inside what readers convert to `Double`.
///
/// Version 2: `conversion_value` became `numeric`, summed exactly, without out-of-range values.
public struct Stats: SetBasedProjector {
    public let name = "stats"
    public let version = 2
    public let eventTypes: Set<String>? = Set(Self.schemaVersions.keys)

    /// The event types the fold reads, at the schema version its SQL understands.
    public static let schemaVersions: [String: Int] = [
        BroadcastAudienceResolved.type: 1, MessageSent.type: 1, MessageFailed.type: 1,
        MessageOutcomeUnknown.type: 1, CTAClicked.type: 2, ConversionMarked.type: 1,
    ]

    public init() {}

    public func createTables(in schema: String, session: Session) throws {
        try session.executeUnsafeScript(
            """
            CREATE TABLE \(schema).broadcasts (
                broadcast_id uuid PRIMARY KEY,
                audience bigint NOT NULL DEFAULT 0,
                sent bigint NOT NULL DEFAULT 0,
                failed bigint NOT NULL DEFAULT 0,
                blocked bigint NOT NULL DEFAULT 0,
                unknown bigint NOT NULL DEFAULT 0,
                retried bigint NOT NULL DEFAULT 0,
                unique_clickers bigint NOT NULL DEFAULT 0,
                taps bigint NOT NULL DEFAULT 0,
                conversions bigint NOT NULL DEFAULT 0,
                conversion_value numeric NOT NULL DEFAULT 0
            );
            CREATE TABLE \(schema).failures (
                broadcast_id uuid NOT NULL,
                error_class text NOT NULL,
                failures bigint NOT NULL,
                PRIMARY KEY (broadcast_id, error_class)
            );
            CREATE TABLE \(schema).buttons (
                broadcast_id uuid NOT NULL,
                button text NOT NULL,
                unique_clicks bigint NOT NULL,
                taps bigint NOT NULL,
                PRIMARY KEY (broadcast_id, button)
            );
            CREATE TABLE \(schema).clicks (
                broadcast_id uuid NOT NULL,
                user_id bigint NOT NULL,
                button text NOT NULL,
                taps bigint NOT NULL,
                first_position bigint NOT NULL,
                PRIMARY KEY (broadcast_id, user_id, button)
            );
            """)
    }

    public func apply(after: Int64, through: Int64, in schema: String, session: Session) throws {
        // Positions and type names are Herald's own values, so the SQL is written out whole. Every
        // statement reads the same range. Clicks are one statement: its parts share one snapshot,
        // so the "is it new?" checks see the dedupe set as it was before this range, and the
        // planner sees the range's estimated size (a temporary table per batch had no statistics,
        // so every small live batch hashed the whole dedupe set, and created catalogue rows).
        let range = "position > \(after) AND position <= \(through)"
        let (audience, sent, failed, unknown, clicked, converted) = (
            Self.literal(BroadcastAudienceResolved.type), Self.literal(MessageSent.type),
            Self.literal(MessageFailed.type), Self.literal(MessageOutcomeUnknown.type), Self.literal(CTAClicked.type),
            Self.literal(ConversionMarked.type)
        )
        let permanent = "(data->>'permanent')::boolean"
        // CASE, not AND: SQL does not promise to test the type before it casts.
        let value = """
            CASE WHEN jsonb_typeof(data->'value') IS DISTINCT FROM 'number' THEN NULL
                WHEN (data->'value')::numeric BETWEEN 0 AND \(Self.maximumValue) THEN (data->'value')::numeric END
            """
        try session.executeUnsafeScript(
            """
            INSERT INTO \(schema).broadcasts AS b
                (broadcast_id, audience, sent, failed, blocked, unknown, retried, conversions, conversion_value)
            SELECT (data->>'broadcast_id')::uuid,
                coalesce(sum(jsonb_array_length(data->'user_ids')) FILTER (WHERE type = \(audience)), 0),
                count(*) FILTER (WHERE type = \(sent)),
                count(*) FILTER (WHERE type = \(failed) AND \(permanent)),
                count(*) FILTER (WHERE type = \(failed) AND \(permanent)
                    AND data->>'error_class' = \(Self.literal(SendErrorClass.recipientGone.rawValue))),
                count(*) FILTER (WHERE type = \(unknown)),
                count(*) FILTER (WHERE type = \(failed) AND NOT \(permanent)),
                count(*) FILTER (WHERE type = \(converted)),
                coalesce(sum(\(value)) FILTER (WHERE type = \(converted)), 0)
            FROM herald.events
            WHERE \(range) AND type IN (\(audience), \(sent), \(failed), \(unknown), \(converted))
            GROUP BY 1
            ON CONFLICT (broadcast_id) DO UPDATE SET
                audience = b.audience + excluded.audience, sent = b.sent + excluded.sent,
                failed = b.failed + excluded.failed, blocked = b.blocked + excluded.blocked,
                unknown = b.unknown + excluded.unknown, retried = b.retried + excluded.retried,
                conversions = b.conversions + excluded.conversions,
                conversion_value = b.conversion_value + excluded.conversion_value;

            INSERT INTO \(schema).failures AS f (broadcast_id, error_class, failures)
            SELECT (data->>'broadcast_id')::uuid, data->>'error_class', count(*)
            FROM herald.events
            WHERE \(range) AND type = \(failed) AND \(permanent)
            GROUP BY 1, 2
            ON CONFLICT (broadcast_id, error_class) DO UPDATE SET failures = f.failures + excluded.failures;

            WITH presses AS (
                SELECT (data->>'broadcast_id')::uuid AS broadcast_id, (data->>'user_id')::bigint AS user_id,
                    data->>'button' AS button, count(*) AS taps, min(position) AS first_position
                FROM herald.events WHERE \(range) AND type = \(clicked)
                GROUP BY 1, 2, 3
            ), judged AS (
                SELECT p.*,
                    NOT EXISTS (SELECT 1 FROM \(schema).clicks c
                        WHERE c.broadcast_id = p.broadcast_id AND c.user_id = p.user_id) AS new_clicker,
                    NOT EXISTS (SELECT 1 FROM \(schema).clicks c
                        WHERE c.broadcast_id = p.broadcast_id AND c.user_id = p.user_id AND c.button = p.button)
                        AS new_click
                FROM presses p
            ), clickers AS (
                INSERT INTO \(schema).broadcasts AS b (broadcast_id, unique_clickers, taps)
                SELECT broadcast_id, count(DISTINCT user_id) FILTER (WHERE new_clicker), sum(taps)
                FROM judged GROUP BY 1
                ON CONFLICT (broadcast_id) DO UPDATE SET
                    unique_clickers = b.unique_clickers + excluded.unique_clickers, taps = b.taps + excluded.taps
            ), buttons AS (
                INSERT INTO \(schema).buttons AS t (broadcast_id, button, unique_clicks, taps)
                SELECT broadcast_id, button, count(*) FILTER (WHERE new_click), sum(taps)
                FROM judged GROUP BY 1, 2
                ON CONFLICT (broadcast_id, button) DO UPDATE SET
                    unique_clicks = t.unique_clicks + excluded.unique_clicks, taps = t.taps + excluded.taps
            )
            INSERT INTO \(schema).clicks AS c (broadcast_id, user_id, button, taps, first_position)
            SELECT broadcast_id, user_id, button, taps, first_position FROM presses
            ON CONFLICT (broadcast_id, user_id, button) DO UPDATE SET taps = c.taps + excluded.taps;
            """)
    }

    /// `ConversionDecider.maximumValue` as a SQL numeric literal.
    static let maximumValue = String(Int64(ConversionDecider.maximumValue))

    /// A SQL string literal of one of Herald's own names (no quotes in them).
    static func literal(_ name: String) -> String { "'\(name)'" }
}
