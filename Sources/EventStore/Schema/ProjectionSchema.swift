/// The SQL behind projections: one checkpoint row per projector and a view of their lag.
enum ProjectionSchema {
    static let version2 = """
        -- A projector's tables live in schema rm_<name>; its checkpoint is the position up to which
        -- they include every event. Both change in the same transaction.
        CREATE TABLE herald.projections (
            name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
            version integer NOT NULL,
            position bigint NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE VIEW herald.projection_status AS
            SELECT p.name, p.version, p.position, h.head, h.head - p.position AS lag, p.updated_at
            FROM herald.projections p
            CROSS JOIN (SELECT coalesce(max(position), 0) AS head FROM herald.events) h;
        """
}
