public import Broadcasting
import EventStore
public import Foundation
import Postgres

/// The rotations read model as operators read it, caught up with the log first, with the next run
/// computed as of the moment of reading. Behind `herald rotation list|show` and the admin API's
/// `/api/v1/rotations`.
public struct RotationReader: Sendable {
    public let database: String

    public init(database: String) {
        self.database = database
    }

    /// One rotation, in the shape `--json` prints and the admin API serves.
    public struct Rotation: Encodable, Sendable {
        public let rotation_id: String
        public let name: String
        public let status: String
        public let chat_ids: [Int64]
        public let template_ids: [String]
        /// The templates' names in turn, from the templates read model.
        public let templates: [String]
        public let interval_seconds: Int
        /// The interval as `--every` takes it, e.g. `4h`.
        public let every: String
        public let starts_at: String
        /// When the next slot posts; absent while paused.
        public let next_run: String?
        public let next_sequence: Int
        /// The template the next slot posts; absent while paused.
        public let next_template: String?
        public let posts: Int
        public let failures: Int
        public let last_posted_at: String?
        public let created_at: String
        public let updated_at: String
    }

    /// Rotations by name; `reference` (a name or an id) picks one.
    public func rotations(_ reference: String? = nil, now: Date = Date()) async throws -> [Rotation] {
        try await ProjectionRunner(configuration: database, projector: Rotations()).catchUp()
        let templates = try await TemplateReader(database: database).templates()
        let names = Dictionary(templates.map { ($0.template_id, $0.name) }) { first, _ in first }
        let connection = try await Connection.connect(to: database, applicationName: "herald-read")
        let rows = try await Rotations.rows(on: connection, reference: reference)
        return rows.map { Self.rotation($0, names: names, now: now) }
    }

    /// The rotation called `reference` (name or id); nil when there is none.
    public func rotation(_ reference: String) async throws -> Rotation? {
        try await rotations(reference).first
    }

    static func rotation(_ row: Rotations.Row, names: [String: String], now: Date) -> Rotation {
        let formatter = ISO8601DateFormatter()
        let name = { (id: UUID) in names[id.uuidString.lowercased()] ?? id.uuidString.lowercased() }
        let next = row.nextRun(now: now)
        return Rotation(
            rotation_id: row.rotationID.uuidString.lowercased(), name: row.name, status: row.status,
            chat_ids: row.chatIDs, template_ids: row.templateIDs.map { $0.uuidString.lowercased() },
            templates: row.templateIDs.map(name), interval_seconds: row.intervalSeconds,
            every: RotationInterval(seconds: row.intervalSeconds).description,
            starts_at: formatter.string(from: row.startsAt), next_run: next.map { formatter.string(from: $0.at.date) },
            next_sequence: row.nextSequence, next_template: next?.templateID.map(name), posts: row.posts,
            failures: row.failures, last_posted_at: row.lastPostedAt.map(formatter.string),
            created_at: formatter.string(from: row.createdAt), updated_at: formatter.string(from: row.updatedAt))
    }
}
