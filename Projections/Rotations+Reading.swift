import Broadcasting
import Foundation
import Postgres

extension Rotations {
    /// One rotation as the read model holds it.
    public struct Row: Sendable, Hashable {
        public var rotationID: UUID
        public var name: String
        public var chatIDs: [Int64]
        public var templateIDs: [UUID]
        public var intervalSeconds: Int
        public var startsAt: Date
        public var status: String
        /// The first slot without an outcome: slots before it were posted, failed or missed.
        public var nextSequence: Int
        public var posts: Int
        public var failures: Int
        public var lastPostedAt: Date?
        public var createdAt: Date
        public var updatedAt: Date

        public var schedule: RotationSchedule {
            RotationSchedule(
                startsAt: Timestamp(startsAt), intervalSeconds: intervalSeconds, templateIDs: templateIDs)
        }

        /// The slot the rotation posts next as of `now`; nil while it is paused.
        public func nextRun(now: Date) -> RotationSchedule.Slot? {
            guard status == RotationStatus.active.rawValue else { return nil }
            return schedule.nextSlot(from: nextSequence, now: Timestamp(now))
        }
    }

    /// Rotations by name; `reference` picks the one with that name or id. Read from the live tables,
    /// so the caller catches the projection up first when it must not lag the log.
    public static func rows(on connection: Connection, reference: String? = nil) async throws -> [Row] {
        var query: Query = """
            SELECT rotation_id, name, chat_ids, template_ids, interval_seconds, starts_at, status, next_sequence, \
            posts, failures, last_posted_at, created_at, updated_at \
            FROM \(unsafeRaw: Rotations().schema).\(unsafeRaw: table)
            """
        if let reference {
            query.append(unsafeSQL: " WHERE name = ")
            query.append(bind: reference)
            if let id = UUID(uuidString: reference) {
                query.append(unsafeSQL: " OR rotation_id = ")
                query.append(bind: id)
            }
        }
        query.append(unsafeSQL: " ORDER BY name")
        return try await connection.query(query).map { row in
            Row(
                rotationID: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1),
                chatIDs: try row.decode([Int64].self, at: 2), templateIDs: try row.decode([UUID].self, at: 3),
                intervalSeconds: try row.decode(Int.self, at: 4), startsAt: try row.decode(Date.self, at: 5),
                status: try row.decode(String.self, at: 6), nextSequence: try row.decode(Int.self, at: 7),
                posts: try row.decode(Int.self, at: 8), failures: try row.decode(Int.self, at: 9),
                lastPostedAt: try row.decodeIfPresent(Date.self, at: 10),
                createdAt: try row.decode(Date.self, at: 11), updatedAt: try row.decode(Date.self, at: 12))
        }
    }
}
