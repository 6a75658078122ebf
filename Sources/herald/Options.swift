import ArgumentParser
import Foundation
import Postgres

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
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let databaseURLFile {
            guard let contents = try? String(contentsOfFile: databaseURLFile, encoding: .utf8) else {
                throw CLIError("cannot read --database-url-file \(databaseURLFile)")
            }
            let line = contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("--database-url-file \(databaseURLFile) is empty")
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
        if let value = ProcessInfo.processInfo.environment["HERALD_DATABASE_URL"], !value.isEmpty { return value }
        throw CLIError(
            "no database configured: set HERALD_DATABASE_URL or pass --database-url-file (scripts/postgres url prints one)"
        )
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
