public import Foundation
import Postgres

/// Waits until the running sender has obeyed a pause or cancel: after that no new request for
/// the broadcast starts. With no sender running nothing is sent anyway, so there is nothing to
/// wait for (the next sender reads the log before it sends).
public enum SenderAcknowledgement {
    public enum Outcome: Sendable, Equatable {
        /// The sender holds no request of the broadcast and admits none.
        case acknowledged
        /// No `herald run` holds a sender lease.
        case noSender
        /// The sender did not confirm in time (it may be stuck on the database).
        case timedOut
    }

    /// Waits up to `timeout` for the sender to acknowledge the event at `position`.
    public static func wait(
        database: String, broadcast: UUID, position: Int64, timeout: Duration = .seconds(30)
    ) async throws -> Outcome {
        let connection = try await Connection.connect(to: database, applicationName: "herald-acknowledgement")
        try await connection.listen(DispatchFeed.acknowledgementChannel)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await connection.query(
                """
                SELECT (SELECT acknowledged FROM herald.dispatch_broadcasts WHERE broadcast_id = \(broadcast)),
                       EXISTS (SELECT 1 FROM herald.senders s JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted
                               AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint)
                                   = (\(SenderLease.lockKey(bot: 0))::bigint # s.bot_id))
                """)
            if let acknowledged = try rows[0].decodeIfPresent(Int64.self, at: 0), acknowledged >= position {
                return .acknowledged
            }
            if !(try rows[0].decode(Bool.self, at: 1)) { return .noSender }
            // The sender's acknowledging commit notifies; the timeout also notices a sender's death.
            _ = try await connection.waitForNotifications(timeout: .milliseconds(500))
        }
        return .timedOut
    }
}
