import ArgumentParser
import Broadcasting
import EventStore
import Foundation
import Postgres
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

/// Reads of the stats read model, joined with broadcasts (title, status) and templates (button
/// labels), each caught up with the log first.
struct StatsReader {
    let database: String

    struct Button: Encodable {
        let button: String
        let label: String?
        let unique_clicks: Int64
        let taps: Int64
    }

    struct BroadcastStats: Encodable {
        let broadcast_id: String
        let title: String
        let status: String
        let audience: Int64
        let sent: Int64
        let failed: Int64
        let failed_by_class: [String: Int64]
        let blocked: Int64
        let unknown: Int64
        let retried: Int64
        /// Targeted recipients with no outcome yet.
        let pending: Int64
        let unique_clickers: Int64
        let taps: Int64
        let buttons: [Button]
        let conversions: Int64
        let conversion_value: Double
        /// Unique clickers / sent; nil before anything was sent.
        let ctr: Double?
        /// Conversions / unique clickers; nil before anyone clicked.
        let conversion_rate: Double?
    }

    func stats(id: UUID?) async throws -> [BroadcastStats] {
        for projector: any Projector in [Stats(), Broadcasts(), Templates()] {
            try await ProjectionRunner(configuration: database, projector: projector).catchUp()
        }
        let connection = try await Connection.connect(to: database)
        let (stats, broadcasts, templates) = (Stats().schema, Broadcasts().schema, Templates().schema)
        var query: Query = """
            SELECT b.broadcast_id, b.title, b.status, t.buttons, coalesce(s.audience, 0) AS audience,
                coalesce(s.sent, 0) AS sent, coalesce(s.failed, 0) AS failed, coalesce(s.blocked, 0) AS blocked,
                coalesce(s.unknown, 0) AS unknown, coalesce(s.retried, 0) AS retried,
                coalesce(s.unique_clickers, 0) AS unique_clickers, coalesce(s.taps, 0) AS taps,
                coalesce(s.conversions, 0) AS conversions, coalesce(s.conversion_value, 0) AS conversion_value
            FROM \(unsafeRaw: broadcasts).broadcasts b
            LEFT JOIN \(unsafeRaw: stats).broadcasts s USING (broadcast_id)
            LEFT JOIN \(unsafeRaw: templates).templates t USING (template_id)
            """
        if let id {
            query.append(unsafeSQL: " WHERE b.broadcast_id = ")
            query.append(bind: id)
        }
        query.append(unsafeSQL: " ORDER BY b.created_at DESC, b.broadcast_id")
        let rows = try await connection.query(query)
        let ids = try rows.map { try $0.decode(UUID.self, at: 0) }
        var failures: [UUID: [String: Int64]] = [:]
        for row in try await connection.query(
            """
            SELECT broadcast_id, error_class, failures FROM \(unsafeRaw: stats).failures
            WHERE broadcast_id = ANY(\(ids))
            """)
        {
            failures[try row.decode(UUID.self, at: 0), default: [:]][try row.decode(String.self, at: 1)] =
                try row.decode(Int64.self, at: 2)
        }
        var clicked: [UUID: [String: (unique: Int64, taps: Int64)]] = [:]
        for row in try await connection.query(
            """
            SELECT broadcast_id, button, unique_clicks, taps FROM \(unsafeRaw: stats).buttons
            WHERE broadcast_id = ANY(\(ids))
            """)
        {
            clicked[try row.decode(UUID.self, at: 0), default: [:]][try row.decode(String.self, at: 1)] =
                (try row.decode(Int64.self, at: 2), try row.decode(Int64.self, at: 3))
        }
        return try zip(ids, rows).map { id, row in
            let declared = try row.decodeIfPresent(JSONB.self, at: 3)?.decode([TemplateButton].self) ?? []
            return try Self.stats(
                row, id: id, failures: failures[id] ?? [:],
                buttons: Self.buttons(declared: declared, clicked: clicked[id] ?? [:]))
        }
    }

    /// The template's buttons in its order, then any clicked button the template no longer has.
    static func buttons(declared: [TemplateButton], clicked: [String: (unique: Int64, taps: Int64)]) -> [Button] {
        let known = Set(declared.map(\.id))
        return declared.map { button in
            Button(
                button: button.id, label: button.text, unique_clicks: clicked[button.id]?.unique ?? 0,
                taps: clicked[button.id]?.taps ?? 0)
        }
            + clicked.keys.filter { !known.contains($0) }.sorted().map { id in
                Button(
                    button: id, label: nil, unique_clicks: clicked[id]?.unique ?? 0, taps: clicked[id]?.taps ?? 0)
            }
    }

    static func stats(_ row: Row, id: UUID, failures: [String: Int64], buttons: [Button]) throws -> BroadcastStats {
        func count(_ column: String) throws -> Int64 { try row.decode(Int64.self, named: column) }
        let (audience, sent, failed, unknown) = (
            try count("audience"), try count("sent"), try count("failed"), try count("unknown")
        )
        let (clickers, conversions) = (try count("unique_clickers"), try count("conversions"))
        return BroadcastStats(
            broadcast_id: id.uuidString.lowercased(), title: try row.decode(String.self, at: 1),
            status: try row.decode(String.self, at: 2), audience: audience, sent: sent, failed: failed,
            failed_by_class: failures, blocked: try count("blocked"), unknown: unknown, retried: try count("retried"),
            pending: max(0, audience - sent - failed - unknown), unique_clickers: clickers, taps: try count("taps"),
            buttons: buttons, conversions: conversions,
            conversion_value: try row.decode(Double.self, named: "conversion_value"),
            ctr: sent > 0 ? Double(clickers) / Double(sent) : nil,
            conversion_rate: clickers > 0 ? Double(conversions) / Double(clickers) : nil)
    }

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
