import ArgumentParser
import Foundation

/// Where the database is: `--database-url` or `HERALD_DATABASE_URL`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "libpq URL or key=value string of Herald's database (default: $HERALD_DATABASE_URL).",
            valueName: "url"))
    var databaseURL: String?

    /// The configured connection string; never printed.
    func resolved() throws -> String {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let value = ProcessInfo.processInfo.environment["HERALD_DATABASE_URL"], !value.isEmpty { return value }
        throw CLIError(
            "no database configured: set HERALD_DATABASE_URL or pass --database-url (scripts/postgres url prints one)")
    }
}

/// `--json` for machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Prints a value as one line of JSON with sorted keys.
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
