import Broadcasting
import EventStore
import Foundation
import Postgres
import Projections

/// Reads of the audience read model for the CLI, caught up with the log first.
struct AudienceReader {
    let database: String

    struct Recipient: Encodable {
        let user_id: Int64
        let chat_id: Int64
        let username: String?
        let status: String
        let language: String?
        let attributes: [String: String]
    }

    /// A connection whose search path finds the audience table, after folding every event so far.
    func connect() async throws -> Connection {
        try await ProjectionRunner(configuration: database, projector: Audience()).catchUp()
        let connection = try await Connection.connect(to: database)
        try await connection.executeScript("SET search_path TO \(Audience().schema), pg_catalog")
        return connection
    }

    /// Recipients ordered by user id; `filter` is a column Herald names and a value bound as data.
    func recipients(where filter: (column: String, value: String)?, limit: Int) async throws -> [Recipient] {
        var query: Query =
            "SELECT user_id, chat_id, username, status, language, attributes FROM \(unsafeRaw: Cohort.audienceTable)"
        if let filter {
            query.append(unsafeSQL: " WHERE \(filter.column)::text = ")
            query.append(bind: filter.value)
        }
        query.append(unsafeSQL: " ORDER BY user_id LIMIT ")
        query.append(bind: limit)
        return try await connect().query(query).map(Self.recipient)
    }

    static func recipient(_ row: Row) throws -> Recipient {
        Recipient(
            user_id: try row.decode(Int64.self, at: 0), chat_id: try row.decode(Int64.self, at: 1),
            username: try row.decodeIfPresent(String.self, at: 2), status: try row.decode(String.self, at: 3),
            language: try row.decodeIfPresent(String.self, at: 4),
            attributes: try row.decode(JSONB.self, at: 5).decode([String: String].self))
    }

    static func print(_ rows: [Recipient], json output: OutputOptions) throws {
        for row in rows {
            if output.json {
                try output.printJSON(row)
            } else {
                let attributes = row.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                Swift.print("\(row.user_id)  chat \(row.chat_id)  \(row.status)  \(attributes.joined(separator: " "))")
            }
        }
    }
}
