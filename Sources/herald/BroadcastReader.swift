import ArgumentParser
import Foundation
import Projections

extension BroadcastReader {
    /// The broadcast `id`, or a one-line error.
    func existing(_ id: UUID) async throws -> Broadcast {
        guard let broadcast = try await broadcast(id) else {
            throw CLIError("no broadcast \(id.uuidString.lowercased()); herald broadcast list shows them")
        }
        return broadcast
    }

    static func line(_ broadcast: Broadcast) -> String {
        let when = broadcast.send_at.map { "  at \($0)" } ?? ""
        return "\(broadcast.broadcast_id)  \(broadcast.status)\(when)  \(broadcast.audience) recipient(s)  "
            + broadcast.title
    }
}

struct BroadcastList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List broadcasts, newest first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        for broadcast in try await BroadcastReader(database: try database.resolved()).broadcasts() {
            if output.json { try output.printJSON(broadcast) } else { print(BroadcastReader.line(broadcast)) }
        }
    }
}

struct BroadcastShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One broadcast; --watch follows its delivery live until it ends.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The broadcast's id.") var id: String
    @Flag(help: "Follow delivery until the broadcast completes, fails or is canceled (with --json: only the end).")
    var watch = false

    func run() async throws {
        let id = try BroadcastArguments.id(self.id)
        let broadcast = try await BroadcastReader(database: try database.resolved()).existing(id)
        if watch { return try await BroadcastWatch(database: try database.resolved(), output: output).follow(id) }
        if output.json { return try output.printJSON(broadcast) }
        print(BroadcastReader.line(broadcast))
        print("template \(broadcast.template ?? "?") (\(broadcast.template_id))")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print("cohort \(String(decoding: try encoder.encode(broadcast.cohort), as: UTF8.self))")
        print("delivery \(broadcast.delivery)\(broadcast.paid ? ", paid broadcast (up to 1000/s)" : "")")
        if let reason = broadcast.reason { print("reason \(reason)") }
    }
}
