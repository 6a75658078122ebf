import ArgumentParser
import Broadcasting
import EventStore
import Foundation
import Postgres
import Projections

/// Reads of the rotations read model for the CLI, caught up with the log first, with the next run
/// computed as of the moment of reading.
struct RotationReader {
    let database: String

    struct Rotation: Encodable {
        let rotation_id: String
        let name: String
        let status: String
        let chat_ids: [Int64]
        let template_ids: [String]
        /// The templates' names in turn, from the templates read model.
        let templates: [String]
        let interval_seconds: Int
        /// The interval as `--every` takes it, e.g. `4h`.
        let every: String
        let starts_at: String
        /// When the next slot posts; absent while paused.
        let next_run: String?
        let next_sequence: Int
        /// The template the next slot posts; absent while paused.
        let next_template: String?
        let posts: Int
        let failures: Int
        let last_posted_at: String?
        let created_at: String
        let updated_at: String
    }

    /// Rotations by name; `reference` (a name or an id) picks one.
    func rotations(_ reference: String? = nil, now: Date = Date()) async throws -> [Rotation] {
        try await ProjectionRunner(configuration: database, projector: Rotations()).catchUp()
        let templates = try await TemplateReader(database: database).templates()
        let names = Dictionary(templates.map { ($0.template_id, $0.name) }) { first, _ in first }
        let rows = try await Rotations.rows(on: try await Connection.connect(to: database), reference: reference)
        return rows.map { Self.rotation($0, names: names, now: now) }
    }

    /// The rotation called `reference` (name or id), or a one-line error.
    func rotation(_ reference: String) async throws -> Rotation {
        guard let rotation = try await rotations(reference).first else {
            throw CLIError(DecisionRejection.unknownRotation(named: reference).description)
        }
        return rotation
    }

    static func rotation(_ row: Rotations.Row, names: [String: String], now: Date) -> Rotation {
        let formatter = ISO8601DateFormatter()
        let name = { (id: UUID) in names[id.uuidString.lowercased()] ?? id.uuidString.lowercased() }
        let next = row.nextRun(now: now)
        return Rotation(
            rotation_id: row.rotationID.uuidString.lowercased(), name: row.name, status: row.status,
            chat_ids: row.chatIDs, template_ids: row.templateIDs.map { $0.uuidString.lowercased() },
            templates: row.templateIDs.map(name), interval_seconds: row.intervalSeconds,
            every: RotationInterval(seconds: row.intervalSeconds).description,
            starts_at: formatter.string(from: row.startsAt), next_run: next.map { formatter.string(from: $0.at.date) },
            next_sequence: row.nextSequence, next_template: next?.templateID.map(name), posts: row.posts,
            failures: row.failures, last_posted_at: row.lastPostedAt.map(formatter.string),
            created_at: formatter.string(from: row.createdAt), updated_at: formatter.string(from: row.updatedAt))
    }

    static func line(_ rotation: Rotation) -> String {
        let next = rotation.next_run.map { "  next \($0) \(rotation.next_template ?? "?")" } ?? ""
        return "\(rotation.name)  \(rotation.status)  every \(rotation.every)  \(rotation.chat_ids.count) chat(s)"
            + "  \(rotation.templates.count) template(s)\(next)"
    }
}

struct RotationList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List rotations by name, with their next run.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        for rotation in try await RotationReader(database: try database.resolved()).rotations() {
            if output.json { try output.printJSON(rotation) } else { print(RotationReader.line(rotation)) }
        }
    }
}

struct RotationShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One rotation: its chats, templates, next run and what it has posted.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The rotation's name or id.") var rotation: String

    func run() async throws {
        let rotation = try await RotationReader(database: try database.resolved()).rotation(self.rotation)
        if output.json { return try output.printJSON(rotation) }
        print("\(rotation.name)  \(rotation.status)  every \(rotation.every)  (\(rotation.rotation_id))")
        print("chats \(rotation.chat_ids.map(String.init).joined(separator: ", "))")
        print("templates in turn \(rotation.templates.joined(separator: ", "))")
        print("starts \(rotation.starts_at)")
        if let next = rotation.next_run {
            print("next run \(next) (slot \(rotation.next_sequence)): \(rotation.next_template ?? "?")")
        } else {
            print("next run none while paused")
        }
        let last = rotation.last_posted_at.map { ", last at \($0)" } ?? ""
        print("posted \(rotation.posts), failed \(rotation.failures)\(last)")
    }
}
