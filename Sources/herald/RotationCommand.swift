import ArgumentParser
import Broadcasting
import Engine
import EventStore
import Foundation

/// `herald rotation`: recurring promos — set up, list, show, pause and resume.
struct RotationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation",
        abstract: "Rotations: every interval, the next template in turn, posted to each chat.",
        subcommands: [
            RotationCreate.self, RotationList.self, RotationShow.self, RotationPause.self, RotationResume.self,
        ])
}

extension DatabaseOptions {
    func rotationHandler(actor: String?) throws -> RotationHandler {
        RotationHandler(
            store: EventStore(configuration: try resolved(), maximumConnections: 2),
            metadata: CommandMetadata(actor: actor ?? CLIActor.current))
    }
}

struct RotationCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Set up a rotation; it posts from --start (default: the next whole minute).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The rotation's unique name.") var name: String
    @Option(
        help: ArgumentHelp(
            "How often it posts: 30m, 4h, 1d, 2w or sums such as 1h30m; from 1m to 366d.", valueName: "interval"))
    var every: String
    @Option(
        name: .customLong("chat"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A chat (channel or group) id to post to, e.g. -1001234567890; repeat for more. A chat given twice is "
                + "posted to once.",
            valueName: "id"))
    var chats: [String] = []
    @Option(
        name: .customLong("template"),
        help: ArgumentHelp(
            "A template's name; repeat for more. Slots take them in turn; a name may come twice.", valueName: "name"))
    var templates: [String] = []
    @Option(
        help: ArgumentHelp(
            "The first slot, as an ISO 8601 time (UTC), e.g. 2030-01-31T09:00:00Z (default: the next whole minute).",
            valueName: "time"))
    var start: String?
    @Option(help: "Who is setting it up, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        guard let interval = RotationInterval(parsing: every) else {
            throw CLIError("cannot create rotation \(name): \(every) is not an interval such as 30m, 4h or 1d")
        }
        let chats = try self.chats.map { text in
            guard let chat = Int64(text) else {
                throw CLIError("cannot create rotation \(name): \(text) is not a chat id such as -1001234567890")
            }
            return chat
        }
        let startsAt = try start.map(BroadcastArguments.time)
        let id = try await refusing("cannot create rotation \(name)") {
            try await database.rotationHandler(actor: actor).create(
                name: name, chats: chats, templates: templates, intervalSeconds: interval.seconds, startsAt: startsAt)
        }
        print("created rotation \(name) (\(id.uuidString.lowercased()))")
    }
}

/// A command that only moves a rotation between active and paused.
protocol RotationTransition: AsyncParsableCommand {
    var database: DatabaseOptions { get }
    var rotation: String { get }
    var actor: String? { get }
    /// The verb in messages, and its past tense.
    static var verb: (present: String, past: String) { get }
    static func apply(_ handler: RotationHandler, _ rotation: String) async throws
}

extension RotationTransition {
    func run() async throws {
        let handler = try database.rotationHandler(actor: actor)
        try await refusing("cannot \(Self.verb.present) rotation \(rotation)") {
            try await Self.apply(handler, rotation)
        }
        print("\(Self.verb.past) rotation \(rotation)")
    }
}

struct RotationPause: RotationTransition {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Post nothing until resumed.")
    static let verb = (present: "pause", past: "paused")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The rotation's name or id.") var rotation: String
    @Option(help: "Who is pausing, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: RotationHandler, _ rotation: String) async throws { try await handler.pause(rotation) }
}

struct RotationResume: RotationTransition {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Post again from the next slot still ahead; missed slots are not posted late.")
    static let verb = (present: "resume", past: "resumed")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The rotation's name or id.") var rotation: String
    @Option(help: "Who is resuming, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: RotationHandler, _ rotation: String) async throws {
        try await handler.resume(rotation)
    }
}
