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

        -- Appends a batch atomically and returns each event's position and stream version.
        -- Expected versions: 0 = the stream must not exist, n = its current version must be n; streams
        -- not listed accept any version. A batch whose event ids are all stored already returns their
        -- positions and appends nothing; that is checked only when the fast path fails (a version
        -- conflict, or an id conflict), so a first append pays nothing for it.
        CREATE FUNCTION herald.append(
            event_ids uuid[], streams text[], types text[], schema_versions integer[],
            datas jsonb[], metadatas jsonb[], expected_streams text[], expected_versions integer[],
            OUT positions bigint[], OUT stream_versions integer[], OUT appended boolean
        ) LANGUAGE plpgsql AS $$
        DECLARE
            batch_size integer := cardinality(event_ids);
            current_version integer;
            head bigint;
            chain bytea;
            now_at timestamptz;
            items bytea[];
            item bytea;
            hashes bytea[] := '{}';
            violated text;
        BEGIN
            IF batch_size IS NULL OR batch_size = 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'HR003', MESSAGE = 'an append needs at least one event';
            END IF;
            PERFORM pg_advisory_xact_lock(\(appendLockKey));

            FOR i IN 1 .. coalesce(cardinality(expected_streams), 0) LOOP
                SELECT coalesce(max(e.stream_version), 0) INTO current_version
                FROM herald.events e WHERE e.stream = expected_streams[i];
                IF current_version <> expected_versions[i] THEN
                    SELECT * INTO positions, stream_versions, appended FROM herald.stored_positions(event_ids);
                    IF FOUND THEN RETURN; END IF;
                    RAISE EXCEPTION USING ERRCODE = 'HR001',
                        MESSAGE = format('stream %s is at version %s, expected %s',
                                         expected_streams[i], current_version, expected_versions[i]),
                        DETAIL = json_build_object('stream', expected_streams[i], 'expected', expected_versions[i],
                                                   'actual', current_version)::text;
                END IF;
            END LOOP;

            now_at := clock_timestamp();
            IF batch_size = 1 THEN
                -- One statement after the lock: it sees every earlier append.
                INSERT INTO herald.events AS e (position, stream, stream_version, event_id, type, schema_version, data,
                                                metadata, recorded_at, hash)
                SELECT n.position, streams[1], n.version, event_ids[1], types[1], schema_versions[1], datas[1],
                       coalesce(metadatas[1], '{}'), now_at,
                       sha256(n.previous || herald.event_canonical(n.position, streams[1], n.version, event_ids[1], types[1],
                              schema_versions[1], datas[1], coalesce(metadatas[1], '{}'), now_at))
                FROM (SELECT coalesce(h.position, 0) + 1 AS position, coalesce(h.hash, '\\x'::bytea) AS previous,
                             coalesce((SELECT max(v.stream_version) FROM herald.events v WHERE v.stream = streams[1]), 0) + 1
                                 AS version
                      FROM (SELECT 1) one
                      LEFT JOIN (SELECT l.position, l.hash FROM herald.events l ORDER BY l.position DESC LIMIT 1) h ON true) n
                ON CONFLICT (event_id) DO NOTHING
                RETURNING e.position - 1, ARRAY[e.stream_version] INTO head, stream_versions;
                IF NOT FOUND THEN
                    SELECT * INTO positions, stream_versions, appended FROM herald.stored_positions(event_ids);
                    RETURN;
                END IF;
            ELSE
                SELECT e.position, e.hash INTO head, chain FROM herald.events e ORDER BY e.position DESC LIMIT 1;
                head := coalesce(head, 0);
                chain := coalesce(chain, '\\x'::bytea);
                SELECT array_agg(v.version ORDER BY v.ord),
                       array_agg(herald.event_canonical(head + v.ord, v.stream, v.version, v.id, v.type, v.schema_version,
                                 v.data, coalesce(v.metadata, '{}'), now_at) ORDER BY v.ord)
                INTO stream_versions, items
                FROM (
                    SELECT i.*, h.version + (row_number() OVER (PARTITION BY i.stream ORDER BY i.ord))::integer AS version
                    FROM unnest(event_ids, streams, types, schema_versions, datas, metadatas)
                         WITH ORDINALITY AS i (id, stream, type, schema_version, data, metadata, ord)
                    JOIN (SELECT s.stream, coalesce((SELECT max(e.stream_version) FROM herald.events e
                                                     WHERE e.stream = s.stream), 0) AS version
                          FROM unnest(streams) AS s (stream) GROUP BY s.stream) h USING (stream)
                ) v;
                FOREACH item IN ARRAY items LOOP
                    chain := sha256(chain || item);
                    hashes := hashes || chain;
                END LOOP;

                -- No ON CONFLICT here: its per-row speculative insertion costs more than one
                -- subtransaction per batch, and a stored id is the rare case.
                BEGIN
                    INSERT INTO herald.events (position, stream, stream_version, event_id, type, schema_version, data,
                                               metadata, recorded_at, hash)
                    SELECT head + i.ord, i.stream, i.version, i.id, i.type, i.schema_version, i.data,
                           coalesce(i.metadata, '{}'), now_at, i.hash
                    FROM unnest(event_ids, streams, types, schema_versions, datas, metadatas, stream_versions, hashes)
                         WITH ORDINALITY AS i (id, stream, type, schema_version, data, metadata, version, hash, ord);
                EXCEPTION WHEN unique_violation THEN
                    GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
                    IF violated <> 'events_event_id_key' THEN RAISE; END IF;
                    SELECT * INTO positions, stream_versions, appended FROM herald.stored_positions(event_ids);
                    IF FOUND THEN RETURN; END IF;
                    RAISE EXCEPTION USING ERRCODE = 'HR002',
                        MESSAGE = format('%s of the %s event ids are stored already (or an id repeats in the batch)',
                                         (SELECT count(*) FROM herald.events e WHERE e.event_id = ANY (event_ids)),
                                         batch_size);
                END;
            END IF;

            PERFORM pg_notify('herald_events', (head + batch_size)::text);
            IF batch_size = 1 THEN
                positions := ARRAY[head + 1];
            ELSE
                positions := ARRAY(SELECT head + g FROM generate_series(1, batch_size) g);
            END IF;
            appended := true;
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
