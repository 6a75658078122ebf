public import Postgres

/// Folds events into read-model tables.
///
/// A projector's tables live in a schema of its own (`rm_<name>`), which is how a replay builds a
/// fresh copy beside the live one and swaps it in. Every method gets the schema to work in, so
/// the same code fills the live tables and the rebuild.
public protocol Projector: Sendable {
    /// Lower-case letters, digits and underscores; also names the schema (`rm_<name>`).
    var name: String { get }
    /// Bump it when the fold or the tables change: the runner then rebuilds from position 0.
    var version: Int { get }
    /// The event types the fold reads; nil for every event.
    var eventTypes: Set<String>? { get }

    /// Creates the read-model tables in `schema`, which exists and is empty.
    func createTables(in schema: String, session: Session) throws

    /// Folds events that are in position order and of `eventTypes` into the tables in `schema`.
    func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws
}

/// A projector that can fold a range of the log in SQL over `herald.events`, without decoding
/// every event in Swift. The runner prefers this when a projector offers it.
public protocol SetBasedProjector: Projector {
    /// Folds every event with `after < position <= through` into the tables in `schema`.
    func apply(after: Int64, through: Int64, in schema: String, session: Session) throws
}

extension Projector {
    /// The schema that holds the live read model.
    public var schema: String { "rm_\(name)" }

    var isValidName: Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 50 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

extension SetBasedProjector {
    /// Folds the range the events span; the runner calls the range form directly.
    public func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
        guard let first = events.first, let last = events.last else { return }
        try apply(after: first.position - 1, through: last.position, in: schema, session: session)
    }
}
