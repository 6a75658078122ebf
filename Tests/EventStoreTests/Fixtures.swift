import EventStore
import Foundation
import Postgres

/// A small event for tests: `n` goes into the data so events are told apart.
func event(_ stream: String, _ n: Int = 0, type: String = "test.happened", id: UUID = UUID()) -> NewEvent {
    NewEvent(id: id, stream: stream, type: type, data: JSONB(#"{"n": \#(n)}"#), metadata: JSONB(#"{"actor": "test"}"#))
}

extension EventStore {
    /// Every stored event, in position order.
    func all() async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for try await event in readAll(batchSize: 500) { events.append(event) }
        return events
    }
}
