import ArgumentParser
import Broadcasting
import Engine
import EventStore
import Foundation

/// `herald broadcast`: draft, revise, schedule, send, pause, resume, cancel, list and show broadcasts.
struct BroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Broadcasts: a template sent to a cohort, now or at a time.",
        subcommands: [
            BroadcastCreate.self, BroadcastRevise.self, BroadcastSchedule.self, BroadcastSend.self,
            BroadcastPause.self, BroadcastResume.self, BroadcastCancel.self, BroadcastList.self, BroadcastShow.self,
        ])
}

extension DatabaseOptions {
    func broadcastHandler(actor: String?) throws -> BroadcastHandler {
        BroadcastHandler(
            store: EventStore(configuration: try resolved(), maximumConnections: 2),
            metadata: CommandMetadata(actor: actor ?? CLIActor.current))
    }

    /// Resolves cohorts against the audience read model, caught up with the log first.
    func audienceResolver() throws -> BroadcastHandler.AudienceResolver {
        BroadcastHandler.audience(database: try resolved())
    }
}

/// Parsing of what operators type: broadcast ids, cohorts and times.
enum BroadcastArguments {
    static func id(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw CLIError("\(text) is not a broadcast id; herald broadcast list shows them")
        }
        return id
    }

    static func cohort(_ text: String) throws -> JSONValue {
        let cohort: JSONValue
        do { cohort = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
            throw CLIError("invalid cohort: not JSON: \(text)")
        }
        if let path = cohort.pathToNUL {
            throw CLIError(
                "invalid cohort: \(path.isEmpty ? "the value" : path) contains a NUL character (U+0000), "
                    + "which Herald cannot store; remove it")
        }
        return cohort
    }

    /// `at-most-once` or `at-least-once` (underscores accepted).
    static func delivery(_ text: String) throws -> DeliveryGuarantee {
        guard let guarantee = DeliveryGuarantee(rawValue: text.replacingOccurrences(of: "-", with: "_")) else {
            throw ValidationError("--delivery must be at-most-once or at-least-once, not \(text)")
        }
        return guarantee
    }

    /// An ISO 8601 date-time in UTC, e.g. 2030-01-31T09:00:00Z.
    static func time(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        throw CLIError("\(text) is not an ISO 8601 time such as 2030-01-31T09:00:00Z")
    }
}

struct BroadcastCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Draft a broadcast; --now sends it, --at schedules it.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "What operators call it.") var title: String
    @Option(help: "The template's name.") var template: String
    @Option(help: #"The cohort as JSON, e.g. '{"tier": "premium"}'."#) var cohort: String
    @Option(help: "Schedule it for this ISO 8601 time (UTC).") var at: String?
    @Flag(help: "Send it now.") var now = false
    @Option(
        help: ArgumentHelp(
            "at-most-once (never sent twice; a send in doubt after a crash is recorded unknown) or at-least-once (sent again).",
            valueName: "guarantee"))
    var delivery = "at-most-once"
    @Flag(help: "Send with allow_paid_broadcast: up to 1000 messages a second, paid in Telegram Stars.") var paid =
        false
    @Option(help: "Who is writing, for the audit log (default: cli:$USER).") var actor: String?

    func validate() throws {
        if at != nil && now { throw ValidationError("give at most one of --at and --now") }
        _ = try BroadcastArguments.delivery(delivery)
    }

    func run() async throws {
        let cohort = try BroadcastArguments.cohort(self.cohort)
        let guarantee = try BroadcastArguments.delivery(delivery)
        let launch: BroadcastHandler.Launch =
            try at.map { .at(try BroadcastArguments.time($0)) } ?? (now ? .now : .draft)
        let handler = try database.broadcastHandler(actor: actor)
        let id: UUID
        do {
            id = try await refusing("cannot create broadcast \(title)") {
                try await handler.create(
                    title: title, template: template, cohort: cohort, delivery: guarantee, paid: paid, launch: launch,
                    audience: try database.audienceResolver())
            }
        } catch let failure as BroadcastHandler.LaunchFailure {
            print(failure.broadcastID.uuidString.lowercased())
            throw CLIError(failure.description)
        }
        print(id.uuidString.lowercased())
    }
}

struct BroadcastRevise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revise", abstract: "Change a draft.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "A new title.") var title: String?
    @Option(help: "Another template, by name.") var template: String?
    @Option(help: "A new cohort as JSON.") var cohort: String?
    @Option(help: "Who is revising, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let id = try BroadcastArguments.id(self.id)
        let cohort = try self.cohort.map(BroadcastArguments.cohort)
        try await refusing("cannot revise broadcast \(self.id)") {
            try await database.broadcastHandler(actor: actor).revise(
                id, title: title, template: template, cohort: cohort)
        }
        print("revised broadcast \(self.id)")
    }
}

struct BroadcastSchedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schedule", abstract: "Send a broadcast at a time.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "When, as an ISO 8601 time (UTC), e.g. 2030-01-31T09:00:00Z.") var at: String
    @Option(help: "Who is scheduling, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let (id, sendAt) = (try BroadcastArguments.id(self.id), try BroadcastArguments.time(at))
        try await refusing("cannot schedule broadcast \(self.id)") {
            try await database.broadcastHandler(actor: actor).schedule(id, at: sendAt)
        }
        print("scheduled broadcast \(self.id) for \(sendAt.formatted(.iso8601))")
    }
}

struct BroadcastSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Resolve the cohort now and start sending; the dispatcher (a later piece) delivers.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is sending, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let id = try BroadcastArguments.id(self.id)
        let resolver = try database.audienceResolver()
        let audience = try await refusing("cannot send broadcast \(self.id)") {
            try await database.broadcastHandler(actor: actor).send(id, audience: resolver)
        }
        print("sending broadcast \(self.id) to \(audience) recipient(s)")
    }
}
