/// The text of `herald.append`, in one place: migration 1 created it finding a stored batch by its
/// ids alone, and migration 6 replaced it with a lookup that also compares what was sent again
/// (`SameEventSchema`). The two differ only in `Variant`; a new migration that changes the
/// function adds a variant here rather than restating the function.
enum AppendFunction {
    struct Variant {
        /// The comment above the function, its lines without `-- `'s indentation.
        let comment: String
        /// `CREATE FUNCTION` or `CREATE OR REPLACE FUNCTION`.
        let create: String
        /// The call that finds a batch stored already (positions, stream versions, appended).
        let storedBatch: String
        /// The format of the refusal when some of the batch's ids are stored.
        let conflictMessage: String
    }

    /// Migration 1's.
    static let byIDs = Variant(
        comment: [
            "-- Appends a batch atomically and returns each event's position and stream version.",
            "-- Expected versions: 0 = the stream must not exist, n = its current version must be n; streams",
            "-- not listed accept any version. A batch whose event ids are all stored already returns their",
            "-- positions and appends nothing; that is checked only when the fast path fails (a version",
            "-- conflict, or an id conflict), so a first append pays nothing for it.",
        ].joined(separator: "\n"),
        create: "CREATE FUNCTION", storedBatch: "herald.stored_positions(event_ids)",
        conflictMessage: "%s of the %s event ids are stored already (or an id repeats in the batch)")

    /// Migration 6's.
    static let sameEvent = Variant(
        comment: [
            "-- Appends a batch atomically and returns each event's position and stream version.",
            "-- Expected versions: 0 = the stream must not exist, n = its current version must be n; streams",
            "-- not listed accept any version. A batch whose events are all stored already returns their",
            "-- positions and appends nothing; that is checked only when the fast path fails (a version",
            "-- conflict, or an id conflict), so a first append pays nothing for it. A stored id sent as",
            "-- another event, or repeated within the batch, is refused there.",
        ].joined(separator: "\n"),
        create: "CREATE OR REPLACE FUNCTION",
        storedBatch: "herald.stored_batch(event_ids, streams, types, schema_versions, datas)",
        conflictMessage: "%s of the %s event ids are stored already")

    static func sql(_ variant: Variant) -> String {
        """
        \(variant.comment)
        \(variant.create) herald.append(
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
            PERFORM pg_advisory_xact_lock(\(EventLogSchema.appendLockKey));

            FOR i IN 1 .. coalesce(cardinality(expected_streams), 0) LOOP
                SELECT coalesce(max(e.stream_version), 0) INTO current_version
                FROM herald.events e WHERE e.stream = expected_streams[i];
                IF current_version <> expected_versions[i] THEN
                    SELECT * INTO positions, stream_versions, appended FROM \(variant.storedBatch);
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
                    SELECT * INTO positions, stream_versions, appended FROM \(variant.storedBatch);
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
                    SELECT * INTO positions, stream_versions, appended FROM \(variant.storedBatch);
                    IF FOUND THEN RETURN; END IF;
                    RAISE EXCEPTION USING ERRCODE = 'HR002',
                        MESSAGE = format('\(variant.conflictMessage)',
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
        """
    }
}
