import ArgumentParser
import EventStore

/// `herald audit anchor`: the head of the log as a line to keep outside the database.
struct AuditAnchorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Print the log's head as an anchor line to store elsewhere (signed with $HERALD_AUDIT_KEY if set).",
        discussion: """
            `herald audit verify --anchor LINE` later fails if the log no longer extends the anchor: \
            events after it were removed, or it was rewritten and re-chained.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = EventStore(configuration: try database.resolved(), maximumConnections: 1)
        print(AnchorLine(anchor: try await store.anchor()).text(key: AnchorLine.environmentKey))
    }
}
