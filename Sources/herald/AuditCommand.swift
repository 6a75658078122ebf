import ArgumentParser
import EventStore
import Foundation
import Postgres

/// `herald audit`: the log, filtered and followed, verified, and summarised.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the event log.",
        subcommands: [AuditLog.self, AuditVerify.self, AuditAnchorCommand.self, AuditSummary.self],
        defaultSubcommand: AuditLog.self)
}

struct AuditLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print events, filtered; --follow keeps printing new ones.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this stream, e.g. broadcast-<id>.") var stream: String?
    @Option(help: "Only this event type, e.g. broadcast.scheduled.") var type: String?
    @Option(help: "Only events whose metadata names this actor.") var actor: String?
    @Option(help: "Recorded at or after this time (ISO 8601 or YYYY-MM-DD, UTC).") var since: Date?
    @Option(help: "Recorded before this time.") var until: Date?
    @Option(name: .customLong("from"), help: "From this position.") var fromPosition: Int64?
    @Option(name: .customLong("to"), help: "Up to this position.") var toPosition: Int64?
    @Option(help: "At most this many events (without --follow).") var limit: Int?
    @Flag(help: "After the matching events, wait for new ones and print them as they are appended.")
    var follow = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if follow, limit != nil { throw ValidationError("--limit and --follow do not go together") }
    }

    func run() async throws {
        let store = EventStore(configuration: try database.resolved(), maximumConnections: 1)
        let filter = AuditFilter(
            stream: stream, type: type, actor: actor, since: since, until: until, fromPosition: fromPosition,
            toPosition: toPosition)
        var position: Int64 = 0
        var printed = 0
        var listener: Connection?
        if follow {
            listener = try await Connection.connect(to: try database.resolved(), applicationName: "herald-audit")
            try await listener?.listen(EventStore.notificationChannel)
        }
        while true {
            let wanted = limit.map { min($0 - printed, 1000) } ?? 1000
            let events = try await store.events(matching: filter, after: position, limit: wanted)
            for event in events { print(output.json ? EventFormatting.json(event) : EventFormatting.text(event)) }
            printed += events.count
            position = events.last?.position ?? position
            if let limit, printed >= limit { return }
            if events.count == wanted { continue }
            guard let listener else { return }
            fflush(nil)  // flush every stream: a pipe sees each event as it comes
            _ = try await listener.waitForNotifications(timeout: .seconds(1))
        }
    }
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that positions are gap-free, the hash chain is intact, and every event decodes.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(
        name: .customLong("anchor"),
        help: ArgumentHelp(
            "A line from `herald audit anchor` the log must still extend (repeatable).", valueName: "line"))
    var anchors: [String] = []

    func run() async throws {
        let key = AnchorLine.environmentKey
        let anchors = try anchors.map { try AnchorLine.parse($0, key: key) }
        let store = EventStore(configuration: try database.resolved(), maximumConnections: 1)
        let report = try await store.verify(registry: HeraldEvents.registry, anchors: anchors)
        if output.json {
            struct Report: Encodable {
                let intact: Bool
                let events: Int64
                let head: Int64
                let first_failure: String?
            }
            try output.printJSON(
                Report(
                    intact: report.isIntact, events: report.chain.eventsChecked, head: report.chain.head,
                    first_failure: report.firstFailure))
        } else if report.isIntact {
            print(
                report.chain.eventsChecked == 0
                    ? "log intact: it is empty"
                    : "log intact: \(report.chain.eventsChecked) events, positions 1…\(report.chain.head) without a gap, hash chain and every event verified"
                        + (anchors.isEmpty ? "" : ", extends \(anchors.count) anchor\(anchors.count == 1 ? "" : "s")")
            )
        }
        if let failure = report.firstFailure {
            throw CLIError("log verification failed: \(failure)")
        }
    }
}
