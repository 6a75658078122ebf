public import Broadcasting
import Foundation
import Logging
import Postgres

/// Starts scheduled broadcasts when they are due: resolves the cohort and records the audience
/// through `BroadcastHandler.send`, as an operator's `send` would. A broadcast due with nobody
/// to send to fails with that reason rather than waiting forever.
struct Scheduler: Sendable {
    let dispatch: DispatchStore
    let broadcasts: BroadcastHandler
    let audience: BroadcastHandler.AudienceResolver
    let logger: Logger

    /// Starts every due broadcast; returns how long until the next one is due (nil: none).
    func startDue(now: Date = Date()) async throws -> Duration? {
        let scheduled = try await dispatch.unfenced { connection in
            try await connection.query(
                """
                SELECT broadcast_id, send_at FROM herald.dispatch_broadcasts
                WHERE status = 'scheduled' AND send_at IS NOT NULL ORDER BY send_at
                """
            ).map { (try $0.decode(UUID.self, at: 0), try $0.decode(Date.self, at: 1)) }
        }
        for (id, sendAt) in scheduled {
            guard sendAt <= now else { return .milliseconds(Int64(sendAt.timeIntervalSince(now) * 1000) + 1) }
            do {
                let size = try await broadcasts.send(id, audience: audience)
                logger.info(
                    "scheduled broadcast started",
                    metadata: [
                        "broadcast": "\(id)", "audience": "\(size)",
                        "late_ms": "\(Int(now.timeIntervalSince(sendAt) * 1000))",
                    ])
            } catch let rejection as DecisionRejection where rejection == .emptyAudience {
                try await broadcasts.fail(id, reason: "no recipient matched the cohort when it was due")
                logger.warning("scheduled broadcast had nobody to send to", metadata: ["broadcast": "\(id)"])
            } catch let rejection as DecisionRejection {
                // Canceled or started meanwhile (the feed catches up), or it cannot render for someone.
                if rejection.isInvalidTransition { continue }
                try await broadcasts.fail(id, reason: "cannot start: \(rejection)")
                logger.warning(
                    "scheduled broadcast cannot start", metadata: ["broadcast": "\(id)", "reason": "\(rejection)"])
            }
        }
        return nil
    }
}
