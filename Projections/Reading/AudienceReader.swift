public import Broadcasting
import EventStore
import Foundation
import Postgres

/// The audience read model as operators read it, caught up with the log first. Behind `herald
/// recipients list|show`, `herald cohort preview` and the admin API's recipients and cohorts.
public struct AudienceReader: Sendable {
    public let database: String

    public init(database: String) {
        self.database = database
    }

    /// One recipient, in the shape `--json` prints and the admin API serves.
    public struct Recipient: Encodable, Sendable {
        public let user_id: Int64
        public let chat_id: Int64
        public let username: String?
        public let status: String
        public let language: String?
        public let attributes: [String: String]
    }

    /// How many active recipients a cohort selects now, and the first of them by user id.
    public struct CohortPreview: Encodable, Sendable {
        public let size: Int
        public let sample: [Recipient]
    }

    /// Recipients ordered by user id; `status` (active or blocked) keeps those in it.
    public func recipients(status: String? = nil, limit: Int) async throws -> [Recipient] {
        var query: Query = "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Cohort.audienceTable)"
        if let status {
            query.append(unsafeSQL: " WHERE status = ")
            query.append(bind: status)
        }
        query.append(unsafeSQL: " ORDER BY user_id LIMIT ")
        query.append(bind: limit)
        return try await connect().query(query).map(Self.recipient)
    }

    /// The recipient with Telegram user id `userID`; nil when there is none.
    public func recipient(_ userID: Int64) async throws -> Recipient? {
        try await connect().query(
            "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Cohort.audienceTable) WHERE user_id = \(userID)"
        ).map(Self.recipient).first
    }

    /// The size of `cohort` and up to `sample` of its members; blocked recipients never match.
    public func preview(_ cohort: Cohort, sample: Int) async throws -> CohortPreview {
        let compiled = cohort.query()
        let connection = try await connect()
        let count = Query(
            unsafeSQL: "SELECT count(*) FROM (\(compiled.sql)) cohort", binds: compiled.values.map(\.bind))
        let size = try await connection.query(count)[0].decode(Int.self, at: 0)
        var sampled = Query(
            unsafeSQL: "SELECT a.user_id, a.chat_id, a.username, a.status, a.language, a.attributes "
                + "FROM (\(compiled.sql)) c JOIN \(Cohort.audienceTable) a USING (user_id) ORDER BY a.user_id LIMIT ",
            binds: compiled.values.map(\.bind))
        sampled.append(bind: max(0, sample))
        return CohortPreview(size: size, sample: try await connection.query(sampled).map(Self.recipient))
    }

    /// A connection whose search path finds the audience table, after folding every event so far.
    func connect() async throws -> Connection {
        try await ProjectionRunner(configuration: database, projector: Audience()).catchUp()
        let connection = try await Connection.connect(to: database, applicationName: "herald-read")
        try await connection.executeUnsafeScript("SET search_path TO \(Audience().schema), pg_catalog")
        return connection
    }

    private static let columns = "user_id, chat_id, username, status, language, attributes"

    static func recipient(_ row: Row) throws -> Recipient {
        Recipient(
            user_id: try row.decode(Int64.self, at: 0), chat_id: try row.decode(Int64.self, at: 1),
            username: try row.decodeIfPresent(String.self, at: 2), status: try row.decode(String.self, at: 3),
            language: try row.decodeIfPresent(String.self, at: 4),
            attributes: try row.decode(JSONB.self, at: 5).decode([String: String].self))
    }
}
