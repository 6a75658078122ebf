import ArgumentParser
import Broadcasting
import Foundation
import Projections

/// `herald stats`: how broadcasts did, from the stats read model caught up with the log.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How broadcasts did: one in detail, or every broadcast as a table.",
        discussion: """
            CTR is unique clickers / sent; conversion rate is conversions / unique clickers. \
            failed counts permanent failures (blocked is the part whose class is recipient_gone); \
            retried counts failed attempts that are sent again.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A broadcast's id; without it, every broadcast.") var broadcast: String?

    func run() async throws {
        let id = try broadcast.map(BroadcastArguments.id)
        let reader = StatsReader(database: try database.resolved())
        let rows = try await reader.stats(id: id)
        if let id, rows.isEmpty {
            throw CLIError("no broadcast \(id.uuidString.lowercased()); herald broadcast list shows them")
        }
        if output.json { return try rows.forEach { try output.printJSON($0) } }
        if let row = rows.first, id != nil { return StatsReader.detail(row).forEach { print($0) } }
        StatsReader.table(rows).forEach { print($0) }
    }
}

extension StatsReader {
    static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    /// The dashboard: one line per broadcast, newest first.
    static func table(_ rows: [BroadcastStats]) -> [String] {
        let header = [
            "BROADCAST", "STATUS", "AUDIENCE", "SENT", "FAILED", "BLOCKED", "UNKNOWN", "CLICKERS", "CTR",
            "CONV", "CONV%", "TITLE",
        ]
        let lines = rows.map { row in
            [
                String(row.broadcast_id.prefix(8)), row.status, "\(row.audience)", "\(row.sent)", "\(row.failed)",
                "\(row.blocked)", "\(row.unknown)", "\(row.unique_clickers)", percent(row.ctr), "\(row.conversions)",
                percent(row.conversion_rate), row.title,
            ]
        }
        let widths = header.indices.map { column in
            ([header] + lines).map { $0[column].count }.max() ?? 0
        }
        return ([header] + lines).map { cells in
            zip(cells, widths).enumerated().map { index, cell in
                index == cells.count - 1 ? cell.0 : cell.0.padding(toLength: cell.1, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// One broadcast in detail.
    static func detail(_ row: BroadcastStats) -> [String] {
        let classes = row.failed_by_class.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        var lines = [
            "\(row.title) (\(row.broadcast_id)) \(row.status)",
            "audience \(row.audience)  sent \(row.sent)  failed \(row.failed)"
                + (classes.isEmpty ? "" : " (\(classes.joined(separator: ", ")))")
                + "  blocked \(row.blocked)  unknown \(row.unknown)  pending \(row.pending)  retried \(row.retried)",
            "clicks: \(row.unique_clickers) unique clicker(s), \(row.taps) tap(s), CTR \(percent(row.ctr))",
        ]
        lines += row.buttons.map { button in
            "  \(button.label.map { "\($0) [\(button.button)]" } ?? button.button): "
                + "\(button.unique_clicks) unique, \(button.taps) tap(s)"
        }
        let value = row.conversion_value > 0 ? String(format: " worth %.2f", row.conversion_value) : ""
        lines.append(
            "conversions \(row.conversions)\(value), conversion rate \(percent(row.conversion_rate))")
        return lines
    }
}
