import ArgumentParser
import EventStore
import Foundation
import Postgres

/// `herald audit summary`: counts by type and stream category, the head, projector lag.
struct AuditSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Counts by event type and stream category, the head position, projector checkpoints and lag.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    struct TypeCount: Encodable {
        let type: String
        let schema_version: Int
        let events: Int64
    }

    struct CategoryCount: Encodable {
        let category: String
        let streams: Int64
        let events: Int64
    }

    struct Projection: Encodable {
        let name: String
        let version: Int
        let position: Int64
        let lag: Int64
    }

    struct Summary: Encodable {
        let head: Int64
        /// Where the counts come from, and up to which position they include events.
        let counted_from: String
        let counted_through: Int64
        let types: [TypeCount]
        let categories: [CategoryCount]
        let projections: [Projection]
    }

    func run() async throws {
        let connection = try await Connection.connect(to: try database.resolved())
        let summary = try await connection.withSession { session in try Self.summarise(session) }
        if output.json { return try output.printJSON(summary) }
        print("head position \(summary.head); counts from \(summary.counted_from) through \(summary.counted_through)")
        print("\nevent type                              version      events")
        for row in summary.types {
            print(
                row.type.padding(toLength: 40, withPad: " ", startingAt: 0) + pad(row.schema_version, 7)
                    + pad(row.events, 12))
        }
        print("\nstream category                         streams      events")
        for row in summary.categories {
            print(
                row.category.padding(toLength: 40, withPad: " ", startingAt: 0) + pad(row.streams, 7)
                    + pad(row.events, 12))
        }
        print("\nprojection                              version    position         lag")
        for row in summary.projections {
            print(
                row.name.padding(toLength: 40, withPad: " ", startingAt: 0) + pad(row.version, 7)
                    + pad(row.position, 12) + pad(row.lag, 12))
        }
        if summary.projections.isEmpty { print("(none has run yet: herald run or herald replay)") }
    }

    private func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let text = "\(value)"
        return String(repeating: " ", count: max(width - text.count, 1)) + text
    }

    /// Reads the event_counts read model when it exists, else scans the log.
    static func summarise(_ session: Session) throws -> Summary {
        let head = try session.query("SELECT coalesce(max(position), 0) FROM herald.events")[0].decode(
            Int64.self, at: 0)
        let projections = try session.query(
            "SELECT name, version, position, lag FROM herald.projection_status ORDER BY name"
        )
        .map {
            Projection(
                name: try $0.decode(String.self, at: 0), version: try $0.decode(Int.self, at: 1),
                position: try $0.decode(Int64.self, at: 2), lag: try $0.decode(Int64.self, at: 3))
        }
        let readModel = projections.first { $0.name == "event_counts" }
        let types: QueryResult
        let categories: QueryResult
        let source: String
        let through: Int64
        if let readModel {
            types = try session.query(
                "SELECT type, schema_version, events FROM rm_event_counts.event_types ORDER BY events DESC, type")
            categories = try session.query(
                "SELECT category, streams, events FROM rm_event_counts.stream_categories ORDER BY events DESC, category"
            )
            source = "projection event_counts"
            through = readModel.position
        } else {
            types = try session.query(
                "SELECT type, schema_version, count(*) FROM herald.events GROUP BY 1, 2 ORDER BY 3 DESC, 1")
            categories = try session.query(
                """
                SELECT split_part(stream, '-', 1), count(*) FILTER (WHERE stream_version = 1), count(*)
                FROM herald.events GROUP BY 1 ORDER BY 3 DESC, 1
                """)
            source = "a scan of herald.events"
            through = head
        }
        return Summary(
            head: head, counted_from: source, counted_through: through,
            types: try types.map {
                TypeCount(
                    type: try $0.decode(String.self, at: 0), schema_version: try $0.decode(Int.self, at: 1),
                    events: try $0.decode(Int64.self, at: 2))
            },
            categories: try categories.map {
                CategoryCount(
                    category: try $0.decode(String.self, at: 0), streams: try $0.decode(Int64.self, at: 1),
                    events: try $0.decode(Int64.self, at: 2))
            },
            projections: projections)
    }
}
