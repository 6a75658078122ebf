import ArgumentParser
import Broadcasting
import Engine
import EventStore
import Foundation
import Postgres
import Projections

/// `herald recipients`: import users from CSV, list and show the audience.
struct Recipients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The bot's users who can receive broadcasts.",
        subcommands: [RecipientsImport.self, RecipientsList.self, RecipientsShow.self])
}

struct RecipientsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register users from a CSV file (header row; user_id required; other columns become attributes).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Who is importing, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read \(file): check the path and its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let batch: RecipientImport
        do { batch = try RecipientImport(csv: text) } catch { throw CLIError("\(file): \(error)") }
        let store = EventStore(configuration: try database.resolved(), maximumConnections: 2)
        let report = try await batch.run(on: store, metadata: CommandMetadata(actor: actor ?? CLIActor.current))
        if output.json { return try output.printJSON(report) }
        print("\(report.registered) registered, \(report.updated) updated, \(report.unchanged) unchanged")
    }
}

struct RecipientsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recipients by user id.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "At most this many.") var limit = 50
    @Option(help: "Only this status: active or blocked.") var status: String?

    func validate() throws {
        if let status, !["active", "blocked"].contains(status) {
            throw ValidationError("--status must be active or blocked")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let rows = try await AudienceReader(database: try database.resolved()).recipients(
            status: status, limit: limit)
        try AudienceReader.print(rows, json: output)
    }
}

struct RecipientsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One recipient.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The user id.") var userID: Int64

    func run() async throws {
        guard let recipient = try await AudienceReader(database: try database.resolved()).recipient(userID) else {
            throw CLIError("no recipient with user id \(userID); herald recipients import adds them")
        }
        try AudienceReader.print([recipient], json: output)
    }
}

/// `cli:<login>` for the audit log.
enum CLIActor {
    static var current: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName)
    }
}
