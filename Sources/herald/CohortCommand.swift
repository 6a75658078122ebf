import ArgumentParser
import Broadcasting
import Foundation
import Postgres
import Projections

/// `herald cohort preview`: who a cohort selects, before any broadcast uses it.
struct CohortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Cohorts: JSON conditions over the audience.",
        subcommands: [CohortPreview.self])
}

struct CohortPreview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "The audience size of a cohort and a sample of it.",
        discussion: #"Example: herald cohort preview '{"tier": "premium", "region": {"in": ["EU", "US"]}}'"#)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The cohort as JSON.") var cohort: String
    @Option(help: "How many recipients to show.") var sample = 10

    func run() async throws {
        let parsed: Cohort
        do { parsed = try Cohort(json: Data(cohort.utf8)) } catch { throw CLIError("invalid cohort: \(error)") }
        let compiled = parsed.query()
        let connection = try await AudienceReader(database: try database.resolved()).connect()
        let count = Query(
            unsafeSQL: "SELECT count(*) FROM (\(compiled.sql)) cohort", binds: compiled.values.map(\.bind))
        let size = try await connection.query(count)[0].decode(Int.self, at: 0)
        var sampled = Query(
            unsafeSQL:
                "SELECT a.user_id, a.chat_id, a.username, a.status, a.language, a.attributes FROM (\(compiled.sql)) c "
                + "JOIN \(Cohort.audienceTable) a USING (user_id) ORDER BY a.user_id LIMIT ",
            binds: compiled.values.map(\.bind))
        sampled.append(bind: max(0, sample))
        let rows = try await connection.query(sampled).map(AudienceReader.recipient)
        if output.json {
            struct Preview: Encodable {
                let size: Int
                let sample: [AudienceReader.Recipient]
            }
            return try output.printJSON(Preview(size: size, sample: rows))
        }
        print("\(size) recipient(s) match")
        try AudienceReader.print(rows, json: output)
    }
}
