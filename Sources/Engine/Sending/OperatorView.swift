public import Foundation
public import Postgres

/// What `herald status` and `herald broadcast show --watch` read: the sender's live tables, as
/// its running holder keeps them (not the read models, which trail by a projector's lag).
public enum OperatorView {
    /// One broadcast's delivery so far.
    public struct Progress: Sendable, Codable, Equatable {
        /// Lower-case, as every id Herald prints.
        public var broadcastID: String
        public var status: String
        public var audience: Int
        public var sent: Int
        public var failed: Int
        public var blocked: Int
        public var unknown: Int
        public var retries: Int
        /// Recipients without an outcome yet (waiting or in flight).
        public var pending: Int
        /// Of `pending`, marked in flight right now.
        public var inFlight: Int
        public var reason: String?
        public var delivery: String
        public var paid: Bool
        public var startedAt: Date?
        public var finishedAt: Date?
        /// The bot's sending rate now (messages per second), from the lease holder's last heartbeat.
        public var rate: Double

        enum CodingKeys: String, CodingKey {
            case broadcastID = "broadcast_id", status, audience, sent, failed, blocked, unknown, retries, pending
            case inFlight = "in_flight", reason, delivery, paid, startedAt = "started_at", finishedAt = "finished_at",
                rate
        }

        /// Seconds left at the current rate, when it is sending.
        public var secondsLeft: Double? {
            guard status == "sending", rate > 0 else { return nil }
            return Double(pending) / rate
        }
    }

    /// A bot's sender: who holds its lease and what it reports.
    public struct Sender: Sendable, Codable, Equatable {
        public var botID: Int64
        public var holder: String?
        /// True when a process holds the lease now (its advisory lock is granted).
        public var live: Bool
        public var epoch: Int64
        public var state: String
        public var rate: Double
        public var queueDepth: Int
        public var pausedUntil: Date?
        public var heartbeatAt: Date?

        enum CodingKeys: String, CodingKey {
            case botID = "bot_id", holder, live, epoch, state, rate, queueDepth = "queue_depth"
            case pausedUntil = "paused_until", heartbeatAt = "heartbeat_at"
        }
    }

    /// The broadcast's progress; nil before a sender has read it from the log.
    public static func progress(of broadcast: UUID, on connection: Connection) async throws -> Progress? {
        try await connection.query(
            """
            SELECT b.status, b.audience, b.sent, b.failed, b.blocked, b.unknown, b.retries,
                   (SELECT count(*) FROM herald.dispatch_queue q WHERE q.broadcast_id = b.broadcast_id),
                   (SELECT count(*) FROM herald.dispatch_queue q WHERE q.broadcast_id = b.broadcast_id
                                                                  AND q.marked_epoch IS NOT NULL),
                   b.reason, b.delivery, b.paid, b.started_at, b.finished_at,
                   coalesce((SELECT max(rate) FROM herald.senders), 0)
            FROM herald.dispatch_broadcasts b WHERE b.broadcast_id = \(broadcast)
            """
        ).first.map { row in
            Progress(
                broadcastID: broadcast.uuidString.lowercased(), status: try row.decode(String.self, at: 0),
                audience: try row.decode(Int.self, at: 1), sent: try row.decode(Int.self, at: 2),
                failed: try row.decode(Int.self, at: 3), blocked: try row.decode(Int.self, at: 4),
                unknown: try row.decode(Int.self, at: 5), retries: try row.decode(Int.self, at: 6),
                pending: try row.decode(Int.self, at: 7), inFlight: try row.decode(Int.self, at: 8),
                reason: try row.decodeIfPresent(String.self, at: 9), delivery: try row.decode(String.self, at: 10),
                paid: try row.decode(Bool.self, at: 11), startedAt: try row.decodeIfPresent(Date.self, at: 12),
                finishedAt: try row.decodeIfPresent(Date.self, at: 13), rate: try row.decode(Double.self, at: 14))
        }
    }

    public static func senders(on connection: Connection) async throws -> [Sender] {
        try await connection.query(
            """
            SELECT s.bot_id, s.holder, EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
                       AND l.objsubid = 1
                       AND ((l.classid::bigint << 32) | l.objid::bigint) = (\(SenderLease.lockKey(bot: 0))::bigint # s.bot_id)),
                   s.epoch, s.state, s.rate, s.queue_depth, s.paused_until, s.heartbeat_at
            FROM herald.senders s ORDER BY s.bot_id
            """
        ).map { row in
            Sender(
                botID: try row.decode(Int64.self, at: 0), holder: try row.decodeIfPresent(String.self, at: 1),
                live: try row.decode(Bool.self, at: 2), epoch: try row.decode(Int64.self, at: 3),
                state: try row.decode(String.self, at: 4), rate: try row.decode(Double.self, at: 5),
                queueDepth: try row.decode(Int.self, at: 6), pausedUntil: try row.decodeIfPresent(Date.self, at: 7),
                heartbeatAt: try row.decodeIfPresent(Date.self, at: 8))
        }
    }

    /// Each projector's checkpoint and how many events it trails the log by.
    public static func projectorLag(on connection: Connection) async throws -> [(
        name: String, position: Int64, lag: Int64
    )] {
        try await projectors(on: connection).map { ($0.name, $0.position, $0.lag) }
    }

    /// A projector as operators watch it: where it is, how far behind, and the event it cannot
    /// fold when it is failing.
    public struct ProjectorState: Sendable, Codable, Equatable {
        public var name: String
        public var position: Int64
        public var lag: Int64
        public var failure: Failure?

        public struct Failure: Sendable, Codable, Equatable {
            public var position: Int64
            public var eventType: String?
            public var error: String
            public var since: Date
            public var attempts: Int64

            enum CodingKeys: String, CodingKey {
                case position, eventType = "event_type", error, since, attempts
            }
        }
    }

    /// Every projector's state, by name.
    public static func projectors(on connection: Connection) async throws -> [ProjectorState] {
        try await connection.query(
            """
            SELECT name, position, lag, failed_position, failed_type, failure, failing_since, failed_attempts
            FROM herald.projection_status ORDER BY name
            """
        ).map { row in
            let failure = try row.decodeIfPresent(Int64.self, at: 3).map { position in
                ProjectorState.Failure(
                    position: position, eventType: try row.decodeIfPresent(String.self, at: 4),
                    error: try row.decodeIfPresent(String.self, at: 5) ?? "",
                    since: try row.decodeIfPresent(Date.self, at: 6) ?? Date(),
                    attempts: try row.decodeIfPresent(Int64.self, at: 7) ?? 1)
            }
            return ProjectorState(
                name: try row.decode(String.self, at: 0), position: try row.decode(Int64.self, at: 1),
                lag: try row.decode(Int64.self, at: 2), failure: failure)
        }
    }
}
