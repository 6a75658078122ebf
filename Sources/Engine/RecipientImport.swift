import Broadcasting
import Foundation
public import EventStore
import Postgres

/// `herald recipients import`: a CSV of users becomes `recipient.registered` events for new users
/// and `recipient.attributes-changed` for known users whose attributes differ; importing the same
/// file twice appends nothing.
///
/// Columns: `user_id` (required, whole number); `chat_id` (default: the user id), `username`,
/// `language` (default `und`); every other column, `first_name`, `tier` and `region` included, is an
/// attribute. Empty cells are left out. A file with any bad row is refused whole.
public struct RecipientImport: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var userID: Int64
        public var chatID: Int64
        public var username: String?
        public var language: String?
        public var attributes: [String: String]
    }

    public struct Report: Sendable, Equatable, Codable {
        public var registered = 0
        public var updated = 0
        public var unchanged = 0
    }

    public let rows: [Row]

    /// Validates the whole file before anything is appended.
    /// Bounds on what one recipient carries: an attribute's name, a value, how many attributes.
    public static let maximumNameBytes = 64
    public static let maximumValueBytes = 1_024
    public static let maximumAttributes = 64

    public init(csv text: String) throws {
        let table = try CSVTable(parsing: text)
        guard let userColumn = table.header.firstIndex(of: "user_id") else {
            throw RecipientImportError(
                "the header has no user_id column (found: \(table.header.joined(separator: ", ")))")
        }
        let special: Set<String> = ["user_id", "chat_id", "username", "language"]
        var seen: [Int64: Int] = [:]
        if let column = table.header.firstIndex(where: { $0.utf8.contains(0) }) {
            throw RecipientImportError("the header's column \(column + 1) contains a NUL character (U+0000); remove it")
        }
        if let name = table.header.first(where: { $0.utf8.count > Self.maximumNameBytes }) {
            throw RecipientImportError(
                "the header's column \(name.prefix(40))… is \(name.utf8.count) bytes, over the \(Self.maximumNameBytes) "
                    + "an attribute's name may have")
        }
        let attributeColumns = table.header.filter { !special.contains($0) && !$0.isEmpty }.count
        guard attributeColumns <= Self.maximumAttributes else {
            throw RecipientImportError(
                "the header has \(attributeColumns) attribute columns, over the \(Self.maximumAttributes) a recipient may have")
        }
        rows = try table.rows.map { line, fields in
            if let index = fields.firstIndex(where: { $0.utf8.count > Self.maximumValueBytes }) {
                throw RecipientImportError(
                    "line \(line): \(table.header[safe: index] ?? "column \(index + 1)") is \(fields[index].utf8.count) "
                        + "bytes, over the \(Self.maximumValueBytes) a value may have")
            }
            if let index = fields.firstIndex(where: { $0.utf8.contains(0) }) {
                throw RecipientImportError(
                    "line \(line): \(table.header[safe: index] ?? "column \(index + 1)") contains a NUL character "
                        + "(U+0000), which Herald cannot store; remove it")
            }
            func cell(_ name: String) -> String? {
                table.header.firstIndex(of: name).map { fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap {
                    $0.isEmpty ? nil : $0
                }
            }
            let rawUser = fields[userColumn].trimmingCharacters(in: .whitespaces)
            guard let user = Int64(rawUser), user > 0 else {
                throw RecipientImportError("line \(line): user_id \"\(rawUser)\" is not a positive whole number")
            }
            if let first = seen[user] {
                throw RecipientImportError("line \(line): user_id \(user) repeats line \(first)")
            }
            seen[user] = line
            var chat = user
            if let rawChat = cell("chat_id") {
                guard let parsed = Int64(rawChat) else {
                    throw RecipientImportError("line \(line): chat_id \"\(rawChat)\" is not a whole number")
                }
                chat = parsed
            }
            var attributes: [String: String] = [:]
            for (index, name) in table.header.enumerated() where !special.contains(name) && !name.isEmpty {
                let value = fields[index].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { attributes[name] = value }
            }
            return Row(
                line: line, userID: user, chatID: chat, username: cell("username"), language: cell("language"),
                attributes: attributes)
        }
    }

    /// Appends what changed, 500 recipients per commit, each recipient's stream at its expected version.
    public func run(on store: EventStore, metadata: CommandMetadata) async throws -> Report {
        var report = Report()
        let metadata = try metadata.jsonb
        for chunkStart in stride(from: 0, to: rows.count, by: 500) {
            let chunk = Array(rows[chunkStart..<min(chunkStart + 500, rows.count)])
            var attempts = 0
            while true {
                attempts += 1
                do {
                    report = try await apply(chunk, to: store, metadata: metadata, into: report)
                    break
                } catch let error as EventStoreError where error.isConcurrencyConflict && attempts < 5 {
                    continue  // someone changed one of these recipients meanwhile: decide again
                }
            }
        }
        return report
    }

    /// A known recipient's state, folded from its stream.
    struct Known {
        var version = 0
        var attributes: [String: String] = [:]
    }

    private func apply(_ chunk: [Row], to store: EventStore, metadata: JSONB, into report: Report) async throws
        -> Report
    {
        var report = report
        let streams = chunk.map { StreamName.recipient($0.userID) }
        var known: [String: Known] = [:]
        for event in try await store.readStreams(streams) {
            var state = known[event.stream] ?? Known()
            state.version = event.streamVersion
            switch try EventCatalogue.decode(event)
            {
            case let registered as RecipientRegistered: state.attributes = registered.attributes
            case let changed as RecipientAttributesChanged:
                changed.removed.forEach { state.attributes[$0] = nil }
                state.attributes.merge(changed.set) { $1 }
            default: break
            }
            known[event.stream] = state
        }
        var events: [NewEvent] = []
        var expectations: [String: ExpectedVersion] = [:]
        for row in chunk {
            let stream = StreamName.recipient(row.userID)
            let domainEvent: any DomainEvent
            if let state = known[stream] {
                let changed = row.attributes.filter { state.attributes[$0.key] != $0.value }
                guard !changed.isEmpty else {
                    report.unchanged += 1
                    continue
                }
                domainEvent = RecipientAttributesChanged(userID: row.userID, set: changed)
                expectations[stream] = .exact(state.version)
                report.updated += 1
            } else {
                domainEvent = RecipientRegistered(
                    userID: row.userID, chatID: row.chatID, username: row.username, attributes: row.attributes,
                    language: row.language ?? RecipientRegistered.unknownLanguage)
                expectations[stream] = .noStream
                report.registered += 1
            }
            events.append(try NewEvent(domainEvent, metadata: metadata))
        }
        if !events.isEmpty { try await store.append(events, expectations: expectations) }
        return report
    }
}

/// A recipients file Herald refuses, and why; nothing of it was appended.
public struct RecipientImportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
