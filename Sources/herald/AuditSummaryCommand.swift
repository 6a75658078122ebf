import ArgumentParser
import Foundation
import Postgres
import Projections

/// `herald audit summary`: counts by type and stream category, the head, projector lag.
struct AuditSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Counts by event type and stream category, the head position, projector checkpoints and lag.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let connection = try await Connection.connect(to: try database.resolved())
        let summary = try await connection.withSession { session in try LogSummary.read(session) }
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
}
