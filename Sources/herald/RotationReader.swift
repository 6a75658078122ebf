import ArgumentParser
import Broadcasting
import Projections

extension RotationReader {
    /// The rotation called `reference` (name or id), or a one-line error.
    func existing(_ reference: String) async throws -> Rotation {
        guard let rotation = try await rotation(reference) else {
            throw CLIError(DecisionRejection.unknownRotation(named: reference).description)
        }
        return rotation
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
        let rotation = try await RotationReader(database: try database.resolved()).existing(self.rotation)
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
