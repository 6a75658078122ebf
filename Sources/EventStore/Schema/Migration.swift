/// One step of Herald's database schema. Applied once, in order, inside one transaction.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Every migration Herald knows, in order. Later modules (projections) append theirs.
    public static let eventLog: [Migration] = [
        Migration(version: 1, name: "event log", sql: EventLogSchema.version1),
        Migration(version: 2, name: "projection checkpoints", sql: ProjectionSchema.version2),
        Migration(version: 3, name: "dispatch tables", sql: DispatchSchema.version3),
        Migration(version: 4, name: "append-only events", sql: AppendOnlySchema.version4),
        Migration(version: 5, name: "hash UTF-8 whatever the client encoding", sql: CanonicalUTF8Schema.version5),
        Migration(version: 6, name: "an event id names one event", sql: SameEventSchema.version6),
        Migration(version: 7, name: "intake: kept secrets, poll offsets, conversations", sql: IntakeSchema.version7),
        Migration(version: 8, name: "admin API idempotency keys", sql: APISchema.version8),
        Migration(version: 9, name: "projector failures", sql: ProjectionFailureSchema.version9),
    ]
}
