public import Broadcasting
import Foundation
public import EventStore
import Postgres

/// Handles commands for one kind of aggregate: load its stream, fold, decide, append.
///
/// The aggregate's stream is appended at the version it was read at (`.noStream` for a new one), so
/// a concurrent writer makes the append fail as a whole; the processor then loads and decides again,
/// up to `maximumAttempts` times. Events the decision puts on other streams are claims (a template's
/// name): each such stream must not exist yet, and a claim that is taken is not retried but thrown
/// as `EventStoreError` naming its stream. A `DecisionRejection` is thrown as is; either way nothing
/// is appended.
public struct CommandProcessor<State: Sendable>: Sendable {
    public let store: EventStore
    public let initial: State
    public let evolve: @Sendable (State, any DomainEvent) -> State
    public let maximumAttempts: Int

    public init(
        store: EventStore, initial: State, evolve: @escaping @Sendable (State, any DomainEvent) -> State,
        maximumAttempts: Int = 5
    ) {
        self.store = store
        self.initial = initial
        self.evolve = evolve
        self.maximumAttempts = maximumAttempts
    }

    /// What a handled command did.
    public struct Outcome: Sendable {
        /// The aggregate's state after the new events.
        public var state: State
        /// The aggregate stream's version after the append (unchanged when nothing was decided).
        public var version: Int
        /// Positions of the appended events; empty when the decision was "nothing to do".
        public var positions: [Int64]
    }

    /// Decides `decide` against `stream`'s current state and appends the result with `metadata`.
    @discardableResult
    public func handle(
        stream: String, metadata: CommandMetadata,
        decide: @Sendable (State) async throws -> Result<[any DomainEvent], DecisionRejection>
    ) async throws -> Outcome {
        let metadata = try metadata.jsonb
        var attempt = 0
        while true {
            attempt += 1
            let (state, version) = try await load(stream)
            let events = try await decide(state).get()
            guard !events.isEmpty else { return Outcome(state: state, version: version, positions: []) }
            var expectations: [String: ExpectedVersion] = [stream: version == 0 ? .noStream : .exact(version)]
            for event in events where event.stream != stream { expectations[event.stream] = .noStream }
            do {
                let result = try await store.append(
                    try events.map { try NewEvent($0, metadata: metadata) }, expectations: expectations)
                return Outcome(
                    state: events.reduce(state, evolve), version: version + events.filter { $0.stream == stream }.count,
                    positions: result.positions)
            } catch let error as EventStoreError
                where error.conflictingStream == stream && attempt < maximumAttempts
            {
                continue  // another command changed the aggregate meanwhile: decide again on its new state
            }
        }
    }

    /// The state folded from every event of `stream`, and the stream's version (0 when it does not exist).
    public func load(_ stream: String) async throws -> (State, Int) {
        var state = initial
        var version = 0
        while true {
            let batch = try await store.readStream(stream, after: version)
            for event in batch {
                state = evolve(state, try EventCatalogue.decode(event))
                version = event.streamVersion
            }
            if batch.count < 1000 { return (state, version) }
        }
    }
}

extension EventCatalogue {
    /// A stored event as its domain type.
    static func decode(_ event: RecordedEvent) throws -> any DomainEvent {
        try decode(event.type, schemaVersion: event.schemaVersion, data: Data(event.data.text.utf8))
    }
}
