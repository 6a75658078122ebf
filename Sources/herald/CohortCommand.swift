import ArgumentParser
import Broadcasting
import Foundation
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
        let value = try BroadcastArguments.cohort(cohort)
        do { parsed = try Cohort(value) } catch { throw CLIError("invalid cohort: \(error)") }
        let preview = try await AudienceReader(database: try database.resolved()).preview(parsed, sample: sample)
        if output.json { return try output.printJSON(preview) }
        print("\(preview.size) recipient(s) match")
        try AudienceReader.print(preview.sample, json: output)
    }
}
