/// Migration 5: the canonical form an event's hash covers is UTF-8, whatever the client encoding.
///
/// Version 1 turned the text into bytes with `textsend`, which converts to the session's
/// `client_encoding`: a LATIN1 session verifying an intact log with non-ASCII text saw other bytes
/// and reported a mismatch. `convert_to(…, 'UTF8')` converts from the server's encoding to UTF-8
/// whatever the client's. Every stored hash stays valid: Herald's connections always appended
/// with `client_encoding = UTF8`, so `textsend` produced exactly these bytes.
/// Marked STABLE rather than IMMUTABLE: the conversion depends on the database's encoding.
enum CanonicalUTF8Schema {
    static let version5 = """
        CREATE OR REPLACE FUNCTION herald.event_canonical(
            p_position bigint, p_stream text, p_stream_version integer, p_event_id uuid, p_type text,
            p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
        ) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
            SELECT convert_to(concat_ws('|', p_position, p_stream_version, p_schema_version,
                (extract(epoch FROM p_recorded_at) * 1000000)::bigint, p_event_id,
                length(p_stream), p_stream, length(p_type), p_type, p_data, p_metadata), 'UTF8')
        $$;
        """
}
