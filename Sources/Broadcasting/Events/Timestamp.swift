import Foundation

/// A point in time that encodes as an ISO 8601 string (`2026-11-23T09:00:00Z`).
///
/// Events carry their times as strings rather than `Date`'s default encoding (seconds since
/// 2001 as a number), so the stored JSON reads plainly and its schema can say `format: date-time`.
/// Stored to the whole second: code that compares a decoded time with the one it encoded should
/// build it from whole seconds (the scheduler's granularity anyway).
public struct Timestamp: Codable, Sendable, Hashable, Comparable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.date < rhs.date }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            self.date = date
        } else if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) {
            self.date = date
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an ISO 8601 date-time: \(text)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(date.formatted(Date.ISO8601FormatStyle()))
    }
}
