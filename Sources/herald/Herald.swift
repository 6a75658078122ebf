import ArgumentParser
import Foundation

/// The `herald` command line: thin commands over Herald's libraries.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "An event-sourced broadcast engine for Telegram bots.",
        subcommands: [
            Migrate.self,
            Run.self,
            Replay.self,
            Audit.self,
            Recipients.self,
            CohortCommand.self,
            TemplateCommand.self,
            RotationCommand.self,
            BroadcastCommand.self,
            ConversionCommand.self,
            StatsCommand.self,
            StatusCommand.self,
            SimulatorCommand.self,
            EventSamplesCommand.self,
            BenchEchoCommand.self,
        ]
    )
}

extension Herald {
    /// Runs the command; a mistake prints one line on stderr and exits 1 (usage errors 64).
    ///
    /// ArgumentParser's own parse errors (a missing option, a value of the wrong kind) would print
    /// usage lines after the error; Herald keeps every error to one line that says what is wrong
    /// and points at `--help`. Help and version requests print as usual.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            fail("\(message(for: error)); see --help", code: exitCode(for: error))
        }
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            fail(message(for: error), code: exitCode(for: error))
        }
    }

    private static func fail(_ message: String, code: ExitCode) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
        Foundation.exit(code.rawValue)
    }
}
