import Foundation
import Logging

/// swift-log for the engine: lines on stderr at `HERALD_LOG_LEVEL` (default info).
enum HeraldLogging {
    static func bootstrap(label: String) -> Logger {
        let level =
            ProcessInfo.processInfo.environment["HERALD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
