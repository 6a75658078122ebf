import ArgumentParser
import EventStore
import Foundation
import Postgres

/// How `herald audit` prints an event: one readable line, or one JSON object per line.
enum EventFormatting {
    static func text(_ event: RecordedEvent) -> String {
        let actor = (try? event.metadata.decode([String: String?].self)["actor"] ?? nil) ?? nil
        let when = timestamp(event.recordedAt)
        return
            "#\(event.position)  \(when)  \(event.stream)@\(event.streamVersion)  \(event.type) v\(event.schemaVersion)"
            + (actor.map { "  actor=\($0)" } ?? "") + "  \(event.data.text)"
    }

    /// One JSON object; `data` and `metadata` are embedded as stored.
    static func json(_ event: RecordedEvent) -> String {
        let fields: [(String, String)] = [
            ("position", "\(event.position)"),
            ("stream", quote(event.stream)),
            ("stream_version", "\(event.streamVersion)"),
            ("event_id", quote(event.id.uuidString.lowercased())),
            ("type", quote(event.type)),
            ("schema_version", "\(event.schemaVersion)"),
            ("recorded_at", quote(timestamp(event.recordedAt))),
            ("data", event.data.text),
            ("metadata", event.metadata.text),
            ("hash", quote(event.hash.map { String(format: "%02x", $0) }.joined())),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// UTC, milliseconds, `Z`: 2026-11-22T23:49:35.030Z.
    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? String(decoding: encoder.encode(text), as: UTF8.self)) ?? "\"\""
    }
}

extension Date: @retroactive ExpressibleByArgument {
    /// ISO 8601 (`2026-11-22T10:00:00Z`, fractional seconds allowed) or a UTC day (`2026-11-22`).
    public init?(argument: String) {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: argument) ?? fractional.date(from: argument) ?? day.date(from: argument)
        else { return nil }
        self = date
    }
}
