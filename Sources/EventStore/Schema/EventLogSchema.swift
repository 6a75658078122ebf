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

        -- The bytes an event's hash covers besides the previous hash: an unambiguous JSON array of
        -- every column as stored (jsonb's own text form, so it is stable across reads).
        CREATE FUNCTION herald.event_canonical(
            p_position bigint, p_stream text, p_stream_version integer, p_event_id uuid, p_type text,
            p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
        ) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT convert_to(jsonb_build_array(
                p_position, p_stream, p_stream_version, p_event_id, p_type, p_schema_version, p_data,
                p_metadata, (extract(epoch FROM p_recorded_at) * 1000000)::bigint)::text, 'UTF8')
        $$;

        -- hash(n) = sha256(hash(n-1) || canonical(n)); as a window aggregate it chains a batch.
        CREATE FUNCTION herald.chain_step(state bytea, previous bytea, item bytea)
        RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT sha256(coalesce(state, previous) || item)
        $$;
        CREATE AGGREGATE herald.hash_chain(bytea, bytea) (sfunc = herald.chain_step, stype = bytea);

        -- Appends a batch atomically. Expected versions: 0 = the stream must not exist, n = its
        -- current version must be n; streams not listed accept any version. A batch whose event ids
        -- are all stored already returns their positions and appends nothing.
        CREATE FUNCTION herald.append(
            event_ids uuid[], streams text[], types text[], schema_versions integer[],
            datas jsonb[], metadatas jsonb[], expected_streams text[], expected_versions integer[]
        ) RETURNS TABLE (positions bigint[], stream_versions integer[], appended boolean)
        LANGUAGE plpgsql AS $$
        DECLARE
            batch_size integer := cardinality(event_ids);
            stored integer;
            current_version integer;
            head bigint;
            previous bytea;
            now_at timestamptz;
        BEGIN
            IF batch_size IS NULL OR batch_size = 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'HR003', MESSAGE = 'an append needs at least one event';
            END IF;
            PERFORM pg_advisory_xact_lock(\(appendLockKey));

            SELECT count(*) INTO stored FROM herald.events e WHERE e.event_id = ANY (event_ids);
            IF stored = batch_size THEN
                RETURN QUERY
                    SELECT array_agg(e.position ORDER BY i.ord), array_agg(e.stream_version ORDER BY i.ord), false
                    FROM unnest(event_ids) WITH ORDINALITY AS i (id, ord)
                    JOIN herald.events e ON e.event_id = i.id;
                RETURN;
            ELSIF stored > 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'HR002',
                    MESSAGE = format('%s of the %s event ids are stored already', stored, batch_size);
            END IF;

            FOR i IN 1 .. coalesce(cardinality(expected_streams), 0) LOOP
                SELECT coalesce(max(e.stream_version), 0) INTO current_version
                FROM herald.events e WHERE e.stream = expected_streams[i];
                IF current_version <> expected_versions[i] THEN
                    RAISE EXCEPTION USING ERRCODE = 'HR001',
                        MESSAGE = format('stream %s is at version %s, expected %s',
                                         expected_streams[i], current_version, expected_versions[i]),
                        DETAIL = json_build_object('stream', expected_streams[i],
                                                   'expected', expected_versions[i],
                                                   'actual', current_version)::text;
                END IF;
            END LOOP;

            SELECT e.position, e.hash INTO head, previous FROM herald.events e ORDER BY e.position DESC LIMIT 1;
            head := coalesce(head, 0);
            previous := coalesce(previous, '\\x'::bytea);
            now_at := clock_timestamp();

            RETURN QUERY
            WITH input AS (
                SELECT i.*, head + i.ord AS pos
                FROM unnest(event_ids, streams, types, schema_versions, datas, metadatas)
                     WITH ORDINALITY AS i (id, stream, type, schema_version, data, metadata, ord)
            ), heads AS (
                SELECT s.stream, coalesce((SELECT max(e.stream_version) FROM herald.events e
                                           WHERE e.stream = s.stream), 0) AS version
                FROM (SELECT DISTINCT input.stream FROM input) s
            ), versioned AS (
                SELECT input.*, heads.version
                       + (row_number() OVER (PARTITION BY input.stream ORDER BY input.ord))::integer AS version
                FROM input JOIN heads USING (stream)
            ), chained AS (
                SELECT v.*, herald.hash_chain(previous, herald.event_canonical(
                           v.pos, v.stream, v.version, v.id, v.type, v.schema_version, v.data,
                           coalesce(v.metadata, '{}'), now_at)) OVER (ORDER BY v.ord) AS hash
                FROM versioned v
            ), inserted AS (
                INSERT INTO herald.events AS e (position, stream, stream_version, event_id, type,
                                                schema_version, data, metadata, recorded_at, hash)
                SELECT c.pos, c.stream, c.version, c.id, c.type, c.schema_version, c.data,
                       coalesce(c.metadata, '{}'), now_at, c.hash
                FROM chained c ORDER BY c.ord
                RETURNING e.position, e.stream_version
            )
            SELECT array_agg(r.position ORDER BY r.position), array_agg(r.stream_version ORDER BY r.position), true
            FROM inserted r;

            PERFORM pg_notify('herald_events', (head + batch_size)::text);
        END
        $$;

        -- Summaries of the log, for people at a psql prompt and for `herald audit summary`.
        CREATE VIEW herald.event_types AS
            SELECT type, schema_version, count(*) AS events, max(position) AS last_position
            FROM herald.events GROUP BY type, schema_version;
        CREATE VIEW herald.streams AS
            SELECT stream, max(stream_version) AS version, max(position) AS last_position
            FROM herald.events GROUP BY stream;
        """
}
