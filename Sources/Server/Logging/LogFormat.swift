import Foundation

/// How log lines look: JSON for a collector, or swift-log's text for a person at a terminal.
public enum LogFormat: String, Sendable {
    case json, text

    /// `HERALD_LOG_FORMAT` when set, else JSON unless stderr (where logs go) is a terminal.
    public static func resolve(_ value: String?, stderrIsTerminal: Bool) throws(LogFormatError) -> LogFormat {
        guard let value, !value.isEmpty else { return stderrIsTerminal ? .text : .json }
        guard let format = LogFormat(rawValue: value.lowercased()) else { throw LogFormatError(value: value) }
        return format
    }
}

/// An unreadable `HERALD_LOG_FORMAT`.
public struct LogFormatError: Error, CustomStringConvertible {
    let value: String
    public var description: String { "HERALD_LOG_FORMAT=\(value) is neither json nor text" }
}
