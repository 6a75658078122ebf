/// An event of Herald's domain: a value with a stable type name and schema version.
///
/// The type name and version are what the log stores next to the data (`herald.events.type`,
/// `schema_version`) and name the file in `EventSchemas/` that the data must satisfy. Every
/// conforming type encodes its keys in snake_case through explicit `CodingKeys`, so a plain
/// `JSONDecoder` (as `EventRegistry` uses) reads it without a key strategy.
public protocol DomainEvent: Codable, Sendable, Equatable {
    /// The dotted type name, e.g. `broadcast.scheduled`.
    static var type: String { get }
    /// The version of this shape of the data; bumped when the shape changes.
    static var schemaVersion: Int { get }
    /// The stream this event is appended to.
    var stream: String { get }
}
