import Broadcasting
import EventStore

/// The event types Herald writes, for `herald audit verify`: every entry of the domain's
/// catalogue, superseded versions included, since the log still holds events written at them.
enum HeraldEvents {
    static let registry: EventRegistry = {
        var registry = EventRegistry()
        for eventType in EventCatalogue.all {
            registry.register(eventType.type, version: eventType.schemaVersion, as: eventType)
        }
        return registry
    }()
}
