import ArgumentParser
import Broadcasting
import Engine
import EventStore
import Foundation

/// `herald conversion mark`: attribute a conversion (a purchase, a sign-up) to a broadcast.
struct ConversionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversion", abstract: "Conversions: what recipients did after a broadcast.",
        subcommands: [ConversionMark.self])
}

struct ConversionMark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Record that a recipient of a broadcast converted.",
        discussion: """
            The recipient must have been in the broadcast's audience. Pass --id to make a retried \
            mark count once: a second mark with the same id is refused.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The broadcast's id.") var broadcast: String
    @Option(help: "The recipient's user id.") var recipient: String
    @Option(parsing: .unconditional, help: "An amount, in your currency, e.g. 19.99.") var value: String?
    @Option(help: "What they did, e.g. purchase.") var goal = ConversionDecider.defaultGoal
    @Option(help: "The conversion's id (a UUID), to make retries idempotent (default: a new one).") var id: String?
    @Option(help: "Who is marking, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let broadcastID = try BroadcastArguments.id(broadcast)
        guard let userID = Int64(recipient) else {
            throw CLIError("\(recipient) is not a recipient id: give the user's numeric Telegram id")
        }
        let conversionID =
            try id.map { text in
                guard let id = UUID(uuidString: text) else { throw CLIError("\(text) is not a conversion id (a UUID)") }
                return id
            } ?? UUID()
        let value = try self.value.map { text in
            guard let value = Double(text) else {
                throw CLIError("\(text) is not an amount: give a number such as 19.99")
            }
            return value
        }
        let handler = ConversionHandler(
            store: EventStore(configuration: try database.resolved(), maximumConnections: 2),
            metadata: CommandMetadata(actor: actor ?? CLIActor.current))
        let command = MarkConversion(
            conversionID: conversionID, broadcastID: broadcastID, userID: userID, goal: goal, value: value)
        try await refusing("cannot mark a conversion for recipient \(recipient) of broadcast \(broadcast)") {
            try await handler.mark(command)
        }
        print("marked conversion \(conversionID.uuidString.lowercased())")
    }
}
