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
    /// Applies the command; returns the position of an event the sender must acknowledge before
    /// the command returns (a pause or cancel), or nil.
    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws -> Int64?
}

extension BroadcastTransition {
    func run() async throws {
        let broadcast = try BroadcastArguments.id(id)
        let handler = try database.broadcastHandler(actor: actor)
        let position = try await refusing("cannot \(Self.verb.present) broadcast \(id)") {
            try await Self.apply(handler, broadcast)
        }
        guard let position else { return print("\(Self.verb.past) broadcast \(id)") }
        // Return only once no new request for the broadcast can start.
        switch try await SenderAcknowledgement.wait(
            database: try database.resolved(), broadcast: broadcast, position: position)
        {
        case .acknowledged: print("\(Self.verb.past) broadcast \(id); the sender has stopped sending it")
        case .noSender: print("\(Self.verb.past) broadcast \(id); no sender is running")
        case .timedOut:
            throw CLIError(
                "\(Self.verb.past) broadcast \(id), but the sender has not confirmed within 30 s; see herald status")
        }
    }
}

struct BroadcastPause: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop sending until resumed.")
    static let verb = (present: "pause", past: "paused")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is pausing, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws -> Int64? { try await handler.pause(id) }
}

struct BroadcastResume: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Continue a paused broadcast.")
    static let verb = (present: "resume", past: "resumed")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is resuming, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws -> Int64? {
        try await handler.resume(id)
        return nil
    }
}

struct BroadcastCancel: BroadcastTransition {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a broadcast for good.")
    static let verb = (present: "cancel", past: "canceled")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Option(help: "Who is canceling, for the audit log (default: cli:$USER).") var actor: String?

    static func apply(_ handler: BroadcastHandler, _ id: UUID) async throws -> Int64? { try await handler.cancel(id) }
}
