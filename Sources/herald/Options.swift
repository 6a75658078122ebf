import ArgumentParser
import Foundation
import Postgres
import HeraldRun

/// Where the database is: `--database-url`, `--database-url-file` or `HERALD_DATABASE_URL`.
///
/// A password in argv is visible to every user of the machine (`ps`, `/proc/*/cmdline`), so the
/// file and the environment are the ways to pass one; libpq's own `PGPASSFILE` (or `~/.pgpass`)
/// works too, for a URL without a password. A password in `--database-url` still works, with a
/// warning.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "libpq URL or key=value string of Herald's database (default: $HERALD_DATABASE_URL); no password here: other users see it in ps.",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        name: .customLong("database-url-file"),
        help: ArgumentHelp("A file whose first line is the database URL (for one with a password).", valueName: "path"))
    var databaseURLFile: String?

    func validate() throws {
        if databaseURL != nil, databaseURLFile != nil {
            throw ValidationError("--database-url and --database-url-file do not go together")
        }
        if let databaseURL, ConnectionString.containsPassword(databaseURL) {
            FileHandle.standardError.write(
                Data(
                    "Warning: --database-url carries a password, which other users can read in ps; use --database-url-file, HERALD_DATABASE_URL or PGPASSFILE\n"
                        .utf8))
        }
    }

    /// The configured connection string; never printed.
    func resolved() throws -> String {
        do {
            return try RunConfiguration.databaseURL(
                flag: databaseURL, file: databaseURLFile,
                environment: ProcessInfo.processInfo.environment["HERALD_DATABASE_URL"])
        } catch {
            throw CLIError(error.description)
        }
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
