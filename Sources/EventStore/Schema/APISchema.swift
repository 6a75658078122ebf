/// Tables for the admin REST API: the responses it gave to requests that carried an
/// `Idempotency-Key`, so that a retry gets the first answer and appends nothing. Operational
/// state, outside the read models and the log.
enum APISchema {
    static let version8 = """
        -- One row per key: claimed (status NULL) while the first request runs, then its answer.
        -- `fingerprint` (sha256 of method, path and body) tells a retry from another request that
        -- reuses the key. Rows older than a day are deleted as new keys arrive.
        CREATE TABLE herald.idempotency_keys (
            key text PRIMARY KEY,
            fingerprint bytea NOT NULL,
            status integer,
            body text,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX idempotency_keys_created_at ON herald.idempotency_keys (created_at);
        """
}
