import Foundation
public import Logging

/// One JSON object per line, for a log collector: `timestamp`, `level`, `message`, `label`,
/// `module`, `source`, then the metadata fields at the top level (nested values as JSON).
///
/// Lines are written with one `write(2)` each under a lock, so lines from concurrent tasks never
/// interleave mid-line.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let output: LogOutput

    public init(label: String, output: LogOutput = .standardError) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { $1 } }
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        output.write(
            Self.line(
                date: Date(), level: event.level, message: "\(event.message)", label: label, module: event.source,
                metadata: fields))
    }

    /// The line for one event, newline included; the reserved keys win over metadata of the same name.
    static func line(
        date: Date, level: Logger.Level, message: String, label: String, module: String, metadata: Logger.Metadata
    ) -> String {
        var object: [String: Any] = metadata.mapValues(Self.json)
        object["timestamp"] = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        object["level"] = level.rawValue
        object["message"] = message
        object["label"] = label
        object["module"] = module
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return #"{"level":"error","message":"unencodable log line"}"# + "\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): "\(value)"
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }
}

/// Where log lines go; a reference so every copy of a handler shares one lock.
public final class LogOutput: Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    public static let standardError = LogOutput(handle: .standardError)

    public init(handle: FileHandle) {
        self.handle = handle
    }

    func write(_ line: String) {
        lock.withLock { handle.write(Data(line.utf8)) }
    }
}
