/// Tables for Telegram's inbound side: secrets Herald generates and keeps, long-polling offsets,
/// and the state of admins' /broadcast conversations. Operational state, outside the read models
/// (a replay never swaps them) and outside the log (a secret must never be in an event).
enum IntakeSchema {
    static let version7 = """
        -- Secrets Herald generated because none was configured (the webhook secret, the link-signing
        -- key), shared by every `herald run` on this database. Never logged, never in an event.
        CREATE TABLE herald.secrets (
            name text PRIMARY KEY,
            value text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );

        -- One row per bot: how its updates arrive and, when polling, the next getUpdates offset
        -- (every update below it is committed). One poller per bot holds an advisory lock.
        CREATE TABLE herald.intake (
            bot_id bigint PRIMARY KEY,
            mode text NOT NULL DEFAULT 'poll',
            poll_offset bigint NOT NULL DEFAULT 0,
            holder text,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        -- An admin's /broadcast conversation: its step and choices so far, so that it survives a
        -- restart of `herald run`; `updated_at` expires it after 15 idle minutes.
        CREATE TABLE herald.conversations (
            bot_id bigint NOT NULL,
            admin_id bigint NOT NULL,
            state jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (bot_id, admin_id)
        );
        """
}
