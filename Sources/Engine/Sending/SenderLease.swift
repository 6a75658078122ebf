import Foundation
public import Postgres

/// The right to send for one bot: a session advisory lock on the bot, held on a connection of its
/// own, plus a fencing epoch in `herald.senders`.
///
/// The lock picks one holder among the `herald run` processes sharing a database; it ends with the
/// holder's connection (a killed process, a restarted server), so a standby's next try takes it.
/// Each takeover bumps the epoch, and every transaction that records a send checks it
/// (`DispatchStore.fence`), so a holder that lost its lock without noticing records nothing.
public final class SenderLease: Sendable {
    public let botID: Int64
    public let epoch: Int64
    /// The bot's last `retry_after` pause as the previous holder recorded it; none is sent before.
    public let pausedUntil: Date?
    let connection: Connection

    private init(botID: Int64, epoch: Int64, pausedUntil: Date?, connection: Connection) {
        self.botID = botID
        self.epoch = epoch
        self.pausedUntil = pausedUntil
        self.connection = connection
    }

    /// The advisory lock key of a bot's lease ("SEND" in the high bytes, apart from the log's keys).
    public static func lockKey(bot: Int64) -> Int64 { 0x5345_4E44 << 32 ^ bot }

    /// Takes the lease if no other process holds it; nil when one does.
    public static func acquire(bot: Int64, holder: String, configuration: String) async throws -> SenderLease? {
        let connection = try await Connection.connect(to: configuration, applicationName: "herald-sender-lease")
        let key = lockKey(bot: bot)
        let taken = try await connection.query("SELECT pg_try_advisory_lock(\(key))")
        guard try taken[0].decode(Bool.self, at: 0) else { return nil }
        let rows = try await connection.query(
            """
            INSERT INTO herald.senders AS s (bot_id, epoch, holder, acquired_at, heartbeat_at, state)
            VALUES (\(bot), 1, \(holder), now(), now(), 'starting')
            ON CONFLICT (bot_id) DO UPDATE SET epoch = s.epoch + 1, holder = excluded.holder,
                acquired_at = now(), heartbeat_at = now(), state = 'starting', rate = 0
            RETURNING epoch, paused_until
            """)
        return SenderLease(
            botID: bot, epoch: try rows[0].decode(Int64.self, at: 0),
            pausedUntil: try rows[0].decodeIfPresent(Date.self, at: 1), connection: connection)
    }

    /// What the holder reports each heartbeat, for `herald status`.
    public struct Report: Sendable {
        public var state: String
        public var rate: Double
        public var pausedUntil: Date?

        public init(state: String, rate: Double = 0, pausedUntil: Date? = nil) {
            self.state = state
            self.rate = rate
            self.pausedUntil = pausedUntil
        }
    }

    /// Proves the lock is still held (the connection lives and the epoch is ours) and reports,
    /// with the recipients still waiting as the queue depth;
    /// false or a thrown error means the lease is lost.
    public func heartbeat(_ report: Report) async throws -> Bool {
        let rows = try await connection.execute(
            """
            UPDATE herald.senders SET heartbeat_at = now(), state = \(report.state), rate = \(report.rate),
                queue_depth = (SELECT coalesce(sum(audience - sent - failed - unknown), 0)
                               FROM herald.dispatch_broadcasts WHERE status IN ('sending', 'paused')),
                paused_until = greatest(paused_until, \(report.pausedUntil))
            WHERE bot_id = \(botID) AND epoch = \(epoch)
            """)
        return rows == 1
    }

    /// Gives the lease up so a standby takes over at once; best effort (a dead connection has
    /// released the lock already).
    public func release() async {
        _ = try? await connection.execute(
            """
            UPDATE herald.senders SET holder = NULL, state = 'released', rate = 0, heartbeat_at = now()
            WHERE bot_id = \(botID) AND epoch = \(epoch)
            """)
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey(bot: botID)))")
    }
}
