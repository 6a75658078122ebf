import EventStore
public import Foundation
import Postgres

/// A broadcast's sends and clicks over time from the timeline read model, caught up with the log
/// first, in buckets wide enough that a chart has at most a few hundred points. Behind the admin
/// API's `/api/v1/broadcasts/{id}/timeline` and the dashboard's chart.
public struct TimelineReader: Sendable {
    public let database: String

    public init(database: String) {
        self.database = database
    }

    /// One bucket: what was recorded from `at` for the bucket's width.
    public struct Point: Encodable, Sendable, Equatable {
        public let at: String
        public let sent: Int64
        public let failed: Int64
        public let clicks: Int64
        public let taps: Int64
    }

    /// Buckets from the first recorded second to the last, empty ones included, oldest first.
    public struct BroadcastTimeline: Encodable, Sendable {
        public let broadcast_id: String
        /// Each bucket's width: 1 second for a short broadcast, wider as it runs longer.
        public let bucket_seconds: Int
        public let points: [Point]
    }

    /// The narrowest width of these that fits a span in `maximumPoints` buckets.
    static let widths = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]

    /// Seconds per bucket for `span` seconds between the first and the last recorded second.
    public static func bucketSeconds(span: Int, maximumPoints: Int) -> Int {
        let points = max(2, maximumPoints)
        if let width = widths.first(where: { span / $0 + 1 <= points }) { return width }
        let days = (span / 86400) / (points - 1) + 1
        return days * 86400
    }

    /// The timeline of broadcast `id` (empty points before anything was sent or clicked).
    public func timeline(_ id: UUID, maximumPoints: Int = 180) async throws -> BroadcastTimeline {
        try await ProjectionRunner(configuration: database, projector: Timeline()).catchUp()
        let connection = try await Connection.connect(to: database, applicationName: "herald-read")
        let table = "\(Timeline().schema).\(Timeline.table)"
        let bounds = try await connection.query(
            "SELECT min(second), max(second) FROM \(unsafeRaw: table) WHERE broadcast_id = \(id)")[0]
        let lowercased = id.uuidString.lowercased()
        guard let first = try bounds.decodeIfPresent(Date.self, at: 0),
            let last = try bounds.decodeIfPresent(Date.self, at: 1)
        else {
            return BroadcastTimeline(broadcast_id: lowercased, bucket_seconds: 1, points: [])
        }
        let span = Int(last.timeIntervalSince(first).rounded())
        let width = Self.bucketSeconds(span: span, maximumPoints: maximumPoints)
        var buckets: [Int: (sent: Int64, failed: Int64, clicks: Int64, taps: Int64)] = [:]
        for row in try await connection.query(
            """
            SELECT (extract(epoch FROM second - \(first))::bigint / \(width))::bigint AS bucket,
                sum(sent)::bigint, sum(failed)::bigint, sum(clicks)::bigint, sum(taps)::bigint
            FROM \(unsafeRaw: table) WHERE broadcast_id = \(id) GROUP BY 1
            """)
        {
            buckets[try row.decode(Int.self, at: 0)] = (
                try row.decode(Int64.self, at: 1), try row.decode(Int64.self, at: 2),
                try row.decode(Int64.self, at: 3), try row.decode(Int64.self, at: 4)
            )
        }
        let formatter = ISO8601DateFormatter()
        let points = (0...(span / width)).map { index in
            let counts = buckets[index] ?? (0, 0, 0, 0)
            return Point(
                at: formatter.string(from: first.addingTimeInterval(Double(index * width))), sent: counts.sent,
                failed: counts.failed, clicks: counts.clicks, taps: counts.taps)
        }
        return BroadcastTimeline(broadcast_id: lowercased, bucket_seconds: width, points: points)
    }
}
