/// The SQL of the event log: one table and a few short functions (Message DB's shape).
enum EventLogSchema {
    /// Advisory lock key that serialises appends; position order is therefore commit order.
    static let appendLockKey: Int64 = 0x4845_5241_4C44  // "HERALD"

    static let version1 = """
        CREATE TABLE herald.events (
            position bigint PRIMARY KEY CHECK (position > 0),
            stream text NOT NULL CHECK (stream <> ''),
            stream_version integer NOT NULL CHECK (stream_version > 0),
            event_id uuid NOT NULL UNIQUE,
            type text NOT NULL CHECK (type <> ''),
            schema_version integer NOT NULL CHECK (schema_version > 0),
            data jsonb NOT NULL,
            metadata jsonb NOT NULL DEFAULT '{}',
            recorded_at timestamptz NOT NULL,
            hash bytea NOT NULL,
            UNIQUE (stream, stream_version)
        );

        -- The bytes an event's hash covers besides the previous hash: every column as stored, with
        -- lengths before the free-text fields so no two events share a form (jsonb's own text form
        -- is stable across reads). hash(n) = sha256(hash(n-1) || canonical(n)); hash(0) is empty.
        CREATE FUNCTION herald.event_canonical(
            p_position bigint, p_stream text, p_stream_version integer, p_event_id uuid, p_type text,
            p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
        ) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT textsend(concat_ws('|', p_position, p_stream_version, p_schema_version,
                (extract(epoch FROM p_recorded_at) * 1000000)::bigint, p_event_id,
                length(p_stream), p_stream, length(p_type), p_type, p_data, p_metadata))
        $$;

        -- Positions of a batch that is stored already, or no row.
        CREATE FUNCTION herald.stored_positions(event_ids uuid[])
        RETURNS TABLE (positions bigint[], stream_versions integer[], appended boolean)
        LANGUAGE sql STABLE AS $$
            SELECT array_agg(e.position ORDER BY i.ord), array_agg(e.stream_version ORDER BY i.ord), false
            FROM unnest(event_ids) WITH ORDINALITY AS i (id, ord) JOIN herald.events e ON e.event_id = i.id
            HAVING count(*) = cardinality(event_ids)
        $$;

        \(AppendFunction.sql(AppendFunction.byIDs))

        -- Summaries of the log, for people at a psql prompt and for `herald audit summary`.
        CREATE VIEW herald.event_types AS
            SELECT type, schema_version, count(*) AS events, max(position) AS last_position
            FROM herald.events GROUP BY type, schema_version;
        CREATE VIEW herald.streams AS
            SELECT stream, max(stream_version) AS version, max(position) AS last_position
            FROM herald.events GROUP BY stream;
        """
}
