public import Broadcasting
public import EventStore
import Foundation
public import Postgres

extension NewEvent {
    /// A domain event as the log stores it: its stream, type and schema version, and its JSON as
    /// `EventCatalogue` writes it.
    public init(_ event: any DomainEvent, id: UUID = UUID(), metadata: JSONB = JSONB("{}")) throws {
        self.init(
            id: id, stream: event.stream, type: Swift.type(of: event).type,
            schemaVersion: Swift.type(of: event).schemaVersion,
            data: JSONB(String(decoding: try EventCatalogue.encode(event), as: UTF8.self)), metadata: metadata)
    }
}
