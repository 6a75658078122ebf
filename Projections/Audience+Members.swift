public import Broadcasting
import EventStore
public import Postgres

extension Audience {
    /// The recipients `cohort` selects now, with the variables a template renders with (their
    /// attributes and `username`), from the audience read model caught up with the log first.
    /// The one resolver behind `broadcast send`, the scheduler and the admin API.
    public static func members(matching cohort: Cohort, database: String) async throws -> [AudienceMember] {
        try await ProjectionRunner(configuration: database, projector: Audience()).catchUp()
        let connection = try await Connection.connect(to: database, applicationName: "herald-audience")
        try await connection.executeUnsafeScript("SET search_path TO \(Audience().schema), pg_catalog")
        let compiled = cohort.query()
        let query = Query(
            unsafeSQL: """
                SELECT a.user_id, a.username, a.attributes FROM (\(compiled.sql)) cohort
                JOIN \(Cohort.audienceTable) a USING (user_id) ORDER BY a.user_id
                """,
            binds: compiled.values.map(\.bind))
        return try await connection.query(query).map { row in
            var variables = try row.decode(JSONB.self, at: 2).decode([String: String].self)
            if let username = try row.decodeIfPresent(String.self, at: 1) { variables["username"] = username }
            return AudienceMember(userID: try row.decode(Int64.self, at: 0), variables: variables)
        }
    }
}

extension CohortValue {
    /// The bind parameter for this value's `$n` in a compiled cohort query.
    public var bind: PostgresBind {
        switch self {
        case .text(let text): text.postgresBind
        case .texts(let texts): texts.postgresBind
        case .number(let number): number.postgresBind
        case .integer(let integer): integer.postgresBind
        }
    }
}
