import ArgumentParser
import Broadcasting
import EventStore
import Foundation
import Postgres
import Projections

/// Reads of the broadcasts read model for the CLI, caught up with the log first.
struct BroadcastReader {
    let database: String

    struct Broadcast: Encodable {
        let broadcast_id: String
        let title: String
        let template_id: String
        /// The template's name, from the templates read model.
        let template: String?
        let cohort: JSONValue
        let status: String
        let send_at: String?
        let audience: Int
        let delivery: String
        let paid: Bool
        /// Why the engine or an operator paused, canceled or failed it.
        let reason: String?
        let created_at: String
        let updated_at: String
    }

    /// Broadcasts, newest first; `id` picks one.
    func broadcasts(id: UUID? = nil) async throws -> [Broadcast] {
        try await ProjectionRunner(configuration: database, projector: Broadcasts()).catchUp()
        try await ProjectionRunner(configuration: database, projector: Templates()).catchUp()
        let connection = try await Connection.connect(to: database)
        var query: Query = """
            SELECT b.broadcast_id, b.title, b.template_id, b.cohort, b.status, b.send_at, b.audience, b.created_at, \
            b.updated_at, t.name, b.delivery, b.paid, b.reason FROM \(unsafeRaw: Broadcasts().schema).\(unsafeRaw: Broadcasts.table) b \
            LEFT JOIN \(unsafeRaw: Templates().schema).\(unsafeRaw: Templates.table) t USING (template_id)
            """
        if let id {
            query.append(unsafeSQL: " WHERE b.broadcast_id = ")
            query.append(bind: id)
        }
        query.append(unsafeSQL: " ORDER BY b.created_at DESC, b.broadcast_id")
        return try await connection.query(query).map(Self.broadcast)
    }

    /// The broadcast `id`, or a one-line error.
    func broadcast(_ id: UUID) async throws -> Broadcast {
        guard let broadcast = try await broadcasts(id: id).first else {
            throw CLIError("no broadcast \(id.uuidString.lowercased()); herald broadcast list shows them")
        }
        return broadcast
    }

    static func broadcast(_ row: Row) throws -> Broadcast {
        let formatter = ISO8601DateFormatter()
        return Broadcast(
            broadcast_id: try row.decode(UUID.self, at: 0).uuidString.lowercased(),
            title: try row.decode(String.self, at: 1),
            template_id: try row.decode(UUID.self, at: 2).uuidString.lowercased(),
            template: try row.decodeIfPresent(String.self, at: 9),
            cohort: try row.decode(JSONB.self, at: 3).decode(JSONValue.self),
            status: try row.decode(String.self, at: 4),
            send_at: try row.decodeIfPresent(Date.self, at: 5).map(formatter.string),
            audience: try row.decode(Int.self, at: 6),
            delivery: try row.decode(String.self, at: 10).replacingOccurrences(of: "_", with: "-"),
            paid: try row.decode(Bool.self, at: 11),
            reason: try row.decodeIfPresent(String.self, at: 12),
            created_at: formatter.string(from: try row.decode(Date.self, at: 7)),
            updated_at: formatter.string(from: try row.decode(Date.self, at: 8)))
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
        let broadcast = try await BroadcastReader(database: try database.resolved()).broadcast(id)
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
