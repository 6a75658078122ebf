import ArgumentParser
import EventStore
import Postgres

/// `herald migrate`: creates or upgrades Herald's schema.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade Herald's tables in the database (safe to run again).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let connection = try await Connection.connect(to: try database.resolved())
        let outcome = try await Migrator().migrate(connection)
        if output.json {
            struct Report: Encodable {
                let applied: [Int]
                let version: Int
            }
            try output.printJSON(Report(applied: outcome.applied, version: outcome.current))
        } else if outcome.applied.isEmpty {
            print("schema is current at version \(outcome.current)")
        } else {
            print("applied \(outcome.applied.count) migration(s); schema at version \(outcome.current)")
        }
    }
}
