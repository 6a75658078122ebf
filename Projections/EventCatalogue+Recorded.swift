import Broadcasting
import EventStore
import Foundation

extension EventCatalogue {
    /// A stored event as its domain type, upcast to the current schema version.
    static func decode(_ event: RecordedEvent) throws -> any DomainEvent {
        try decode(event.type, schemaVersion: event.schemaVersion, data: Data(event.data.text.utf8))
    }
}
