/// Migration 4: `herald.events` refuses UPDATE, DELETE and TRUNCATE.
///
/// The hash chain shows an edited row, but not a log cut short or rewritten and re-chained from
/// some point on; refusing the statements makes either take a deliberate act, and an anchor kept
/// outside the database (`herald audit anchor`) shows that one happened. Whoever owns the table
/// can still drop the trigger: this stops mistakes and casual edits, the anchor stops the rest.
enum AppendOnlySchema {
    /// The session setting an operator turns on, in that session only, to rewrite the log.
    static let escapeHatch = "herald.allow_rewrite"

    static let version4 = """
        CREATE FUNCTION herald.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('\(escapeHatch)', true), '') = 'on' THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'HR004',
                MESSAGE = format('herald.events is append-only: %s refused', TG_OP),
                HINT = 'to rewrite the log on purpose, SET \(escapeHatch) = on in that session; '
                       'anchors taken before no longer verify';
        END
        $$;

        -- Per statement, so a statement is refused even when it matches no row.
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON herald.events
            FOR EACH STATEMENT EXECUTE FUNCTION herald.refuse_rewrite();
        """
}
