import ArgumentParser

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
            BroadcastCommand.self,
            ConversionCommand.self,
            StatsCommand.self,
            SimulatorCommand.self,
            EventSamplesCommand.self,
        ]
    )
}
