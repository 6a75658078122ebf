import ArgumentParser
import Engine
import Foundation

/// A command that only moves a broadcast along its life: pause, resume or cancel.
protocol BroadcastTransition: AsyncParsableCommand {
    var database: DatabaseOptions { get }
    var id: String { get }
    var actor: String? { get }
    /// The verb in messages, and its past tense.
    static var verb: (present: String, past: String) { get }
    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws
}

extension BroadcastTransition {
    func run() async throws {
        let broadcast = try BroadcastArguments.id(id)
        let handler = try database.broadcastHandler(actor: actor)
        try await refusing("cannot \(Self.verb.present) broadcast \(id)") { try await Self.apply(handler, broadcast) }
        print("\(Self.verb.past) broadcast \(id)")
    }
}

struct BroadcastPause: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop sending until resumed.")
    static let verb = (present: "pause", past: "paused")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is pausing, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws { try await handler.pause(id) }
}

struct BroadcastResume: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Continue a paused broadcast.")
    static let verb = (present: "resume", past: "resumed")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is resuming, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws { try await handler.resume(id) }
}

struct BroadcastCancel: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a broadcast for good.")
    static let verb = (present: "cancel", past: "canceled")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is canceling, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws { try await handler.cancel(id) }
}
