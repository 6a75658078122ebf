import Foundation
import Logging
import Server

/// swift-log for the engine: lines on stderr at `HERALD_LOG_LEVEL` (default info), as JSON objects
/// (`HERALD_LOG_FORMAT=json`, the default when stderr is not a terminal) or readable text.
enum HeraldLogging {
    static func bootstrap(label: String, level: Logger.Level, format: LogFormat) -> Logger {
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
