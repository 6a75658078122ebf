import Foundation
import Logging
import Server

/// swift-log for the engine: lines on stderr at `HERALD_LOG_LEVEL` (default info), as JSON objects
/// (`HERALD_LOG_FORMAT=json`, the default when stderr is not a terminal) or readable text.
enum HeraldLogging {
    static func bootstrap(label: String) throws -> Logger {
        let environment = ProcessInfo.processInfo.environment
        var level = Logger.Level.info
        if let text = environment["HERALD_LOG_LEVEL"], !text.isEmpty {
            guard let parsed = Logger.Level(rawValue: text.lowercased()) else {
                throw CLIError(
                    "HERALD_LOG_LEVEL=\(text) is not a level: use trace, debug, info, notice, warning, error or critical")
            }
            level = parsed
        }
        let format: LogFormat
        do {
            format = try LogFormat.resolve(environment["HERALD_LOG_FORMAT"], stderrIsTerminal: isatty(2) == 1)
        } catch {
            throw CLIError(error.description)
        }
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: label)
    }
}
