import EventStore

/// The event types Herald writes, for `herald audit verify`. The broadcast domain registers its
/// catalogue here as it lands; until then the registry is empty and any stored event is reported
/// as unregistered.
enum HeraldEvents {
    static let registry = EventRegistry()
}
