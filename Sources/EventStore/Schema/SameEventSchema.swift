/// Migration 6: an event id stands for one event, not for whatever is sent with it.
///
/// Version 1 returned the stored positions for any batch whose ids were all stored, whatever the
/// streams, types and data sent with them, and a batch naming a stored id twice got that event's
/// position twice. Now a stored id arriving with another stream, type, schema version or data is
/// refused (HR005), like an idempotency key reused for another request, and so is an id repeated
/// within a batch (HR002). Metadata is not compared: a retry may carry another causation.
/// The check runs only where the stored batch was looked up before, so a first append pays nothing.
enum SameEventSchema {
    static let version6 = """
        -- Positions of a batch that is stored already, or no row; refuses stored ids sent as other events.
        CREATE FUNCTION herald.stored_batch(
            event_ids uuid[], streams text[], types text[], schema_versions integer[], datas jsonb[]
        ) RETURNS TABLE (positions bigint[], stream_versions integer[], appended boolean)
        LANGUAGE plpgsql STABLE AS $$
        DECLARE
            differing uuid;
        BEGIN
            IF (SELECT count(DISTINCT i.id) FROM unnest(event_ids) AS i (id)) <> cardinality(event_ids) THEN
                RAISE EXCEPTION USING ERRCODE = 'HR002', MESSAGE = 'an event id repeats within the batch';
            END IF;
            SELECT i.id INTO differing
            FROM unnest(event_ids, streams, types, schema_versions, datas) WITH ORDINALITY
                 AS i (id, stream, type, schema_version, data, ord)
            JOIN herald.events e ON e.event_id = i.id
            WHERE (e.stream, e.type, e.schema_version, e.data) IS DISTINCT FROM (i.stream, i.type, i.schema_version, i.data)
            ORDER BY i.ord LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'HR005',
                    MESSAGE = format('event %s is stored already with another stream, type or data', differing),
                    DETAIL = json_build_object('event_id', differing)::text;
            END IF;
            RETURN QUERY
                SELECT array_agg(e.position ORDER BY i.ord), array_agg(e.stream_version ORDER BY i.ord), false
                FROM unnest(event_ids) WITH ORDINALITY AS i (id, ord) JOIN herald.events e ON e.event_id = i.id
                HAVING count(*) = cardinality(event_ids);
        END
        $$;

        \(AppendFunction.sql(AppendFunction.sameEvent))

        DROP FUNCTION herald.stored_positions(uuid[]);
        """
}
