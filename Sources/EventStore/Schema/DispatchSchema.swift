/// The sending engine's operational tables: outside the read models (a replay never swaps them),
/// and rebuildable from the log (the queue is the targeted recipients minus those with an outcome).
enum DispatchSchema {
    static let version3 = """
        -- One row per bot. The sender lease is a session advisory lock on the bot plus `epoch`, bumped
        -- at every takeover; every transaction that records a send first takes this row FOR SHARE
        -- and checks the epoch, so a process that lost its lease records nothing. The holder reports
        -- its state here (herald status).
        CREATE TABLE herald.senders (
            bot_id bigint PRIMARY KEY,
            epoch bigint NOT NULL DEFAULT 0,
            holder text,
            acquired_at timestamptz,
            heartbeat_at timestamptz,
            paused_until timestamptz,
            state text NOT NULL DEFAULT 'idle',
            rate double precision NOT NULL DEFAULT 0,
            queue_depth bigint NOT NULL DEFAULT 0
        );

        -- Broadcasts as the sender sees them, fed from the log up to herald.dispatch_feed.position, with
        -- live counts kept in the same transactions that record outcomes. `acknowledged` is the position
        -- of the last pause or cancel the running sender has obeyed: after it, no new request starts.
        CREATE TABLE herald.dispatch_broadcasts (
            broadcast_id uuid PRIMARY KEY,
            status text NOT NULL,
            template_id uuid,
            template_revision integer,
            delivery text NOT NULL DEFAULT 'at_most_once',
            paid boolean NOT NULL DEFAULT false,
            send_at timestamptz,
            audience bigint NOT NULL DEFAULT 0,
            chunks integer NOT NULL DEFAULT 0,
            chunk_count integer,
            sent bigint NOT NULL DEFAULT 0,
            failed bigint NOT NULL DEFAULT 0,
            blocked bigint NOT NULL DEFAULT 0,
            unknown bigint NOT NULL DEFAULT 0,
            retries bigint NOT NULL DEFAULT 0,
            reason text,
            acknowledged bigint NOT NULL DEFAULT 0,
            started_at timestamptz,
            finished_at timestamptz
        );

        -- Recipients without an outcome. `marked_epoch` NULL: waiting; otherwise the delivery stream's
        -- in-flight mark (message.dispatching) at `stream_version` was made under that epoch.
        CREATE TABLE herald.dispatch_queue (
            broadcast_id uuid NOT NULL,
            user_id bigint NOT NULL,
            stream_version integer NOT NULL DEFAULT 0,
            marked_epoch bigint,
            PRIMARY KEY (broadcast_id, user_id)
        );
        CREATE INDEX dispatch_queue_marked ON herald.dispatch_queue (marked_epoch) WHERE marked_epoch IS NOT NULL;

        -- A rotation slot being posted to a chat: written (under the epoch) before the request, deleted
        -- with its outcome. One left by a dead sender is recorded as failed with an unknown outcome,
        -- never posted again: a rotation posts each slot at most once per chat.
        CREATE TABLE herald.rotation_posts (
            rotation_id uuid NOT NULL,
            sequence integer NOT NULL,
            chat_id bigint NOT NULL,
            epoch bigint NOT NULL,
            PRIMARY KEY (rotation_id, sequence, chat_id)
        );

        -- How far the sender has read the log's broadcast events into the tables above.
        CREATE TABLE herald.dispatch_feed (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            position bigint NOT NULL DEFAULT 0
        );
        INSERT INTO herald.dispatch_feed DEFAULT VALUES;
        """
}
