/// The SQL behind a projector's visible failure: one row per projector that cannot fold an event.
enum ProjectionFailureSchema {
    static let version9 = """
        -- Written by the runner, in the transaction that moves the projector's checkpoint up to just
        -- before the event it cannot fold, and updated on every retry; deleted by the transaction
        -- that folds past it, or by a rebuild that swaps in a model. herald status, /readyz and
        -- the metric herald_projector_failing read it through herald.projection_status.
        CREATE TABLE herald.projection_failures (
            name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
            position bigint NOT NULL,
            event_type text,
            error text NOT NULL,
            attempts bigint NOT NULL DEFAULT 1,
            failing_since timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE OR REPLACE VIEW herald.projection_status AS
            SELECT p.name, p.version, p.position, h.head, h.head - p.position AS lag, p.updated_at,
                   f.position AS failed_position, f.event_type AS failed_type, f.error AS failure,
                   f.failing_since, f.attempts AS failed_attempts
            FROM herald.projections p
            CROSS JOIN (SELECT coalesce(max(position), 0) AS head FROM herald.events) h
            LEFT JOIN herald.projection_failures f ON f.name = p.name;
        """
}
